#pragma once
// Re-scaling the confidence of a synthetic classifier without drawing it again.
//
// make_synthetic_classifier (calibration.hpp) draws latent logits, labels and the true
// class probabilities p_true, then sets logits = confidence * log p_true. Only that last
// multiplication depends on the confidence, so a lab that sweeps the confidence knob can
// draw the dataset once at confidence 1 (logits = log p_true exactly) and scale it here:
// the result is bit-identical to drawing it again with the new confidence.

#include "losslab/calibration.hpp"
#include "losslab/result.hpp"

namespace losslab {

// The dataset make_synthetic_classifier(params) would return for params.confidence =
// `confidence`, given `calibrated` = make_synthetic_classifier(params) drawn with
// confidence 1 (same N, K, separation and seed): logits = confidence * calibrated.logits,
// labels and correct_probability copied. Errors: confidence not finite and > 0, an empty
// dataset or logits.size() != N K.
Result<SyntheticClassifier> with_confidence(const SyntheticClassifier& calibrated,
                                            double confidence);

} // namespace losslab
