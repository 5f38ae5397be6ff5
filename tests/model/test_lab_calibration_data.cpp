// The calibration lab's "your data" mode (model/labs/lab_calibration_data.hpp): per-example CE,
// focal and smoothed losses of the trained-model fixture against numpy
// (tests/reference/gen_example_losses.py), the worst-1 % / 5 % shares, worst-k, bin membership
// against the core's bins, the path parameters (--set, sessions, a missing file refused), and
// the background job (outcome, refusal naming the file, cancel).

#include "model/labs/lab_calibration_data.hpp"
#include "model/persist/lesson.hpp"
#include "model/params/param_registry.hpp"
#include "model/persist/session.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
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

void expect_same_metrics(const ClassifierMetrics& a, const ClassifierMetrics& b) {
    EXPECT_EQ(a.n, b.n);
    EXPECT_EQ(a.accuracy, b.accuracy);
    EXPECT_EQ(a.mean_confidence, b.mean_confidence);
    EXPECT_EQ(a.nll, b.nll);
    EXPECT_EQ(a.brier, b.brier);
    EXPECT_EQ(a.ece, b.ece);
    EXPECT_EQ(a.mce, b.mce);
    EXPECT_EQ(a.rmsce, b.rmsce);
    EXPECT_EQ(a.classwise_ece, b.classwise_ece);
    ASSERT_EQ(a.bins.size(), b.bins.size());
    for (std::size_t j = 0; j < a.bins.size(); ++j)
        EXPECT_EQ(a.bins[j].count, b.bins[j].count);
}

// The slider's T: the per-example table at T = 2.5 against numpy, the metrics at T exactly
// those of compute_calibration with request.temperature (what `losslab calibrate
// --temperature` prints), the bins' members from the table at T, and T* reusing the report.
TEST(CalibrationData, TemperatureRescoresTheTableAndTheMetrics) {
    auto base = load_fixture();
    ASSERT_TRUE(base);
    EXPECT_EQ(base->temperature, 1.0);
    auto r = rescore_calibration_data(base, 2.5);
    ASSERT_TRUE(std::holds_alternative<std::shared_ptr<CalibrationData>>(r))
        << std::get<std::string>(r);
    const auto data = std::get<std::shared_ptr<CalibrationData>>(r);
    EXPECT_EQ(data->temperature, 2.5);
    EXPECT_EQ(data->outputs, base->outputs); // the same mapped outputs, not a reload
    const auto ref = test::read_csv("model_outputs/example_losses_t2.5.csv");
    const auto& t = data->table;
    ASSERT_EQ(t.size(), ref.rows.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
        EXPECT_EQ(t.predicted[i], int(ref.num(i, "predicted"))) << i;
        EXPECT_TRUE(within_rel(t.confidence[i], ref.num(i, "confidence"), 1e-13)) << i;
        EXPECT_TRUE(within_rel(example_loss(t, i, ExampleLoss::CrossEntropy, 0, 0),
                               ref.num(i, "ce"), 1e-12, kFloor))
            << i;
        EXPECT_TRUE(within_rel(example_loss(t, i, ExampleLoss::Focal, 2.0, 0),
                               ref.num(i, "focal_g2"), 1e-11, kFloor))
            << i;
        EXPECT_TRUE(within_rel(example_loss(t, i, ExampleLoss::Smoothing, 0, 0.1),
                               ref.num(i, "smooth_e0.1"), 1e-12, kFloor))
            << i;
    }
    // The metrics at T: the same computation as the CLI's --temperature, and not those at 1.
    auto loaded = load_model_outputs(fixture_source());
    ASSERT_TRUE(std::holds_alternative<ModelOutputs>(loaded));
    CalibrationRequest at;
    at.temperature = 2.5;
    auto cli = compute_calibration(std::get<ModelOutputs>(loaded), at);
    ASSERT_TRUE(cli) << cli.error().message;
    ASSERT_TRUE(cli.value().after);
    EXPECT_FALSE(cli.value().fit);
    EXPECT_EQ(cli.value().after_temperature, 2.5);
    expect_same_metrics(data->at_t, *cli.value().after);
    EXPECT_LT(data->at_t.mean_confidence, base->at_t.mean_confidence);
    EXPECT_NE(data->at_t.nll, base->report.before.nll);
    // Clicking a bin of the diagram at T lists the examples the core counted there.
    for (int b = 0; b < 15; ++b) {
        std::size_t total = 0;
        (void)bin_members(t, 15, b, 0, &total);
        EXPECT_EQ(total, data->at_t.bins[std::size_t(b)].count) << "bin " << b;
    }
    // Loading straight at T gives the same; at T* the report's metrics are shown.
    auto direct = load_calibration_data(fixture_source(), {}, nullptr, {}, 2.5);
    ASSERT_TRUE(std::holds_alternative<std::shared_ptr<CalibrationData>>(direct));
    expect_same_metrics(std::get<0>(direct)->at_t, data->at_t);
    ASSERT_TRUE(base->report.fit && base->report.after);
    auto star = rescore_calibration_data(base, base->report.fit->temperature);
    ASSERT_TRUE(std::holds_alternative<std::shared_ptr<CalibrationData>>(star));
    expect_same_metrics(std::get<0>(star)->at_t, *base->report.after);
    // Figures: the right-hand diagram is at the slider's T.
    const auto figs = data_reliability_figures(*data);
    ASSERT_EQ(figs.size(), 4u);
    EXPECT_NE(figs[1].title.find("T = 2.5"), std::string::npos) << figs[1].title;
}

TEST(CalibrationData, TemperatureRefusedWithoutLogits) {
    auto base = load_fixture();
    ASSERT_TRUE(base);
    for (double bad : {0.0, -1.0, std::nan("")}) {
        auto r = rescore_calibration_data(base, bad);
        ASSERT_TRUE(std::holds_alternative<std::string>(r)) << bad;
        EXPECT_NE(std::get<std::string>(r).find("a finite T > 0"), std::string::npos);
    }
    ModelOutputsSource probs;
    probs.logits = test::reference_path("calibration_metrics/ties_probs.scores.npy");
    probs.labels = test::reference_path("calibration_metrics/ties_probs.labels.npy");
    probs.probabilities = true;
    // Loading probabilities at T = 2 shows them at T = 1 (the slider does not apply) ...
    auto loaded = load_calibration_data(probs, {}, nullptr, {}, 2.0);
    ASSERT_TRUE(std::holds_alternative<std::shared_ptr<CalibrationData>>(loaded))
        << std::get<std::string>(loaded);
    const auto data = std::get<std::shared_ptr<CalibrationData>>(loaded);
    EXPECT_FALSE(data->scalable());
    EXPECT_EQ(data->temperature, 1.0);
    // ... and re-scoring them at T = 2 is refused naming the file.
    auto r = rescore_calibration_data(data, 2.0);
    ASSERT_TRUE(std::holds_alternative<std::string>(r));
    EXPECT_NE(std::get<std::string>(r).find("ties_probs.scores.npy"), std::string::npos)
        << std::get<std::string>(r);
    EXPECT_NE(std::get<std::string>(r).find("probabilities"), std::string::npos);
}

// A mapped file's pages are dropped from the resident set behind each pass (the memory
// budget of a 1e6-row file); the values read afterwards are unchanged.
// Resident kB of the mapping holding `addr` (its Rss line in /proc/self/smaps); -1 if none.
long mapping_rss_kb(const void* addr) {
    std::ifstream in("/proc/self/smaps");
    const auto a = reinterpret_cast<std::uintptr_t>(addr);
    std::string line;
    bool inside = false;
    while (std::getline(in, line)) {
        unsigned long lo = 0, hi = 0;
        if (std::sscanf(line.c_str(), "%lx-%lx ", &lo, &hi) == 2 && line.find('-') < 17) {
            inside = a >= lo && a < hi;
            continue;
        }
        long kb = 0;
        if (inside && std::sscanf(line.c_str(), "Rss: %ld kB", &kb) == 1) return kb;
    }
    return -1;
}

TEST(CalibrationData, MappedPagesAreReleasedAfterReading) {
    auto a = open_npy(kLogits);
    ASSERT_TRUE(a);
    const auto& arr = a.value();
    EXPECT_TRUE(arr.mapped());
    double sum = 0.0;
    for (std::size_t i = 0; i < arr.numel(); ++i)
        sum += arr.value(i);
    EXPECT_TRUE(std::isfinite(sum));
    const long read_kb = mapping_rss_kb(arr.bytes().data());
    EXPECT_GE(read_kb, long(arr.bytes().size() / 1024) - 8); // every page read is resident
    const double first = arr.value(0), last = arr.value(arr.numel() - 1);
    arr.release(0, arr.bytes().size());
    EXPECT_LE(mapping_rss_kb(arr.bytes().data()), 8); // only the pages at the two ends stay
    // The whole outputs: compute_calibration and the table release what they read.
    auto loaded = load_model_outputs(fixture_source());
    ASSERT_TRUE(std::holds_alternative<ModelOutputs>(loaded));
    const auto& outputs = std::get<ModelOutputs>(loaded);
    ASSERT_TRUE(compute_calibration(outputs, {}));
    ASSERT_TRUE(example_table(outputs));
    EXPECT_LE(mapping_rss_kb(outputs.scores.bytes().data()), 16);
    CalibrationRequest keep;
    keep.release_pages = false;
    ASSERT_TRUE(compute_calibration(outputs, keep));
    EXPECT_GE(mapping_rss_kb(outputs.scores.bytes().data()),
              long(outputs.scores.bytes().size() / 1024) - 8);
    EXPECT_EQ(arr.value(0), first);
    EXPECT_EQ(arr.value(arr.numel() - 1), last);
    auto mem = npy_from_bytes(
        std::string(reinterpret_cast<const char*>(arr.bytes().data()) - arr.header().data_offset,
                    arr.header().data_offset + arr.bytes().size()));
    ASSERT_TRUE(mem) << mem.error().message;
    EXPECT_FALSE(mem.value().mapped());
    mem.value().release(0, 64); // no effect on memory it does not map
    EXPECT_EQ(mem.value().value(0), first);
}

// The path keys are keys everywhere a key is named: --set (and its list of known keys),
// sessions (PathParametersThroughSetAndSessions), and lessons, which refuse them by name
// (a lesson's values are numbers or choices) rather than as unknown keys.
TEST(CalibrationData, PathKeysAreKnownToSetAndNamedByLessons) {
    AppState state = default_app_state();
    auto unknown = apply_assignment(state, "calibration.nope=1");
    ASSERT_FALSE(unknown);
    for (const auto& p : path_params())
        EXPECT_NE(unknown.error().message.find(p.full_key()), std::string::npos) << p.full_key();
    ASSERT_TRUE(apply_assignment(state, "calibration.logits_path=" + kLogits));
    EXPECT_EQ(state.calibration.logits_path, kLogits);
    const std::string lesson = R"({"title": "t", "steps": [{"lab": "calibration", "set":
        {"calibration.logits_path": ")" +
                               kLogits + R"("}}]})";
    auto r = parse_lesson(lesson, "paths.json");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("file path such as calibration.logits_path"),
              std::string::npos)
        << r.error().message;
}

} // namespace
} // namespace losslab::model
