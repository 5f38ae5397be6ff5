#include "plot/imgui/plot_widget.hpp"

#include "plot/imgui/draw_list_painter.hpp"
#include "plot/painter.hpp"
#include "plot/plot_view.hpp"
#include "plot/sampling.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace losslab::plot::imgui {

namespace {

constexpr double kWheelZoomStep = 0.85;
constexpr const char* kExportLabel = "Export…";

// The value of a series at x: its exact function when it has one, else the nearest sample.
double series_value_at(const Series& s, double x) {
    if (s.exact) return exact_value_at(s, x).value_or(std::nan("")); // NaN: outside
    double best = std::nan(""), best_d = INFINITY;
    for (size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i)
        if (std::fabs(s.x[i] - x) < best_d) {
            best_d = std::fabs(s.x[i] - x);
            best = s.y[i];
        }
    return best;
}

// The visible data point within `radius` pixels of `at`, nearest first.
std::optional<PointRef> point_near(const Figure& fig, const PlotLayout& L, Vec2 at, float radius) {
    std::optional<PointRef> best;
    float best_d = radius * radius;
    for (size_t si = 0; si < fig.series.size(); ++si) {
        const Series& s = fig.series[si];
        if (!s.visible || s.kind == SeriesKind::VLine || s.kind == SeriesKind::HLine) continue;
        const size_t n = std::min(s.x.size(), s.y.size());
        for (size_t i = 0; i < n; ++i) {
            const float dx = L.x_to_px(s.x[i]) - at.x, dy = L.y_to_px(s.y[i]) - at.y;
            const float d = dx * dx + dy * dy;
            if (d <= best_d) {
                best_d = d;
                best = PointRef{si, i};
            }
        }
    }
    return best;
}

// Applies this frame's mouse input to the view state; true when the figure must be laid out
// again (view or hidden series changed).
bool handle_mouse(const Figure& fig, PlotState& pv, const PlotLayout& L, const PlotContext& ctx,
                  const PlotOptions& options, PlotOutcome& out) {
    ImGuiIO& io = ImGui::GetIO();
    const Vec2 mouse{io.MousePos.x, io.MousePos.y};
    const bool hovered = ImGui::IsItemHovered();
    const bool in_plot = hovered && L.plot.contains(mouse);

    for (const auto& e : L.legend_entries) {
        if (hovered && e.row.contains(mouse) && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            const std::string key = series_key(fig.series[e.series]);
            if (options.legend_hides && !pv.hidden.erase(key)) pv.hidden.insert(key);
            out.legend_toggled = key;
            return options.legend_hides;
        }
    }
    if (!options.pan_zoom) {
        pv.hovered = in_plot;
        pv.hover_x = in_plot ? L.px_to_x(mouse.x) : 0.0;
        return false;
    }
    if (in_plot && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        pv.user_view = false;
        return true;
    }
    const ViewRange before = pv.view;
    if (in_plot && io.MouseWheel != 0.0f) {
        pv.view = zoom_view(L, mouse, std::pow(kWheelZoomStep, io.MouseWheel));
        pv.user_view = true;
    }
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 1.0f)) {
        const Vec2 prev{mouse.x - io.MouseDelta.x, mouse.y - io.MouseDelta.y};
        pv.view = pan_view(L, prev, mouse);
        pv.user_view = true;
    }
    if (in_plot && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) pv.box_start = mouse;
    if (pv.box_start) {
        if (ImGui::IsMouseDown(ImGuiMouseButton_Right)) {
            ImGui::GetWindowDrawList()->AddRectFilled({pv.box_start->x, pv.box_start->y},
                                                      {mouse.x, mouse.y},
                                                      IM_COL32(0, 114, 178, 40));
            ImGui::GetWindowDrawList()->AddRect({pv.box_start->x, pv.box_start->y},
                                                {mouse.x, mouse.y}, IM_COL32(0, 114, 178, 200),
                                                0.0f, 0, 1.5f * ctx.dpi_scale);
        } else {
            const auto next = box_view(L, *pv.box_start, mouse);
            if (!(next == L.view)) {
                pv.view = next;
                pv.user_view = true;
            }
            pv.box_start.reset();
        }
    }
    pv.hovered = in_plot && !pv.box_start;
    pv.hover_x = pv.hovered ? L.px_to_x(mouse.x) : 0.0;
    return !(before == pv.view);
}

// Turns presses and releases in the data area into PlotOutcome::single_click: a click is held
// back for the double-click time after its release and dropped when a second press makes it
// a double-click. `press_here`: the left button went down this frame in the data area (not
// on a legend entry or the Export… button).
void track_single_click(PlotState& pv, const PlotLayout& L, bool press_here, float dpi_scale,
                        PlotOutcome& out) {
    const ImGuiIO& io = ImGui::GetIO();
    const double now = ImGui::GetTime();
    auto report = [&] {
        out.single_click = true;
        out.click_x = pv.pending_click->x;
        out.click_y = pv.pending_click->y;
        pv.pending_click.reset();
    };
    if (press_here) {
        pv.press_in_data = true;
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
            pv.pending_click.reset(); // the first click was half of this double-click
            pv.in_double_click = true;
        } else if (pv.pending_click) {
            report(); // a later press: the waiting click was a single one
        }
    }
    if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
        const float slack = 3.0f * dpi_scale;
        if (pv.press_in_data && !pv.in_double_click &&
            io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] < slack * slack)
            pv.pending_click = PlotState::PendingClick{now, L.px_to_x(io.MousePos.x),
                                                       L.px_to_y(io.MousePos.y)};
        pv.press_in_data = false;
        pv.in_double_click = false;
    }
    if (pv.pending_click && !out.single_click && !ImGui::IsMouseDown(ImGuiMouseButton_Left) &&
        now - pv.pending_click->time >= double(io.MouseDoubleClickTime))
        report();
    out.click_pending = pv.pending_click.has_value();
}

// The x readout of the tooltip: a category's name on a categorical axis, else the value.
std::string x_readout(const Figure& fig, double x) {
    const std::string name = fig.x_axis.label.substr(0, fig.x_axis.label.find(' '));
    if (!fig.x_axis.categories.empty()) {
        const long k = std::lround(x);
        if (k >= 0 && size_t(k) < fig.x_axis.categories.size())
            return name + " = " + fig.x_axis.categories[size_t(k)];
    }
    return name + " = " + format_value(x);
}

void draw_hover(const Figure& fig, const PlotState& pv, const PlotLayout& L,
                const PlotContext& ctx) {
    if (!pv.hovered || ImGui::IsMouseDragging(ImGuiMouseButton_Left)) return;
    // A drawing (no axes) has no x to read out: its caller shows what is under the pointer.
    if (fig.hide_axes) return;
    const auto theme = plot_theme(ctx.theme);
    const bool categorical = !fig.x_axis.categories.empty();
    const double hx = categorical ? double(std::lround(pv.hover_x)) : pv.hover_x;
    const float x = L.x_to_px(hx);
    ImGui::GetWindowDrawList()->AddLine({x, L.plot.y0}, {x, L.plot.y1},
                                        to_imgui(with_alpha(theme.text_muted, 0.7f)),
                                        1.0f * ctx.dpi_scale);
    ImGui::BeginTooltip();
    ImGui::TextDisabled("%s", x_readout(fig, hx).c_str());
    for (const auto& s : fig.series) {
        if (!s.visible || s.name.empty() || s.kind == SeriesKind::VLine ||
            s.kind == SeriesKind::HLine)
            continue;
        const double v = series_value_at(s, hx);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(to_imgui(s.color)), "■");
        ImGui::SameLine();
        ImGui::Text("%s: %s", s.name.c_str(),
                    std::isnan(v) && s.exact ? "outside the domain" : format_value(v).c_str());
        const float y = L.y_to_px(v);
        if (std::isfinite(v) && y >= L.plot.y0 && y <= L.plot.y1)
            ImGui::GetForegroundDrawList()->AddCircleFilled({x, y}, 4.0f * ctx.dpi_scale,
                                                            to_imgui(s.color));
    }
    if (!L.title_full.empty()) ImGui::TextDisabled("%s", L.title_full.c_str());
    ImGui::EndTooltip();
}

// The size of the Export… button (text at the tick size, small padding).
Vec2 export_button_size(const PlotStyle& style, Painter& painter) {
    const Vec2 t = painter.measure(kExportLabel, 0.85f * style.font_size);
    return {t.x + 0.8f * style.font_size, t.y + 0.3f * style.font_size};
}

// The button drawn in the room the layout reserved at the figure's top-right corner; true
// when it was clicked.
bool draw_export_button(const PlotLayout& L, const PlotStyle& style, Painter& painter) {
    const Rect& r = L.reserved;
    if (r.width() <= 0.0f) return false;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool hovered = ImGui::IsItemHovered() && r.contains({mouse.x, mouse.y});
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled({r.x0, r.y0}, {r.x1, r.y1},
                      ImGui::GetColorU32(hovered ? ImGuiCol_ButtonHovered : ImGuiCol_Button),
                      ImGui::GetStyle().FrameRounding);
    const float size = 0.85f * style.font_size;
    const Vec2 t = painter.measure(kExportLabel, size);
    const ImVec4 c = ImGui::GetStyleColorVec4(ImGuiCol_Text);
    painter.set_text_role("control");
    painter.text({0.5f * (r.x0 + r.x1 - t.x), 0.5f * (r.y0 + r.y1 - t.y)}, kExportLabel, size,
                 Rgba{std::uint8_t(c.x * 255.0f), std::uint8_t(c.y * 255.0f),
                      std::uint8_t(c.z * 255.0f), 255});
    if (!hovered) return false;
    ImGui::SetTooltip("Save this figure as PNG, SVG or CSV (Ctrl+E)");
    return ImGui::IsMouseClicked(ImGuiMouseButton_Left);
}

} // namespace

void apply_hidden(Figure& figure, const std::set<std::string>& hidden) {
    for (auto& s : figure.series)
        if (!series_key(s).empty() && hidden.count(series_key(s))) s.visible = false;
}

PlotStyle plot_style(const PlotContext& ctx) {
    PlotStyle style;
    const float s = ctx.dpi_scale;
    style.font_size *= s;
    style.label_size *= s;
    style.title_size *= s;
    style.padding *= s;
    style.stroke_scale = s;
    return style;
}

PlotOutcome plot_figure(PlotContext& ctx, const char* str_id, const Figure& figure, ImVec2 size,
                        const PlotOptions& options) {
    const ImGuiID id = ImGui::GetID(str_id);
    PlotState& pv = ctx.plots[id];
    if (!pv.user_view) pv.view = default_view(figure);

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (size.x <= 0.0f) size.x = std::max(avail.x, 50.0f);
    if (size.y <= 0.0f) size.y = std::max(avail.y, 50.0f);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(str_id, size, ImGuiButtonFlags_MouseButtonLeft |
                                             ImGuiButtonFlags_MouseButtonRight);

    // The figure as shown: copied only when the user has hidden one of its series, so a
    // frame does not deep-copy the figure (its samples and exact functions).
    std::optional<Figure> hidden_copy;
    auto shown_figure = [&]() -> const Figure& {
        hidden_copy.reset();
        const bool any = std::any_of(figure.series.begin(), figure.series.end(), [&](const Series& s) {
            return s.visible && !series_key(s).empty() && pv.hidden.count(series_key(s)) > 0;
        });
        if (!any) return figure;
        hidden_copy = figure;
        apply_hidden(*hidden_copy, pv.hidden);
        return *hidden_copy;
    };
    const Figure* fig = &shown_figure();
    const auto theme = plot_theme(ctx.theme);
    PlotStyle style = plot_style(ctx);
    DrawListPainter screen(ImGui::GetWindowDrawList(), ctx.faces);
    std::optional<RecordingPainter> recorder;
    if (ctx.report) recorder.emplace(screen, *ctx.report, figure.name);
    Painter& painter = recorder ? static_cast<Painter&>(*recorder) : screen;
    const bool button = options.export_button && !figure.name.empty();
    if (button) style.reserve_top_right = export_button_size(style, painter);
    const TextMeasure measure = [&](std::string_view t, float sz) { return painter.measure(t, sz); };
    const Rect outer{origin.x, origin.y, origin.x + size.x, origin.y + size.y};
    if (ctx.report) ctx.report->plots.push_back({figure.name, outer});
    PlotOutcome out;
    auto layout = layout_plot(*fig, pv.view, outer, style, measure);
    // The export button sits inside the plot's own item, so clicks on it must not pan or
    // move markers: the plot sees no mouse while the cursor is over the button.
    const ImVec2 m = ImGui::GetIO().MousePos;
    const bool on_button = button && layout.reserved.contains({m.x, m.y});
    if (!on_button && handle_mouse(*fig, pv, layout, ctx, options, out)) {
        if (!pv.user_view) pv.view = default_view(figure);
        fig = &shown_figure();
        layout = layout_plot(*fig, pv.view, outer, style, measure);
    }
    const bool press_here = !on_button && !out.legend_toggled && ImGui::IsItemHovered() &&
                            layout.plot.contains({m.x, m.y}) &&
                            ImGui::IsMouseClicked(ImGuiMouseButton_Left);
    track_single_click(pv, layout, press_here, ctx.dpi_scale, out);
    paint_figure(*fig, layout, theme, style, painter);
    if (options.hover_readout) draw_hover(*fig, pv, layout, ctx);
    if (button) out.export_requested = draw_export_button(layout, style, painter);

    out.hovered = pv.hovered;
    out.hover_x = pv.hover_x;
    out.mouse_x = layout.px_to_x(m.x);
    out.mouse_y = layout.px_to_y(m.y);
    out.clicked = pv.hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left);
    out.dragging = ImGui::IsItemActive() && ImGui::IsMouseDown(ImGuiMouseButton_Left);
    if (pv.hovered) {
        out.hovered_point = point_near(*fig, layout, {m.x, m.y}, 6.0f * ctx.dpi_scale);
        if (out.clicked) out.clicked_point = out.hovered_point;
    }
    out.layout = std::move(layout);
    return out;
}

} // namespace losslab::plot::imgui
