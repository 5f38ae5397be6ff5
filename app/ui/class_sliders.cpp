#include "ui/class_sliders.hpp"

#include <imgui.h>

#include <string>

namespace losslab::ui {

int class_sliders(model::AppState& state, std::span<const model::ParamBinding* const> elements) {
    int changed = -1;
    const float label_width = ImGui::CalcTextSize("z₁₉ ").x + ImGui::GetStyle().ItemSpacing.x;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        const auto& param = *elements[i];
        const auto& spec = *param.spec;
        const std::string id = "##" + param.key();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(spec.label.data(), spec.label.data() + spec.label.size());
        ImGui::SameLine(label_width);
        ImGui::SetNextItemWidth(-1.0f);
        double value = model::get_param(state, param);
        if (ImGui::SliderScalar(id.c_str(), ImGuiDataType_Double, &value, &spec.min, &spec.max,
                                spec.format, ImGuiSliderFlags_AlwaysClamp) &&
            model::set_param(state, param, value).ok())
            changed = int(i);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%.*s\n(%s)", int(spec.help.size()), spec.help.data(),
                              param.key().c_str());
    }
    return changed;
}

} // namespace losslab::ui
