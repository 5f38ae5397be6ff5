#include "ui/lab_calibration_data_panel.hpp"

#include "model/io/file_io.hpp"
#include "model/labs/lab_calibration_data.hpp"
#include "plot/plot_layout.hpp"
#include "ui/figure_widget.hpp"
#include "ui/file_dialog.hpp"
#include "ui/layout_helpers.hpp"
#include "ui/param_widgets.hpp"

#include <imgui.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>
#include <thread>

namespace losslab::ui {

namespace fs = std::filesystem;

namespace {

// The per-example loss view computed off the UI thread (sorting N losses three times).
struct LossViewJob {
    std::jthread worker;
    std::atomic<bool> done{false};
    model::ExampleLossView result;
    double gamma = -1.0, eps = -1.0;
    const model::CalibrationData* for_data = nullptr;
};

// What the panel keeps between frames (held through shared_ptr: std::any needs copies).
struct DataPanel {
    std::unique_ptr<model::CalibrationDataJob> job;
    // The paths and bin count of the running load, and of the data shown.
    std::optional<std::tuple<std::string, std::string, int>> loading;
    std::optional<std::tuple<std::string, std::string, int>> loaded_key;
    std::shared_ptr<model::CalibrationData> data;
    // The job running re-scores `data` at the slider's T (not a new load); a T whose
    // re-scoring failed is not retried.
    bool rescoring = false;
    double failed_t = -1.0;
    std::string error;
    std::vector<plot::Figure> reliability;
    std::optional<plot::Figure> sorted_fig, hist_fig;
    std::unique_ptr<LossViewJob> loss_job;
    model::ExampleLossView view;
    std::vector<model::ExampleRow> worst;
    int worst_k = 50;
    int tab = 0;
    int selected_bin = -1;
    std::vector<model::ExampleRow> members;
    std::size_t members_total = 0;
    FileDialog csv_dialog;
    std::string csv_message;
};

struct DataPanelHandle {
    std::shared_ptr<DataPanel> p = std::make_shared<DataPanel>();
};

DataPanel& data_panel(UiContext& ui) { return *panel_data<DataPanelHandle>(ui, "calibration-data").p; }

// File > Load model outputs… : a first pick, then (after a logits .npy) the labels.
struct OutputsDialog {
    FileDialog dialog;
    std::string first; // the logits .npy waiting for its labels
};

struct OutputsDialogHandle {
    std::shared_ptr<OutputsDialog> p = std::make_shared<OutputsDialog>();
};

OutputsDialog& outputs_dialog(UiContext& ui) {
    return *panel_data<OutputsDialogHandle>(ui, "model-outputs-dialog").p;
}

std::string lower_ext(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    for (auto& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

void start_loss_view(DataPanel& p, const model::AppState& state, UiContext& ui) {
    if (p.loss_job && p.loss_job->worker.joinable()) {
        p.loss_job->worker.join();
    }
    auto job = std::make_unique<LossViewJob>();
    job->gamma = state.calibration.data_gamma;
    job->eps = state.calibration.data_eps;
    job->for_data = p.data.get();
    auto* raw = job.get();
    auto data = p.data;
    auto wake = ui.request_frame;
    raw->worker = std::jthread([raw, data, wake] {
        raw->result = model::example_loss_view(data->table, raw->gamma, raw->eps);
        raw->done = true;
        if (wake) wake();
    });
    p.loss_job = std::move(job);
}

// Takes a finished load (or refusal) and the per-example view.
void poll_jobs(model::AppState& state, UiContext& ui, DataPanel& p) {
    if (p.job) {
        if (auto outcome = p.job->poll()) {
            const bool rescored = std::exchange(p.rescoring, false);
            auto* data = std::get_if<std::shared_ptr<model::CalibrationData>>(&*outcome);
            if (rescored && !data) {
                // The data stay at their temperature; the message says why.
                p.failed_t = state.calibration.temperature;
                if (std::get<std::string>(*outcome) != "cancelled")
                    p.error = std::get<std::string>(*outcome);
            } else if (data) {
                p.data = *data;
                if (!rescored) p.loaded_key = p.loading;
                p.error.clear();
                p.reliability = model::data_reliability_figures(*p.data);
                p.worst = model::worst_examples(p.data->table, std::size_t(p.worst_k));
                p.selected_bin = -1;
                p.members.clear();
                p.sorted_fig.reset();
                p.hist_fig.reset();
                start_loss_view(p, state, ui);
            } else {
                // Refused or cancelled: the lab keeps its previous data (and paths).
                p.error = std::get<std::string>(*outcome);
                ui.notices.push_back(p.error);
                if (p.loaded_key) {
                    state.calibration.logits_path = std::get<0>(*p.loaded_key);
                    state.calibration.labels_path = std::get<1>(*p.loaded_key);
                } else {
                    state.calibration.logits_path.clear();
                    state.calibration.labels_path.clear();
                }
            }
            if (!rescored) p.loading.reset();
        }
    }
    if (p.loss_job && p.loss_job->done.load() && p.loss_job->for_data != p.data.get()) {
        p.loss_job.reset(); // for data replaced since (joins its finished thread)
    } else if (p.loss_job && p.loss_job->done.load()) {
        p.loss_job->worker.join();
        p.view = std::move(p.loss_job->result);
        p.sorted_fig = model::sorted_losses_figure(p.view, p.data->table.size());
        p.hist_fig = model::loss_histogram_figure(p.view);
        p.loss_job.reset();
    }
}

void start_load_if_needed(model::AppState& state, UiContext& ui, DataPanel& p) {
    const auto& s = state.calibration;
    const auto key = std::make_tuple(s.logits_path, s.labels_path, s.bins);
    if (s.logits_path.empty() || p.loading == key) return;
    if (p.loaded_key == key) {
        // Loaded: the slider's T re-scores the data off this thread, one job at a time (a T
        // moved meanwhile starts the next when this one ends).
        if (p.data && p.data->scalable() && s.temperature != p.data->temperature &&
            s.temperature != p.failed_t && !(p.job && p.job->running())) {
            p.job->start_rescore(p.data, s.temperature);
            p.rescoring = true;
        }
        return;
    }
    auto source = model::data_source(s);
    if (!source) return;
    if (!p.job) p.job = std::make_unique<model::CalibrationDataJob>(ui.request_frame);
    model::CalibrationRequest request;
    request.num_bins = s.bins;
    p.job->start(*source, request, s.temperature);
    p.rescoring = false;
    p.failed_t = -1.0;
    p.loading = key;
}

void section(const UiContext& ui, const char* title) {
    ImGui::Spacing();
    if (ui.fonts.heading) ImGui::PushFont(ui.fonts.heading);
    ImGui::TextUnformatted(title);
    if (ui.fonts.heading) ImGui::PopFont();
}

std::string percent(double f) { return fmt::format("{:.1f}%", 100.0 * f); }

void error_text(const std::string& message) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(213, 94, 0, 255));
    ImGui::TextWrapped("%s", message.c_str());
    ImGui::PopStyleColor();
}

void rows_table(const char* id, const std::vector<model::ExampleRow>& rows, float height) {
    constexpr ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                      ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchSame;
    if (!ImGui::BeginTable(id, 5, flags, ImVec2(0.0f, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* h : {"index", "label", "pred.", "conf.", "loss"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(int(rows.size()));
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const auto& r = rows[std::size_t(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%zu", r.index);
            ImGui::TableNextColumn();
            ImGui::Text("%d", r.label);
            ImGui::TableNextColumn();
            ImGui::Text("%d", r.predicted);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(plot::format_value(r.confidence).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(plot::format_value(r.loss).c_str());
        }
    ImGui::EndTable();
}

void metrics_table(const model::CalibrationData& d) {
    const auto& r = d.report;
    constexpr ImGuiTableFlags flags =
        ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchSame;
    if (!ImGui::BeginTable("##data-metrics", 3, flags)) return;
    const ClassifierMetrics& a = d.at_t;
    const bool fitted = r.fit && r.after_temperature == d.temperature;
    ImGui::TableSetupColumn("");
    ImGui::TableSetupColumn("T = 1");
    const std::string t =
        fmt::format("{} = {}", fitted ? "T*" : "T", plot::format_value(d.temperature));
    ImGui::TableSetupColumn(t.c_str());
    ImGui::TableHeadersRow();
    auto row = [](const char* name, const std::string& x, const std::string& y) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(name);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(x.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(y.c_str());
    };
    auto num = [](double v) { return std::isfinite(v) ? plot::format_value(v) : std::string("—"); };
    row("NLL", num(r.before.nll), num(a.nll));
    row("ECE", num(r.before.ece), num(a.ece));
    row("MCE", num(r.before.mce), num(a.mce));
    row("Brier", num(r.before.brier), num(a.brier));
    row("accuracy", percent(r.before.accuracy), percent(a.accuracy));
    row("mean conf.", percent(r.before.mean_confidence), percent(a.mean_confidence));
    ImGui::EndTable();
}

void loading_controls(DataPanel& p) {
    if (!p.job || !p.job->running()) return;
    if (p.rescoring) return; // shown under the temperature slider
    ImGui::TextWrapped("Loading and scoring your model's outputs…");
    ImGui::ProgressBar(float(p.job->progress()), ImVec2(-1.0f, 0.0f));
    if (ImGui::Button("Cancel", ImVec2(-1.0f, 0.0f))) p.job->cancel();
}

void source_controls(model::AppState& state, UiContext& ui, DataPanel& p) {
    section(ui, "Your data");
    if (p.data) {
        ImGui::TextWrapped("%s", p.data->name.c_str());
        ImGui::Text("N = %zu, K = %zu", p.data->table.size(), p.data->table.classes);
    }
    if (ImGui::Button("Load model outputs…", ImVec2(-1.0f, 0.0f))) open_model_outputs_dialog(ui);
    if (ImGui::Button("Back to the synthetic classifier", ImVec2(-1.0f, 0.0f))) {
        if (p.job) p.job->cancel();
        state.calibration.logits_path.clear();
        state.calibration.labels_path.clear();
    }
    loading_controls(p);
    if (!p.error.empty()) error_text(p.error);
}

void draw_reliability_tab(model::AppState& state, UiContext& ui, DataPanel& p) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float w = 0.5f * (avail.x - gap);
    const float top = 0.64f * avail.y;
    const float bottom = avail.y - top - ImGui::GetStyle().ItemSpacing.y;
    const auto& figs = p.reliability;
    // The per-example table is at the shown T: clicking its diagram lists a bin's examples.
    auto clicked = [&](const plot::imgui::PlotOutcome& o) {
        if (!o.clicked || !p.data) return;
        const int m = int(p.data->at_t.bins.size());
        if (m < 1) return;
        p.selected_bin = model::confidence_bin(std::clamp(o.mouse_x, 0.0, 1.0), m);
        p.members = model::bin_members(p.data->table, m, p.selected_bin, 5000, &p.members_total);
    };
    plot_figure("data-reliability-before", figs[0], ImVec2(w, top), ui);
    ImGui::SameLine();
    clicked(plot_figure("data-reliability-after", figs[1], ImVec2(w, top), ui));
    plot_figure("data-confidence-before", figs[2], ImVec2(w, bottom), ui);
    ImGui::SameLine();
    plot_figure("data-confidence-after", figs[3], ImVec2(w, bottom), ui);
    end_plot_area();

    begin_controls(ui, "Parameters");
    source_controls(state, ui, p);
    section(ui, "Temperature scaling");
    const auto& r = p.data->report;
    if (p.data->scalable()) param_control(state, "calibration.temperature");
    if (p.rescoring && p.job && p.job->running()) {
        ImGui::ProgressBar(
            float(p.job->progress()), ImVec2(-1.0f, 0.0f),
            fmt::format("scoring at T = {}", plot::format_value(state.calibration.temperature))
                .c_str());
    }
    if (r.fit) {
        if (ImGui::Button("Fit T (minimise NLL)", ImVec2(-1.0f, 0.0f)))
            (void)model::set_param(state, registered_param("calibration.temperature"),
                                   std::clamp(r.fit->temperature, 0.05, 10.0));
        ImGui::TextDisabled("fitted T* = %s (%d steps)",
                            plot::format_value(r.fit->temperature).c_str(), r.fit->iterations);
    } else if (!r.fit_error.empty()) {
        error_text("No temperature fit: " + r.fit_error);
    }
    metrics_table(*p.data);
    param_control(state, "calibration.bins");
    section(ui, "Examples in a bin");
    if (p.selected_bin < 0) {
        ImGui::TextWrapped("Click the reliability diagram at T = %s to list the examples of "
                           "that confidence bin.",
                           plot::format_value(p.data->temperature).c_str());
    } else {
        const auto& b = p.data->at_t.bins[std::size_t(p.selected_bin)];
        ImGui::TextWrapped("Bin %d (%s, %s]: %zu examples%s", p.selected_bin + 1,
                           plot::format_value(b.lower).c_str(), plot::format_value(b.upper).c_str(),
                           p.members_total,
                           p.members_total > p.members.size() ? " (first 5000 listed)" : "");
        rows_table("##bin-members", p.members, 12.0f * ImGui::GetTextLineHeightWithSpacing());
    }
    end_controls();
}

void draw_losses_tab(model::AppState& state, UiContext& ui, DataPanel& p) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float h = 0.5f * (avail.y - ImGui::GetStyle().ItemSpacing.y);
    if (!p.data->table.has_losses()) {
        ImGui::TextWrapped("A true_label,pred_label,confidence table has no per-class scores: "
                           "per-example losses need logits or probabilities.");
    } else if (p.sorted_fig && p.hist_fig) {
        plot_figure("data-sorted-losses", *p.sorted_fig, ImVec2(avail.x, h), ui);
        plot_figure("data-loss-histogram", *p.hist_fig, ImVec2(avail.x, h), ui);
    } else {
        ImGui::TextUnformatted("Computing the per-example losses…");
    }
    end_plot_area();

    begin_controls(ui, "Parameters");
    source_controls(state, ui, p);
    section(ui, "What other losses make of it");
    param_control(state, "calibration.data_gamma");
    param_control(state, "calibration.data_eps");
    if (!p.view.losses.empty()) {
        constexpr ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg;
        if (ImGui::BeginTable("##loss-shares", 4, flags)) {
            for (const char* h : {"loss", "mean", "worst 1%", "worst 5%"})
                ImGui::TableSetupColumn(h);
            ImGui::TableHeadersRow();
            const char* names[] = {"CE", "focal", "smoothed"};
            for (std::size_t i = 0; i < p.view.losses.size(); ++i) {
                const auto& s = p.view.losses[i];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(names[i]);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(plot::format_value(s.mean).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(percent(s.worst1_share).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(percent(s.worst5_share).c_str());
            }
            ImGui::EndTable();
        }
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("share of the total loss carried by the worst examples");
        ImGui::PopTextWrapPos();
    }
    section(ui, "Worst examples");
    ImGui::TextDisabled("largest cross-entropy first");
    if (ImGui::SliderInt("k", &p.worst_k, 5, 1000, "%d", ImGuiSliderFlags_AlwaysClamp))
        p.worst = model::worst_examples(p.data->table, std::size_t(p.worst_k));
    if (ImGui::Button("Export worst-k as CSV…", ImVec2(-1.0f, 0.0f)))
        p.csv_dialog.open_for_save("Export worst examples", {}, "worst-examples.csv", {".csv"});
    if (auto path = p.csv_dialog.draw(ui.dpi_scale)) {
        const auto ok = model::write_file_atomic(*path, model::worst_examples_csv(p.worst));
        p.csv_message = ok ? "wrote " + path->string() : ok.error().message;
    }
    if (!p.csv_message.empty()) ImGui::TextWrapped("%s", p.csv_message.c_str());
    rows_table("##worst-k", p.worst, 14.0f * ImGui::GetTextLineHeightWithSpacing());
    end_controls();
}

} // namespace

bool is_model_outputs_file(const std::string& path) {
    const std::string ext = lower_ext(path);
    return ext == ".npy" || ext == ".npz" || ext == ".csv";
}

void load_model_output_files(model::AppState& state, UiContext& ui,
                             const std::vector<std::string>& paths) {
    std::string logits, labels;
    if (paths.size() == 1 && lower_ext(paths[0]) != ".npy") {
        logits = paths[0];
    } else if (paths.size() == 2 && lower_ext(paths[0]) == ".npy" &&
               lower_ext(paths[1]) == ".npy") {
        std::tie(logits, labels) = model::order_logits_labels(paths[0], paths[1]);
    } else {
        ui.notices.push_back(fmt::format(
            "Model outputs require one .npz or .csv, or two .npy files (logits and labels) "
            "dropped together, got {} file(s) starting with \"{}\"",
            paths.size(), paths.empty() ? std::string() : paths[0]));
        return;
    }
    model::AppState next = state;
    for (auto [key, value] : {std::pair{"calibration.logits_path", logits},
                              std::pair{"calibration.labels_path", labels}}) {
        if (auto ok = model::set_path_param(next, *model::find_path_param(key), value); !ok) {
            ui.notices.push_back(ok.error().message);
            return;
        }
    }
    next.lab = model::LabId::Calibration;
    state = next;
}

void open_model_outputs_dialog(UiContext& ui) {
    auto& d = outputs_dialog(ui);
    d.first.clear();
    d.dialog.open_for_open("Load model outputs (logits .npy, or one .npz / .csv)", {},
                           {".npy", ".npz", ".csv"});
}

void draw_model_outputs_dialog(model::AppState& state, UiContext& ui) {
    auto& d = outputs_dialog(ui);
    auto path = d.dialog.draw(ui.dpi_scale);
    if (!path) return;
    if (!d.first.empty()) {
        const std::string first = std::exchange(d.first, {});
        load_model_output_files(state, ui, {first, path->string()});
    } else if (lower_ext(path->string()) == ".npy") {
        d.first = path->string();
        d.dialog.open_for_open("Load model outputs: now the labels (.npy)", path->parent_path(),
                               {".npy"});
    } else {
        load_model_output_files(state, ui, {path->string()});
    }
}

bool draw_calibration_data_mode(model::AppState& state, UiContext& ui) {
    auto& p = data_panel(ui);
    poll_jobs(state, ui, p);
    start_load_if_needed(state, ui, p);
    const bool busy = (p.job && p.job->running()) || p.loss_job != nullptr;
    if (busy) ui.background_work = true;
    if (state.calibration.logits_path.empty()) return false;
    begin_plot_area(ui);
    if (!p.data) {
        // The first load of this session: progress, Cancel, or the refusal.
        ImGui::TextWrapped("Your model's outputs: %s", state.calibration.logits_path.c_str());
        end_plot_area();
        begin_controls(ui, "Parameters");
        source_controls(state, ui, p);
        end_controls();
        return true;
    }
    // A new gamma / eps recomputes the loss view off the thread.
    if (!p.loss_job && (p.view.gamma != state.calibration.data_gamma ||
                        p.view.eps != state.calibration.data_eps || p.view.losses.empty()) &&
        p.data->table.has_losses())
        start_loss_view(p, state, ui);
    if (ImGui::BeginTabBar("##calibration-data-views")) {
        if (ImGui::BeginTabItem("Your data: reliability and temperature")) {
            p.tab = 0;
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Your data: per-example losses")) {
            p.tab = 1;
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    if (p.tab == 1) draw_losses_tab(state, ui, p);
    else draw_reliability_tab(state, ui, p);
    return true;
}

} // namespace losslab::ui
