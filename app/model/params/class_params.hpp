#pragma once
// Per-class parameter arrays (logits, probabilities): a fixed-size array in the lab state plus
// the number of classes in use, declared once as a ClassParamSpec from which one ParamSpec per
// element ("smoothing.logit_0" .. "smoothing.logit_19") is derived for the registry.

#include "model/params/param_spec.hpp"

#include <array>
#include <cstddef>
#include <string>

namespace losslab::model {

// The most classes a per-class editor offers (the class-count sliders stop here).
inline constexpr std::size_t kMaxClasses = 20;

// One value per class; only the first K (the lab's class count) are shown and used.
using ClassValues = std::array<double, kMaxClasses>;

// The one declaration of a per-class parameter array: the bounds and format shared by every
// element, and each element's default.
struct ClassParamSpec {
    // Element keys are "<key_prefix>_<i>": "logit" gives "logit_0".
    std::string_view key_prefix;
    // Element labels are "<label_prefix><subscript i>": "z" gives "z₀".
    std::string_view label_prefix;
    // Help shown on every element's slider.
    std::string_view help;
    // Smallest allowed element value. Default 0.
    double min = 0.0;
    // Largest allowed element value. Default 1.
    double max = 1.0;
    // Each element's default. Default all 0.
    ClassValues defaults = {};
    // printf format of the sliders. Default "%.3f".
    const char* format = "%.3f";
};

// "₁₉" for 19: the subscript digits of a class index, for labels.
inline std::string subscript_index(std::size_t i) {
    static constexpr const char* kDigits[10] = {"₀", "₁", "₂", "₃", "₄",
                                                "₅", "₆", "₇", "₈", "₉"};
    std::string out;
    for (char c : std::to_string(i)) out.append(kDigits[c - '0']);
    return out;
}

// The ParamSpec of every element of the array declared by `Spec`, built once (the key and label
// strings live as long as the program).
template <const ClassParamSpec& Spec> const std::array<ParamSpec, kMaxClasses>& element_specs() {
    struct Table {
        std::array<std::string, kMaxClasses> keys, labels;
        std::array<ParamSpec, kMaxClasses> specs;
    };
    // Filled in place: the specs' string_views point into this table's strings, which a
    // returned copy would leave behind (short strings live inside the std::string object).
    static Table t;
    static const bool built = [] {
        for (std::size_t i = 0; i < kMaxClasses; ++i) {
            // append() rather than operator+ chains: GCC 12 warns falsely (-Wrestrict) there.
            t.keys[i].append(Spec.key_prefix).append("_").append(std::to_string(i));
            t.labels[i].append(Spec.label_prefix).append(subscript_index(i));
        }
        for (std::size_t i = 0; i < kMaxClasses; ++i)
            t.specs[i] = ParamSpec{.key = t.keys[i],
                                   .label = t.labels[i],
                                   .help = Spec.help,
                                   .min = Spec.min,
                                   .max = Spec.max,
                                   .def = Spec.defaults[i],
                                   .format = Spec.format};
        return true;
    }();
    (void)built;
    return t.specs;
}

} // namespace losslab::model
