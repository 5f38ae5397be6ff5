#pragma once
// The lab table: one row per lab with its key (for --lab and sessions), title, one-line summary,
// parameters and figures. The parameter registry and the figure catalogue are built from it, so
// adding a lab means its own files plus one row here (and its state member and UI panel row).

#include "model/app_state.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace losslab::model {

struct ParamBinding;
struct FigureInfo;

// One lab as listed in the sidebar and accepted by --lab.
struct LabInfo {
    LabId id;
    // The --lab name: "loss".
    std::string_view key;
    // The sidebar title: "Loss vs probability".
    std::string_view title;
    // One line shown under the title.
    std::string_view summary;
    // The lab's parameters in panel order (defined in its model/labs/lab_<key>.cpp).
    std::span<const ParamBinding> (*params)();
    // The lab's exportable figures in panel order.
    std::span<const FigureInfo> (*figures)();
};

// Every lab, in sidebar order.
std::span<const LabInfo> lab_catalogue();

// The catalogue entry of `id`.
const LabInfo& lab_info(LabId id);

// The lab whose key is `key`, if any.
std::optional<LabId> find_lab(std::string_view key);

// Looks up a lab by key; the error lists the accepted keys.
Result<LabId> parse_lab(std::string_view key);

} // namespace losslab::model
