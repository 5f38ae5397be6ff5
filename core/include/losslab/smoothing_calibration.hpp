#pragma once
// Label smoothing and calibration together (Müller, Kornblith & Hinton 2019, "When does label
// smoothing help?", sec. 3-4), in a model small enough to compute exactly.
//
// The model stands for a network that can fit every training example: each example has its own
// free logits z_i, started at the calibrated logits log p_true,i (a model that knows the true
// class probabilities) and trained by plain gradient descent on the cross-entropy to its
// smoothed target t_i = (1 - eps) onehot(y_i) + eps / K (PyTorch's label_smoothing):
//     z_i <- z_i - lr (softmax(z_i) - t_i),   `steps` times.
// Then, for fresh labels drawn from the same p_true (the test set), it reports
//   - calibration: the confidence max softmax(z_i) against the expected accuracy
//     p_true,i(argmax z_i) (the exact probability that a fresh label agrees, so no second
//     draw is needed); reliability bins and ECE as calibration.hpp (bins (b/M, (b+1)/M]);
//   - what the model would teach a student: for each example, the KL divergence from the true
//     distribution over the K - 1 wrong classes (the classes other than y_i, renormalised) to
//     the model's. Label smoothing pulls every wrong class towards the same eps / K, which
//     erases the "which wrong classes are plausible" information a distilled student learns.
// With eps = 0 the target is one-hot: confidence runs towards 1 while the expected accuracy
// stays at p_true(y): over-confident. The smoothed loss is smallest where the confidence is
// 1 - eps + eps / K, and training pulls it there.

#include "losslab/calibration.hpp"
#include "losslab/result.hpp"

#include <cstddef>
#include <span>
#include <vector>

namespace losslab {

// Options of fit_towards_smoothed_targets.
struct SmoothedFitParams {
    double eps = 0.0;           // smoothing mass in [0, 1); default 0 (one-hot targets)
    int steps = 100;            // gradient steps, >= 0; default 100
    double learning_rate = 1.0; // > 0; default 1 (per-example CE has curvature <= 1/2)
    int num_bins = 15;          // reliability bins, >= 1; default 15
};

// The trained model's calibration and what it would pass on to a student.
struct SmoothedFitResult {
    std::vector<double> logits;           // N x K after training
    std::vector<double> confidence;       // N: max softmax(z_i)
    std::vector<double> expected_correct; // N: p_true,i(argmax z_i)
    std::vector<ReliabilityBin> bins;     // accuracy = mean expected_correct in the bin
    double ece = 0.0;                     // sum_b n_b / N |accuracy_b - confidence_b|
    double accuracy = 0.0;                // mean expected_correct
    double mean_confidence = 0.0;         // mean confidence
    double wrong_class_kl = 0.0;          // mean KL(p_true ‖ model) over the wrong classes, nats
};

// Trains and evaluates as described above. `log_p_true` holds N x K row-major log
// probabilities (each row's exp sums to 1), `labels` the N training labels in [0, K).
// Errors: K < 2, sizes not N x K / N, a label out of range, a non-finite log probability,
// eps outside [0, 1), steps < 0, learning_rate <= 0, num_bins < 1.
Result<SmoothedFitResult> fit_towards_smoothed_targets(std::span<const double> log_p_true,
                                                       std::size_t num_classes,
                                                       std::span<const int> labels,
                                                       const SmoothedFitParams& params);

} // namespace losslab
