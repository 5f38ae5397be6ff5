#pragma once
// What each lab contributes to the registries: its parameter bindings and its figures. Each
// function is defined in that lab's own model/lab_<name>.cpp, so adding to a lab touches
// only its files.

#include "model/figure_catalogue.hpp"
#include "model/param_registry.hpp"

#include <span>

namespace losslab::model {

// The parameters of each lab, in panel order.
std::span<const ParamBinding> loss_lab_params();
std::span<const ParamBinding> focal_lab_params();
std::span<const ParamBinding> smoothing_lab_params();
std::span<const ParamBinding> information_lab_params();
std::span<const ParamBinding> calibration_lab_params();
std::span<const ParamBinding> normalization_lab_params();
std::span<const ParamBinding> pytorch_lab_params();

// The exportable figures of each lab, in panel order.
std::span<const FigureInfo> loss_lab_figures();
std::span<const FigureInfo> focal_lab_figures();
std::span<const FigureInfo> smoothing_lab_figures();
std::span<const FigureInfo> information_lab_figures();
std::span<const FigureInfo> calibration_lab_figures();
std::span<const FigureInfo> normalization_lab_figures();
std::span<const FigureInfo> pytorch_lab_figures();

} // namespace losslab::model
