// core/criteria_grad against central finite differences of the core's own losses (a check
// independent of the PyTorch fixtures): cosine embedding, pairwise distance and triplet
// margin for several p, multi-label margin, NLL, KL, margin ranking, and CTC, whose torch-
// convention gradient must equal the finite difference of the loss through a log_softmax.

#include "losslab/activations.hpp"
#include "losslab/criteria_grad.hpp"
#include "losslab/information.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

namespace losslab {
namespace {

// Central difference of f at x along coordinate i.
double fd(const std::function<double(const std::vector<double>&)>& f, std::vector<double> x,
          std::size_t i, double h = 1e-6) {
    const double x0 = x[i];
    x[i] = x0 + h;
    const double up = f(x);
    x[i] = x0 - h;
    const double down = f(x);
    return (up - down) / (2 * h);
}

const std::vector<double> kX1{0.3, -1.2, 2.0, 0.7};
const std::vector<double> kX2{-0.5, 0.4, 1.1, -0.9};
const std::vector<double> kX3{1.5, 0.2, -0.3, 0.8};

TEST(CriteriaGrad, CosineEmbeddingMatchesFiniteDifferences) {
    for (double target : {1.0, -1.0})
        for (double margin : {-0.5, 0.0}) {
            const CosineEmbeddingParams p{margin};
            std::vector<double> g(4);
            cosine_embedding_loss_grad(kX1, kX2, target, p, g);
            auto f = [&](const std::vector<double>& x) {
                return cosine_embedding_loss(x, kX2, target, p);
            };
            for (std::size_t i = 0; i < 4; ++i)
                EXPECT_NEAR(g[i], fd(f, kX1, i), 1e-8) << i;
        }
}

TEST(CriteriaGrad, TripletMarginMatchesFiniteDifferencesForEveryNorm) {
    for (double pn : {1.0, 2.0, 3.0, 0.5})
        for (bool swap : {false, true}) {
            const TripletMarginParams p{5.0, pn, 1e-6, swap};
            std::vector<double> g(4);
            triplet_margin_loss_grad(kX1, kX2, kX3, p, g);
            auto f = [&](const std::vector<double>& a) {
                return triplet_margin_loss(a, kX2, kX3, p);
            };
            for (std::size_t i = 0; i < 4; ++i)
                EXPECT_NEAR(g[i], fd(f, kX1, i), 1e-7)
                    << "p " << pn << " swap " << swap << " i " << i;
        }
    // The max norm: the gradient sits on the largest |difference| only, shared on a tie as
    // torch's norm backward does (x1 - x2 = (0.8, -1.6, 0.9, 1.6)).
    std::vector<double> g(4);
    pairwise_distance_grad(kX1, kX2, INFINITY, 0.0, g);
    EXPECT_EQ(g, (std::vector<double>{0.0, -0.5, 0.0, 0.5}));
    pairwise_distance_grad(kX1, kX3, INFINITY, 0.0, g); // (-1.2, -1.4, 2.3, -0.1)
    EXPECT_EQ(g, (std::vector<double>{0.0, 0.0, 1.0, 0.0}));
}

TEST(CriteriaGrad, MultilabelMarginMatchesFiniteDifferences) {
    const std::vector<int> target{2, 0, -1, 3};
    std::vector<double> g(4);
    multilabel_margin_loss_grad(kX1, target, g);
    auto f = [&](const std::vector<double>& x) { return multilabel_margin_loss(x, target); };
    for (std::size_t i = 0; i < 4; ++i)
        EXPECT_NEAR(g[i], fd(f, kX1, i), 1e-8) << i;
}

TEST(CriteriaGrad, NllKlAndRankingMatchFiniteDifferences) {
    const std::vector<std::int64_t> y{1, 3};
    const std::vector<double> w{1.0, 2.0, 0.5, 3.0};
    const std::vector<double> lp{-1.0, -2.0, -0.5, -3.0, -0.2, -1.7, -2.2, -0.9};
    CrossEntropyOptions o;
    o.weight = w;
    auto g = nll_loss_grad(lp, 4, y, o);
    ASSERT_TRUE(g.ok());
    auto f = [&](const std::vector<double>& x) { return nll_loss(x, 4, y, o).value().values[0]; };
    for (std::size_t i = 0; i < lp.size(); ++i)
        EXPECT_NEAR(g.value()[i], fd(f, lp, i), 1e-9) << i;

    for (bool log_target : {false, true}) {
        const double t = log_target ? -0.7 : 0.4;
        auto k = [&](const std::vector<double>& x) {
            const double tt[1] = {t};
            return kl_div(x, tt, KlReduction::Sum, 1, log_target).values[0];
        };
        EXPECT_NEAR(kl_div_grad(-1.3, t, log_target), fd(k, {-1.3}, 0), 1e-9);
    }
    auto r = [](const std::vector<double>& x) {
        return margin_ranking_loss(x[0], 0.2, -1.0, {0.5});
    };
    EXPECT_NEAR(margin_ranking_loss_grad(0.1, 0.2, -1.0, {0.5}), fd(r, {0.1}, 0), 1e-9);
    EXPECT_EQ(margin_ranking_loss_grad(-1.0, 0.2, -1.0, {0.5}), 0.0);
}

TEST(CriteriaGrad, CtcGradientThroughLogSoftmaxMatchesFiniteDifferences) {
    constexpr std::size_t T = 5, N = 2, C = 4;
    std::vector<double> logits(T * N * C);
    for (std::size_t i = 0; i < logits.size(); ++i)
        logits[i] = std::sin(1.7 * double(i) + 0.3);
    const std::vector<int> targets{1, 2, 2, 3, 1, 0}; // padded N x 3
    const std::vector<int> il{5, 4}, tl{3, 2};
    auto log_probs = [&](const std::vector<double>& z) {
        std::vector<double> lp(z.size());
        for (std::size_t r = 0; r < T * N; ++r)
            log_softmax_into(std::span(z).subspan(r * C, C), std::span(lp).subspan(r * C, C));
        return lp;
    };
    for (Reduction red : {Reduction::Mean, Reduction::Sum}) {
        const CtcParams p{0, red, false};
        auto loss = [&](const std::vector<double>& z) {
            const auto lp = log_probs(z);
            const CtcBatch b{lp, T, N, C, targets, CtcTargetLayout::Padded, il, tl};
            return ctc_loss(b, p).value().scalar();
        };
        const auto lp = log_probs(logits);
        const CtcBatch b{lp, T, N, C, targets, CtcTargetLayout::Padded, il, tl};
        auto g = ctc_loss_grad(b, p);
        ASSERT_TRUE(g.ok()) << g.error().message;
        // torch's convention: exp(lp) - occupancy sums to 0 over classes, so a log_softmax's
        // backward (g - softmax * sum g) leaves it unchanged: it is d loss / d logits.
        for (std::size_t i = 0; i < logits.size(); ++i)
            EXPECT_NEAR(g.value()[i], fd(loss, logits, i), 1e-8) << i;
        // Frames past sequence 1's input length (4) get no gradient.
        for (std::size_t c = 0; c < C; ++c)
            EXPECT_EQ(g.value()[(4 * N + 1) * C + c], 0.0);
    }
}

} // namespace
} // namespace losslab
