#pragma once
// Connectionist Temporal Classification loss (Graves, Fernandez, Gomez, Schmidhuber, ICML
// 2006, section 4.1): the negative log-probability of a label sequence summed over every
// alignment of it to the input frames (labels with optional repeats and blanks), computed by
// the forward (alpha) recursion in log space, in double precision. PyTorch 1.13 semantics:
// F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, reduction,
// zero_infinity).

#include "losslab/reduction.hpp"
#include "losslab/result.hpp"

#include <cstddef>
#include <span>
#include <vector>

namespace losslab {

// log(e^a + e^b) without overflow or underflow: max + log1p(e^-|a - b|). Either argument may
// be -inf (the other is returned); +inf gives +inf; NaN propagates.
double log_add_exp(double a, double b);

// How the targets of a batch are stored (PyTorch accepts both).
enum class CtcTargetLayout {
    // One flat list: the N target sequences one after another, sum(target_lengths) labels.
    Concatenated,
    // N x S row-major, S = targets.size() / N; row b uses its first target_lengths[b] labels.
    Padded,
};

// A batch for ctc_loss. All spans are borrowed, not owned.
struct CtcBatch {
    // T x N x C row-major log-probabilities (already log-softmaxed over C); default empty.
    std::span<const double> log_probs;
    // T, the number of frames; default 0.
    std::size_t max_time = 0;
    // N, the batch size; default 0.
    std::size_t batch_size = 0;
    // C, the number of classes including the blank; default 0.
    std::size_t num_classes = 0;
    // Target labels in the given layout; default empty.
    std::span<const int> targets;
    // Default Concatenated.
    CtcTargetLayout layout = CtcTargetLayout::Concatenated;
    // N frame counts, each in [0, T]; default empty.
    std::span<const int> input_lengths;
    // N label counts, each >= 0 (<= S when padded); default empty.
    std::span<const int> target_lengths;
};

// Options of ctc_loss.
struct CtcParams {
    // Default 0: the blank's class index, in [0, C).
    int blank = 0;
    // Default Mean: each sequence's loss divided by max(target length, 1), then averaged over
    // the batch, as PyTorch. Sum adds the raw losses; None returns N of them.
    Reduction reduction = Reduction::Mean;
    // Default false: true replaces infinite losses (alignments impossible, e.g. a target
    // longer than its input) by 0, as PyTorch's zero_infinity.
    bool zero_infinity = false;
};

// -log p(target | input) of one sequence: `log_probs` row t (t < input_length) starts at
// t * time_stride and has num_classes entries. +inf when no alignment exists (input_length
// < target length + number of adjacent repeats); 0 for an empty target and input; for an
// empty target the sum of -log p(blank). Labels must be in [0, C) and not the blank
// (unchecked here; ctc_loss checks them). Never throws.
double ctc_neg_log_likelihood(std::span<const double> log_probs, std::size_t input_length,
                              std::size_t num_classes, std::size_t time_stride,
                              std::span<const int> target, int blank = 0);

// The forward variables of one sequence (Graves et al. 2006, eq. 6-7) in log space: row t
// (t < input_length) holds log alpha_t(s) for the 2S + 1 states of the extended target
// (blank, l1, blank, ..., lS, blank), -inf where no prefix alignment reaches the state. The
// recursion is ctc_neg_log_likelihood's, step for step, so -log(e^alpha_{T-1}(2S) +
// e^alpha_{T-1}(2S-1)) equals its result bit for bit. Empty when input_length is 0.
std::vector<double> ctc_forward_variables(std::span<const double> log_probs,
                                          std::size_t input_length, std::size_t time_stride,
                                          std::span<const int> target, int blank = 0);

// The most probable single alignment (Viterbi: max in place of the forward sum): the state
// of the extended target at each of the input_length frames, ending in one of the last two
// states; empty when none exists (input_length below S plus the number of adjacent repeats).
std::vector<std::size_t> ctc_best_path(std::span<const double> log_probs, std::size_t input_length,
                                       std::size_t time_stride, std::span<const int> target,
                                       int blank = 0);

// CTC loss of a batch, reduced as PyTorch does. Errors (message "what requires allowed, got
// value"): T, N or C zero, log_probs.size() != T N C, blank outside [0, C), lengths spans
// not of size N, an input length outside [0, T], a negative target length, targets of the
// wrong size for the layout, a label outside [0, C) or equal to the blank (PyTorch leaves
// these unchecked on the CPU and reads out of bounds).
Result<ReducedLoss> ctc_loss(const CtcBatch& batch, CtcParams params = {});

} // namespace losslab
