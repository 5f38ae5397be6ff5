#include "losslab/label_smoothing.hpp"
#include "losslab/number_text.hpp"

#include "losslab/information.hpp"
#include "smoothing_wide.hpp"

#include <cmath>
#include <limits>
#include <string>

namespace losslab {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

constexpr auto num = shortest_number_text; // error-message numbers

// -x log x, 0 at x = 0.
double neg_xlogx(double x) { return x == 0.0 ? 0.0 : -x * std::log(x); }

} // namespace

Status validate(const SmoothingSpec& s) {
    if (!(s.eps >= 0.0 && s.eps <= 1.0)) return make_error("`eps`", "0 <= eps <= 1", num(s.eps));
    if (s.convention == SmoothingConvention::KlPad) {
        if (s.num_classes < 3)
            return make_error("`num_classes`", "at least 3 for the KlPad convention",
                              num(double(s.num_classes)));
        if (s.padding_class >= s.num_classes)
            return make_error("`padding_class`", "a class below num_classes = " +
                                                     num(double(s.num_classes)),
                              num(double(s.padding_class)));
    } else if (s.num_classes < 2) {
        return make_error("`num_classes`", "at least 2", num(double(s.num_classes)));
    }
    return Ok{};
}

Result<SmoothingLevels> smoothing_levels(const SmoothingSpec& s) {
    if (auto st = validate(s); !st) return st.error();
    const double k = double(s.num_classes);
    switch (s.convention) {
    case SmoothingConvention::Uniform:
        return SmoothingLevels{(1.0 - s.eps) + s.eps / k, s.eps / k, s.num_classes - 1};
    case SmoothingConvention::Others:
        return SmoothingLevels{1.0 - s.eps, s.eps / (k - 1.0), s.num_classes - 1};
    case SmoothingConvention::KlPad:
        return SmoothingLevels{1.0 - s.eps, s.eps / (k - 2.0), s.num_classes - 2};
    }
    return SmoothingLevels{};
}

Result<std::vector<double>> smoothed_target(const SmoothingSpec& s, std::size_t true_class) {
    auto lv = smoothing_levels(s);
    if (!lv) return lv.error();
    if (true_class >= s.num_classes)
        return make_error("`true_class`", "a class below num_classes = " +
                                              num(double(s.num_classes)),
                          num(double(true_class)));
    const bool pad = s.convention == SmoothingConvention::KlPad;
    if (pad && true_class == s.padding_class)
        return make_error("`true_class`", "a class other than the padding class",
                          num(double(true_class)));
    std::vector<double> t(s.num_classes, lv.value().other_mass);
    if (pad) t[s.padding_class] = 0.0;
    t[true_class] = lv.value().true_mass;
    return t;
}

namespace {
Status check_pt(double p) {
    if (!(p >= 0.0 && p <= 1.0)) return make_error("`p_t`", "0 <= p_t <= 1", num(p));
    return Ok{};
}
} // namespace

Result<double> smoothed_ce_vs_pt(const SmoothingSpec& s, double p) {
    auto lv = smoothing_levels(s);
    if (!lv) return lv.error();
    if (auto st = check_pt(p); !st) return st.error();
    const SmoothingLevels l = lv.value();
    const WideTarget w = wide_target(s);
    using wide::Wide;
    // -t log p - r log((1-p)/M) = -t log p + r (log M - log1p(-p)): both terms >= 0.
    Wide h = 0.0L;
    if (l.true_mass != 0.0) h -= w.t * std::log(Wide(p));
    if (l.others != 0 && l.other_mass != 0.0)
        h += w.r * (std::log(Wide(l.others)) - std::log1p(-Wide(p)));
    return double(h);
}

Result<double> smoothed_kl_vs_pt(const SmoothingSpec& s, double p) {
    auto lv = smoothing_levels(s);
    if (!lv) return lv.error();
    if (auto st = check_pt(p); !st) return st.error();
    const SmoothingLevels l = lv.value();
    // The M other terms are equal: M o log(o / ((1-p)/M)) = r log(r / (1-p)), so the whole KL
    // is the binary KL between (t, r) and (p, 1-p), written as a sum of two non-negative terms
    // of the relative differences (see wide::binary_kl), with p - t from the exact target.
    const WideTarget w = wide_target(s);
    const wide::Wide t = l.true_mass == 0.0 ? 0.0L : w.t;
    const wide::Wide r = (l.others == 0 || l.other_mass == 0.0) ? 0.0L : w.r;
    return double(wide::binary_kl(t, r, p, wide_p_minus_t(s, p)));
}

Result<SmoothingMinimum> smoothing_minimum(const SmoothingSpec& s) {
    auto lv = smoothing_levels(s);
    if (!lv) return lv.error();
    const SmoothingLevels l = lv.value();
    const double h = neg_xlogx(l.true_mass) + double(l.others) * neg_xlogx(l.other_mass);
    return SmoothingMinimum{l.true_mass, h, 0.0};
}

Result<double> smoothing_logit_gap(const SmoothingSpec& s) {
    auto lv = smoothing_levels(s);
    if (!lv) return lv.error();
    const SmoothingLevels l = lv.value();
    if (l.other_mass == 0.0) return kInf;
    if (l.true_mass == 0.0) return -kInf;
    // log(t / o) = log1p((t - o) / o), with t - o formed from eps and K exactly:
    // uniform t/o - 1 = K (1-eps)/eps; others (K-1)(1-eps)/eps - 1 = (K-1 - K eps)/eps;
    // kl-pad (K-2 - (K-1) eps)/eps. No log of a ratio near 1.
    using wide::Wide;
    const Wide eps = s.eps, k = Wide(s.num_classes);
    Wide rel = 0.0L;
    switch (s.convention) {
    case SmoothingConvention::Uniform: rel = k * (1.0L - eps) / eps; break;
    case SmoothingConvention::Others: rel = ((k - 1.0L) - k * eps) / eps; break;
    case SmoothingConvention::KlPad: rel = ((k - 2.0L) - (k - 1.0L) * eps) / eps; break;
    }
    return double(std::log1p(rel));
}

} // namespace losslab
