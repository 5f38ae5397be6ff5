#include "ui/param_widgets.hpp"

#include <imgui.h>

#include <string>

namespace losslab::ui {

namespace {
bool edit_value(const model::ParamSpec& spec, const std::string& id, double& value) {
    switch (spec.kind) {
    case model::ParamKind::Toggle: {
        bool on = value != 0.0;
        const std::string label = std::string(spec.label) + "##" + id;
        if (!ImGui::Checkbox(label.c_str(), &on)) return false;
        value = on ? 1.0 : 0.0;
        return true;
    }
    case model::ParamKind::Choice: {
        int index = int(value);
        const auto current = index >= 0 && size_t(index) < spec.choices.size()
                                 ? std::string(spec.choices[size_t(index)])
                                 : std::string("?");
        bool changed = false;
        if (ImGui::BeginCombo(("##" + id).c_str(), current.c_str())) {
            for (size_t i = 0; i < spec.choices.size(); ++i) {
                const std::string name(spec.choices[i]);
                if (ImGui::Selectable(name.c_str(), int(i) == index)) {
                    value = double(i);
                    changed = true;
                }
            }
            ImGui::EndCombo();
        }
        return changed;
    }
    case model::ParamKind::Integer: {
        int v = int(value), lo = int(spec.min), hi = int(spec.max);
        ImGuiSliderFlags flags = ImGuiSliderFlags_AlwaysClamp;
        if (spec.scale == model::ParamScale::Log) flags |= ImGuiSliderFlags_Logarithmic;
        if (!ImGui::SliderInt(("##" + id).c_str(), &v, lo, hi, "%d", flags))
            return false;
        value = v;
        return true;
    }
    case model::ParamKind::Real: break;
    }
    ImGuiSliderFlags flags = ImGuiSliderFlags_AlwaysClamp;
    if (spec.scale == model::ParamScale::Log) flags |= ImGuiSliderFlags_Logarithmic;
    return ImGui::SliderScalar(("##" + id).c_str(), ImGuiDataType_Double, &value, &spec.min,
                               &spec.max, spec.format, flags);
}
} // namespace

bool param_control(model::AppState& state, const model::ParamBinding& param) {
    const model::ParamSpec& spec = *param.spec;
    const std::string id = param.key();
    if (spec.kind != model::ParamKind::Toggle) ImGui::TextUnformatted(spec.label.data(), spec.label.data() + spec.label.size());
    if (ImGui::IsItemHovered() && !spec.help.empty())
        ImGui::SetTooltip("%.*s", int(spec.help.size()), spec.help.data());
    ImGui::SetNextItemWidth(-1.0f);
    double value = model::get_param(state, param);
    const bool changed = edit_value(spec, id, value);
    if (ImGui::IsItemHovered() && !spec.help.empty())
        ImGui::SetTooltip("%.*s\n(%s)", int(spec.help.size()), spec.help.data(), id.c_str());
    return changed && model::set_param(state, param, value).ok();
}

bool lab_param_controls(model::AppState& state, model::LabId lab) {
    bool changed = false;
    for (const auto* p : model::lab_params(lab)) changed |= param_control(state, *p);
    return changed;
}

} // namespace losslab::ui
