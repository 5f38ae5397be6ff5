#include "plot/sampling.hpp"

#include "plot/curve_sampling.hpp"

#include <algorithm>
#include <cmath>

namespace losslab::plot {

std::vector<double> probability_grid(int n) {
    std::vector<double> p;
    p.reserve(size_t(n) + 64);
    for (int k = -12; k < -2; ++k)
        for (double m : {1.0, 2.0, 5.0}) p.push_back(m * std::pow(10.0, k));
    for (int i = 1; i <= n; ++i) p.push_back(double(i) / n);
    std::sort(p.begin(), p.end());
    p.erase(std::unique(p.begin(), p.end()), p.end());
    return p;
}

std::vector<double> linear_grid(double lo, double hi, int n) {
    std::vector<double> x(size_t(std::max(n, 2)));
    const double step = (hi - lo) / double(x.size() - 1);
    for (size_t i = 0; i < x.size(); ++i) x[i] = lo + step * double(i);
    x.back() = hi;
    return x;
}

Series sampled_curve(std::string name, Rgba color, const std::vector<double>& xs,
                     std::function<double(double)> f) {
    Series s;
    s.name = std::move(name);
    s.color = color;
    s.x = xs;
    s.y.reserve(xs.size());
    for (double x : xs) s.y.push_back(f(x));
    s.exact = std::move(f);
    // The curve is defined where it was sampled: the hover readout stays there.
    if (!xs.empty()) {
        s.exact_min = *std::min_element(xs.begin(), xs.end());
        s.exact_max = *std::max_element(xs.begin(), xs.end());
    }
    return s;
}

Series adaptive_probability_curve(std::string name, Rgba color, std::function<double(double)> f,
                                  double y_lo, double y_hi) {
    static const std::vector<double> seeds = [] {
        auto grid = probability_grid(600);
        std::erase_if(grid, [](double p) { return p > 0.01; });
        return grid;
    }();
    CurveSampling sampling;
    sampling.y_lo = y_lo;
    sampling.y_hi = y_hi;
    auto samples = adaptive_samples(seeds.front(), 1.0, f, sampling, seeds);
    Series s;
    s.name = std::move(name);
    s.color = color;
    s.x = std::move(samples.x);
    s.y = std::move(samples.y);
    s.exact = std::move(f);
    s.exact_min = seeds.front();
    s.exact_max = 1.0;
    return s;
}

std::optional<double> exact_value_at(const Series& s, double x) {
    if (!s.exact || !(x >= s.exact_min && x <= s.exact_max)) return std::nullopt;
    return s.exact(x);
}

} // namespace losslab::plot
