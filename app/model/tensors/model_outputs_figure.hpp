#pragma once
// The reliability diagram of a model's outputs, before and after temperature scaling, with
// the confidence histogram behind it: what `losslab calibrate --plot` writes. One builder
// in one file so that it moves with the figure types.

#include "plot/figure.hpp"
#include "model/tensors/model_outputs.hpp"

namespace losslab::model {

// Accuracy against mean confidence per bin at T = 1 and (when fitted) at T*, the diagonal,
// and the share of examples per bin (at T = 1) as bars. Named "calibration-model-outputs".
plot::Figure model_outputs_reliability_figure(const CalibrationReport& report);

} // namespace losslab::model
