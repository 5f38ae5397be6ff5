#include "losslab/activations.hpp"
#include "losslab/binary_losses.hpp"
#include "losslab/multiclass_losses.hpp"
#include "test_support.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

using namespace losslab;
using losslab::test::within_rel;

namespace {
Reduction parse_reduction(const std::string& s) {
    return s == "none" ? Reduction::None : s == "sum" ? Reduction::Sum : Reduction::Mean;
}
std::vector<std::int64_t> to_index(const std::vector<double>& v) {
    return std::vector<std::int64_t>(v.begin(), v.end());
}
} // namespace

TEST(MulticlassLosses, AgreeWithPytorchIncludingWeightsIgnoreIndexAndSmoothing) {
    const auto t = test::read_csv("pytorch_cross_entropy.csv");
    for (size_t i = 0; i < t.rows.size(); ++i) {
        const std::string kind = t.str(i, "kind");
        const auto k = static_cast<std::size_t>(t.num(i, "num_classes"));
        const auto logits = t.list(i, "logits"), targets = t.list(i, "targets"),
                   weight = t.list(i, "weight"), expected = t.list(i, "result"),
                   grad = t.list(i, "grad_of_sum");
        CrossEntropyOptions o;
        o.weight = weight;
        o.ignore_index = static_cast<std::int64_t>(t.num(i, "ignore_index"));
        o.reduction = parse_reduction(t.str(i, "reduction"));
        o.label_smoothing = t.num(i, "label_smoothing");
        const auto idx = to_index(targets);
        Result<ReducedLoss> got = kind == "index" ? cross_entropy(logits, k, idx, o)
                                  : kind == "prob" ? cross_entropy_soft(logits, k, targets, o)
                                                   : nll_loss(logits, k, idx, o);
        ASSERT_TRUE(got.ok()) << got.error().message;
        ASSERT_EQ(got.value().values.size(), expected.size()) << "row " << i;
        for (size_t j = 0; j < expected.size(); ++j)
            EXPECT_TRUE(within_rel(got.value().values[j], expected[j], 1e-12, 1e-15))
                << kind << " row " << i << " entry " << j;
        if (kind == "nll") continue;
        // The fixture's gradient is of out.sum(): for None that is the per-row gradient (Sum).
        Result<std::vector<double>> g = kind == "index" ? cross_entropy_grad(logits, k, idx, o)
                                                        : cross_entropy_soft_grad(logits, k, targets, o);
        ASSERT_TRUE(g.ok());
        for (size_t j = 0; j < grad.size(); ++j)
            EXPECT_TRUE(within_rel(g.value()[j], grad[j], 1e-11, 1e-15))
                << kind << " grad row " << i << " entry " << j;
    }
}

TEST(MulticlassLosses, MultiLabelBceAgreesWithPytorch) {
    const auto t = test::read_csv("pytorch_multilabel.csv");
    for (size_t i = 0; i < t.rows.size(); ++i) {
        const auto k = static_cast<std::size_t>(t.num(i, "num_classes"));
        const auto logits = t.list(i, "logits"), targets = t.list(i, "targets"),
                   w = t.list(i, "weight"), pw = t.list(i, "pos_weight"),
                   expected = t.list(i, "result");
        const auto got = multilabel_bce_with_logits(logits, k, targets,
                                                    {w, pw, parse_reduction(t.str(i, "reduction"))});
        ASSERT_TRUE(got.ok());
        ASSERT_EQ(got.value().values.size(), expected.size());
        for (size_t j = 0; j < expected.size(); ++j)
            EXPECT_TRUE(within_rel(got.value().values[j], expected[j], 1e-12, 1e-13)) << "row " << i;
    }
}

TEST(MulticlassLosses, SmoothingZeroEqualsPlainCrossEntropy) {
    const std::vector<double> logits{0.2, -1.0, 3.0, 0.5, 0.5, -2.0};
    const std::vector<std::int64_t> y{2, 0};
    CrossEntropyOptions o;
    const double plain = cross_entropy(logits, 3, y, o).value().scalar();
    o.label_smoothing = 0.0;
    EXPECT_EQ(cross_entropy(logits, 3, y, o).value().scalar(), plain);
    o.label_smoothing = 1e-300;
    EXPECT_TRUE(within_rel(cross_entropy(logits, 3, y, o).value().scalar(), plain, 1e-15));
}

TEST(MulticlassLosses, TwoClassCrossEntropyEqualsBceWithLogitsOfTheGap) {
    for (double gap : {-700.0, -3.0, 0.0, 0.25, 40.0}) {
        const std::vector<double> logits{0.0, gap};
        const std::vector<std::int64_t> y{1};
        EXPECT_TRUE(within_rel(cross_entropy(logits, 2, y).value().scalar(),
                               bce_with_logits(gap, 1.0), 4e-16))
            << gap;
    }
}

TEST(MulticlassLosses, AllIgnoredMeanIsNanAndSumIsZero) {
    const std::vector<double> logits{1.0, 2.0, 3.0};
    const std::vector<std::int64_t> y{-100};
    EXPECT_TRUE(std::isnan(cross_entropy(logits, 3, y).value().scalar()));
    CrossEntropyOptions o;
    o.reduction = Reduction::Sum;
    EXPECT_EQ(cross_entropy(logits, 3, y, o).value().scalar(), 0.0);
}

TEST(MulticlassLosses, ErrorsSayWhatWasRequired) {
    const std::vector<double> logits{1.0, 2.0, 3.0};
    const std::vector<std::int64_t> bad{3};
    const auto r = cross_entropy(logits, 3, bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "`target` requires 0 <= target < 3 or ignore_index -100, got 3");
    CrossEntropyOptions o;
    o.label_smoothing = 1.5;
    const std::vector<std::int64_t> ok{0};
    EXPECT_EQ(cross_entropy(logits, 3, ok, o).error().message,
              "`label_smoothing` requires 0 <= eps <= 1, got 1.5");
    EXPECT_FALSE(cross_entropy(logits, 2, ok).ok());
    EXPECT_FALSE(cross_entropy(logits, 0, ok).ok());
}

TEST(MulticlassLosses, GradientIsSoftmaxMinusSmoothedTarget) {
    const std::vector<double> logits{0.3, -1.2, 2.0, 0.0};
    const std::vector<std::int64_t> y{2};
    CrossEntropyOptions o;
    o.label_smoothing = 0.2;
    const auto g = cross_entropy_grad(logits, 4, y, o).value();
    const auto q = softmax(logits);
    for (size_t c = 0; c < 4; ++c) {
        const double target = (c == 2 ? 0.8 : 0.0) + 0.05;
        EXPECT_TRUE(within_rel(g[c], q[c] - target, 1e-14, 1e-16));
    }
}

TEST(MulticlassLosses, NanLogitPropagates) {
    const std::vector<double> logits{1.0, std::nan(""), 0.0};
    const std::vector<std::int64_t> y{0};
    EXPECT_TRUE(std::isnan(cross_entropy(logits, 3, y).value().scalar()));
}
