#pragma once
// Wu & He's (2018) Figure 2 as a model figure: for BatchNorm, LayerNorm, InstanceNorm and
// GroupNorm an isometric N x C x (H, W) box made of polygons, the elements that share the
// statistics of the picked plane (n, c) filled; and the selected method's per-(n, c) mean and
// variance as image series (heatmaps with a colour bar). Pure: from the state and the lab.

#include "model/labs/lab_normalization.hpp"
#include "plot/figure.hpp"

#include <cstddef>
#include <optional>
#include <utility>

namespace losslab::model {

// The plane (n, c) a figure shows picked: the UI's hovered plane, or the default (2, 5),
// clamped to the tensor.
struct NormPick {
    std::size_t n = 2;
    std::size_t c = 5;
};

// `pick` clamped to the lab's tensor (its shape's N and C).
NormPick clamp_pick(NormPick pick, const NormalizationLab& lab);

// "normalization-figure-2": the four boxes with the block sharing the statistics of `pick`
// filled (strongly for the selected method's base methods, pale for the others), the picked
// plane in orange, the sizes as labels ("N = 8", "C = 32", "16×16") and a note saying how many
// elements share the statistic. The boxes sit in one row (`columns` 4, the default) or two
// rows of two (`columns` 2, for a narrow figure). `lab` is updated for `s`.
plot::Figure normalization_figure2(const NormalizationLabState& s, NormalizationLab& lab,
                                   NormPick pick = {}, int columns = 4);

// The plane (n, c) under the data point (x, y) of the Figure 2 figure built with `columns`
// (a box's top or front face), if any.
std::optional<NormPick> normalization_figure2_pick_at(const NormalizationLab& lab, double x,
                                                      double y, int columns = 4);

// "normalization-figure-2-mean-heatmap" / "normalization-figure-2-variance-heatmap": the
// selected method's first (second) statistic of every plane as normalization_plane_stat_names
// names it (mean / variance for most; mean of x² and the divisor for ScaleNorm and RMSNorm),
// channel c across and sample n up, with the block sharing the statistics of `pick` and the
// picked cell outlined.
plot::Figure normalization_mean_heatmap(const NormalizationLabState& s, NormalizationLab& lab,
                                        NormPick pick = {});
plot::Figure normalization_variance_heatmap(const NormalizationLabState& s, NormalizationLab& lab,
                                            NormPick pick = {});

// The cell (n, c) under the data point (x, y) of a heatmap figure, if any.
std::optional<NormPick> normalization_heatmap_pick_at(const NormalizationLab& lab, double x,
                                                      double y);

} // namespace losslab::model
