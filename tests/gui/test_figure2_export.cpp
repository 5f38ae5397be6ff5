// Figure 2 and the heatmaps through the export path: PNG and SVG files of the boxes with their
// labels, the layout report of `export --layout-report` free of collisions, and a lesson
// step's notes and caption carried into its exported slide (`export --lesson`).
#include "gui_test_support.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <array>
#include <fstream>
#include <sstream>

using namespace losslab;
using namespace losslab::guitest;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The text items of a layout report file, and how many collide or leave the figure (the
// same rules as plot::find_layout_defects, recomputed from the JSON).
struct ReportTexts {
    std::vector<std::pair<std::string, std::string>> items; // text, role
    int overlaps = 0;
    int outside = 0;
};

ReportTexts read_report(const fs::path& p) {
    ReportTexts out;
    const auto j = nlohmann::json::parse(slurp(p));
    const double W = j["size"][0], H = j["size"][1];
    std::vector<std::array<double, 4>> boxes;
    for (const auto& t : j["texts"]) {
        out.items.emplace_back(t["text"].get<std::string>(), t["role"].get<std::string>());
        boxes.push_back({t["box"][0], t["box"][1], t["box"][2], t["box"][3]});
    }
    for (size_t a = 0; a < boxes.size(); ++a) {
        const auto& b = boxes[a];
        out.outside += b[0] < -0.5 || b[1] < -0.5 || b[2] > W + 0.5 || b[3] > H + 0.5;
        for (size_t c = a + 1; c < boxes.size(); ++c) {
            const auto& d = boxes[c];
            out.overlaps += std::min(b[2], d[2]) - std::max(b[0], d[0]) > 0.5 &&
                            std::min(b[3], d[3]) - std::max(b[1], d[1]) > 0.5;
        }
    }
    return out;
}

size_t count(const ReportTexts& r, const std::string& text) {
    size_t n = 0;
    for (const auto& [t, role] : r.items)
        n += t == text;
    return n;
}

} // namespace

TEST(Figure2Export, PngAndSvgWithEveryLabelAndNoCollision) {
    TempDir dir;
    for (const std::string size : {"1600x1000", "800x500"}) {
        const fs::path png = dir.path / ("f2-" + size + ".png");
        const fs::path svg = dir.path / ("f2-" + size + ".svg");
        const fs::path rep = dir.path / ("f2-" + size + ".json");
        auto r = run_losslab({"export", "--figure", "normalization-figure-2", "--size", size,
                              "--set", "normalization.method=gn", "-o", png.string(),
                              "--layout-report", rep.string()},
                             dir.path);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_GT(fs::file_size(png), 10000u) << size;
        const auto img = load_png(png);
        EXPECT_EQ(img.width, std::stoi(size));
        // The selected method's shared block in strong blue (0, 114, 178 at 215/255).
        EXPECT_GT(count_colour(img, {0, 0, img.width, img.height}, 0x2786bc, 30), 200) << size;
        const auto report = read_report(rep);
        EXPECT_EQ(report.overlaps, 0) << size;
        EXPECT_EQ(report.outside, 0) << size;
        EXPECT_EQ(count(report, "C = 32"), 1u) << size;
        EXPECT_EQ(count(report, "16×16"), 1u) << size;
        EXPECT_EQ(count(report, "GroupNorm (G = 8)"), 1u) << size;

        r = run_losslab(
            {"export", "--figure", "normalization-figure-2", "--size", size, "-o", svg.string()},
            dir.path);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const std::string text = slurp(svg);
        EXPECT_GT(text.size(), 5000u);
        for (const char* label : {"C = 32", "N = 8", "16×16", "GroupNorm (G = 8)", "BatchNorm",
                                  "LayerNorm", "InstanceNorm", "2048 elements"})
            EXPECT_NE(text.find(label), std::string::npos) << label << " in " << size;
    }
}

TEST(Figure2Export, HeatmapsExportWithAColourBar) {
    TempDir dir;
    for (const std::string name :
         {"normalization-figure-2-mean-heatmap", "normalization-figure-2-variance-heatmap"}) {
        const fs::path png = dir.path / (name + ".png");
        const fs::path rep = dir.path / (name + ".json");
        auto r = run_losslab({"export", "--figure", name, "--size", "800x500", "-o", png.string(),
                              "--layout-report", rep.string()},
                             dir.path);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const auto img = load_png(png);
        // Viridis' dark purple end and yellow end both appear (cells or colour bar).
        EXPECT_GT(count_colour(img, {0, 0, img.width, img.height}, 0x440154, 20), 20) << name;
        EXPECT_GT(count_colour(img, {0, 0, img.width, img.height}, 0xfde725, 20), 20) << name;
        const auto report = read_report(rep);
        EXPECT_EQ(report.overlaps, 0) << name;
        EXPECT_EQ(report.outside, 0) << name;
        size_t ticks = 0;
        for (const auto& [t, role] : report.items)
            ticks += role == "colorbar-tick";
        EXPECT_GE(ticks, 2u) << name;
        const fs::path csv = dir.path / (name + ".csv");
        r = run_losslab({"export", "--figure", name, "-o", csv.string()}, dir.path);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_NE(slurp(csv).find("image,row,col,x,y,value\n"), std::string::npos);
    }
}

TEST(Figure2Export, ALessonNoteAndCaptionAreInTheExportedSlide) {
    TempDir dir;
    const fs::path lesson = dir.path / "note.json";
    std::ofstream(lesson) << R"({"format": "losslab-lesson", "version": 1, "title": "t", "steps": [
      {"lab": "normalization", "title": "GroupNorm",
       "set": {"normalization.view": "figure-2", "normalization.method": "gn"},
       "caption": "**GroupNorm** averages over groups of channels.",
       "notes": [{"figure": "normalization-figure-2", "text": "this block is one group",
                  "x": 9.5, "y": 0.2}]}]})";
    for (const std::string format : {"png", "svg"}) {
        const fs::path out = dir.path / format;
        auto r = run_losslab({"export", "--lesson", lesson.string(), "--out", out.string(),
                              "--format", format, "--size", "1280x800", "--layout-report",
                              (dir.path / (format + ".json")).string()},
                             dir.path);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const fs::path slide = out / ("step-01." + format);
        ASSERT_TRUE(fs::exists(slide)) << slide;
        const auto report = read_report(dir.path / (format + "-step-01.json"));
        EXPECT_EQ(count(report, "this block is one group"), 1u) << format;
        bool caption = false;
        for (const auto& [t, role] : report.items)
            caption |= role == "note" && t.find("GroupNorm: GroupNorm averages") == 0;
        EXPECT_TRUE(caption) << format;
        EXPECT_EQ(report.overlaps, 0) << format;
        EXPECT_EQ(report.outside, 0) << format;
        if (format == "svg") {
            const std::string text = slurp(slide);
            EXPECT_NE(text.find("this block is one group"), std::string::npos);
            EXPECT_NE(text.find("GroupNorm averages over groups"), std::string::npos);
        } else {
            // The note is drawn in the lesson's note colour (0, 70, 160).
            const auto img = load_png(slide);
            EXPECT_GT(count_colour(img, {0, 0, img.width, img.height}, 0x0046a0, 30), 30);
        }
    }
}
