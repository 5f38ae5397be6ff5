#pragma once
// Knowledge distillation with temperature (Hinton, Vinyals, Dean, "Distilling the Knowledge in
// a Neural Network", 2015): soft targets softmax(t / T) from teacher logits, and the student's
// loss at the same temperature multiplied by T^2 so its gradients keep their scale as T
// changes. Two forms, differing by the constant T^2 H(teacher): KL (Hinton; zero when the
// student matches) and CE (the cross-entropy with soft targets).

#include "losslab/result.hpp"

#include <cstddef>
#include <span>
#include <vector>

namespace losslab {

// softmax(teacher_logits / T) row by row (N rows of K). T > 0.
Result<std::vector<double>> soft_targets(std::span<const double> teacher_logits,
                                         std::size_t num_classes, double temperature);

// T^2 KL(softmax(t/T) || softmax(s/T)) averaged over rows: PyTorch's
// F.kl_div(F.log_softmax(s/T), F.softmax(t/T), reduction='batchmean') * T*T.
Result<double> distillation_kl(std::span<const double> student_logits,
                               std::span<const double> teacher_logits, std::size_t num_classes,
                               double temperature);

// T^2 H(softmax(t/T), softmax(s/T)) averaged over rows: PyTorch's
// F.cross_entropy(s/T, F.softmax(t/T)) * T*T. Equals distillation_kl + T^2 mean H(teacher).
Result<double> distillation_ce(std::span<const double> student_logits,
                               std::span<const double> teacher_logits, std::size_t num_classes,
                               double temperature);

} // namespace losslab
