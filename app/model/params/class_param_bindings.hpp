#pragma once
// Registry bindings for a per-class parameter array (model/params/class_params.hpp): one ParamBinding
// per element, each pointing at `(state.*Lab.*Values)[i]`.

#include "model/params/class_params.hpp"
#include "model/params/param_registry.hpp"

#include <utility>

namespace losslab::model {

namespace detail {
template <auto Lab, auto Values, std::size_t I> ParamRef class_element(AppState& state) {
    return &((state.*Lab).*Values)[I];
}

template <auto Lab, auto Values, const ClassParamSpec& Spec, std::size_t... I>
std::array<ParamBinding, kMaxClasses> class_bindings(LabId lab, std::string_view lab_key,
                                                     std::index_sequence<I...>) {
    const auto& specs = element_specs<Spec>();
    return {ParamBinding{lab, lab_key, &specs[I], &class_element<Lab, Values, I>}...};
}
} // namespace detail

// The bindings of every element of the array `state.*Lab.*Values` declared by `Spec`, in class
// order: e.g. class_param_bindings<&AppState::smoothing, &SmoothingLabState::logits, kLogits>.
template <auto Lab, auto Values, const ClassParamSpec& Spec>
std::array<ParamBinding, kMaxClasses> class_param_bindings(LabId lab, std::string_view lab_key) {
    return detail::class_bindings<Lab, Values, Spec>(lab, lab_key,
                                                     std::make_index_sequence<kMaxClasses>{});
}

} // namespace losslab::model
