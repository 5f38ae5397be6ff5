#include "ui/layout_helpers.hpp"

#include "ui/figure_widget.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace losslab::ui {

float controls_width(const UiContext& ui) { return ui.hide_params ? 0.0f : 330.0f * ui.dpi_scale; }

namespace {
// Plots narrower than this (unscaled pixels) beside the controls are too cramped: stack.
constexpr float kMinPlotWidthBeside = 200.0f;
// The share of the height the plots keep when the controls are stacked below them.
constexpr float kStackedPlotShare = 0.55f;
// Whether the open lab's plot area was stacked (set by begin_plot_area, for the two calls
// after it; panels are drawn one at a time on the UI thread).
bool g_stacked = false;
} // namespace

bool stack_controls(const UiContext& ui, float width) {
    return !ui.hide_params &&
           width - controls_width(ui) - ImGui::GetStyle().ItemSpacing.x <
               kMinPlotWidthBeside * ui.dpi_scale;
}

void begin_plot_area(const UiContext& ui) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    g_stacked = stack_controls(ui, avail.x);
    const ImVec2 size = g_stacked
                            ? ImVec2(avail.x, std::floor(avail.y * kStackedPlotShare))
                            : ImVec2(avail.x - controls_width(ui) - ImGui::GetStyle().ItemSpacing.x, 0);
    ImGui::BeginChild("##plot-area", size, false, ImGuiWindowFlags_NoScrollbar);
}

void end_plot_area() {
    ImGui::EndChild();
    if (!g_stacked) ImGui::SameLine();
}

void begin_controls(const UiContext& ui, const char* heading) {
    // Hidden parameters: a 1-pixel child clips the controls away (the lab code is unchanged).
    // Stacked: the rest of the region below the plots.
    const ImVec2 size = ui.hide_params ? ImVec2(1, 1)
                        : g_stacked    ? ImVec2(0, 0)
                                       : ImVec2(controls_width(ui), 0);
    ImGui::BeginChild("##controls", size, !ui.hide_params);
    if (ui.fonts.heading) ImGui::PushFont(ui.fonts.heading);
    ImGui::TextUnformatted(heading);
    if (ui.fonts.heading) ImGui::PopFont();
    ImGui::Separator();
    ImGui::Spacing();
}

void end_controls() { ImGui::EndChild(); }

std::vector<plot::imgui::PlotOutcome> plot_grid(const std::vector<GridRow>& rows, UiContext& ui) {
    struct Line {
        std::vector<const GridCell*> cells;
        std::vector<float> shares;
        float height_share;
    };
    const ImVec2 spacing = ImGui::GetStyle().ItemSpacing;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float min_w = 22.0f * 15.0f * ui.dpi_scale;
    const float min_h = std::max(200.0f, 14.0f * 15.0f * ui.dpi_scale);
    // Rows too narrow for their plots become one line per plot.
    std::vector<Line> lines;
    for (const auto& row : rows) {
        const float n = float(row.cells.size());
        const float room = avail.x - spacing.x * (n - 1.0f);
        bool narrow = false;
        float used = 0.0f;
        for (size_t i = 0; i < row.cells.size(); ++i) {
            const float share = i + 1 == row.cells.size() ? 1.0f - used : row.cells[i].width_share;
            used += share;
            narrow |= share * room < min_w;
        }
        if (narrow && row.cells.size() > 1) {
            for (const auto& c : row.cells) lines.push_back({{&c}, {1.0f}, row.height_share});
        } else {
            Line line{{}, {}, row.height_share};
            used = 0.0f;
            for (size_t i = 0; i < row.cells.size(); ++i) {
                const float share =
                    i + 1 == row.cells.size() ? 1.0f - used : row.cells[i].width_share;
                used += share;
                line.cells.push_back(&row.cells[i]);
                line.shares.push_back(share);
            }
            lines.push_back(std::move(line));
        }
    }
    const bool split = lines.size() > rows.size();
    const float room_h = avail.y - spacing.y * float(lines.size() - 1);
    std::vector<float> heights;
    float total = 0.0f, shares = 0.0f;
    for (const auto& l : lines) shares += l.height_share;
    // Stacked plots (a split row) scroll: each gets at least half the region's height.
    const float floor_h = split ? std::max(min_h, 0.5f * avail.y) : min_h;
    for (const auto& l : lines) {
        const float h = std::max(floor_h, room_h * l.height_share / std::max(shares, 1e-6f));
        heights.push_back(h);
        total += h;
    }
    const bool scroll = split || total > room_h + 0.5f;
    if (scroll) ImGui::BeginChild("##plot-grid", ImVec2(0, 0), false);
    const float width = ImGui::GetContentRegionAvail().x;
    std::vector<plot::imgui::PlotOutcome> out;
    for (size_t li = 0; li < lines.size(); ++li) {
        const Line& l = lines[li];
        const float room = width - spacing.x * float(l.cells.size() - 1);
        for (size_t i = 0; i < l.cells.size(); ++i) {
            if (i > 0) ImGui::SameLine();
            const bool last = i + 1 == l.cells.size();
            const float h = !scroll && li + 1 == lines.size() ? 0.0f : heights[li];
            const ImVec2 size{last ? 0.0f : l.shares[i] * room, h};
            out.push_back(plot_figure(l.cells[i]->id, *l.cells[i]->figure, size, ui,
                                      l.cells[i]->options));
        }
    }
    if (scroll) ImGui::EndChild();
    return out;
}

void section_heading(const UiContext& ui, const char* text) {
    ImGui::Spacing();
    if (ui.fonts.heading) ImGui::PushFont(ui.fonts.heading);
    ImGui::TextUnformatted(text);
    if (ui.fonts.heading) ImGui::PopFont();
}

} // namespace losslab::ui
