#include "plot/figure_csv.hpp"

#include <fmt/format.h>

#include <cmath>

namespace losslab::plot {

namespace {
std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string number(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    return fmt::format("{}", v);
}
} // namespace

std::string figure_to_csv(const Figure& figure) {
    std::string out = "series,x,y\n";
    for (const auto& s : figure.series) {
        if (!s.visible || s.name.empty() || s.kind == SeriesKind::VLine ||
            s.kind == SeriesKind::HLine)
            continue;
        const std::string name = csv_field(s.name);
        const size_t n = std::min(s.x.size(), s.y.size());
        for (size_t i = 0; i < n; ++i)
            out += fmt::format("{},{},{}\n", name, number(s.x[i]), number(s.y[i]));
    }
    return out;
}

} // namespace losslab::plot
