#include "losslab/label_smoothing.hpp"
#include "losslab/number_text.hpp"

#include "losslab/information.hpp"

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
    const double rest = double(l.others) * l.other_mass; // 1 - t, formed without cancellation
    double h = 0.0;
    if (l.true_mass != 0.0) h -= l.true_mass * std::log(p);
    // the other classes each get (1-p)/M: -rest log((1-p)/M) = rest (log M - log1p(-p))
    if (rest != 0.0) h += rest * (std::log(double(l.others)) - std::log1p(-p));
    return h;
}

Result<double> smoothed_kl_vs_pt(const SmoothingSpec& s, double p) {
    auto lv = smoothing_levels(s);
    if (!lv) return lv.error();
    if (auto st = check_pt(p); !st) return st.error();
    const SmoothingLevels l = lv.value();
    // The M other terms are equal: M o log(o / ((1-p)/M)) = (1-t) log((1-t) / (1-p)), so the
    // whole KL is the binary KL between (t, 1-t) and (p, 1-p), computed without subtraction.
    if (l.true_mass == 0.0) return p == 1.0 ? kInf : -std::log1p(-p);
    return binary_kl(l.true_mass, p);
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
    return std::log(l.true_mass / l.other_mass);
}

} // namespace losslab
