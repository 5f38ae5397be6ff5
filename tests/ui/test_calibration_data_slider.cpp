// The calibration lab's "your data" mode drawn for real by ImGui without a window: the trained
// model fixture loads on its worker thread, then moving the T slider (the state's
// calibration.temperature, as the slider and Fit T set it) re-scores the loaded outputs: the
// diagram at T is titled with the new T and its confidence histogram shows the mean confidence
// that `losslab calibrate --temperature` computes (compute_calibration with request.temperature).
#include "model/labs/lab_calibration_data.hpp"
#include "model/params/param_registry.hpp"
#include "plot/layout_report.hpp"
#include "ui/app_frame.hpp"
#include "ui/fonts.hpp"

#include <gtest/gtest.h>
#include <imgui.h>

#include <fmt/format.h>

#include <chrono>
#include <string>
#include <thread>

using namespace losslab;

namespace {

const std::string kLogits = std::string(LOSSLAB_REFERENCE_DIR) + "/model_outputs/logits.npy";
const std::string kLabels = std::string(LOSSLAB_REFERENCE_DIR) + "/model_outputs/labels.npy";

struct Headless {
    Headless() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1280, 800);
        io.DeltaTime = 1.0f / 60.0f;
        ui.fonts = ui::load_fonts("", 1.0f);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~Headless() { ImGui::DestroyContext(); }

    // Draws frames until no background work is pending (at most about 20 s), then one more
    // recorded into `report`.
    void settle(model::AppState& state) {
        for (int i = 0; i < 4000; ++i) {
            frame(state);
            if (!ui.background_work && i > 2) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        report = {};
        ui.plot.report = &report;
        frame(state);
        ui.plot.report = nullptr;
    }

    void frame(model::AppState& state) {
        ui.background_work = false; // set again by the frame while a job runs
        ImGui::GetIO().MousePos = ImVec2(-1, -1);
        ImGui::NewFrame();
        ui::draw_app(state, ui);
        ImGui::Render();
    }

    bool has_text(const std::string& figure, const std::string& part) const {
        for (const auto& t : report.texts)
            if (t.figure == figure && t.text.find(part) != std::string::npos) return true;
        return false;
    }

    ui::UiContext ui;
    plot::LayoutReport report;
};

// The confidence histogram's legend entry for the metrics at T as `losslab calibrate
// --temperature T` computes them (compute_calibration with request.temperature).
std::string mean_confidence_text_at(double t) {
    auto loaded = model::load_model_outputs({kLogits, kLabels, {}, {}, false});
    const auto& outputs = std::get<model::ModelOutputs>(loaded);
    model::CalibrationRequest request;
    request.temperature = t;
    auto r = model::compute_calibration(outputs, request);
    return fmt::format("mean confidence {:.1f}%", 100.0 * r.value().after->mean_confidence);
}

TEST(CalibrationDataSlider, MovingTheTemperatureReScoresTheLoadedOutputs) {
    Headless gui;
    model::AppState state = model::default_app_state();
    state.lab = model::LabId::Calibration;
    ASSERT_TRUE(model::apply_assignment(state, "calibration.logits_path=" + kLogits));
    ASSERT_TRUE(model::apply_assignment(state, "calibration.labels_path=" + kLabels));
    gui.settle(state);
    const std::string after = "calibration-data-reliability-after";
    EXPECT_TRUE(gui.has_text(after, "T = 1 (slider)"));
    const std::string hist = "calibration-data-confidence-after";
    EXPECT_TRUE(gui.has_text(hist, mean_confidence_text_at(1.0)));
    // The slider moves twice without waiting: the last T wins.
    for (double t : {1.5, 2.5}) {
        ASSERT_TRUE(model::apply_assignment(state, fmt::format("calibration.temperature={}", t)));
        gui.frame(state);
    }
    gui.settle(state);
    const std::string at = mean_confidence_text_at(2.5);
    ASSERT_NE(at, mean_confidence_text_at(1.0));
    EXPECT_TRUE(gui.has_text(after, "T = 2.5 (slider)"));
    EXPECT_TRUE(gui.has_text(hist, "T = 2.5"));
    EXPECT_TRUE(gui.has_text(hist, at)) << at;
    // The histogram at T = 1 does not move.
    EXPECT_TRUE(gui.has_text("calibration-data-confidence-before", mean_confidence_text_at(1.0)));
}

} // namespace
