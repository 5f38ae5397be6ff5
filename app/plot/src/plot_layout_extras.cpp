// The parts of a figure's layout around its axes: notes below the plot, the colour bar of an
// image series, a canvas without axes, equal aspect. layout_plot_axes (plot_layout.cpp) lays
// out the axes in the room left.
#include "plot/plot_layout.hpp"

#include <algorithm>
#include <cmath>

namespace losslab::plot {

namespace {

const Series* colorbar_series(const Figure& figure) {
    for (const auto& s : figure.series)
        if (s.visible && s.kind == SeriesKind::Image && s.image.rows > 0 && s.image.cols > 0)
            return &s;
    return nullptr;
}

// Widens the view on one axis so that a data unit has the same pixel length on both.
void equalize_aspect(PlotLayout& L) {
    const double w = L.plot.width(), h = L.plot.height();
    if (w <= 0.0 || h <= 0.0) return;
    const double sx = (L.view.x1 - L.view.x0) / w, sy = (L.view.y1 - L.view.y0) / h;
    if (!(sx > 0.0) || !(sy > 0.0)) return;
    if (sx > sy) {
        const double c = 0.5 * (L.view.y0 + L.view.y1), half = 0.5 * sx * h;
        L.view.y0 = c - half;
        L.view.y1 = c + half;
    } else {
        const double c = 0.5 * (L.view.x0 + L.view.x1), half = 0.5 * sy * w;
        L.view.x0 = c - half;
        L.view.x1 = c + half;
    }
}

} // namespace

std::pair<double, double> image_range(const Image& image) {
    double lo = image.lo, hi = image.hi;
    if (std::isnan(lo) || std::isnan(hi)) {
        double mn = HUGE_VAL, mx = -HUGE_VAL;
        for (double v : image.values)
            if (std::isfinite(v)) {
                mn = std::min(mn, v);
                mx = std::max(mx, v);
            }
        if (std::isnan(lo)) lo = mn <= mx ? mn : 0.0;
        if (std::isnan(hi)) hi = mn <= mx ? mx : 1.0;
    }
    if (!(hi > lo)) hi = lo + std::max(1e-12, std::fabs(lo) * 1e-6);
    return {lo, hi};
}

std::vector<std::string> wrap_text(const std::string& text, float size, float room,
                                   const TextMeasure& measure) {
    std::vector<std::string> lines;
    std::string line;
    size_t i = 0;
    while (i <= text.size()) {
        const size_t j = std::min(text.find(' ', i), text.size());
        const std::string word = text.substr(i, j - i);
        i = j + 1;
        if (word.empty()) continue;
        const std::string joined = line.empty() ? word : line + " " + word;
        if (measure(joined, size).x <= room) {
            line = joined;
            continue;
        }
        if (!line.empty()) lines.push_back(line);
        line = shorten_to_fit(word, size, room, measure);
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
}

PlotLayout layout_plot(const Figure& figure, const ViewRange& view, Rect outer,
                       const PlotStyle& style, const TextMeasure& measure) {
    const float pad = style.padding;
    const float gap = 0.5f * style.font_size;
    Rect inner = outer;

    // Notes: wrapped to the figure's width, at most 40% of its height (the last line kept
    // ends with "…" when some are left out).
    std::vector<std::string> lines;
    const float note_size = 0.95f * style.font_size;
    const float room = std::max(1.0f, outer.width() - 2.0f * pad);
    for (const auto& note : figure.notes) {
        // Each paragraph (split at line breaks) wrapped on its own.
        size_t start = 0;
        while (start <= note.size()) {
            const size_t end = std::min(note.find('\n', start), note.size());
            for (auto& l : wrap_text(note.substr(start, end - start), note_size, room, measure))
                lines.push_back(std::move(l));
            start = end + 1;
        }
    }
    const float line_h = 1.15f * measure("Hg", note_size).y;
    if (!lines.empty()) {
        const size_t fit = size_t(std::max(0.0f, 0.4f * outer.height() / line_h));
        if (lines.size() > fit) {
            lines.resize(fit);
            if (!lines.empty())
                lines.back() = shorten_to_fit(lines.back() + " …", note_size, room, measure);
        }
        if (!lines.empty()) inner.y1 -= float(lines.size()) * line_h + gap;
    }

    // The colour bar: its ticks' labels decide its width.
    const Series* img = colorbar_series(figure);
    const float bar_w = 0.9f * style.font_size;
    const float tick_len = 0.8f * major_tick_length(style);
    std::vector<Tick> bar_ticks;
    std::pair<double, double> range{0.0, 1.0};
    float bar_room = 0.0f;
    if (img) {
        range = image_range(img->image);
        const float text_h = measure("0", style.font_size).y;
        const int target = std::clamp(int(inner.height() / (4.0f * text_h)), 2, 6);
        bar_ticks = nice_ticks(range.first, range.second, target);
        float widest = 0.0f;
        for (const auto& t : bar_ticks)
            widest = std::max(widest, measure(t.label, style.font_size).x);
        bar_room = gap + bar_w + tick_len + 3.0f + widest;
        inner.x1 -= bar_room;
    }

    PlotLayout L = layout_plot_axes(figure, view, inner, style, measure);
    L.outer = outer;

    if (figure.hide_axes) {
        float top = inner.y0 + pad;
        if (!L.title.empty()) top = L.title_pos.y + measure(L.title, L.title_size).y + gap;
        if (L.reserved.width() > 0.0f) top = std::max(top, L.reserved.y1 + gap);
        L.plot = {inner.x0 + pad, top, std::max(inner.x0 + pad + 10.0f, inner.x1 - pad),
                  std::max(top + 10.0f, inner.y1 - pad)};
        L.x_ticks.clear();
        L.y_ticks.clear();
        L.x_label.clear();
        L.y_label.clear();
        if (!L.title.empty()) {
            const float w = measure(L.title, L.title_size).x;
            const float right_edge =
                L.reserved.width() > 0.0f ? L.reserved.x0 - gap : outer.x1 - pad;
            L.title_pos.x = std::clamp(0.5f * (L.plot.x0 + L.plot.x1) - 0.5f * w, outer.x0 + pad,
                                       std::max(outer.x0 + pad, right_edge - w));
        }
    }
    if (figure.equal_aspect) {
        equalize_aspect(L);
        if (!figure.hide_axes) {
            const auto majors = [](const std::vector<Tick>& t) {
                return int(
                    std::count_if(t.begin(), t.end(), [](const Tick& k) { return k.major; }));
            };
            L.x_ticks = nice_ticks(L.view.x0, L.view.x1, std::max(2, majors(L.x_ticks)));
            L.y_ticks = nice_ticks(L.view.y0, L.view.y1, std::max(2, majors(L.y_ticks)));
        }
    }

    if (img) {
        L.colorbar = {L.plot.x1 + gap, L.plot.y0, L.plot.x1 + gap + bar_w, L.plot.y1};
        L.colorbar_lo = range.first;
        L.colorbar_hi = range.second;
        L.colorbar_ticks = std::move(bar_ticks);
        if (!img->image.colorbar_label.empty() && !L.y_label.empty()) {
            // Above the bar, in the y label's row, right-aligned to the figure.
            const float w_room = std::max(
                1.0f,
                outer.x1 - pad - (L.y_label_pos.x + measure(L.y_label, style.label_size).x + gap));
            L.colorbar_label =
                shorten_to_fit(img->image.colorbar_label, style.font_size, w_room, measure);
            const Vec2 ts = measure(L.colorbar_label, style.font_size);
            L.colorbar_label_pos = {std::min(L.colorbar.x0, outer.x1 - pad - ts.x),
                                    L.y_label_pos.y};
        }
    }

    if (!lines.empty()) {
        L.notes_size = note_size;
        float y = inner.y1 + gap;
        for (auto& l : lines) {
            L.notes.emplace_back(std::move(l), Vec2{outer.x0 + pad, y});
            y += line_h;
        }
    }
    return L;
}

} // namespace losslab::plot
