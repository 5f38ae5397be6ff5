// Figure 2 and the heatmaps of the normalization lab as plot figures (polygon and image
// series); see lab_normalization_figure2.hpp.
#include "model/labs/lab_normalization_figure2.hpp"

#include "plot/color.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace losslab::model {

namespace {

using plot::Rgba;

constexpr std::array<NormMethod, 4> kMethods{NormMethod::Batch, NormMethod::Layer,
                                             NormMethod::Instance, NormMethod::Group};

// One box in data units: front face [x0, x0 + 1] x [0, kHeight] (N across, H, W up), the C
// axis along (kDepthX, kDepthY). Boxes sit kSlot apart, with room for their labels.
constexpr double kHeight = 0.95;
constexpr double kDepthX = 0.45;
constexpr double kDepthY = 0.34;
constexpr double kSlot = 2.2;
constexpr double kLeftRoom = 0.75;
constexpr double kRightRoom = 0.95;

// Rows of boxes sit kRowHeight apart (the box, its title above and "N = ..." below).
constexpr double kRowHeight = kHeight + kDepthY + 0.84;

int row_count(int columns) {
    return (4 + columns - 1) / columns;
}

struct BoxGeom {
    double x0;
    double y0;
    // (n fraction, c fraction, v fraction from the top) to data (x, y).
    std::pair<double, double> at(double n, double c, double v) const {
        return {x0 + n + c * kDepthX, y0 + kHeight * (1.0 - v) + c * kDepthY};
    }
};

// Box i of four in `columns` columns, first row at the top.
BoxGeom box_at(std::size_t i, int columns) {
    const int col = int(i) % columns, row = int(i) / columns;
    return {kLeftRoom + kSlot * double(col), kRowHeight * double(row_count(columns) - 1 - row)};
}

plot::Polygon quad(std::array<std::pair<double, double>, 4> p, Rgba fill, Rgba edge, float width) {
    plot::Polygon q;
    for (const auto& [x, y] : p) {
        q.x.push_back(x);
        q.y.push_back(y);
    }
    q.use_series_color = false;
    q.fill = fill;
    q.edge = edge;
    q.edge_width = width;
    return q;
}

// The three visible faces (right at n1, top, front at c0) of the sub-box
// [n0, n1] x [c0, c1] x [0, 1], back faces first so that the fill reads as a solid.
void block(std::vector<plot::Polygon>& out, const BoxGeom& b, double n0, double n1, double c0,
           double c1, Rgba fill, Rgba edge, float width) {
    out.push_back(quad({b.at(n1, c0, 0), b.at(n1, c1, 0), b.at(n1, c1, 1), b.at(n1, c0, 1)}, fill,
                       edge, width));
    out.push_back(quad({b.at(n0, c0, 0), b.at(n0, c1, 0), b.at(n1, c1, 0), b.at(n1, c0, 0)}, fill,
                       edge, width));
    out.push_back(quad({b.at(n0, c0, 0), b.at(n1, c0, 0), b.at(n1, c0, 1), b.at(n0, c0, 1)}, fill,
                       edge, width));
}

// A segment a-b as a two-vertex polygon (its edge only) in `lines`' colour and width.
void add_segment(plot::Series& lines, std::pair<double, double> a, std::pair<double, double> b) {
    plot::Polygon seg;
    seg.x = {a.first, b.first};
    seg.y = {a.second, b.second};
    seg.use_series_color = false;
    seg.edge = lines.color;
    seg.edge_width = lines.width;
    lines.polygons.push_back(std::move(seg));
}

plot::Annotation label(std::string text, std::pair<double, double> at, float ax, float ay,
                       Rgba color = {0, 0, 0, 0}) {
    plot::Annotation a;
    a.text = std::move(text);
    a.x = at.first;
    a.y = at.second;
    a.align_x = ax;
    a.align_y = ay;
    a.color = color;
    return a;
}

constexpr Rgba kFace{128, 128, 128, 45};
constexpr Rgba kEdge{110, 110, 110, 255};
constexpr Rgba kGrid{128, 128, 128, 110};
constexpr Rgba kStrong{0, 114, 178, 215};
constexpr Rgba kStrongEdge{0, 70, 120, 255};
constexpr Rgba kPale{86, 180, 233, 120};
constexpr Rgba kPaleEdge{60, 140, 190, 200};
constexpr Rgba kPicked{213, 94, 0, 255};
constexpr Rgba kMuted{128, 128, 128, 255};

std::string figure_name_of(NormLabMethod m) {
    return normalization_method_name(m);
}

plot::Figure heatmap(const NormalizationLabState& s, NormalizationLab& lab, NormPick pick,
                     bool variance) {
    lab.update(s);
    pick = clamp_pick(pick, lab);
    const Shape4 sh = lab.input().shape;
    const auto method = normalization_method(s);
    const NormPlaneStatNames names = normalization_plane_stat_names(method);
    const std::string& stat = variance ? names.second : names.first;
    plot::Figure f;
    f.name = variance ? "normalization-figure-2-variance-heatmap"
                      : "normalization-figure-2-mean-heatmap";
    // The axes say it is per (n, c): the title names the method and the statistic only.
    f.title = figure_name_of(method) + ": " + stat;
    f.x_axis = {"channel c", -0.5, double(sh.c) - 0.5};
    f.y_axis = {"sample n", -0.5, double(sh.n) - 0.5};
    const auto& values = variance ? lab.plane_var() : lab.plane_mean();
    plot::Series img;
    img.id = variance ? "variance" : "mean";
    img.kind = plot::SeriesKind::Image;
    img.image.rows = sh.n;
    img.image.cols = sh.c;
    img.image.values.assign(values.begin(), values.end());
    img.image.x0 = -0.5;
    img.image.x1 = double(sh.c) - 0.5;
    img.image.y0 = -0.5;
    img.image.y1 = double(sh.n) - 0.5;
    img.image.colorbar_label = stat;
    f.series.push_back(std::move(img));

    // The block sharing the picked plane's statistics (white over black so it shows on every
    // colour), and the picked cell.
    plot::Series outline;
    outline.id = "shared";
    outline.kind = plot::SeriesKind::Polygons;
    const auto rect = [](double x0, double y0, double x1, double y1, Rgba edge, float w) {
        return quad({std::pair{x0, y0}, std::pair{x1, y0}, std::pair{x1, y1}, std::pair{x0, y1}},
                    {0, 0, 0, 0}, edge, w);
    };
    const StatsSharing b =
        lab.sharing_of(normalization_base_methods(method).front(), pick.n, pick.c);
    if (b.n_end > b.n_begin && b.c_end > b.c_begin) {
        const double x0 = double(b.c_begin) - 0.5, x1 = double(b.c_end) - 0.5;
        const double y0 = double(b.n_begin) - 0.5, y1 = double(b.n_end) - 0.5;
        outline.polygons.push_back(rect(x0, y0, x1, y1, {255, 255, 255, 255}, 3.0f));
        outline.polygons.push_back(rect(x0, y0, x1, y1, {0, 0, 0, 255}, 1.2f));
    }
    outline.polygons.push_back(rect(double(pick.c) - 0.5, double(pick.n) - 0.5,
                                    double(pick.c) + 0.5, double(pick.n) + 0.5, kPicked, 2.0f));
    f.series.push_back(std::move(outline));
    return f;
}

} // namespace

NormPick clamp_pick(NormPick pick, const NormalizationLab& lab) {
    const Shape4 sh = lab.input().shape;
    pick.n = std::min(pick.n, sh.n > 0 ? sh.n - 1 : 0);
    pick.c = std::min(pick.c, sh.c > 0 ? sh.c - 1 : 0);
    return pick;
}

plot::Figure normalization_figure2(const NormalizationLabState& s, NormalizationLab& lab,
                                   NormPick pick, int columns) {
    columns = columns == 2 ? 2 : 4;
    lab.update(s);
    pick = clamp_pick(pick, lab);
    const Shape4 sh = lab.input().shape;
    const auto bases = normalization_base_methods(normalization_method(s));
    const double nn = double(std::max<std::size_t>(sh.n, 1));
    const double cc = double(std::max<std::size_t>(sh.c, 1));

    plot::Figure f;
    f.name = "normalization-figure-2";
    f.title = "Who shares a statistic (Wu & He 2018, Figure 2)";
    f.hide_axes = true;
    f.equal_aspect = true;
    const double top = kHeight + kDepthY;
    f.x_axis = {"", 0.0, box_at(std::size_t(columns - 1), columns).x0 + 1.0 + kDepthX + kRightRoom};
    // Room below the boxes for "N = ..." and above them for the method names.
    f.y_axis = {"", -0.42, kRowHeight * double(row_count(columns) - 1) + top + 0.42};

    plot::Series faces;
    faces.id = "boxes";
    faces.kind = plot::SeriesKind::Polygons;
    plot::Series grid;
    grid.id = "grid";
    grid.kind = plot::SeriesKind::Polygons;
    grid.color = kGrid;
    grid.width = 0.6f;
    plot::Series shared;
    shared.id = "shared";
    shared.kind = plot::SeriesKind::Polygons;
    plot::Series edges;
    edges.id = "edges";
    edges.kind = plot::SeriesKind::Polygons;
    edges.color = kEdge;
    edges.width = 1.0f;

    const std::size_t nstep = std::max<std::size_t>(1, sh.n / 32);
    const std::size_t cstep = std::max<std::size_t>(1, sh.c / 32);
    for (std::size_t i = 0; i < kMethods.size(); ++i) {
        const NormMethod m = kMethods[i];
        const bool selected = std::find(bases.begin(), bases.end(), m) != bases.end();
        const BoxGeom bx = box_at(i, columns);
        block(faces.polygons, bx, 0, 1, 0, 1, kFace, {0, 0, 0, 0}, 1.0f);
        for (std::size_t k = nstep; k < sh.n; k += nstep) {
            const double t = double(k) / nn;
            add_segment(grid, bx.at(t, 0, 0), bx.at(t, 1, 0));
            add_segment(grid, bx.at(t, 0, 0), bx.at(t, 0, 1));
        }
        for (std::size_t k = cstep; k < sh.c; k += cstep) {
            const double t = double(k) / cc;
            add_segment(grid, bx.at(0, t, 0), bx.at(1, t, 0));
            add_segment(grid, bx.at(1, t, 0), bx.at(1, t, 1));
        }
        const StatsSharing sb = lab.sharing_of(m, pick.n, pick.c);
        if (sb.n_end > sb.n_begin && sb.c_end > sb.c_begin) {
            block(shared.polygons, bx, double(sb.n_begin) / nn, double(sb.n_end) / nn,
                  double(sb.c_begin) / cc, double(sb.c_end) / cc, selected ? kStrong : kPale,
                  selected ? kStrongEdge : kPaleEdge, selected ? 1.5f : 1.0f);
            const double n0 = double(pick.n) / nn, n1 = double(pick.n + 1) / nn;
            const double c0 = double(pick.c) / cc, c1 = double(pick.c + 1) / cc;
            shared.polygons.push_back(
                quad({bx.at(n0, c0, 0), bx.at(n1, c0, 0), bx.at(n1, c1, 0), bx.at(n0, c1, 0)},
                     kPicked, {0, 0, 0, 0}, 1.0f));
        }
        // The box's outline: the front face, the top's back edges, the right face's back edge.
        const std::array<std::array<std::pair<double, double>, 2>, 9> outline{{
            {bx.at(0, 0, 0), bx.at(1, 0, 0)},
            {bx.at(1, 0, 0), bx.at(1, 0, 1)},
            {bx.at(1, 0, 1), bx.at(0, 0, 1)},
            {bx.at(0, 0, 1), bx.at(0, 0, 0)},
            {bx.at(0, 0, 0), bx.at(0, 1, 0)},
            {bx.at(0, 1, 0), bx.at(1, 1, 0)},
            {bx.at(1, 1, 0), bx.at(1, 0, 0)},
            {bx.at(1, 1, 0), bx.at(1, 1, 1)},
            {bx.at(1, 1, 1), bx.at(1, 0, 1)},
        }};
        for (const auto& seg : outline)
            add_segment(edges, seg[0], seg[1]);

        // Labels as in the paper: the method above, N along the front; C in depth and H, W up
        // the side once (every box is the same tensor). They are annotations, so the layout
        // keeps them inside the figure and apart.
        std::string title(norm_method_name(m));
        if (m == NormMethod::Group) title += " (G = " + std::to_string(lab.groups()) + ")";
        f.annotations.push_back(label(title, {bx.x0 + 0.5 * (1.0 + kDepthX), bx.y0 + top + 0.06},
                                      0.5f, 1.0f, selected ? Rgba{0, 0, 0, 0} : kMuted));
        f.annotations.push_back(
            label("N = " + std::to_string(sh.n), bx.at(0.5, 0, 1.0), 0.5f, -0.15f));
        if (i + 1 == kMethods.size())
            f.annotations.push_back(
                label("C = " + std::to_string(sh.c),
                      {bx.x0 + 1.0 + kDepthX + 0.06, bx.y0 + 0.5 * kHeight + kDepthY}, 0.0f, 0.5f));
        if (i == 0) {
            f.annotations.push_back(
                label("H,W", {bx.x0 - 0.06, bx.y0 + 0.5 * kHeight}, 1.0f, 1.0f));
            f.annotations.push_back(label(std::to_string(sh.h) + "×" + std::to_string(sh.w),
                                          {bx.x0 - 0.06, bx.y0 + 0.5 * kHeight}, 1.0f, 0.0f,
                                          kMuted));
        }
    }
    f.series.push_back(std::move(faces));
    f.series.push_back(std::move(grid));
    f.series.push_back(std::move(shared));
    f.series.push_back(std::move(edges));
    f.notes.push_back(lab.sharing_text(pick.n, pick.c));
    return f;
}

std::optional<NormPick> normalization_figure2_pick_at(const NormalizationLab& lab, double x,
                                                      double y, int columns) {
    columns = columns == 2 ? 2 : 4;
    const Shape4 sh = lab.input().shape;
    if (sh.n == 0 || sh.c == 0) return std::nullopt;
    for (std::size_t i = 0; i < kMethods.size(); ++i) {
        const BoxGeom bx = box_at(i, columns);
        const double x0 = bx.x0;
        // The top face: y = y0 + kHeight + c kDepthY, x = x0 + n + c kDepthX.
        const double cf = (y - bx.y0 - kHeight) / kDepthY;
        const double nf = x - x0 - cf * kDepthX;
        NormPick p;
        if (cf >= 0.0 && cf < 1.0 && nf >= 0.0 && nf < 1.0) {
            p.n = std::min(sh.n - 1, std::size_t(nf * double(sh.n)));
            p.c = std::min(sh.c - 1, std::size_t(cf * double(sh.c)));
            return p;
        }
        // The front face (c = 0).
        const double nf2 = x - x0;
        if (y >= bx.y0 && y < bx.y0 + kHeight && nf2 >= 0.0 && nf2 < 1.0) {
            p.n = std::min(sh.n - 1, std::size_t(nf2 * double(sh.n)));
            p.c = 0;
            return p;
        }
    }
    return std::nullopt;
}

plot::Figure normalization_mean_heatmap(const NormalizationLabState& s, NormalizationLab& lab,
                                        NormPick pick) {
    return heatmap(s, lab, pick, false);
}

plot::Figure normalization_variance_heatmap(const NormalizationLabState& s, NormalizationLab& lab,
                                            NormPick pick) {
    return heatmap(s, lab, pick, true);
}

std::optional<NormPick> normalization_heatmap_pick_at(const NormalizationLab& lab, double x,
                                                      double y) {
    const Shape4 sh = lab.input().shape;
    const double c = std::floor(x + 0.5), n = std::floor(y + 0.5);
    if (!(c >= 0.0 && c < double(sh.c) && n >= 0.0 && n < double(sh.n))) return std::nullopt;
    return NormPick{std::size_t(n), std::size_t(c)};
}

} // namespace losslab::model
