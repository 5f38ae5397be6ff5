#include "ui/param_widgets.hpp"

#include "losslab/assert.hpp"

#include "ui/animation.hpp"
#include "ui/export_dialog.hpp"

#include <imgui.h>

#include <cstdio>
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
// The ▶ button beside a real slider and its popup (from, to, seconds, loop). The UI context
// comes from ImGui's io.UserData (set by draw_app), so the widget keeps its two-argument API;
// without it (headless tests that skip draw_app) no button is drawn.
void sweep_button(const model::ParamBinding& param, const std::string& id) {
    auto* ui = static_cast<UiContext*>(ImGui::GetIO().UserData);
    if (!ui) return;
    const model::ParamSpec& spec = *param.spec;
    auto& drafts = animations(*ui).drafts;
    auto draft = drafts.find(id);
    if (draft == drafts.end())
        draft = drafts.emplace(id, model::ParamSweep{id, spec.min, spec.max, 5.0, true}).first;
    ImGui::SameLine(0.0f, ImGui::GetStyle().ItemInnerSpacing.x);
    const bool running = sweep_running(*ui, id);
    const std::string button = std::string(running ? "■" : "▶") + "##sweep-" + id;
    if (ImGui::Button(button.c_str(), ImVec2(ImGui::GetFrameHeight(), 0))) {
        if (running) stop_sweep(*ui, id);
        else ImGui::OpenPopup(("##sweep-popup-" + id).c_str());
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(running ? "Stop the animation" : "Animate: sweep between two values");
    if (!ImGui::BeginPopup(("##sweep-popup-" + id).c_str())) return;
    auto& sw = draft->second;
    ImGui::Text("Animate %.*s", int(spec.label.size()), spec.label.data());
    ImGui::SetNextItemWidth(220.0f * ui->dpi_scale);
    ImGui::SliderScalar("from", ImGuiDataType_Double, &sw.from, &spec.min, &spec.max, spec.format,
                        ImGuiSliderFlags_AlwaysClamp);
    ImGui::SetNextItemWidth(220.0f * ui->dpi_scale);
    ImGui::SliderScalar("to", ImGuiDataType_Double, &sw.to, &spec.min, &spec.max, spec.format,
                        ImGuiSliderFlags_AlwaysClamp);
    const double min_s = 0.5, max_s = 60.0;
    ImGui::SetNextItemWidth(220.0f * ui->dpi_scale);
    ImGui::SliderScalar("seconds", ImGuiDataType_Double, &sw.seconds, &min_s, &max_s, "%.1f s",
                        ImGuiSliderFlags_AlwaysClamp);
    ImGui::Checkbox("loop (back and forth)", &sw.loop);
    if (ImGui::Button("Play")) {
        start_sweep(*ui, sw);
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    // The same sweep written to a file (GIF, WebP or MP4) of the plot last pointed at.
    if (ImGui::Button("Export animation...")) {
        open_animation_export_dialog(*ui, last_hovered_figure(*ui), sw);
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

} // namespace

bool param_control(model::AppState& state, const model::ParamBinding& param, bool label_inline) {
    const model::ParamSpec& spec = *param.spec;
    const std::string id = param.key();
    if (spec.kind != model::ParamKind::Toggle) {
        if (label_inline) ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(spec.label.data(), spec.label.data() + spec.label.size());
        if (ImGui::IsItemHovered() && !spec.help.empty())
            ImGui::SetTooltip("%.*s", int(spec.help.size()), spec.help.data());
        if (label_inline) ImGui::SameLine();
    }
    const bool animatable =
        spec.kind == model::ParamKind::Real && ImGui::GetIO().UserData != nullptr;
    ImGui::SetNextItemWidth(animatable ? -(ImGui::GetFrameHeight() +
                                           ImGui::GetStyle().ItemInnerSpacing.x)
                                       : -1.0f);
    double value = model::get_param(state, param);
    const bool changed = edit_value(spec, id, value);
    if (ImGui::IsItemHovered() && !spec.help.empty())
        ImGui::SetTooltip("%.*s\n(%s)", int(spec.help.size()), spec.help.data(), id.c_str());
    // Grabbing a slider that is being animated hands it back to the user.
    if (animatable && ImGui::IsItemActive())
        stop_sweep(*static_cast<UiContext*>(ImGui::GetIO().UserData), id);
    if (animatable) sweep_button(param, id);
    return changed && model::set_param(state, param, value).ok();
}

const model::ParamBinding& registered_param(std::string_view key) {
    const auto* p = model::find_param(key);
    LOSSLAB_ASSERT(p != nullptr, "a panel names a registered parameter key");
    return *p;
}

bool param_control(model::AppState& state, std::string_view key) {
    return param_control(state, registered_param(key));
}

bool lab_param_controls(model::AppState& state, model::LabId lab) {
    bool changed = false;
    for (const auto* p : model::lab_params(lab)) changed |= param_control(state, *p);
    return changed;
}

} // namespace losslab::ui
