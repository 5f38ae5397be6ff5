#include "losslab/synthetic_confidence.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace losslab {

namespace {
std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}
} // namespace

Result<SyntheticClassifier> with_confidence(const SyntheticClassifier& calibrated,
                                            double confidence) {
    if (!(confidence > 0.0 && std::isfinite(confidence)))
        return make_error("synthetic classifier confidence", "a finite value > 0",
                          num(confidence));
    const std::size_t n = calibrated.labels.size(), k = calibrated.num_classes;
    if (n == 0 || k < 2 || calibrated.logits.size() != n * k)
        return make_error("with_confidence dataset", "N >= 1 examples with N x K logits, K >= 2",
                          std::to_string(calibrated.logits.size()) + " logits for " +
                              std::to_string(n) + " labels and K = " + std::to_string(k));
    SyntheticClassifier out;
    out.num_classes = k;
    out.labels = calibrated.labels;
    out.correct_probability = calibrated.correct_probability;
    out.logits.resize(calibrated.logits.size());
    // The same single multiplication as make_synthetic_classifier, applied to log p_true
    // (stored unchanged at confidence 1), so the product rounds identically.
    for (std::size_t i = 0; i < out.logits.size(); ++i)
        out.logits[i] = confidence * calibrated.logits[i];
    return out;
}

} // namespace losslab
