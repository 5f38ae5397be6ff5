#pragma once
// The state of the "Label smoothing" lab: plain data, defaults read from the parameter
// declarations (lab-specific declarations live here, shared ones in model/params/params.hpp).

#include "model/params/class_params.hpp"
#include "model/params/params.hpp"


namespace losslab::model::params {

// Number of classes K of the smoothing lab's bars and logits editor (the shared kNumClasses
// reaches 1000 for curves; one bar and one slider per class needs a small K).
inline constexpr ParamSpec kSmoothingClasses{
    .key = "K",
    .label = "K (classes)",
    .help = "Number of classes; the kl-pad form needs K ≥ 3 (its last class is the padding)",
    .kind = ParamKind::Integer,
    .min = 2.0,
    .max = 20.0,
    .def = 5.0,
    .format = "%.0f",
};

// The names of the lab's tabs.
inline constexpr std::array<std::string_view, 4> kSmoothingViewNames{"targets", "editor",
                                                                     "distillation", "calibration"};

// Which tab the lab shows: targets and loss, the logits editor, distillation, or smoothing
// and calibration together.
inline constexpr ParamSpec kSmoothingView{
    .key = "view",
    .label = "view",
    .help = "targets: the three conventions and the loss; editor: logits against the target; "
            "distillation: soft targets and temperature; calibration: smoothing against "
            "over-confidence, and what a smoothed teacher passes on",
    .kind = ParamKind::Choice,
    .min = 0.0,
    .max = 3.0,
    .def = 0.0,
    .choices = kSmoothingViewNames,
};

// Softmax temperature of the logits editor: q = softmax(z / T).
inline constexpr ParamSpec kSmoothingTemperature{
    .key = "temperature",
    .label = "T (softmax temperature)",
    .help = "Predicted q = softmax(z / T): T > 1 flattens q, T < 1 sharpens it",
    .min = 0.1,
    .max = 10.0,
    .def = 1.0,
    .scale = ParamScale::Log,
    .format = "%.2f",
};

// The student's logits z (logits editor and distillation); class 1 is the true class.
inline constexpr ClassParamSpec kSmoothingLogits{
    .key_prefix = "logit",
    .label_prefix = "z",
    .help = "Logit of this class (class 1 is the true class); q = softmax(z / T)",
    .min = -10.0,
    .max = 10.0,
    .defaults = {1.0, 2.5, 0.3, -0.5, -1.0, -1.5, -2.0, -2.5, -3.0, -3.5,
                 -4.0, -4.5, -5.0, -5.5, -6.0, -6.5, -7.0, -7.5, -8.0, -8.5},
    .format = "%.2f",
};

// Distillation temperature T: soft targets softmax(t / T), loss scaled by T².
inline constexpr ParamSpec kDistillTemperature{
    .key = "distill_t",
    .label = "T (distillation temperature)",
    .help = "Soft targets softmax(t / T) of the teacher; the student's loss is multiplied by T²",
    .min = 0.5,
    .max = 20.0,
    .def = 4.0,
    .scale = ParamScale::Log,
    .format = "%.2f",
};

// The teacher's logits t for distillation.
inline constexpr ClassParamSpec kTeacherLogits{
    .key_prefix = "teacher",
    .label_prefix = "t",
    .help = "Teacher logit of this class; soft targets are softmax(t / T)",
    .min = -10.0,
    .max = 10.0,
    .defaults = {5.0, 3.0, 1.5, 0.0, -1.0, -2.0, -2.5, -3.0, -3.5, -4.0,
                 -4.5, -5.0, -5.5, -6.0, -6.5, -7.0, -7.5, -8.0, -8.5, -9.0},
    .format = "%.2f",
};

} // namespace losslab::model::params

namespace losslab::model {

struct SmoothingLabState {
    // The tab shown (index into kSmoothingViewNames). Default 0 (targets).
    int view = int(params::kSmoothingView.def);
    // ε. Default params::kSmoothingEps.def (0.1).
    double eps = params::kSmoothingEps.def;
    // K. Default params::kSmoothingClasses.def (5).
    int num_classes = int(params::kSmoothingClasses.def);
    // Index into kSmoothingConventionNames. Default 0 (uniform).
    int convention = int(params::kSmoothingConvention.def);
    // Softmax temperature of the logits editor. Default 1.
    double temperature = params::kSmoothingTemperature.def;
    // Student logits; the first num_classes are used. Default kSmoothingLogits.defaults.
    ClassValues logits = params::kSmoothingLogits.defaults;
    // Distillation temperature. Default 4.
    double distill_t = params::kDistillTemperature.def;
    // Teacher logits; the first num_classes are used. Default kTeacherLogits.defaults.
    ClassValues teacher = params::kTeacherLogits.defaults;
    bool operator==(const SmoothingLabState&) const = default;
};

} // namespace losslab::model
