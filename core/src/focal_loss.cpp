#include "losslab/focal_loss.hpp"

#include <cmath>

namespace losslab {

namespace {
// -log(p) with full relative accuracy near p = 1, where p - 1 is exact (Sterbenz) and
// log1p keeps the digits that log(p) would cancel.
double neg_log(double p) { return p > 0.5 ? -std::log1p(p - 1.0) : -std::log(p); }
} // namespace

double cross_entropy_pt(double p_t) { return neg_log(p_t); }

double focal_loss_pt(double p_t, double gamma, double alpha_t) {
    const double weight = alpha_t < 0.0 ? 1.0 : alpha_t;
    const double one_minus_p = 1.0 - p_t;
    // pow(0, 0) is 1 by IEEE, which is the gamma = 0 limit we want.
    return weight * std::pow(one_minus_p, gamma) * neg_log(p_t);
}

} // namespace losslab
