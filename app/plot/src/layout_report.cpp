#include "plot/layout_report.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace losslab::plot {

void RecordingPainter::text(Vec2 pos, std::string_view text, float size, Rgba color) {
    const Vec2 s = m_inner.measure(text, size);
    m_report.texts.push_back(
        {std::string(text), m_role, {pos.x, pos.y, pos.x + s.x, pos.y + s.y}, m_figure});
    m_inner.text(pos, text, size, color);
}

namespace {
// A JSON string literal of UTF-8 `s` (quotes, backslashes and control characters escaped).
std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            out += fmt::format("\\u{:04x}", int(c));
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string json_box(const Rect& r) {
    return fmt::format("[{:.2f}, {:.2f}, {:.2f}, {:.2f}]", r.x0, r.y0, r.x1, r.y1);
}
} // namespace

std::string layout_report_json(const LayoutReport& report) {
    std::string out = fmt::format("{{\"size\": [{:.0f}, {:.0f}],\n \"plots\": [", report.width,
                                  report.height);
    for (size_t i = 0; i < report.plots.size(); ++i)
        out += fmt::format("{}\n  {{\"figure\": {}, \"box\": {}}}", i ? "," : "",
                           json_string(report.plots[i].figure), json_box(report.plots[i].box));
    out += "],\n \"texts\": [";
    for (size_t i = 0; i < report.texts.size(); ++i) {
        const auto& t = report.texts[i];
        out += fmt::format("{}\n  {{\"text\": {}, \"role\": {}, \"box\": {}, \"figure\": {}}}",
                           i ? "," : "", json_string(t.text), json_string(t.role),
                           json_box(t.box), json_string(t.figure));
    }
    return out + "]}\n";
}

LayoutDefects find_layout_defects(const LayoutReport& report, float tolerance) {
    LayoutDefects d;
    const auto& T = report.texts;
    for (size_t i = 0; i < T.size(); ++i) {
        if (T[i].box.width() <= 0.0f || T[i].text.empty()) continue;
        Rect bounds{0.0f, 0.0f, report.width, report.height};
        for (const auto& p : report.plots)
            if (p.figure == T[i].figure) bounds = p.box;
        if (T[i].box.x0 < bounds.x0 - tolerance || T[i].box.y0 < bounds.y0 - tolerance ||
            T[i].box.x1 > bounds.x1 + tolerance || T[i].box.y1 > bounds.y1 + tolerance) {
            ++d.outside;
            d.details.push_back(fmt::format("outside {}: \"{}\" ({}) {}", T[i].figure, T[i].text,
                                            T[i].role, json_box(T[i].box)));
        }
        for (size_t j = i + 1; j < T.size(); ++j) {
            if (T[j].box.width() <= 0.0f || T[j].text.empty()) continue;
            const float ox = std::min(T[i].box.x1, T[j].box.x1) - std::max(T[i].box.x0, T[j].box.x0);
            const float oy = std::min(T[i].box.y1, T[j].box.y1) - std::max(T[i].box.y0, T[j].box.y0);
            if (ox > tolerance && oy > tolerance) {
                ++d.overlapping_pairs;
                d.details.push_back(fmt::format("overlap in {}: \"{}\" ({}) and \"{}\" ({})",
                                                T[i].figure, T[i].text, T[i].role, T[j].text,
                                                T[j].role));
            }
        }
    }
    return d;
}

} // namespace losslab::plot
