#pragma once
// The catalogue of labs: key (for --lab and sessions), title, one-line summary.

#include "model/app_state.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace losslab::model {

// One lab as listed in the sidebar and accepted by --lab.
struct LabInfo {
    LabId id;
    // The --lab name: "loss".
    std::string_view key;
    // The sidebar title: "Loss vs probability".
    std::string_view title;
    // One line shown under the title.
    std::string_view summary;
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
