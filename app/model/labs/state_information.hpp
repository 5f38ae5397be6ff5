#pragma once
// The state of the "Information" lab: plain data, defaults read from the parameter
// declarations (lab-specific declarations live here, shared ones in model/params/params.hpp).

#include "model/params/class_params.hpp"
#include "model/params/params.hpp"

#include <array>
#include <string_view>

namespace losslab::model::params {

// Number of outcomes K of the two discrete distributions.
inline constexpr ParamSpec kInformationClasses{
    .key = "K",
    .label = "K (outcomes)",
    .help = "Number of outcomes of p and q",
    .kind = ParamKind::Integer,
    .min = 2.0,
    .max = 20.0,
    .def = 4.0,
    .format = "%.0f",
};

// The distribution p (the "true" or reference distribution). The first K entries are used and
// kept summing to 1 (editing one rescales the others).
inline constexpr ClassParamSpec kInformationP{
    .key_prefix = "p",
    .label_prefix = "p",
    .help = "Probability of this outcome under p; the other outcomes are rescaled to sum to 1",
    .min = 0.0,
    .max = 1.0,
    .defaults = {0.5, 0.25, 0.15, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05,
                 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05},
};

// The distribution q (the model). Same rules as p.
inline constexpr ClassParamSpec kInformationQ{
    .key_prefix = "q",
    .label_prefix = "q",
    .help = "Probability of this outcome under q; the other outcomes are rescaled to sum to 1",
    .min = 0.0,
    .max = 1.0,
    .defaults = {0.15, 0.35, 0.3, 0.2, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05,
                 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05},
};

// The fixed p of the binary (Bernoulli) curves against q. (The shared kKlReferenceP is the
// same quantity under the key "p", which here would read as the distribution p.)
inline constexpr ParamSpec kBinaryP{
    .key = "binary_p",
    .label = "p (binary, fixed)",
    .help = "Probability of outcome 1 under the reference Bernoulli p; the curves run over q",
    .min = 0.0,
    .max = 1.0,
    .def = 0.3,
};

// Standard deviation σ of the Gaussian whose NLL is compared with the MSE.
inline constexpr ParamSpec kGaussianSigma{
    .key = "sigma",
    .label = "σ (standard deviation)",
    .help = "σ of the Gaussian model; its NLL is 0.5·r²/σ² + log σ + 0.5·log 2π",
    .min = 0.2,
    .max = 5.0,
    .def = 1.0,
    .scale = ParamScale::Log,
    .format = "%.2f",
};

// The names of the lab's tabs.
inline constexpr std::array<std::string_view, 2> kInformationViewNames{"discrete", "continuous"};

// Which tab the lab shows.
inline constexpr ParamSpec kInformationView{
    .key = "view",
    .label = "view",
    .help = "discrete: p, q and their information quantities; continuous: binary curves and "
            "the Gaussian NLL against MSE",
    .kind = ParamKind::Choice,
    .min = 0.0,
    .max = 1.0,
    .def = 0.0,
    .choices = kInformationViewNames,
};

} // namespace losslab::model::params

namespace losslab::model {

struct InformationLabState {
    // The tab shown (index into kInformationViewNames). Default 0 (discrete).
    int view = int(params::kInformationView.def);
    // K. Default params::kInformationClasses.def (4).
    int num_classes = int(params::kInformationClasses.def);
    // p; the first num_classes entries, normalised, are the distribution. Default
    // kInformationP.defaults.
    ClassValues p = params::kInformationP.defaults;
    // q; as p. Default kInformationQ.defaults.
    ClassValues q = params::kInformationQ.defaults;
    // The fixed p of the binary curves H(p, q) against q. Default params::kBinaryP.def (0.3).
    double binary_p = params::kBinaryP.def;
    // σ of the Gaussian. Default 1.
    double sigma = params::kGaussianSigma.def;
    bool operator==(const InformationLabState&) const = default;
};

} // namespace losslab::model
