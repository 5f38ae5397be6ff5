#pragma once
// The state of the "Calibration" lab: plain data, defaults read from the parameter
// declarations (lab-specific declarations live here, shared ones in model/params/params.hpp).
//
// Two views share the state: "temperature" (a synthetic classifier whose over- or
// under-confidence is a knob, its reliability diagrams before and after temperature scaling)
// and "training" (a simulated run whose validation loss rises while its accuracy rises).

#include "model/params/params.hpp"

#include <array>
#include <string>
#include <string_view>

namespace losslab::model {

namespace params {

// The over/under-confidence knob of the synthetic classifier (logits = c · log p_true).
// First real parameter of the lab: what --bench-frames sweeps.
inline constexpr ParamSpec kCalibConfidence{
    .key = "confidence",
    .label = "c (confidence multiplier)",
    .help = "Logits are c · log p_true: c > 1 makes the classifier over-confident, c < 1 "
            "under-confident, c = 1 calibrated",
    .min = 0.2,
    .max = 5.0,
    .def = 2.5,
    .scale = ParamScale::Log,
    .format = "%.2f",
};

// Number of validation examples N of the synthetic classifier.
inline constexpr ParamSpec kCalibExamples{
    .key = "examples",
    .label = "N (validation examples)",
    .help = "Size of the synthetic validation set; small sets give noisy bins and ECE",
    .kind = ParamKind::Integer,
    .min = 100,
    .max = 10000,
    .def = 2000,
};

// Number of classes K of the synthetic classifier.
inline constexpr ParamSpec kCalibClasses{
    .key = "classes",
    .label = "K (classes)",
    .help = "Number of classes of the synthetic classifier",
    .kind = ParamKind::Integer,
    .min = 2,
    .max = 50,
    .def = 10,
};

// The seed of both simulations (synthetic classifier and training run).
inline constexpr ParamSpec kCalibSeed{
    .key = "seed",
    .label = "seed",
    .help = "Random seed of the synthetic data (equal seeds give equal data)",
    .kind = ParamKind::Integer,
    .min = 1,
    .max = 1000,
    .def = 1,
};

// The temperature T applied to the logits (softmax(z / T)); "Fit T" sets it to the NLL optimum.
inline constexpr ParamSpec kCalibTemperature{
    .key = "temperature",
    .label = "T (temperature)",
    .help = "Divides the logits before the softmax: T > 1 softens, T < 1 sharpens; the "
            "predicted class (so accuracy) never changes",
    .min = 0.05,
    .max = 10.0,
    .def = 1.0,
    .scale = ParamScale::Log,
    .format = "%.3f",
};

// Number of equal-width confidence bins M of the reliability diagram and ECE.
inline constexpr ParamSpec kCalibBins{
    .key = "bins",
    .label = "M (confidence bins)",
    .help = "Equal-width bins of [0, 1] for the reliability diagram and ECE (Guo et al. use 15)",
    .kind = ParamKind::Integer,
    .min = 2,
    .max = 30,
    .def = 15,
};

// The names of the lab's two views, in tab order.
inline constexpr std::array<std::string_view, 2> kCalibViewNames{"temperature", "training"};

// Which view the lab shows.
inline constexpr ParamSpec kCalibView{
    .key = "view",
    .label = "view",
    .help = "temperature: reliability and temperature scaling; training: validation loss "
            "rising while validation accuracy rises",
    .kind = ParamKind::Choice,
    .min = 0,
    .max = 1,
    .def = 0,
    .choices = kCalibViewNames,
};

// The epoch of the simulated run whose per-example losses are shown.
inline constexpr ParamSpec kCalibEpoch{
    .key = "epoch",
    .label = "epoch",
    .help = "Epoch of the simulated training run whose per-example validation losses are shown",
    .kind = ParamKind::Integer,
    .min = 1,
    .max = 40,
    .def = 30,
};

// Fraction of validation examples the simulated model confidently gets wrong.
inline constexpr ParamSpec kCalibStubborn{
    .key = "stubborn",
    .label = "confidently wrong fraction",
    .help = "Fraction of validation examples the model never learns and instead predicts a "
            "wrong class ever more confidently",
    .min = 0.0,
    .max = 0.2,
    .def = 0.06,
    .format = "%.3f",
};

// Growth per epoch of the simulated run's logit scale (its over-confidence).
inline constexpr ParamSpec kCalibGrowth{
    .key = "growth",
    .label = "logit scale growth per epoch",
    .help = "The logits scale as 1 + growth · epoch: the over-confidence that makes each "
            "confident mistake ever more expensive",
    .min = 0.0,
    .max = 1.0,
    .def = 0.35,
    .format = "%.2f",
};

// Focal gamma of the "your data" per-example loss view (what focal loss makes of the outputs).
inline constexpr ParamSpec kCalibDataGamma{
    .key = "data_gamma",
    .label = "γ (focal, per-example view)",
    .help = "Focusing parameter of the focal loss shown beside cross-entropy for your data",
    .min = 0.0,
    .max = 5.0,
    .def = 2.0,
    .format = "%.2f",
};

// Label smoothing eps of the "your data" per-example loss view.
inline constexpr ParamSpec kCalibDataEps{
    .key = "data_eps",
    .label = "ε (label smoothing, per-example view)",
    .help = "Label smoothing of the cross-entropy shown beside plain cross-entropy for your data",
    .min = 0.0,
    .max = 0.5,
    .def = 0.1,
    .format = "%.3f",
};

} // namespace params

struct CalibrationLabState {
    // Confidence multiplier c. Default params::kCalibConfidence.def (2.5, over-confident).
    double confidence = params::kCalibConfidence.def;
    // Validation examples N. Default params::kCalibExamples.def (2000).
    int examples = int(params::kCalibExamples.def);
    // Classes K. Default params::kCalibClasses.def (10).
    int classes = int(params::kCalibClasses.def);
    // Seed. Default params::kCalibSeed.def (1).
    int seed = int(params::kCalibSeed.def);
    // Temperature T. Default params::kCalibTemperature.def (1).
    double temperature = params::kCalibTemperature.def;
    // Confidence bins M. Default params::kCalibBins.def (15).
    int bins = int(params::kCalibBins.def);
    // View index into params::kCalibViewNames. Default 0 (temperature).
    int view = int(params::kCalibView.def);
    // Epoch of the training run shown. Default params::kCalibEpoch.def (30).
    int epoch = int(params::kCalibEpoch.def);
    // Confidently wrong fraction. Default params::kCalibStubborn.def (0.06).
    double stubborn = params::kCalibStubborn.def;
    // Logit scale growth. Default params::kCalibGrowth.def (0.35).
    double growth = params::kCalibGrowth.def;
    // Per-example view of your data: focal gamma and smoothing eps. Defaults 2 and 0.1.
    double data_gamma = params::kCalibDataGamma.def;
    double data_eps = params::kCalibDataEps.def;
    // Your data (path parameters, model/labs/lab_calibration_data.hpp): the logits file (.npy, or a
    // single .npz/.csv) and the labels .npy. Default empty: the synthetic classifier.
    std::string logits_path;
    std::string labels_path;
    bool operator==(const CalibrationLabState&) const = default;
};

} // namespace losslab::model
