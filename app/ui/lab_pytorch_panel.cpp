// The "PyTorch losses" panel: a tab bar (the `pytorch.view` parameter) over three views.
// Batch: the per-example losses above, the editable batch (logits and targets) coloured by the
// gradient below, presets and the criterion's options on the right; every number comes from
// model::evaluate_pytorch_batch (the code of `losslab loss`). Catalogue: the loss and gradient
// curves of any criterion of `losslab loss` (the CTC lattice for ctc_loss), with its options.
// Pipelines: LogSoftmax + NLLLoss and Sigmoid + BCELoss, fused and unfused, float32 and float64.

#include "model/labs/lab_pytorch.hpp"
#include "model/labs/lab_pytorch_catalogue.hpp"
#include "plot/plot_layout.hpp"
#include "ui/figure_widget.hpp"
#include "ui/lab_panels.hpp"
#include "ui/layout_helpers.hpp"
#include "ui/param_widgets.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace losslab::ui {

namespace {

struct PytorchPanel {
    FigureCache<model::PytorchLabState> cache;
    FigureCache<model::PytorchLabState> catalogue;
    FigureCache<model::PytorchLabState> pipelines;
    // The view last shown, and a view requested by the state (a session, --set) that the tab
    // bar has not shown yet; -1 when none.
    int shown = -1;
    int requested = -1;
    std::string preset = "multiclass";
    bool copied = false;
};

// A diverging cell colour for a gradient value: orange above 0, blue below, alpha by size.
ImU32 gradient_colour(double g, double scale) {
    const float a = scale > 0.0 ? float(std::min(1.0, std::abs(g) / scale)) : 0.0f;
    return g >= 0.0 ? IM_COL32(213, 94, 0, int(30 + 170 * a)) : IM_COL32(0, 114, 178, int(30 + 170 * a));
}

std::string row_label(const model::PytorchLabState& s, int i) {
    return (model::pytorch_pixel_rows(s) ? "pixel " : "example ") + std::to_string(i);
}

// The batch: one row per example, a drag per logit (Ctrl+click types), the target, the loss;
// each logit cell is tinted by d loss / d logit.
void batch_table(model::PytorchLabState& s, const model::PytorchBatchResult* r) {
    const int k = s.classes;
    const bool soft = !model::pytorch_class_index_targets(s);
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

void draw_batch_view(PytorchPanel& panel, model::AppState& state, UiContext& ui,
                     const model::PytorchBatchResult* r) {
    model::PytorchLabState& s = state.pytorch;
    if (panel.cache.stale(s))
        panel.cache.figures = {model::pytorch_losses_figure(s), model::logit_odds_chain_figure(s)};
    const float h = ImGui::GetContentRegionAvail().y;
    plot_figure("pytorch-losses", panel.cache.figures[0], ImVec2(0, 0.42f * h), ui);
    ImGui::BeginChild("##pytorch-batch-area", ImVec2(0, 0), false);
    batch_table(s, r);
    ImGui::Spacing();
    if (ImGui::CollapsingHeader("Chain of z0 (row 0): odds, p, log p, NLL"))
        plot_figure("logit-odds-chain", panel.cache.figures[1], ImVec2(0, 340.0f * ui.dpi_scale), ui);
    ImGui::EndChild();
}

std::string_view catalogue_criterion(const model::PytorchLabState& s) {
    const auto& names = model::params::kCatalogueCriteria;
    return names[std::size_t(std::clamp(s.catalogue, 0, int(names.size()) - 1))];
}

void draw_catalogue_view(PytorchPanel& panel, model::AppState& state, UiContext& ui) {
    const model::PytorchLabState& s = state.pytorch;
    if (panel.catalogue.stale(s))
        panel.catalogue.figures = {model::catalogue_figure(s, catalogue_criterion(s))};
    const auto& fig = panel.catalogue.figures[0];
    plot_figure(fig.name.c_str(), fig, ImVec2(0, 0), ui);
}

void draw_pipelines_view(PytorchPanel& panel, model::AppState& state, UiContext& ui) {
    const model::PytorchLabState& s = state.pytorch;
    if (panel.pipelines.stale(s))
        panel.pipelines.figures = {model::pipeline_cross_entropy_figure(s),
                                   model::pipeline_bce_figure(s)};
    const float h = ImGui::GetContentRegionAvail().y - ImGui::GetStyle().ItemSpacing.y;
    plot_figure("pipeline-cross-entropy", panel.pipelines.figures[0], ImVec2(0, 0.5f * h), ui);
    plot_figure("pipeline-bce", panel.pipelines.figures[1], ImVec2(0, 0), ui);
}

void draw_tabs(PytorchPanel& panel, model::AppState& state, UiContext& ui,
               const model::PytorchBatchResult* r) {
    int& view = state.pytorch.view;
    if (view != panel.shown) panel.requested = view;
    static constexpr std::array<const char*, 3> kTabs{"Batch", "Catalogue", "Pipelines"};
    int open = -1;
    if (ImGui::BeginTabBar("pytorch-views")) {
        for (int i = 0; i < int(kTabs.size()); ++i) {
            const ImGuiTabItemFlags flags =
                panel.requested == i ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
            if (ImGui::BeginTabItem(kTabs[std::size_t(i)], nullptr, flags)) {
                open = i;
                if (i == 0)
                    draw_batch_view(panel, state, ui, r);
                else if (i == 1)
                    draw_catalogue_view(panel, state, ui);
                else
                    draw_pipelines_view(panel, state, ui);
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
    // A requested view wins until the tab bar has shown it (ImGui applies SetSelected a frame
    // later); after that a click on a tab writes the view back into the state.
    if (panel.requested >= 0) {
        if (open == panel.requested) panel.requested = -1;
    } else if (open >= 0) {
        view = open;
    }
    panel.shown = view;
}

void catalogue_controls(model::AppState& state, const UiContext& ui) {
    section_heading(ui, "Catalogue");
    param_control(state, "pytorch.catalogue");
    const std::string_view c = catalogue_criterion(state.pytorch);
    for (std::string_view key : model::catalogue_option_keys(c))
        param_control(state, key);
    ImGui::Spacing();
    if (c == "ctc_loss") {
        ImGui::TextWrapped("Each cell is log αₜ(s): the log-probability of every alignment of "
                           "the first t + 1 frames that ends in state s of the target with "
                           "blanks around each label. The line with dots is the single most "
                           "probable alignment; the loss sums over all of them.");
        ImGui::TextWrapped("Shorten T below the target's length (plus one blank between "
                           "repeated labels): no alignment fits, the loss is inf, and "
                           "zero_infinity=True turns it (and its gradient) into 0.");
    } else {
        ImGui::TextWrapped("Solid: the loss; dashed: its derivative with respect to the "
                           "variable on the x axis. Every point is `losslab loss %.*s` on a "
                           "batch with one row per point (reduction='none').",
                           int(c.size()), c.data());
    }
}

void pipelines_controls(model::AppState& state, const UiContext& ui) {
    section_heading(ui, "Pipelines");
    param_control(state, "pytorch.pipeline_y");
    ImGui::TextWrapped("Fused: F.cross_entropy (log_softmax + nll_loss) and "
                       "F.binary_cross_entropy_with_logits work from the logits with the "
                       "log-sum-exp trick. Unfused: softmax or sigmoid first, then the log of a "
                       "probability that has already been rounded.");
    ImGui::TextWrapped("In float32 a probability within 2⁻²⁴ of 1 rounds to 1: past a margin "
                       "of 16.6 the loss is 0 (true value e^−m), and 1 − σ(z) is stuck at 2⁻²³ "
                       "(loss 15.9) before it becomes 0 and BCELoss clamps log 0 to −100. Below "
                       "m ≈ −103 softmax underflows to 0 and log 0 = −inf: the unfused loss is "
                       "inf. float64 moves the same walls to 36.7 and −745.");
    ImGui::TextWrapped("On the log axis a line that drops to the bottom edge is a loss of "
                       "exactly 0; one that rises to the top is inf.");
}

void batch_controls(PytorchPanel& panel, model::AppState& state, UiContext& /*ui*/,
                    const model::PytorchBatchResult* r, const std::string* error) {
    model::PytorchLabState& s = state.pytorch;
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
    for (const char* key : {"pytorch.criterion", "pytorch.reduction", "pytorch.N", "pytorch.K"})
        param_control(state, key);
    for (std::string_view key : model::pytorch_option_keys(s))
        param_control(state, key);
    if (s.criterion != 4) weights_editor(s);
    ImGui::Separator();
    if (r) {
        ImGui::TextWrapped("%s", model::pytorch_reduction_text(s, *r).c_str());
        ImGui::Text("PyTorch prints: %s", plot::format_value(r->value, 8).c_str());
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(213, 94, 0, 255));
        ImGui::TextWrapped("PyTorch would refuse this batch: %s", error->c_str());
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
                       "under the mean. Ignored rows get 0. For nll_loss and "
                       "binary_cross_entropy the logits pass through log_softmax or sigmoid "
                       "first; the tint is the gradient carried back to them.");
}

} // namespace

void draw_pytorch_lab(model::AppState& state, UiContext& ui) {
    auto& panel = panel_data<PytorchPanel>(ui, "pytorch");
    model::PytorchLabState& s = state.pytorch;
    model::conform_batch(s);
    const auto result = model::evaluate_pytorch_batch(s);
    const model::PytorchBatchResult* r = result ? &result.value() : nullptr;
    const std::string error = result ? std::string() : result.error().message;

    begin_plot_area(ui);
    draw_tabs(panel, state, ui, r);
    end_plot_area();

    begin_controls(ui, "PyTorch losses");
    switch (state.pytorch.view) {
    case 1:
        catalogue_controls(state, ui);
        break;
    case 2:
        pipelines_controls(state, ui);
        break;
    default:
        batch_controls(panel, state, ui, r, &error);
        break;
    }
    end_controls();
}

} // namespace losslab::ui
