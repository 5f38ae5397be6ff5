#include "losslab/margin_losses.hpp"
#include "test_support.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace losslab;
using losslab::test::within_rel;

namespace {

Reduction parse_reduction(const std::string& s) {
    if (s == "none") return Reduction::None;
    if (s == "sum") return Reduction::Sum;
    return Reduction::Mean;
}

std::vector<int> to_int(const std::vector<double>& v) { return {v.begin(), v.end()}; }

Result<ReducedLoss> evaluate(const test::CsvTable& t, size_t r, std::vector<double>& grad) {
    const std::string loss = t.str(r, "loss");
    const Reduction red = parse_reduction(t.str(r, "reduction"));
    const auto x1 = t.list(r, "input1");
    const auto x2 = t.list(r, "input2");
    const auto x3 = t.list(r, "input3");
    const auto y = t.list(r, "target");
    const auto dim = std::size_t(t.num(r, "dim"));
    if (loss == "hinge_embedding") {
        const HingeEmbeddingParams p{t.num(r, "margin")};
        for (size_t i = 0; i < x1.size(); ++i) grad.push_back(hinge_embedding_loss_grad(x1[i], y[i], p));
        return hinge_embedding_loss_batch(x1, y, p, red);
    }
    if (loss == "soft_margin") {
        for (size_t i = 0; i < x1.size(); ++i) grad.push_back(soft_margin_loss_grad(x1[i], y[i]));
        return soft_margin_loss_batch(x1, y, red);
    }
    if (loss == "margin_ranking")
        return margin_ranking_loss_batch(x1, x2, y, {t.num(r, "margin")}, red);
    if (loss == "cosine_embedding")
        return cosine_embedding_loss_batch(x1, x2, y, dim, {t.num(r, "margin")}, red);
    if (loss == "triplet_margin") {
        const TripletMarginParams p{t.num(r, "margin"), t.num(r, "p"), t.num(r, "eps"),
                                    t.str(r, "swap") == "1"};
        return triplet_margin_loss_batch(x1, x2, x3, dim, p, red);
    }
    if (loss == "multilabel_margin")
        return multilabel_margin_loss_batch(x1, to_int(y), dim, red);
    ADD_FAILURE() << "unknown loss " << loss;
    return Error{"unknown"};
}

} // namespace

TEST(MarginLosses, AgreeWithPyTorch) {
    const auto t = test::read_csv("pytorch_catalogue_margin.csv");
    ASSERT_GT(t.rows.size(), 250u);
    for (size_t r = 0; r < t.rows.size(); ++r) {
        SCOPED_TRACE("fixture row " + std::to_string(r) + " (" + t.str(r, "loss") + ", " +
                     t.str(r, "reduction") + ")");
        std::vector<double> grad;
        auto value = evaluate(t, r, grad);
        ASSERT_TRUE(value.ok()) << value.error().message;
        const auto expected = t.list(r, "value");
        ASSERT_EQ(value.value().values.size(), expected.size());
        // torch's soft margin forms log(1 + e^-yx): 1 ulp of 1 absolute error where e^-yx is
        // tiny (ours is accurate there, see SoftMarginStaysFiniteWherePyTorchOverflows).
        const double floor = t.str(r, "loss") == "soft_margin" ? 2.3e-16 : 1e-300;
        for (size_t i = 0; i < expected.size(); ++i)
            EXPECT_TRUE(within_rel(value.value().values[i], expected[i], 1e-12, floor))
                << "element " << i;
        const auto expected_grad = t.list(r, "grad");
        ASSERT_EQ(grad.size(), expected_grad.size());
        for (size_t i = 0; i < grad.size(); ++i)
            EXPECT_TRUE(within_rel(grad[i], expected_grad[i], 1e-12, 1e-300)) << "grad " << i;
    }
}

TEST(MarginLosses, SoftMarginStaysFiniteWherePyTorchOverflows) {
    // torch's log1p(exp(800)) is inf; the loss is 800 + log1p(e^-800) = 800.
    EXPECT_EQ(soft_margin_loss(-800.0, 1.0), 800.0);
    EXPECT_EQ(soft_margin_loss_grad(-800.0, 1.0), -1.0);
    EXPECT_TRUE(within_rel(soft_margin_loss(800.0, 1.0), std::exp(-800.0), 1e-15));
    // log1p(e^-35) = e^-35 (1 - e^-35 / 2): torch's fixture says 6.66e-16 (log of 1 + tiny).
    EXPECT_TRUE(within_rel(soft_margin_loss(35.0, 1.0), std::exp(-35.0), 1e-15));
}

TEST(MarginLosses, SoftMarginDerivativeMatchesCentralDifference) {
    const double h = 1e-6;
    for (double x : {-3.0, -0.5, 0.0, 0.7, 4.0})
        for (double y : {1.0, -1.0}) {
            const double fd = (soft_margin_loss(x + h, y) - soft_margin_loss(x - h, y)) / (2 * h);
            EXPECT_TRUE(within_rel(soft_margin_loss_grad(x, y), fd, 1e-8));
        }
}

TEST(MarginLosses, HingeEmbeddingIsInputForSimilarAndHingeForDissimilar) {
    EXPECT_EQ(hinge_embedding_loss(0.7, 1.0), 0.7);
    EXPECT_EQ(hinge_embedding_loss(0.7, -1.0), 0.30000000000000004);
    EXPECT_EQ(hinge_embedding_loss(1.5, -1.0), 0.0);
    EXPECT_EQ(hinge_embedding_loss_grad(1.5, -1.0), 0.0);
    EXPECT_EQ(hinge_embedding_loss_grad(1.0, -1.0), -1.0); // boundary: torch passes gradient
}

TEST(MarginLosses, CosineOfZeroRowIsZeroNotNan) {
    const std::vector<double> zero{0.0, 0.0}, v{1.0, 2.0};
    EXPECT_EQ(cosine_embedding_loss(zero, v, 1.0), 1.0);
    EXPECT_EQ(cosine_embedding_loss(zero, v, -1.0, {-0.5}), 0.5);
}

TEST(MarginLosses, TripletSwapNeverIncreasesTheLoss) {
    const std::vector<double> a{0.0, 0.0}, p{1.0, 0.0}, n{1.2, 0.3};
    TripletMarginParams params;
    const double plain = triplet_margin_loss(a, p, n, params);
    params.swap = true;
    EXPECT_GE(plain, 0.0);
    EXPECT_GT(triplet_margin_loss(a, p, n, params), plain); // d(p, n) < d(a, n) here
    params.swap = false;
    params.p = std::numeric_limits<double>::infinity();
    EXPECT_NEAR(pairwise_distance(a, n, params.p, 0.0), 1.2, 0.0);
}

TEST(MarginLosses, MultiLabelTargetsStopAtMinusOne) {
    const std::vector<double> x{0.1, 0.2, 0.4, 0.8};
    const std::vector<int> y{3, 0, -1, 1};
    // Targets {3, 0}; non-targets {1, 2}: (1-0.8+0.2)+(1-0.8+0.4)+(1-0.1+0.2)+(1-0.1+0.4) = 3.4.
    EXPECT_TRUE(within_rel(multilabel_margin_loss(x, y), 3.4 / 4, 1e-15));
}

TEST(MarginLosses, ValidationMessagesSayWhatWasRequired) {
    const std::vector<double> a{1.0, 2.0};
    TripletMarginParams p;
    p.p = 0.0;
    auto r = triplet_margin_loss_batch(a, a, a, 2, p);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "triplet_margin_loss p requires > 0, got 0");
    p.p = -1.5;
    EXPECT_EQ(triplet_margin_loss_batch(a, a, a, 2, p).error().message,
              "triplet_margin_loss p requires > 0, got -1.5");
    EXPECT_TRUE(std::isnan(triplet_margin_loss(a, a, a, p)));
    const std::vector<int> bad{0, 7};
    EXPECT_EQ(multilabel_margin_loss_batch(a, bad, 2).error().message,
              "multilabel_margin_loss target requires class indices in [-1, 2), got 7");
    const std::vector<double> none;
    EXPECT_EQ(soft_margin_loss_batch(none, none).error().message,
              "soft_margin_loss input requires at least one element, got 0 elements");
    const std::vector<double> three{1.0, 2.0, 3.0}, y{1.0};
    EXPECT_FALSE(cosine_embedding_loss_batch(three, three, y, 2).ok());
}

TEST(MarginLosses, NegativeMarginIsAcceptedAsInPyTorch) {
    const std::vector<double> x{0.5, 2.0}, y{-1.0, -1.0};
    auto r = hinge_embedding_loss_batch(x, y, {-1.0}, Reduction::Sum);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value().scalar(), 0.0);
    EXPECT_TRUE(margin_ranking_loss_batch(x, x, y, {-0.5}).ok());
}
