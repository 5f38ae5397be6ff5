// The export dialog's model: the request its fields make (what the platform layer writes).
// The title, axis-label and no-title fields edit the figure's texts as --title, --xlabel,
// --ylabel and --no-title do; presets and the custom size give the pixel size, dpi and text
// size of the CLI's presets; an animation carries its sweep, frames and fps.
#include "ui/export_dialog.hpp"

#include <gtest/gtest.h>

using namespace losslab;

namespace {
ui::ExportChoices choices() {
    ui::ExportChoices c;
    c.figure = "focal-figure-1";
    c.folder = "/tmp";
    c.name = "fig";
    return c;
}
} // namespace

TEST(ExportDialog, TextFieldsEditTheFiguresTexts) {
    auto c = choices();
    auto r = ui::export_request_from_choices(c);
    ASSERT_TRUE(r) << r.error().message;
    // Empty fields keep the figure's own texts.
    EXPECT_FALSE(r.value().title.has_value());
    EXPECT_FALSE(r.value().x_label.has_value());
    EXPECT_FALSE(r.value().y_label.has_value());
    c.title = "Focal loss";
    c.x_label = "probability";
    c.y_label = "the loss";
    r = ui::export_request_from_choices(c);
    ASSERT_TRUE(r);
    EXPECT_EQ(r.value().title, std::optional<std::string>("Focal loss"));
    EXPECT_EQ(r.value().x_label, std::optional<std::string>("probability"));
    EXPECT_EQ(r.value().y_label, std::optional<std::string>("the loss"));
    // No title wins over a title typed before.
    c.no_title = true;
    r = ui::export_request_from_choices(c);
    ASSERT_TRUE(r);
    EXPECT_EQ(r.value().title, std::optional<std::string>(""));
    EXPECT_EQ(r.value().path, "/tmp/fig.png");
}

TEST(ExportDialog, PresetsAndCustomSizeMatchTheCli) {
    auto c = choices();
    c.format = "pdf";
    c.size = 5; // column 8.5 x 6.5 cm, 8 pt at 300 dpi
    auto r = ui::export_request_from_choices(c);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r.value().width, 1004);
    EXPECT_EQ(r.value().height, 768);
    EXPECT_DOUBLE_EQ(r.value().dpi, 300.0);
    EXPECT_NEAR(r.value().font_px, 8.0 / 72.0 * 300.0, 1e-3);
    EXPECT_TRUE(r.value().strokes_in_points);
    EXPECT_EQ(r.value().path, "/tmp/fig.pdf");
    c.size = 7; // slide: 1920 x 1080, 28 px text, strokes with the text
    r = ui::export_request_from_choices(c);
    ASSERT_TRUE(r);
    EXPECT_EQ(r.value().width, 1920);
    EXPECT_FLOAT_EQ(r.value().font_px, 28.0f);
    EXPECT_FALSE(r.value().strokes_in_points);
    c.size = int(ui::export_size_names().size()) - 1; // custom
    c.custom_width_cm = 17.78f;                       // 7 in
    c.custom_height_cm = 10.16f;                      // 4 in
    c.custom_dpi = 200.0f;
    c.custom_font_pt = 9.0f;
    r = ui::export_request_from_choices(c);
    ASSERT_TRUE(r);
    EXPECT_EQ(r.value().width, 1400);
    EXPECT_EQ(r.value().height, 800);
    EXPECT_NEAR(r.value().font_px, 25.0, 1e-3);
    c.custom_dpi = 5.0f;
    r = ui::export_request_from_choices(c);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("10 <= dpi <= 2400"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("5 dpi"), std::string::npos) << r.error().message;
}

TEST(ExportDialog, BadNamesAndFormatsAreRefused) {
    auto c = choices();
    c.name = "a/b";
    auto r = ui::export_request_from_choices(c);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("'a/b'"), std::string::npos) << r.error().message;
    c = choices();
    c.format = "gif"; // an animated format for a still figure
    EXPECT_FALSE(ui::export_request_from_choices(c));
}

TEST(ExportDialog, AnimationCarriesItsSweep) {
    auto c = choices();
    c.format = "webp";
    c.animation = ui::ExportAnimation{"focal.gamma", 0.0, 5.0, 30, 15.0, true};
    auto r = ui::export_request_from_choices(c);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r.value().animation.has_value());
    EXPECT_EQ(r.value().animation->key, "focal.gamma");
    EXPECT_EQ(r.value().animation->frames, 30);
    EXPECT_DOUBLE_EQ(r.value().animation->fps, 15.0);
    EXPECT_TRUE(r.value().animation->ping_pong);
    EXPECT_EQ(r.value().path, "/tmp/fig.webp");
    c.format = "png";
    EXPECT_FALSE(ui::export_request_from_choices(c)) << "a still format for an animation";
    c.format = "gif";
    c.animation->frames = 1;
    r = ui::export_request_from_choices(c);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("2 to 2000"), std::string::npos) << r.error().message;
    c.animation->frames = 10;
    c.animation->key = "focal.nothing";
    EXPECT_FALSE(ui::export_request_from_choices(c));
}
