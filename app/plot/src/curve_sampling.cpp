#include "plot/curve_sampling.hpp"

#include <algorithm>
#include <cmath>

namespace losslab::plot {

namespace {

// The start points: the even grid and the seeds inside [lo, hi], sorted, thinned to at least
// `min_dx` apart (the first and last seed kept so a curve reaches its asymptote).
std::vector<double> start_points(double lo, double hi, int intervals, double min_dx,
                                 const std::vector<double>& seeds) {
    std::vector<double> xs;
    const int n = std::max(1, intervals);
    for (int i = 0; i <= n; ++i) xs.push_back(i == n ? hi : lo + (hi - lo) * double(i) / n);
    std::vector<double> inside;
    for (double s : seeds)
        if (s >= lo && s <= hi) inside.push_back(s);
    std::sort(inside.begin(), inside.end());
    if (!inside.empty()) {
        xs.push_back(inside.front());
        xs.push_back(inside.back());
    }
    std::vector<double> all = xs;
    all.insert(all.end(), inside.begin(), inside.end());
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    std::sort(xs.begin(), xs.end());
    std::vector<double> kept;
    for (double x : all) {
        const bool must = std::binary_search(xs.begin(), xs.end(), x);
        if (must || kept.empty() || x - kept.back() >= min_dx) kept.push_back(x);
    }
    return kept;
}

} // namespace

CurveSamples adaptive_samples(double lo, double hi, const std::function<double(double)>& f,
                              const CurveSampling& sampling, const std::vector<double>& seeds) {
    CurveSamples out;
    if (!(lo < hi)) {
        out.x = {lo};
        out.y = {f(lo)};
        return out;
    }
    const double min_dx = (hi - lo) / (2.0 * std::max(1, sampling.columns));
    const double span = sampling.y_hi - sampling.y_lo;
    const double tol = std::abs(span) * sampling.tolerance_px / std::max(1.0, sampling.height_px);
    const double clamp_lo = std::min(sampling.y_lo, sampling.y_hi) - std::abs(span);
    const double clamp_hi = std::max(sampling.y_lo, sampling.y_hi) + std::abs(span);
    auto shown = [&](double y) { return std::clamp(y, clamp_lo, clamp_hi); };

    const auto xs = start_points(lo, hi, sampling.initial_intervals, min_dx, seeds);
    std::vector<double> ys(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) ys[i] = f(xs[i]);

    // Depth-first halving of each start interval, emitting points left to right.
    struct Span {
        double a, fa, b, fb;
    };
    std::vector<Span> stack;
    out.x.reserve(xs.size() * 4);
    out.y.reserve(xs.size() * 4);
    out.x.push_back(xs[0]);
    out.y.push_back(ys[0]);
    for (std::size_t i = 0; i + 1 < xs.size(); ++i) {
        stack.push_back({xs[i], ys[i], xs[i + 1], ys[i + 1]});
        while (!stack.empty()) {
            const Span s = stack.back();
            stack.pop_back();
            const double m = 0.5 * (s.a + s.b);
            bool split = false;
            double fm = 0.0;
            if (s.b - s.a > 2.0 * min_dx && m > s.a && m < s.b) {
                fm = f(m);
                const bool fin_a = std::isfinite(s.fa), fin_b = std::isfinite(s.fb),
                           fin_m = std::isfinite(fm);
                if (fin_a != fin_b || fin_a != fin_m)
                    split = true;
                else if (fin_a)
                    split = std::abs(shown(fm) - 0.5 * (shown(s.fa) + shown(s.fb))) > tol;
                if (!split) {
                    // Keep the midpoint already paid for; the halves need no more.
                    out.x.push_back(m);
                    out.y.push_back(fm);
                }
            }
            if (split) {
                // Right half first on the stack so the left half is emitted first.
                stack.push_back({m, fm, s.b, s.fb});
                stack.push_back({s.a, s.fa, m, fm});
                continue;
            }
            out.x.push_back(s.b);
            out.y.push_back(s.fb);
        }
    }
    return out;
}

CurveSamples adaptive_samples_batched(double lo, double hi, const BatchCurve& f,
                                      const CurveSampling& sampling,
                                      const std::vector<double>& seeds) {
    CurveSamples out;
    if (!(lo < hi)) {
        out.x = {lo};
        out.y = {0.0};
        f(out.x, out.y);
        return out;
    }
    const double min_dx = (hi - lo) / (2.0 * std::max(1, sampling.columns));
    const double span = sampling.y_hi - sampling.y_lo;
    const double tol = std::abs(span) * sampling.tolerance_px / std::max(1.0, sampling.height_px);
    const double clamp_lo = std::min(sampling.y_lo, sampling.y_hi) - std::abs(span);
    const double clamp_hi = std::max(sampling.y_lo, sampling.y_hi) + std::abs(span);
    auto shown = [&](double y) { return std::clamp(y, clamp_lo, clamp_hi); };

    // Every evaluated point is kept (as adaptive_samples keeps each midpoint it paid for);
    // the intervals of one level are halved together.
    std::vector<double> xs = start_points(lo, hi, sampling.initial_intervals, min_dx, seeds);
    std::vector<double> ys(xs.size());
    f(xs, ys);
    struct Span {
        double a, fa, b, fb;
    };
    std::vector<Span> level, next, asked;
    for (std::size_t i = 0; i + 1 < xs.size(); ++i) level.push_back({xs[i], ys[i], xs[i + 1], ys[i + 1]});
    std::vector<double> mx, my;
    while (!level.empty()) {
        mx.clear();
        asked.clear();
        for (const Span& s : level) {
            const double m = 0.5 * (s.a + s.b);
            if (s.b - s.a > 2.0 * min_dx && m > s.a && m < s.b) {
                mx.push_back(m);
                asked.push_back(s);
            }
        }
        my.assign(mx.size(), 0.0);
        if (!mx.empty()) f(mx, my);
        next.clear();
        for (std::size_t i = 0; i < mx.size(); ++i) {
            const Span& s = asked[i];
            const double m = mx[i], fm = my[i];
            xs.push_back(m);
            ys.push_back(fm);
            const bool fin_a = std::isfinite(s.fa), fin_b = std::isfinite(s.fb),
                       fin_m = std::isfinite(fm);
            bool split = false;
            if (fin_a != fin_b || fin_a != fin_m)
                split = true;
            else if (fin_a)
                split = std::abs(shown(fm) - 0.5 * (shown(s.fa) + shown(s.fb))) > tol;
            if (split) {
                next.push_back({s.a, s.fa, m, fm});
                next.push_back({m, fm, s.b, s.fb});
            }
        }
        level.swap(next);
    }
    // In increasing x (the midpoints are new x, distinct from every other point).
    std::vector<std::size_t> order(xs.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return xs[a] < xs[b]; });
    out.x.reserve(xs.size());
    out.y.reserve(xs.size());
    for (std::size_t i : order) {
        out.x.push_back(xs[i]);
        out.y.push_back(ys[i]);
    }
    return out;
}

} // namespace losslab::plot
