// The calibration lab's "your data" mode (model/labs/lab_calibration_data.hpp): per-example CE,
// focal and smoothed losses of the trained-model fixture against numpy
// (tests/reference/gen_example_losses.py), the worst-1 % / 5 % shares, worst-k, bin membership
// against the core's bins, the path parameters (--set, sessions, a missing file refused), and
// the background job (outcome, refusal naming the file, cancel).

#include "model/labs/lab_calibration_data.hpp"
#include "model/params/param_registry.hpp"
#include "model/persist/session.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

namespace losslab::model {
namespace {

namespace fs = std::filesystem;
using test::within_rel;

const std::string kLogits = test::reference_path("model_outputs/logits.npy");
const std::string kLabels = test::reference_path("model_outputs/labels.npy");

ModelOutputsSource fixture_source() {
    ModelOutputsSource s;
    s.logits = kLogits;
    s.labels = kLabels;
    return s;
}

std::shared_ptr<CalibrationData> load_fixture() {
    auto r = load_calibration_data(fixture_source(), {});
    if (auto* e = std::get_if<std::string>(&r)) {
        ADD_FAILURE() << *e;
        return nullptr;
    }
    return std::get<std::shared_ptr<CalibrationData>>(r);
}

// Log-sum-exp in a different summation order (numpy's pairwise sums) differs by a few ulp of
// the row's log-sum-exp: an absolute floor for losses near 0 (p_y within 1e-11 of 1).
constexpr double kFloor = 1e-13;

TEST(CalibrationData, PerExampleLossesMatchNumpy) {
    auto data = load_fixture();
    ASSERT_TRUE(data);
    const auto ref = test::read_csv("model_outputs/example_losses.csv");
    const auto& t = data->table;
    ASSERT_EQ(t.size(), ref.rows.size());
    ASSERT_TRUE(t.has_losses());
    EXPECT_EQ(t.classes, 10u);
    for (std::size_t i = 0; i < t.size(); ++i) {
        EXPECT_EQ(t.labels[i], int(ref.num(i, "label"))) << i;
        EXPECT_EQ(t.predicted[i], int(ref.num(i, "predicted"))) << i;
        EXPECT_TRUE(within_rel(t.confidence[i], ref.num(i, "confidence"), 1e-13)) << i;
        EXPECT_TRUE(within_rel(example_loss(t, i, ExampleLoss::CrossEntropy, 0, 0),
                               ref.num(i, "ce"), 1e-12, kFloor)) << i;
        EXPECT_TRUE(within_rel(example_loss(t, i, ExampleLoss::Focal, 2.0, 0),
                               ref.num(i, "focal_g2"), 1e-11, kFloor)) << i;
        EXPECT_TRUE(within_rel(example_loss(t, i, ExampleLoss::Focal, 0.5, 0),
                               ref.num(i, "focal_g0.5"), 1e-11, kFloor)) << i;
        EXPECT_TRUE(within_rel(example_loss(t, i, ExampleLoss::Smoothing, 0, 0.1),
                               ref.num(i, "smooth_e0.1"), 1e-12, kFloor)) << i;
        EXPECT_TRUE(within_rel(example_loss(t, i, ExampleLoss::Smoothing, 0, 0.3),
                               ref.num(i, "smooth_e0.3"), 1e-12, kFloor)) << i;
    }
}

TEST(CalibrationData, WorstSharesAndMeansMatchNumpy) {
    auto data = load_fixture();
    ASSERT_TRUE(data);
    const auto ref = test::read_csv("model_outputs/example_loss_shares.csv");
    const auto view = example_loss_view(data->table, 2.0, 0.1);
    ASSERT_EQ(view.losses.size(), 3u);
    const char* names[] = {"ce", "focal_g2", "smooth_e0.1"};
    for (std::size_t j = 0; j < 3; ++j) {
        std::size_t row = 0;
        while (row < ref.rows.size() && ref.str(row, "loss") != names[j]) ++row;
        ASSERT_LT(row, ref.rows.size());
        const auto& s = view.losses[j];
        EXPECT_TRUE(within_rel(s.mean, ref.num(row, "mean"), 1e-11)) << names[j];
        EXPECT_TRUE(within_rel(s.worst1_share, ref.num(row, "worst1_share"), 1e-11)) << names[j];
        EXPECT_TRUE(within_rel(s.worst5_share, ref.num(row, "worst5_share"), 1e-11)) << names[j];
        // Sorted from the largest; first the maximum, last the minimum.
        ASSERT_FALSE(s.sorted_value.empty());
        for (std::size_t i = 1; i < s.sorted_value.size(); ++i)
            ASSERT_GE(s.sorted_value[i - 1], s.sorted_value[i]);
        EXPECT_EQ(s.sorted_value.front(), *std::max_element(s.values.begin(), s.values.end()));
        EXPECT_EQ(s.sorted_value.back(), *std::min_element(s.values.begin(), s.values.end()));
    }
    // Focal down-weights the easy examples, so the worst examples carry more of its total.
    EXPECT_GT(view.losses[1].worst5_share, view.losses[0].worst5_share);
}

TEST(CalibrationData, WorstKAreTheLargestLossesInOrder) {
    auto data = load_fixture();
    ASSERT_TRUE(data);
    const auto ref = test::read_csv("model_outputs/example_losses.csv");
    std::vector<std::pair<double, std::size_t>> all;
    for (std::size_t i = 0; i < ref.rows.size(); ++i) all.push_back({-ref.num(i, "ce"), i});
    std::sort(all.begin(), all.end());
    const auto worst = worst_examples(data->table, 25);
    ASSERT_EQ(worst.size(), 25u);
    for (std::size_t j = 0; j < worst.size(); ++j) {
        EXPECT_EQ(worst[j].index, all[j].second) << j;
        EXPECT_TRUE(within_rel(worst[j].loss, -all[j].first, 1e-12, kFloor));
        EXPECT_EQ(worst[j].label, data->table.labels[worst[j].index]);
    }
    const std::string csv = worst_examples_csv(std::span(worst).first(2));
    EXPECT_EQ(csv.substr(0, csv.find('\n')), "index,label,predicted,confidence,loss");
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);
    EXPECT_EQ(csv.substr(csv.find('\n') + 1, std::to_string(worst[0].index).size() + 1),
              std::to_string(worst[0].index) + ",");
}

TEST(CalibrationData, BinMembersAreTheCoreBins) {
    auto data = load_fixture();
    ASSERT_TRUE(data);
    const auto& bins = data->report.before.bins;
    ASSERT_EQ(bins.size(), 15u);
    std::size_t sum = 0;
    for (int b = 0; b < 15; ++b) {
        std::size_t total = 0;
        const auto rows = bin_members(data->table, 15, b, 10, &total);
        EXPECT_EQ(total, bins[std::size_t(b)].count) << "bin " << b;
        EXPECT_EQ(rows.size(), std::min<std::size_t>(10, total));
        for (const auto& r : rows) {
            EXPECT_GT(r.confidence, double(b) / 15 - (b == 0 ? 1.0 : 0.0));
            EXPECT_LE(r.confidence, double(b + 1) / 15);
        }
        sum += total;
    }
    EXPECT_EQ(sum, data->table.size());
    // Edges: exactly b/M belongs to bin b-1; 0 to bin 0; 1 to the last.
    EXPECT_EQ(confidence_bin(0.0, 15), 0);
    EXPECT_EQ(confidence_bin(1.0, 15), 14);
    EXPECT_EQ(confidence_bin(double(3) / 15, 15), 2);
    EXPECT_EQ(confidence_bin(std::nextafter(double(3) / 15, 1.0), 15), 3);
}

TEST(CalibrationData, PathParametersThroughSetAndSessions) {
    AppState s = default_app_state();
    ASSERT_TRUE(apply_assignment(s, "calibration.logits_path=" + kLogits));
    ASSERT_TRUE(apply_assignment(s, "calibration.labels_path=" + kLabels));
    EXPECT_EQ(s.calibration.logits_path, kLogits);
    const auto src = data_source(s.calibration);
    ASSERT_TRUE(src);
    EXPECT_EQ(src->logits, kLogits);
    EXPECT_EQ(src->labels, kLabels);

    // Round trip through a session.
    const std::string json = session_to_json(s);
    auto back = session_from_json(json, "mem");
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back.value().state.calibration.logits_path, kLogits);
    EXPECT_EQ(back.value().state.calibration.labels_path, kLabels);

    // A missing file is refused with its name; the state is untouched.
    AppState before = s;
    const auto bad = apply_assignment(s, "calibration.logits_path=/no/such/logits.npy");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("calibration.logits_path"), std::string::npos);
    EXPECT_NE(bad.error().message.find("/no/such/logits.npy"), std::string::npos);
    EXPECT_NE(bad.error().message.find("no such file"), std::string::npos);
    EXPECT_EQ(s, before);
    std::string missing = json;
    missing.replace(missing.find(kLogits), kLogits.size(), "/no/such/logits.npy");
    auto refused = session_from_json(missing, "mem");
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("no such file"), std::string::npos);
}

TEST(CalibrationData, OrdersLogitsAndLabelsByDtype) {
    EXPECT_EQ(order_logits_labels(kLabels, kLogits), std::make_pair(kLogits, kLabels));
    EXPECT_EQ(order_logits_labels(kLogits, kLabels), std::make_pair(kLogits, kLabels));
}

TEST(CalibrationData, JobDeliversDataAndRefusalsNameTheFile) {
    std::atomic<int> wakes{0};
    CalibrationDataJob job([&] { ++wakes; });
    job.start(fixture_source(), {});
    std::optional<std::variant<std::shared_ptr<CalibrationData>, std::string>> out;
    for (int i = 0; i < 2000 && !out; ++i) {
        out = job.poll();
        if (!out) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_TRUE(out);
    ASSERT_TRUE(std::holds_alternative<std::shared_ptr<CalibrationData>>(*out));
    EXPECT_EQ(std::get<0>(*out)->table.size(), 3000u);
    EXPECT_GE(wakes.load(), 1);

    // Labels given as logits: a shape mismatch naming the file.
    ModelOutputsSource swapped;
    swapped.logits = kLogits;
    swapped.labels = kLogits;
    auto r = load_calibration_data(swapped, {});
    ASSERT_TRUE(std::holds_alternative<std::string>(r));
    EXPECT_NE(std::get<std::string>(r).find("logits.npy"), std::string::npos)
        << std::get<std::string>(r);

    // Cancelled before it starts: the outcome is "cancelled".
    std::atomic<bool> cancel{true};
    auto c = load_calibration_data(fixture_source(), {}, &cancel);
    ASSERT_TRUE(std::holds_alternative<std::string>(c));
    EXPECT_NE(std::get<std::string>(c).find("cancelled"), std::string::npos);
}

} // namespace
} // namespace losslab::model
