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
    std::string out = "series,x,y,category\n";
    std::string images;
    const auto& cats = figure.x_axis.categories;
    for (size_t k = 0; k < figure.series.size(); ++k) {
        const auto& s = figure.series[k];
        if (!s.visible) continue;
        // A series without a legend name is still data: it is known by its id or position.
        const std::string label = !s.name.empty() ? s.name
                                  : !s.id.empty() ? s.id
                                                  : fmt::format("series {}", k + 1);
        const std::string name = csv_field(label);
        if (s.kind == SeriesKind::Polygons) {
            // Each polygon's vertices in order, the series column naming the polygon.
            for (size_t j = 0; j < s.polygons.size(); ++j) {
                const auto& poly = s.polygons[j];
                const std::string pname = csv_field(fmt::format("{} #{}", label, j + 1));
                for (size_t i = 0; i < std::min(poly.x.size(), poly.y.size()); ++i)
                    out += fmt::format("{},{},{},\n", pname, number(poly.x[i]), number(poly.y[i]));
            }
            continue;
        }
        if (s.kind == SeriesKind::Image) {
            // A second table after the first: one row per cell with its centre and value.
            const Image& im = s.image;
            if (images.empty()) images = "\nimage,row,col,x,y,value\n";
            for (size_t r = 0; r < im.rows; ++r)
                for (size_t c = 0; c < im.cols && r * im.cols + c < im.values.size(); ++c)
                    images += fmt::format(
                        "{},{},{},{},{},{}\n", name, r, c,
                        number(im.x0 + (im.x1 - im.x0) * (double(c) + 0.5) / double(im.cols)),
                        number(im.y0 + (im.y1 - im.y0) * (double(r) + 0.5) / double(im.rows)),
                        number(im.values[r * im.cols + c]));
            continue;
        }
        if (s.kind == SeriesKind::VLine) {
            for (double x : s.x) out += fmt::format("{},{},,\n", name, number(x));
            continue;
        }
        if (s.kind == SeriesKind::HLine) {
            for (double y : s.y) out += fmt::format("{},,{},\n", name, number(y));
            continue;
        }
        const size_t n = std::min(s.x.size(), s.y.size());
        for (size_t i = 0; i < n; ++i) {
            // Bars and markers on a categorical axis name their category (x is its index).
            std::string category;
            const double r = std::round(s.x[i]);
            if (!cats.empty() && std::isfinite(r) && r >= 0 && r < double(cats.size()))
                category = csv_field(cats[size_t(r)]);
            // A bar segment stacked on a base stands for its length (KL on top of H, a gap
            // above an accuracy): that is its value, not the height of its top. Samples
            // computed for drawing (a few ulp) are written from the exact function.
            const bool exact = s.y_for_drawing && s.exact && s.x[i] >= s.exact_min &&
                               s.x[i] <= s.exact_max;
            const double top = exact ? s.exact(s.x[i]) : s.y[i];
            const double y = s.kind == SeriesKind::Bars && i < s.y_base.size()
                                 ? top - s.y_base[i]
                                 : top;
            out += fmt::format("{},{},{},{}\n", name, number(s.x[i]), number(y), category);
        }
    }
    // Shaded bands: their two x edges.
    for (const auto& b : figure.bands) {
        const std::string name = csv_field("band: " + (b.label.empty() ? std::string("(unnamed)") : b.label));
        out += fmt::format("{},{},,\n{},{},,\n", name, number(b.x0), name, number(b.x1));
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
