#pragma once
// Every figure the app can show or export, by name: `losslab figures`, `export --figure`.

#include "model/app_state.hpp"
#include "plot/figure.hpp"

#include <span>
#include <string_view>

namespace losslab::model {

// One exportable figure: its stable name, its lab, and its builder.
struct FigureInfo {
    // "loss-vs-probability".
    std::string_view name;
    LabId lab;
    // Builds the figure from the whole state (only its lab's part is read).
    plot::Figure (*build)(const AppState& state);
};

// Every figure, grouped by lab in sidebar order.
std::span<const FigureInfo> figure_catalogue();

// The figures of one lab, in panel order.
std::vector<const FigureInfo*> lab_figures(LabId lab);

// The figure named `name`, or nullptr.
const FigureInfo* find_figure(std::string_view name);

} // namespace losslab::model
