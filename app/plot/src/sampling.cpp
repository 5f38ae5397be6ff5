#include "plot/sampling.hpp"

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

std::optional<double> exact_value_at(const Series& s, double x) {
    if (!s.exact || !(x >= s.exact_min && x <= s.exact_max)) return std::nullopt;
    return s.exact(x);
}

} // namespace losslab::plot
