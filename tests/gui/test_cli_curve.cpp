// `losslab curve` run as the real binary (no display needed): the CSV and JSON formats, that
// every printed number parses back to exactly the double the model and the core compute,
// the --list listing, the --from/--to/--n grid and the refusals of bad input (exit code 2).

#include "gui_test_support.hpp"
#include "losslab/binary_losses.hpp"
#include "losslab/focal_loss.hpp"
#include "losslab/label_smoothing.hpp"
#include "model/labs/curve_catalogue.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

namespace losslab::guitest {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

std::vector<std::string> fields_of(const std::string& line) {
    std::vector<std::string> fields;
    std::istringstream in(line);
    for (std::string f; std::getline(in, f, ',');)
        fields.push_back(f);
    return fields;
}

// strtod reads the shortest round-trip text and inf / -inf / nan alike; the whole field must
// be consumed.
double parse(const std::string& text) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    EXPECT_EQ(*end, '\0') << "not a number: " << text;
    return v;
}

// Equal bit for bit (NaN equals NaN of the same payload; +0 differs from -0).
::testing::AssertionResult same_bits(double a, double b) {
    if (std::memcmp(&a, &b, sizeof a) == 0) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << a << " and " << b << " differ in their bits";
}

std::string fmt_double(double v) {
    return fmt::format("{}", v);
}

struct Row {
    double x, value, dvalue_dx;
};

// Runs `losslab curve ARGS --grad`, checks the exit code and the header, returns the rows.
std::vector<Row> curve_rows(const std::vector<std::string>& args) {
    TempDir dir;
    std::vector<std::string> full{"curve"};
    full.insert(full.end(), args.begin(), args.end());
    full.push_back("--grad");
    const auto r = run_losslab(full, dir.path);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const auto lines = lines_of(r.out);
    std::vector<Row> rows;
    if (lines.empty()) return rows;
    EXPECT_EQ(lines[0], "x,value,dvalue_dx");
    for (size_t i = 1; i < lines.size(); ++i) {
        const auto f = fields_of(lines[i]);
        EXPECT_EQ(f.size(), 3u) << lines[i];
        if (f.size() == 3) rows.push_back({parse(f[0]), parse(f[1]), parse(f[2])});
    }
    return rows;
}

TEST(CliCurve, FocalLogitsPrintsTheCoreValuesBitForBit) {
    const auto rows = curve_rows({"focal-logits", "--gamma", "2", "--alpha", "0.25", "--target",
                                  "1", "--points", "-40,0,40"});
    ASSERT_EQ(rows.size(), 3u);
    const FocalParams fp{.alpha = 0.25, .gamma = 2.0};
    const double xs[] = {-40.0, 0.0, 40.0};
    for (size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(rows[i].x, xs[i]);
        EXPECT_TRUE(same_bits(rows[i].value, focal_loss_logit(xs[i], 1.0, fp)));
        EXPECT_TRUE(same_bits(rows[i].dvalue_dx, focal_loss_logit_grad(xs[i], 1.0, fp)));
    }
    // z = +40: about 0.25 e^-120, where a float32 or naive evaluation gives 0.
    EXPECT_GT(rows[2].value, 0.0);
    EXPECT_LT(rows[2].value, 1e-50);
}

TEST(CliCurve, CsvWithoutGradHasTwoColumns) {
    TempDir dir;
    const auto r = run_losslab({"curve", "ce", "--points", "0.9,0,1"}, dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[0], "x,value");
    EXPECT_EQ(fields_of(lines[1]).size(), 2u);
    EXPECT_TRUE(same_bits(parse(fields_of(lines[1])[1]), cross_entropy_pt(0.9)));
    EXPECT_EQ(lines[2], "0,inf");
    EXPECT_EQ(lines[3], "1,0");
}

TEST(CliCurve, FromToNGivesNPointsWithExactEnds) {
    const auto rows = curve_rows({"bce-logits", "--y", "0.3", "--pos-weight", "2", "--from", "-10",
                                  "--to", "10", "--n", "201"});
    ASSERT_EQ(rows.size(), 201u);
    EXPECT_EQ(rows.front().x, -10.0);
    EXPECT_EQ(rows.back().x, 10.0);
    EXPECT_EQ(rows[100].x, 0.0);
    const BceParams bp{.weight = 1.0, .pos_weight = 2.0};
    for (const Row& row : rows) {
        EXPECT_TRUE(same_bits(row.value, bce_with_logits(row.x, 0.3, bp))) << row.x;
        EXPECT_TRUE(same_bits(row.dvalue_dx, bce_with_logits_grad(row.x, 0.3, bp))) << row.x;
    }
}

// Every curve at its defaults over its domain: each printed number parses back to the very
// double make_curve returns, so a plot's hover readout equals `losslab curve`.
TEST(CliCurve, EveryCurveRoundTripsThroughTheTextExactly) {
    for (const auto& curve : model::curve_catalogue()) {
        const double lo = std::isfinite(curve.x_min) ? curve.x_min : -30.0;
        const double hi = std::isfinite(curve.x_max) ? curve.x_max : 30.0;
        const auto rows = curve_rows({std::string(curve.name), "--from", fmt_double(lo), "--to",
                                      fmt_double(hi), "--n", "37"});
        ASSERT_EQ(rows.size(), 37u) << curve.name;
        const auto fn = model::make_curve(curve, {});
        ASSERT_TRUE(fn.ok());
        for (const Row& row : rows) {
            const auto pt = fn.value()(row.x);
            EXPECT_TRUE(same_bits(row.value, pt.value)) << curve.name << " x " << row.x;
            EXPECT_TRUE(same_bits(row.dvalue_dx, pt.derivative)) << curve.name << " x " << row.x;
        }
    }
}

TEST(CliCurve, JsonHasCurveParamsAndPointsWithNonFiniteAsStrings) {
    TempDir dir;
    const auto r = run_losslab({"curve", "smoothed-ce", "--K", "10", "--eps", "0.1", "--convention",
                                "kl-pad", "--points", "0,0.5,1", "--grad", "--format", "json"},
                               dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["curve"], "smoothed-ce");
    EXPECT_EQ(doc["params"]["K"], 10.0);
    EXPECT_EQ(doc["params"]["eps"], 0.1);
    EXPECT_EQ(doc["params"]["convention"], "kl-pad");
    ASSERT_EQ(doc["points"].size(), 3u);
    EXPECT_EQ(doc["points"][0]["value"], "inf");
    EXPECT_EQ(doc["points"][0]["dvalue_dx"], "-inf");
    const SmoothingSpec spec{
        .num_classes = 10, .eps = 0.1, .convention = SmoothingConvention::KlPad};
    EXPECT_TRUE(
        same_bits(doc["points"][1]["value"].get<double>(), smoothed_ce_vs_pt(spec, 0.5).value()));
    EXPECT_EQ(doc["points"][2]["x"], 1.0);
    EXPECT_EQ(doc["points"][2]["value"], "inf");
    // Keys in the documented order: x, value, dvalue_dx.
    EXPECT_LT(r.out.find("\"x\""), r.out.find("\"value\""));
    EXPECT_LT(r.out.find("\"value\""), r.out.find("\"dvalue_dx\""));
}

TEST(CliCurve, ListNamesEveryCurveWithItsVariableAndParameters) {
    TempDir dir;
    const auto r = run_losslab({"curve", "--list"}, dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), model::curve_catalogue().size());
    for (size_t i = 0; i < lines.size(); ++i) {
        const auto& curve = model::curve_catalogue()[i];
        EXPECT_EQ(lines[i].rfind(std::string(curve.name) + "  x=" + std::string(curve.x_var), 0),
                  0u)
            << lines[i];
    }
    EXPECT_NE(r.out.find("focal-logits  x=z in (-inf, inf)  params: gamma [0, 10] default 2, "
                         "alpha [-1, 1] default 0.25, target [0, 1] default 1"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("bce-logits  x=z in (-inf, inf)  params: y [0, 1] default 1, "
                         "pos-weight [0, 100] default 1"),
              std::string::npos);
}

struct BadCase {
    std::vector<std::string> args;
    std::string message;
};

TEST(CliCurve, BadInputExitsTwoWithAMessageNamingTheFlagAndRange) {
    const std::vector<BadCase> cases{
        {{"focal", "--gamma", "-1", "--points", "0.5"},
         "--gamma requires 0 <= value <= 10, got -1"},
        {{"smoothed-ce", "--eps", "1.5", "--points", "0.5"},
         "--eps requires 0 <= value <= 1, got 1.5"},
        {{"smoothed-ce", "--K", "1", "--points", "0.5"},
         "--K requires a whole number 2 <= value <= 1000, got 1"},
        {{"smoothed-ce", "--K", "2", "--convention", "kl-pad", "--points", "0.5"},
         "--K requires a whole number >= 3 with --convention kl-pad, got 2"},
        {{"ce", "--points", "0.5,1.5"}, "requires 0 <= p <= 1, got 1.5"},
        {{"focal", "--beta", "1", "--points", "0.5"},
         "requires one of --gamma, --alpha, --target, got '--beta'"},
        {{"ce", "--from", "0", "--to", "1", "--n", "1"}, "--n requires 2 <= n <= 1000000, got 1"},
        {{"ce", "--from", "0", "--to", "1", "--n", "1000001"}, "--n requires 2 <= n <= 1000000"},
        {{"ce", "--points", "0.5,abc"}, "--points requires comma-separated numbers"},
        {{"ce"}, "requires --points x1,x2,... or --from A --to B"},
        {{"nope", "--points", "0.5"}, "curve requires one of ce, bce"},
        {{"ce", "--points", "0.5", "--format", "xml"}, "--format requires csv or json"},
    };
    for (const auto& c : cases) {
        TempDir dir;
        std::vector<std::string> args{"curve"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        const auto r = run_losslab(args, dir.path);
        EXPECT_EQ(r.exit_code, 2) << c.message;
        EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
        EXPECT_TRUE(r.out.empty()) << r.out;
    }
}

} // namespace
} // namespace losslab::guitest
