#include "losslab/distillation.hpp"
#include "losslab/number_text.hpp"

#include "losslab/activations.hpp"
#include "losslab/information.hpp"

#include <cmath>
#include <string>

namespace losslab {

namespace {

constexpr auto num = shortest_number_text; // error-message numbers

Status check(std::size_t student, std::size_t teacher, std::size_t k, double temperature) {
    if (k == 0) return make_error("`num_classes`", "at least 1", "0");
    if (!(temperature > 0.0 && std::isfinite(temperature)))
        return make_error("`temperature`", "a finite T > 0", num(temperature));
    if (teacher % k != 0)
        return make_error("`teacher_logits`", "a multiple of num_classes values",
                          num(double(teacher)));
    if (student != teacher)
        return make_error("`student_logits`", num(double(teacher)) + " values (as the teacher)",
                          num(double(student)));
    return Ok{};
}

// Mean over rows of T^2 times KL (kl = true) or CE of the student against the teacher.
Result<double> distill(std::span<const double> s, std::span<const double> t, std::size_t k,
                       double temperature, bool kl) {
    if (auto st = check(s.size(), t.size(), k, temperature); !st) return st.error();
    const std::size_t n = t.size() / k;
    std::vector<double> p(k), lq(k), lp(k), rows(n);
    for (std::size_t i = 0; i < n; ++i) {
        softmax_into(t.subspan(i * k, k), p, temperature);
        log_softmax_into(t.subspan(i * k, k), lp, temperature);
        log_softmax_into(s.subspan(i * k, k), lq, temperature);
        double v = 0.0;
        for (std::size_t c = 0; c < k; ++c) {
            if (p[c] == 0.0) continue;
            // KL term p (log p - log q) from the two log-softmaxes: no ratio of tiny numbers.
            v += kl ? p[c] * (lp[c] - lq[c]) : -p[c] * lq[c];
        }
        rows[i] = v;
    }
    double sum = 0.0;
    for (double v : rows) sum += v;
    return temperature * temperature * (sum / double(n));
}

} // namespace

Result<std::vector<double>> soft_targets(std::span<const double> teacher, std::size_t k,
                                         double temperature) {
    if (auto st = check(teacher.size(), teacher.size(), k, temperature); !st) return st.error();
    std::vector<double> out(teacher.size());
    for (std::size_t i = 0; i < teacher.size() / k; ++i)
        softmax_into(teacher.subspan(i * k, k), std::span<double>(out).subspan(i * k, k),
                     temperature);
    return out;
}

Result<double> distillation_kl(std::span<const double> s, std::span<const double> t,
                               std::size_t k, double temperature) {
    return distill(s, t, k, temperature, true);
}

Result<double> distillation_ce(std::span<const double> s, std::span<const double> t,
                               std::size_t k, double temperature) {
    return distill(s, t, k, temperature, false);
}

} // namespace losslab
