// The "PyTorch losses" panel: the per-example losses above, the editable batch (logits and
// targets) coloured by the gradient below, presets and the criterion's options on the right.
// Every number comes from model::evaluate_pytorch_batch (the code of `losslab loss`).

#include "model/labs/lab_pytorch.hpp"
#include "plot/plot_layout.hpp"
#include "ui/figure_widget.hpp"
#include "ui/lab_panels.hpp"
#include "ui/layout_helpers.hpp"
#include "ui/param_widgets.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace losslab::ui {

namespace {

struct PytorchPanel {
    FigureCache<model::PytorchLabState> cache;
    std::string preset = "multiclass";
    bool copied = false;
};

// A diverging cell colour for a gradient value: orange above 0, blue below, alpha by size.
ImU32 gradient_colour(double g, double scale) {
    const float a = scale > 0.0 ? float(std::min(1.0, std::abs(g) / scale)) : 0.0f;
    return g >= 0.0 ? IM_COL32(213, 94, 0, int(30 + 170 * a)) : IM_COL32(0, 114, 178, int(30 + 170 * a));
}

std::string row_label(const model::PytorchLabState& s, int i) {
    return (s.pixels && s.criterion == 0 ? "pixel " : "example ") + std::to_string(i);
}

// The batch: one row per example, a drag per logit (Ctrl+click types), the target, the loss;
// each logit cell is tinted by d loss / d logit.
void batch_table(model::PytorchLabState& s, const model::PytorchBatchResult* r) {
    const int k = s.classes;
    const bool soft = s.criterion == 1 || s.target != 0;
    double scale = 0.0;
    if (r)
        for (double g : r->grad) scale = std::max(scale, std::abs(g));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Logits z (drag; Ctrl+click types). Tint: d loss / d z, orange > 0, "
                       "blue < 0");
    ImGui::PopStyleColor();
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchSame;
    if (ImGui::BeginTable("##pytorch-batch", k + 3, flags)) {
        ImGui::TableSetupColumn("row", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("example 00").x);
        for (int c = 0; c < k; ++c) ImGui::TableSetupColumn(fmt::format("z{}", c).c_str());
        ImGui::TableSetupColumn(soft ? "y" : "class yᵢ");
        ImGui::TableSetupColumn("loss ℓᵢ");
        ImGui::TableHeadersRow();
        for (int i = 0; i < s.rows; ++i) {
            ImGui::PushID(i);
            const bool ignored = r && r->ignored[std::size_t(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (ignored) ImGui::TextDisabled("%s", row_label(s, i).c_str());
            else ImGui::TextUnformatted(row_label(s, i).c_str());
            for (int c = 0; c < k; ++c) {
                ImGui::TableNextColumn();
                const std::size_t at = std::size_t(i * k + c);
                if (r) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, gradient_colour(r->grad[at], scale));
                ImGui::PushID(c);
                ImGui::SetNextItemWidth(-1);
                float v = float(s.logits[at]);
                if (ImGui::DragFloat("##z", &v, 0.02f, -30.0f, 30.0f, "%.2f")) s.logits[at] = v;
                if (r && ImGui::IsItemHovered())
                    ImGui::SetTooltip("d loss / d z = %s", plot::format_value(r->grad[at], 6).c_str());
                ImGui::PopID();
            }
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-1);
            if (soft) {
                std::string ys;
                for (int c = 0; c < k; ++c) {
                    if (c) ys += ' ';
                    ys += plot::format_value(s.soft[std::size_t(i * k + c)], 2);
                }
                ImGui::TextUnformatted(ys.c_str());
            } else {
                ImGui::DragInt("##y", &s.labels[std::size_t(i)], 0.1f, -100, k - 1);
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("Class index 0..%d, or ignore_index (%d) to ignore the row", k - 1,
                                      s.ignore_index);
            }
            ImGui::TableNextColumn();
            if (!r) ImGui::TextUnformatted("–");
            else if (ignored) ImGui::TextDisabled("0 (ignored)");
            else ImGui::TextUnformatted(plot::format_value(r->per_row[std::size_t(i)], 4).c_str());
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (!soft) return;
    ImGui::Spacing();
    ImGui::TextDisabled(s.target == 2 ? "Targets y (click to toggle a label)"
                                      : "Targets y (probabilities: drag, or Ctrl+click to type)");
    if (ImGui::BeginTable("##pytorch-targets", k + 1, flags)) {
        ImGui::TableSetupColumn("row", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("example 00").x);
        for (int c = 0; c < k; ++c) ImGui::TableSetupColumn(fmt::format("y{}", c).c_str());
        ImGui::TableHeadersRow();
        for (int i = 0; i < s.rows; ++i) {
            ImGui::PushID(1000 + i);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row_label(s, i).c_str());
            for (int c = 0; c < k; ++c) {
                ImGui::TableNextColumn();
                ImGui::PushID(c);
                double& y = s.soft[std::size_t(i * k + c)];
                if (s.target == 2) {
                    bool on = y >= 0.5;
                    if (ImGui::Checkbox("##y", &on)) y = on ? 1.0 : 0.0;
                } else {
                    ImGui::SetNextItemWidth(-1);
                    float v = float(y);
                    if (ImGui::DragFloat("##y", &v, 0.005f, 0.0f, 1.0f, "%.2f")) y = v;
                }
                ImGui::PopID();
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
}

void weights_editor(model::PytorchLabState& s) {
    if (!s.use_weight) return;
    ImGui::TextDisabled("weight[c]");
    for (int c = 0; c < s.classes; ++c) {
        ImGui::PushID(c);
        float w = float(s.weight[std::size_t(c)]);
        ImGui::SetNextItemWidth(-1);
        if (ImGui::DragFloat("##w", &w, 0.01f, 0.0f, 100.0f, ("w[" + std::to_string(c) + "] = %.2f").c_str()))
            s.weight[std::size_t(c)] = w;
        ImGui::PopID();
    }
}

} // namespace

void draw_pytorch_lab(model::AppState& state, UiContext& ui) {
    auto& panel = panel_data<PytorchPanel>(ui, "pytorch");
    model::PytorchLabState& s = state.pytorch;
    model::conform_batch(s);
    const auto result = model::evaluate_pytorch_batch(s);
    const model::PytorchBatchResult* r = result ? &result.value() : nullptr;
    if (panel.cache.stale(s))
        panel.cache.figures = {model::pytorch_losses_figure(s), model::logit_odds_chain_figure(s)};

    begin_plot_area(ui);
    const float h = ImGui::GetContentRegionAvail().y;
    plot_figure("pytorch-losses", panel.cache.figures[0], ImVec2(0, 0.42f * h), ui);
    ImGui::BeginChild("##pytorch-batch-area", ImVec2(0, 0), false);
    batch_table(s, r);
    ImGui::Spacing();
    if (ImGui::CollapsingHeader("Chain of z0 (row 0): odds, p, log p, NLL"))
        plot_figure("logit-odds-chain", panel.cache.figures[1], ImVec2(0, 340.0f * ui.dpi_scale), ui);
    ImGui::EndChild();
    end_plot_area();

    begin_controls(ui, "Batch and criterion");
    ImGui::TextDisabled("Presets (the notes' PyTorch examples)");
    const float right = ImGui::GetWindowContentRegionMax().x;
    bool first = true;
    for (const auto& p : model::pytorch_presets()) {
        const bool current = panel.preset == p.key;
        // Buttons flow left to right and wrap at the column's edge.
        const float w = ImGui::CalcTextSize(p.title.data(), p.title.data() + p.title.size()).x +
                        2 * ImGui::GetStyle().FramePadding.x;
        if (!first && ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w <
                          ImGui::GetWindowPos().x + right)
            ImGui::SameLine();
        first = false;
        if (current) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(std::string(p.title).c_str())) {
            s = model::pytorch_preset(p.key);
            panel.preset = std::string(p.key);
        }
        if (current) ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%.*s", int(p.note.size()), p.note.data());
    }
    for (const auto& p : model::pytorch_presets())
        if (panel.preset == p.key) ImGui::TextWrapped("%.*s", int(p.note.size()), p.note.data());
    ImGui::Separator();
    for (const char* key : {"pytorch.criterion", "pytorch.reduction", "pytorch.target", "pytorch.N",
                            "pytorch.K"})
        param_control(state, key);
    if (s.criterion == 0) {
        for (const char* key : {"pytorch.pixels", "pytorch.label_smoothing", "pytorch.ignore_index"})
            param_control(state, key);
    } else {
        param_control(state, "pytorch.pos_weight");
    }
    param_control(state, "pytorch.use_weight");
    weights_editor(s);
    ImGui::Separator();
    if (r) {
        ImGui::TextWrapped("%s", model::pytorch_reduction_text(s, *r).c_str());
        ImGui::Text("PyTorch prints: %s", plot::format_value(r->value, 8).c_str());
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(213, 94, 0, 255));
        ImGui::TextWrapped("PyTorch would refuse this batch: %s", result.error().message.c_str());
        ImGui::PopStyleColor();
    }
    if (ImGui::Button("Copy as PyTorch")) {
        ImGui::SetClipboardText(model::pytorch_snippet(s).c_str());
        panel.copied = true;
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("A Python script (torch, float64) that builds this batch and prints the "
                          "loss and its gradient");
    if (panel.copied) {
        ImGui::SameLine();
        ImGui::TextDisabled("copied");
    }
    ImGui::Spacing();
    ImGui::TextWrapped("The gradient with respect to the logits is q − y (softmax or sigmoid "
                       "minus target; (Σy)·q − y for a soft cross_entropy row), times w[yᵢ] / D "
                       "under the mean. Ignored rows get 0.");
    end_controls();
}

} // namespace losslab::ui
