#include "model/figure_catalogue.hpp"

#include "model/lab_loss.hpp"

#include <array>

namespace losslab::model {

namespace {
const std::array kFigures{
    FigureInfo{"loss-vs-probability", LabId::Loss,
               [](const AppState& s) { return loss_vs_probability_figure(s.loss); }},
};
} // namespace

std::span<const FigureInfo> figure_catalogue() { return kFigures; }

std::vector<const FigureInfo*> lab_figures(LabId lab) {
    std::vector<const FigureInfo*> out;
    for (const auto& f : kFigures)
        if (f.lab == lab) out.push_back(&f);
    return out;
}

const FigureInfo* find_figure(std::string_view name) {
    for (const auto& f : kFigures)
        if (f.name == name) return &f;
    return nullptr;
}

} // namespace losslab::model
