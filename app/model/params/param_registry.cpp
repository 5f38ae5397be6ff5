#include "model/params/param_registry.hpp"

#include "model/persist/json_reader.hpp"

#include "model/labs/labs.hpp"
#include "model/labs/lab_calibration_data.hpp"

#include <vector>

namespace losslab::model {

namespace {

// Every lab's bindings, concatenated once (an immutable table built on first use).
const std::vector<ParamBinding>& all_params() {
    static const std::vector<ParamBinding> all = [] {
        std::vector<ParamBinding> v;
        for (const auto& lab : lab_catalogue()) {
            auto params = lab.params();
            v.insert(v.end(), params.begin(), params.end());
        }
        return v;
    }();
    return all;
}

std::string known_keys() {
    std::string s;
    for (const auto& p : all_params()) s += (s.empty() ? "" : ", ") + p.key();
    for (const auto& p : path_params()) {
        s += ", ";
        s += p.full_key();
    }
    return s;
}

} // namespace

std::string ParamBinding::key() const { return std::string(lab_key) + "." + std::string(spec->key); }

std::span<const ParamBinding> param_registry() { return all_params(); }

std::vector<const ParamBinding*> lab_params(LabId lab) {
    std::vector<const ParamBinding*> out;
    for (const auto& p : all_params())
        if (p.lab == lab) out.push_back(&p);
    return out;
}

const ParamBinding* find_param(std::string_view key) {
    // Compared piecewise ("lab" "." "key"): panels look parameters up every frame, and
    // building each binding's key string would allocate hundreds of strings per lookup.
    for (const auto& p : all_params()) {
        const std::string_view lab = p.lab_key, name = p.spec->key;
        if (key.size() == lab.size() + 1 + name.size() && key.substr(0, lab.size()) == lab &&
            key[lab.size()] == '.' && key.substr(lab.size() + 1) == name)
            return &p;
    }
    return nullptr;
}

double get_param(const AppState& state, const ParamBinding& param) {
    // The binding needs a mutable state to hand out a field pointer; reading through it is safe.
    const ParamRef ref = param.field(const_cast<AppState&>(state));
    return std::visit([](auto* v) { return double(*v); }, ref);
}

Status set_param(AppState& state, const ParamBinding& param, double value) {
    if (auto ok = validate_param(*param.spec, param.key(), value); !ok) return ok;
    std::visit(
        [value](auto* v) {
            using T = std::remove_pointer_t<decltype(v)>;
            if constexpr (std::is_same_v<T, bool>) *v = value != 0.0;
            else *v = T(value);
        },
        param.field(state));
    return Ok{};
}

Status apply_assignment(AppState& state, std::string_view assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string_view::npos || eq == 0)
        return make_error("--set", "key=value (for example loss.gamma=2)",
                          quote(shorten(assignment)));
    const auto key = assignment.substr(0, eq);
    if (const auto* path = find_path_param(key))
        return set_path_param(state, *path, assignment.substr(eq + 1));
    const auto* param = find_param(key);
    if (!param)
        return make_error("--set", "a known parameter key (" + known_keys() + ")",
                          quote(shorten(key)));
    auto value = parse_param(*param->spec, param->key(), assignment.substr(eq + 1));
    if (!value) return value.error();
    return set_param(state, *param, value.value());
}

AppState default_app_state() {
    AppState state;
    for (const auto& p : all_params()) (void)set_param(state, p, p.spec->def);
    return state;
}

} // namespace losslab::model
