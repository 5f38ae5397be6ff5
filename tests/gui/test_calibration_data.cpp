// The calibration lab on the user's own model outputs in a real window under Xvfb: the
// trained-model fixture loaded through --set calibration.logits_path / labels_path (the load
// runs on a worker thread; --screenshot waits for it), the layout report lists the your-data
// figures with their data, and a missing file is refused with exit code 2 and a message.
#include "gui_test_support.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>

using namespace losslab;
using namespace losslab::guitest;
namespace fs = std::filesystem;

namespace {

const std::string kLogits = std::string(LOSSLAB_REFERENCE_DIR) + "/model_outputs/logits.npy";
const std::string kLabels = std::string(LOSSLAB_REFERENCE_DIR) + "/model_outputs/labels.npy";

nlohmann::json run_with_report(const TempDir& dir, const std::string& size,
                               const std::vector<std::string>& extra) {
    const fs::path png = dir.path / ("data-" + size + ".png");
    const fs::path report = dir.path / ("data-" + size + ".json");
    std::vector<std::string> args{"--lab", "calibration", "--screenshot", png.string(),
                                  "--layout-report", report.string(), "--size", size,
                                  "--frames", "6", "--set", "calibration.logits_path=" + kLogits,
                                  "--set", "calibration.labels_path=" + kLabels};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_losslab(args, dir.path);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const auto img = load_png(png);
    EXPECT_GT(img.width, 0);
    std::ifstream in(report);
    return nlohmann::json::parse(in);
}

std::set<std::string> figures_of(const nlohmann::json& report) {
    std::set<std::string> out;
    for (const auto& p : report["plots"]) out.insert(p["figure"].get<std::string>());
    return out;
}

bool has_text(const nlohmann::json& report, const std::string& figure, const std::string& part) {
    for (const auto& t : report["texts"])
        if (t["figure"] == figure && t["text"].get<std::string>().find(part) != std::string::npos)
            return true;
    return false;
}

TEST(CalibrationData, FixtureLoadedShowsYourDataReliability) {
    TempDir dir;
    for (const std::string size : {"1280x800", "1024x768"}) {
        const auto report = run_with_report(dir, size, {});
        const auto figs = figures_of(report);
        EXPECT_TRUE(figs.count("calibration-data-reliability-before")) << size;
        EXPECT_TRUE(figs.count("calibration-data-reliability-after")) << size;
        EXPECT_TRUE(figs.count("calibration-data-confidence-before")) << size;
        // Not the synthetic classifier's figures.
        for (const auto& f : figs) EXPECT_EQ(f.rfind("calibration-data-", 0), 0u) << f;
        // The fitted temperature of the fixture is in the after figure's title.
        EXPECT_TRUE(has_text(report, "calibration-data-reliability-after", "T* ="))
            << report.dump().substr(0, 2000);
        const auto defects = [&] {
            int outside = 0;
            for (const auto& p : report["plots"]) {
                const auto& b = p["box"];
                if (b[0].get<double>() < 0 || b[2].get<double>() > report["size"][0].get<double>())
                    ++outside;
            }
            return outside;
        }();
        EXPECT_EQ(defects, 0) << size;
    }
}

TEST(CalibrationData, MissingFileRefusedWithExitTwo) {
    TempDir dir;
    const fs::path png = dir.path / "never.png";
    const auto r = run_losslab({"--lab", "calibration", "--screenshot", png.string(), "--set",
                                "calibration.logits_path=" + (dir.path / "gone.npy").string()},
                               dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("calibration.logits_path"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("gone.npy"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("no such file"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(png));
}

} // namespace
