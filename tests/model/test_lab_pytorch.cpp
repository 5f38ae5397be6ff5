// The PyTorch losses lab's model: the notes' six examples and the softmax pitfall (the lab's
// presets) against PyTorch 1.13 float64 (tests/reference/gen_pytorch_lab.py), the reduction's
// arithmetic (weighted-mean denominator, ignored rows), a row checked by hand, resizing, and
// the lab's registration.

#include "model/tensors/criteria.hpp"
#include "model/labs/lab_pytorch.hpp"
#include "model/labs/labs.hpp"
#include "model/params/param_registry.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

using namespace losslab::model;

namespace {

nlohmann::json fixtures() {
    std::ifstream in(std::string(LOSSLAB_REFERENCE_DIR) + "/pytorch_lab_presets.json");
    return nlohmann::json::parse(in);
}

double rel(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }

} // namespace

TEST(PytorchLab, EveryPresetEqualsPyTorchFloat64) {
    const auto doc = fixtures().at("presets");
    ASSERT_EQ(pytorch_presets().size(), 7u);
    for (const auto& p : pytorch_presets()) {
        SCOPED_TRACE(std::string(p.key));
        const auto& f = doc.at(std::string(p.key));
        const PytorchLabState s = pytorch_preset(p.key);
        ASSERT_EQ(s.reduction, 1); // the notes print the mean
        auto r = evaluate_pytorch_batch(s);
        ASSERT_TRUE(r.ok()) << r.error().message;
        EXPECT_LE(rel(r.value().value, f.at("value").get<double>()), 1e-13);
        const auto elements = f.at("elements").get<std::vector<double>>();
        ASSERT_EQ(r.value().elements.size(), elements.size());
        for (std::size_t i = 0; i < elements.size(); ++i)
            EXPECT_NEAR(r.value().elements[i], elements[i], 1e-13 * (1 + std::abs(elements[i])));
        // The gradient in the input's layout (the per-pixel preset is (1, C, H·W)).
        auto g = evaluate_criterion(pytorch_call(s, "mean"), true);
        ASSERT_TRUE(g.ok());
        const auto grad = f.at("grad").get<std::vector<double>>();
        ASSERT_EQ(g.value().grad.size(), grad.size());
        for (std::size_t i = 0; i < grad.size(); ++i)
            EXPECT_NEAR(g.value().grad[i], grad[i], 1e-14 + 1e-13 * std::abs(grad[i]));
    }
}

TEST(PytorchLab, MulticlassRowByHandIsLogSumExpMinusTrueLogit) {
    const PytorchLabState s = pytorch_preset("multiclass");
    auto r = evaluate_pytorch_batch(s);
    ASSERT_TRUE(r.ok());
    for (std::size_t i = 0; i < 4; ++i) {
        double lse = 0.0;
        for (std::size_t c = 0; c < 5; ++c) lse += std::exp(s.logits[i * 5 + c]);
        const double expect = std::log(lse) - s.logits[i * 5 + std::size_t(s.labels[i])];
        EXPECT_NEAR(r.value().per_row[i], expect, 1e-14);
        // q − y over N = 4: each gradient row sums to 0.
        double row = 0.0;
        for (std::size_t c = 0; c < 5; ++c) row += r.value().grad[i * 5 + c];
        EXPECT_NEAR(row, 0.0, 1e-15);
    }
    EXPECT_DOUBLE_EQ(r.value().denominator, 4.0);
}

TEST(PytorchLab, WeightedMeanDividesBySumOfTheTrueClassWeights) {
    PytorchLabState s = pytorch_preset("multiclass");
    s.use_weight = true;
    s.weight = {1, 2, 3, 4, 5};
    s.labels[2] = s.ignore_index; // row 2 (class 1, weight 2) is ignored
    auto r = evaluate_pytorch_batch(s);
    ASSERT_TRUE(r.ok()) << r.error().message;
    // Targets 0, 3, (ignored), 4: D = w[0] + w[3] + w[4] = 1 + 4 + 5, not N = 4 nor 3.
    EXPECT_DOUBLE_EQ(r.value().denominator, 10.0);
    EXPECT_EQ(r.value().ignored, (std::vector<bool>{false, false, true, false}));
    EXPECT_EQ(r.value().per_row[2], 0.0);
    EXPECT_NEAR(r.value().value, r.value().sum / 10.0, 1e-15);
    const std::string text = pytorch_reduction_text(s, r.value());
    EXPECT_NE(text.find("Σ w[yᵢ] over the 3 rows not ignored"), std::string::npos) << text;
    EXPECT_NE(text.find("1 ignored row add 0"), std::string::npos) << text;
}

TEST(PytorchLab, PerPixelPresetIgnoresFourOfSixteenPixels) {
    auto r = evaluate_pytorch_batch(pytorch_preset("per_pixel"));
    ASSERT_TRUE(r.ok());
    EXPECT_DOUBLE_EQ(r.value().denominator, 12.0);
    for (std::size_t i : {0, 1, 4, 5}) EXPECT_TRUE(r.value().ignored[i]);
    for (std::size_t c = 0; c < 4; ++c) EXPECT_EQ(r.value().grad[0 * 4 + c], 0.0);
}

TEST(PytorchLab, SoftmaxPitfallPushesTowardsSplittingTheMassAmongTheLabels) {
    const PytorchLabState s = pytorch_preset("softmax_pitfall");
    auto r = evaluate_pytorch_batch(s);
    ASSERT_TRUE(r.ok());
    for (std::size_t i = 0; i < 8; ++i) {
        double lse = 0.0, labels = 0.0;
        for (std::size_t c = 0; c < 6; ++c) {
            lse += std::exp(s.logits[i * 6 + c]);
            labels += s.soft[i * 6 + c];
        }
        // d/dz of −Σ y log softmax(z) is (Σ y)·q − y: zero only at q = y / Σ y (1/2 each for
        // two labels), where the loss is still Σ y · log Σ y > 0.
        for (std::size_t c = 0; c < 6; ++c) {
            const double q = std::exp(s.logits[i * 6 + c]) / lse;
            EXPECT_NEAR(r.value().grad[i * 6 + c], (labels * q - s.soft[i * 6 + c]) / 8.0, 1e-15);
        }
        if (labels > 1) {
            EXPECT_GT(r.value().per_row[i], labels * std::log(labels) - 1e-12);
        }
    }
}

TEST(PytorchLab, RefusalsArePassedOnNotHidden) {
    PytorchLabState s = pytorch_preset("multiclass");
    s.labels[0] = 7; // K = 5
    auto r = evaluate_pytorch_batch(s);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("--target"), std::string::npos) << r.error().message;
    // The figure says so rather than drawing stale bars.
    const auto fig = pytorch_losses_figure(s);
    EXPECT_TRUE(fig.series.empty());
    ASSERT_FALSE(fig.annotations.empty());
}

TEST(PytorchLab, ResizingKeepsEveryValueThatStillFits) {
    PytorchLabState s = pytorch_preset("multiclass");
    const auto before = s.logits;
    s.rows = 6;
    s.classes = 7;
    conform_batch(s);
    ASSERT_EQ(s.logits.size(), 42u);
    ASSERT_EQ(s.weight.size(), 7u);
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t c = 0; c < 5; ++c) EXPECT_EQ(s.logits[i * 7 + c], before[i * 5 + c]);
    EXPECT_EQ(s.logits[5 * 7 + 6], 0.0);
    s.rows = 2;
    s.classes = 3;
    conform_batch(s);
    EXPECT_EQ(s.logits, (std::vector<double>{1.1, -0.31, 2.14, -0.31, -2.03, 0.56}));
    EXPECT_EQ(s.labels, (std::vector<int>{0, 2})); // class 3 no longer exists: the last one
}

TEST(PytorchLab, IsRegisteredWithItsParametersAndFigures) {
    ASSERT_TRUE(find_lab("pytorch").has_value());
    for (const char* key : {"pytorch.criterion", "pytorch.reduction", "pytorch.target",
                            "pytorch.N", "pytorch.K", "pytorch.pixels", "pytorch.label_smoothing",
                            "pytorch.ignore_index", "pytorch.use_weight", "pytorch.pos_weight"})
        EXPECT_NE(find_param(key), nullptr) << key;
    AppState st = default_app_state();
    ASSERT_TRUE(apply_assignment(st, "pytorch.reduction=sum").ok());
    EXPECT_EQ(st.pytorch.reduction, 2);
    const auto fig = pytorch_losses_figure(st.pytorch);
    ASSERT_EQ(fig.x_axis.categories.size(), 4u);
    EXPECT_EQ(fig.x_axis.categories[0], "example 0");
}

TEST(PytorchLab, SnippetCallsTheSameCriterionWithEveryOption) {
    PytorchLabState s = pytorch_preset("per_pixel");
    s.use_weight = true;
    s.label_smoothing = 0.05;
    const std::string py = pytorch_snippet(s);
    EXPECT_NE(py.find("F.cross_entropy(input, target, weight=weight, ignore_index=-100, "
                      "label_smoothing=0.050000000000000003, reduction='mean')"),
              std::string::npos)
        << py;
    EXPECT_NE(py.find(".reshape(1, 4, 16)"), std::string::npos) << py;
    EXPECT_NE(py.find("dtype=torch.int64).reshape(1, 16)"), std::string::npos) << py;
}

TEST(PytorchLab, LogitOddsChainMarkerIsTheSameNumberThroughAllFive) {
    PytorchLabState s = pytorch_preset("binary"); // first logit 0.3
    const auto fig = logit_odds_chain_figure(s);
    std::vector<double> marks;
    for (const auto& series : fig.series)
        if (series.kind == losslab::plot::SeriesKind::Markers) marks.push_back(series.y.at(0));
    ASSERT_EQ(marks.size(), 5u);
    const double p = 1.0 / (1.0 + std::exp(-0.3));
    EXPECT_DOUBLE_EQ(marks[0], 0.3);
    EXPECT_NEAR(marks[1], std::exp(0.3), 1e-15);
    EXPECT_NEAR(marks[2], std::exp(0.3) / (1.0 + std::exp(0.3)), 1e-15);
    EXPECT_NEAR(marks[3], std::log(p), 1e-15);
    EXPECT_NEAR(marks[4], -std::log(p), 1e-15);
    // Far out, log p stays finite where log(σ(z)) in doubles would be log 0 = −inf.
    for (const auto& series : fig.series)
        if (series.id == "log-p") {
            EXPECT_EQ(series.exact(-800.0), -800.0);
            EXPECT_EQ(series.exact(800.0), -0.0);
        }
}

TEST(PytorchLab, PickerOffersFiveCriteriaEachEqualToTheCriterionOnTheSameTensors) {
    ASSERT_EQ(params::kPytorchCriterionChoices.size(), 5u);
    // The multi-label batch through every criterion of the picker: cross_entropy and nll_loss
    // read class indices (a class per row), the sigmoid family the multi-hot targets.
    for (int c = 0; c < 5; ++c) {
        SCOPED_TRACE(std::string(params::kPytorchCriterionChoices[std::size_t(c)]));
        PytorchLabState s = pytorch_preset("multi_label");
        s.criterion = c;
        s.target = c == 0 ? 0 : 2;
        s.labels = {0, 1, 2, 3, 4, 5, 0, 1};
        s.use_weight = c != 4;
        s.weight = {0.5, 1, 2, 1, 1, 3};
        auto r = evaluate_pytorch_batch(s);
        ASSERT_TRUE(r.ok()) << r.error().message;
        const auto call = pytorch_call(s, "mean");
        EXPECT_EQ(call.criterion, params::kPytorchCriterionChoices[std::size_t(c)]);
        auto direct = evaluate_criterion(call, true);
        ASSERT_TRUE(direct.ok());
        EXPECT_EQ(r.value().value, direct.value().value.front());
        EXPECT_EQ(r.value().input_grad, direct.value().grad);
        ASSERT_EQ(r.value().grad.size(), 48u);
    }
}

TEST(PytorchLab, NllOnLogSoftmaxIsCrossEntropyAndBceOnSigmoidIsBceWithLogits) {
    PytorchLabState ce = pytorch_preset("multiclass");
    ce.use_weight = true;
    ce.weight = {1, 2, 3, 4, 5};
    PytorchLabState nll = ce;
    nll.criterion = 2;
    auto a = evaluate_pytorch_batch(ce), b = evaluate_pytorch_batch(nll);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_NEAR(a.value().value, b.value().value, 1e-15);
    // The gradient carried back through log_softmax is cross_entropy's q − y.
    for (std::size_t i = 0; i < a.value().grad.size(); ++i)
        EXPECT_NEAR(a.value().grad[i], b.value().grad[i], 1e-15) << i;
    // nll_loss's own gradient is −w[y]/D at the target only (what losslab loss --grad writes).
    EXPECT_EQ(b.value().input_grad[0], -1.0 / (1 + 4 + 2 + 5));
    EXPECT_EQ(b.value().input_grad[1], 0.0);

    PytorchLabState bl = pytorch_preset("multi_label");
    PytorchLabState bp = bl;
    bp.criterion = 3;
    auto c = evaluate_pytorch_batch(bl), d = evaluate_pytorch_batch(bp);
    ASSERT_TRUE(c.ok() && d.ok());
    EXPECT_NEAR(c.value().value, d.value().value, 1e-14);
    for (std::size_t i = 0; i < c.value().grad.size(); ++i)
        EXPECT_NEAR(c.value().grad[i], d.value().grad[i], 1e-15) << i;
}

TEST(PytorchLab, FocalWithGammaZeroAndAlphaOffIsBceWithLogits) {
    PytorchLabState bl = pytorch_preset("multi_label");
    PytorchLabState f = bl;
    f.criterion = 4;
    f.alpha = -1.0;
    f.gamma = 0.0;
    auto a = evaluate_pytorch_batch(bl), b = evaluate_pytorch_batch(f);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_NEAR(a.value().value, b.value().value, 1e-15);
    f.gamma = 2.0;
    auto g = evaluate_pytorch_batch(f);
    ASSERT_TRUE(g.ok());
    EXPECT_LT(g.value().value, b.value().value); // (1 − pₜ)^γ only shrinks each term
    const std::string py = pytorch_snippet(f);
    EXPECT_NE(py.find("from torchvision.ops import sigmoid_focal_loss"), std::string::npos);
    EXPECT_NE(py.find("loss = sigmoid_focal_loss(inputs, targets, alpha=-1, gamma=2, "
                      "reduction='mean')"),
              std::string::npos)
        << py;
}

TEST(PytorchLab, SnippetBuildsTheInputFromTheLogitsForNllAndBce) {
    PytorchLabState s = pytorch_preset("multiclass");
    s.criterion = 2;
    std::string py = pytorch_snippet(s);
    EXPECT_NE(py.find("input = F.log_softmax(logits, dim=1)"), std::string::npos) << py;
    EXPECT_NE(py.find("loss = F.nll_loss(input, target, ignore_index=-100, reduction='mean')"),
              std::string::npos)
        << py;
    s = pytorch_preset("binary");
    s.criterion = 3;
    py = pytorch_snippet(s);
    EXPECT_NE(py.find("input = torch.sigmoid(logits)"), std::string::npos) << py;
    EXPECT_NE(py.find("loss = F.binary_cross_entropy(input, target, reduction='mean')"),
              std::string::npos)
        << py;
}
