#pragma once
// The layout report: every plot rectangle and every text item really drawn (string, role,
// box in pixels, y down), collected by a Painter wrapper, written as JSON, and checked for
// collisions. Tests and `--layout-report FILE` use it.

#include "plot/painter.hpp"

#include <string>
#include <vector>

namespace losslab::plot {

// One drawn text item.
struct TextItem {
    std::string text;
    // "title", "x-label", "y-label", "x-tick", "y-tick", "legend", "annotation",
    // "point-label", "band-label", "control" (e.g. the Export… button), "note".
    std::string role;
    Rect box;
    // The figure it belongs to (its catalogue name).
    std::string figure;
};

// One plot's rectangle.
struct PlotItem {
    std::string figure;
    Rect box;
};

// What was drawn in one frame or one export.
struct LayoutReport {
    float width = 0.0f;
    float height = 0.0f;
    std::vector<PlotItem> plots;
    std::vector<TextItem> texts;
};

// A Painter that forwards everything to `inner` and records each text item into `report`
// with the role last set by set_text_role and the figure name given here.
class RecordingPainter final : public Painter {
public:
    RecordingPainter(Painter& inner, LayoutReport& report, std::string figure)
        : m_inner(inner), m_report(report), m_figure(std::move(figure)) {}

    void polyline(std::span<const Vec2> points, Rgba color, float width,
                  LineStyle style) override {
        m_inner.polyline(points, color, width, style);
    }
    void convex_fill(std::span<const Vec2> points, Rgba color) override {
        m_inner.convex_fill(points, color);
    }
    void rect_fill(const Rect& r, Rgba color) override { m_inner.rect_fill(r, color); }
    void rect_outline(const Rect& r, Rgba color, float width) override {
        m_inner.rect_outline(r, color, width);
    }
    void circle_fill(Vec2 center, float radius, Rgba color) override {
        m_inner.circle_fill(center, radius, color);
    }
    void text(Vec2 pos, std::string_view text, float size, Rgba color) override;
    Vec2 measure(std::string_view text, float size) override { return m_inner.measure(text, size); }
    void push_clip(const Rect& r) override { m_inner.push_clip(r); }
    void pop_clip() override { m_inner.pop_clip(); }
    void begin_group(std::string_view name) override { m_inner.begin_group(name); }
    void end_group() override { m_inner.end_group(); }
    void set_text_role(std::string_view role) override { m_role = role; }

private:
    Painter& m_inner;
    LayoutReport& m_report;
    std::string m_figure;
    std::string m_role = "text";
};

// The report as JSON: {"size": [W, H], "plots": [{"figure", "box"}], "texts": [{"text",
// "role", "box", "figure"}]}, boxes as [x0, y0, x1, y1] with two decimals.
std::string layout_report_json(const LayoutReport& report);

// Counts of layout defects in a report.
struct LayoutDefects {
    // Pairs of text boxes that overlap by more than `tolerance` pixels both ways.
    int overlapping_pairs = 0;
    // Text boxes reaching outside their figure's plot rectangle (or the report's size).
    int outside = 0;
    // Human-readable description of each defect, for test failure messages.
    std::vector<std::string> details;
};

// The overlapping and out-of-bounds text of `report` (`tolerance` pixels of slack).
LayoutDefects find_layout_defects(const LayoutReport& report, float tolerance = 0.5f);

} // namespace losslab::plot
