#include "plot/figure_csv.hpp"

#include <fmt/format.h>

#include <algorithm>
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
    std::string images;
    for (const auto& s : figure.series) {
        // Polygons and images without a legend name are written under their id.
        const bool shapes = s.kind == SeriesKind::Polygons || s.kind == SeriesKind::Image;
        const std::string& label = shapes && s.name.empty() ? s.id : s.name;
        if (!s.visible || label.empty() || s.kind == SeriesKind::VLine ||
            s.kind == SeriesKind::HLine)
            continue;
        if (s.kind == SeriesKind::Polygons) {
            // Each polygon's vertices in order, the series column naming the polygon.
            for (size_t k = 0; k < s.polygons.size(); ++k) {
                const auto& poly = s.polygons[k];
                const std::string name = csv_field(fmt::format("{} #{}", label, k + 1));
                for (size_t i = 0; i < std::min(poly.x.size(), poly.y.size()); ++i)
                    out += fmt::format("{},{},{}\n", name, number(poly.x[i]), number(poly.y[i]));
            }
            continue;
        }
        if (s.kind == SeriesKind::Image) {
            // A second table after the first: one row per cell with its centre and value.
            const Image& im = s.image;
            if (images.empty()) images = "\nimage,row,col,x,y,value\n";
            const std::string name = csv_field(label);
            for (size_t r = 0; r < im.rows; ++r)
                for (size_t c = 0; c < im.cols && r * im.cols + c < im.values.size(); ++c)
                    images += fmt::format(
                        "{},{},{},{},{},{}\n", name, r, c,
                        number(im.x0 + (im.x1 - im.x0) * (double(c) + 0.5) / double(im.cols)),
                        number(im.y0 + (im.y1 - im.y0) * (double(r) + 0.5) / double(im.rows)),
                        number(im.values[r * im.cols + c]));
            continue;
        }
        const std::string name = csv_field(s.name);
        const size_t n = std::min(s.x.size(), s.y.size());
        for (size_t i = 0; i < n; ++i)
            out += fmt::format("{},{},{}\n", name, number(s.x[i]), number(s.y[i]));
    }
    out += images;
    // The notes last, as comment lines (readers that take '#' as a comment skip them).
    if (!figure.notes.empty()) out += "\n";
    for (const auto& note : figure.notes) {
        std::string line = note;
        std::replace(line.begin(), line.end(), '\n', ' ');
        out += "# " + line + "\n";
    }
    return out;
}

} // namespace losslab::plot
