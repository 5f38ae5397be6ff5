// Every lab, drawn for real by ImGui without a window or GL: each parameter swept through
// min/default/max, several frames each. No assert may fire and no vertex may be NaN/Inf.
#include "model/labs/labs.hpp"
#include "model/params/param_registry.hpp"
#include "ui/app_frame.hpp"
#include "ui/fonts.hpp"

#include <gtest/gtest.h>
#include <imgui.h>

#include <cmath>
#include <vector>

using namespace losslab;

namespace {
struct HeadlessImGui {
    HeadlessImGui() {
        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1920, 1080);
        io.DeltaTime = 1.0f / 60.0f;
        ui.fonts = ui::load_fonts("", 1.0f); // ImGui's own font: no fontconfig needed here
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~HeadlessImGui() { ImGui::DestroyContext(); }

    // Draws one frame and returns the number of non-finite vertex positions.
    int frame(model::AppState& state) {
        ImGui::GetIO().MousePos = ImVec2(700, 400); // over the plot: hover readouts run too
        ImGui::NewFrame();
        ui::draw_app(state, ui);
        ImGui::Render();
        int bad = 0;
        const ImDrawData* data = ImGui::GetDrawData();
        for (int i = 0; i < data->CmdListsCount; ++i)
            for (const auto& v : data->CmdLists[i]->VtxBuffer)
                bad += !std::isfinite(v.pos.x) || !std::isfinite(v.pos.y);
        return bad;
    }
    ui::UiContext ui;
};
} // namespace

TEST(HeadlessFrames, EveryLabAtEveryParameterExtremeDrawsFiniteGeometry) {
    HeadlessImGui gui;
    for (const auto& lab : model::lab_catalogue()) {
        model::AppState state = model::default_app_state();
        state.lab = lab.id;
        for (int f = 0; f < 3; ++f) EXPECT_EQ(gui.frame(state), 0) << lab.key;
        for (const auto* p : model::lab_params(lab.id)) {
            // Choices (the lab's views among them) take every value, not only the extremes.
            std::vector<double> values{p->spec->min, p->spec->def, p->spec->max};
            if (p->spec->kind == model::ParamKind::Choice)
                for (double c = p->spec->min + 1.0; c < p->spec->max; c += 1.0) values.push_back(c);
            for (double v : values) {
                ASSERT_TRUE(model::set_param(state, *p, v).ok()) << p->key();
                for (int f = 0; f < 2; ++f)
                    EXPECT_EQ(gui.frame(state), 0) << p->key() << " = " << v;
            }
        }
    }
}
