#include "losslab/ctc_loss.hpp"
#include "test_support.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace losslab;
using losslab::test::within_rel;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

Reduction parse_reduction(const std::string& s) {
    if (s == "none") return Reduction::None;
    if (s == "sum") return Reduction::Sum;
    return Reduction::Mean;
}

std::vector<int> ints(const std::vector<double>& v) { return {v.begin(), v.end()}; }

// A T x 1 x C log-probability table where every frame is uniform over C classes.
std::vector<double> uniform_frames(std::size_t t, std::size_t c) {
    return std::vector<double>(t * c, -std::log(double(c)));
}

} // namespace

TEST(CtcLoss, AgreesWithPyTorch) {
    const auto t = test::read_csv("pytorch_ctc_loss.csv");
    ASSERT_GT(t.rows.size(), 100u);
    for (size_t r = 0; r < t.rows.size(); ++r) {
        SCOPED_TRACE("fixture row " + std::to_string(r) + " (" + t.str(r, "case") + ", " +
                     t.str(r, "layout") + ", zero_infinity " + t.str(r, "zero_infinity") + ", " +
                     t.str(r, "reduction") + ")");
        const auto lp = t.list(r, "log_probs");
        const auto targets = ints(t.list(r, "targets"));
        const auto in_len = ints(t.list(r, "input_lengths"));
        const auto tg_len = ints(t.list(r, "target_lengths"));
        CtcBatch b;
        b.log_probs = lp;
        b.max_time = std::size_t(t.num(r, "T"));
        b.batch_size = std::size_t(t.num(r, "N"));
        b.num_classes = std::size_t(t.num(r, "C"));
        b.targets = targets;
        b.layout = t.str(r, "layout") == "padded" ? CtcTargetLayout::Padded
                                                  : CtcTargetLayout::Concatenated;
        b.input_lengths = in_len;
        b.target_lengths = tg_len;
        CtcParams p;
        p.blank = int(t.num(r, "blank"));
        p.reduction = parse_reduction(t.str(r, "reduction"));
        p.zero_infinity = t.str(r, "zero_infinity") == "1";
        auto res = ctc_loss(b, p);
        ASSERT_TRUE(res.ok()) << res.error().message;
        const auto expected = t.list(r, "value");
        ASSERT_EQ(res.value().values.size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i)
            EXPECT_TRUE(within_rel(res.value().values[i], expected[i], 1e-12)) << "element " << i;
    }
}

TEST(CtcLoss, LogAddExpIsStable) {
    EXPECT_EQ(log_add_exp(-kInf, -kInf), -kInf);
    EXPECT_EQ(log_add_exp(-kInf, 3.0), 3.0);
    EXPECT_EQ(log_add_exp(1000.0, 1000.0), 1000.0 + std::log(2.0));
    EXPECT_TRUE(within_rel(log_add_exp(-1000.0, -1001.0), -1000.0 + std::log1p(std::exp(-1.0)),
                           1e-15));
    EXPECT_EQ(log_add_exp(kInf, 0.0), kInf);
    EXPECT_TRUE(std::isnan(log_add_exp(std::nan(""), 0.0)));
}

TEST(CtcLoss, UniformFramesCountAlignments) {
    // With every frame uniform over C classes, p(target) = (#alignments) / C^T. For target
    // "a" in T = 3 frames the alignments are the strings of {blank, a} collapsing to "a":
    // a--, -a-, --a, aa-, -aa, aaa -> 6, so loss = 3 log 3 - log 6.
    const auto lp = uniform_frames(3, 3);
    const std::vector<int> target{1};
    EXPECT_TRUE(within_rel(ctc_neg_log_likelihood(lp, 3, 3, 3, target), 3 * std::log(3.0) - std::log(6.0),
                           1e-15));
    // "aa" in 3 frames: only a-a.
    const std::vector<int> twice{1, 1};
    EXPECT_TRUE(within_rel(ctc_neg_log_likelihood(lp, 3, 3, 3, twice), 3 * std::log(3.0), 1e-15));
}

TEST(CtcLoss, TargetLongerThanInputIsInfiniteOrZeroWithZeroInfinity) {
    const auto lp = uniform_frames(2, 4);
    const std::vector<int> target{1, 2, 3}, in_len{2}, tg_len{3};
    CtcBatch b{lp, 2, 1, 4, target, CtcTargetLayout::Concatenated, in_len, tg_len};
    EXPECT_EQ(ctc_loss(b).value().scalar(), kInf);
    EXPECT_EQ(ctc_loss(b, {0, Reduction::Mean, true}).value().scalar(), 0.0);
    // Repeats need a blank between them: "aa" needs 3 frames.
    const std::vector<int> twice{1, 1}, two{2};
    CtcBatch r{lp, 2, 1, 4, twice, CtcTargetLayout::Concatenated, in_len, two};
    EXPECT_EQ(ctc_loss(r, {0, Reduction::None}).value().values[0], kInf);
}

TEST(CtcLoss, ZeroInputLengthFollowsTheDefinition) {
    // torch 1.13's CPU kernel returns uninitialised memory here; the definition says an empty
    // input emits only the empty sequence.
    const auto lp = uniform_frames(3, 3);
    const std::vector<int> none, one{1};
    EXPECT_EQ(ctc_neg_log_likelihood(lp, 0, 3, 3, none), 0.0);
    EXPECT_EQ(ctc_neg_log_likelihood(lp, 0, 3, 3, one), kInf);
}

TEST(CtcLoss, EmptyTargetIsAllBlanks) {
    const auto lp = uniform_frames(4, 5);
    const std::vector<int> none;
    EXPECT_TRUE(within_rel(ctc_neg_log_likelihood(lp, 4, 5, 5, none), 4 * std::log(5.0), 1e-15));
}

TEST(CtcLoss, MeanDividesByTargetLengthThenAverages) {
    const auto lp = uniform_frames(4, 3); // T = 4, N = 1 reused twice below as N = 1 batches
    const std::vector<int> target{1, 2}, in_len{4}, tg_len{2};
    CtcBatch b{lp, 4, 1, 3, target, CtcTargetLayout::Concatenated, in_len, tg_len};
    const double sum = ctc_loss(b, {0, Reduction::Sum}).value().scalar();
    EXPECT_TRUE(within_rel(ctc_loss(b, {0, Reduction::Mean}).value().scalar(), sum / 2, 1e-15));
}

TEST(CtcLoss, ValidationMessagesSayWhatWasRequired) {
    const auto lp = uniform_frames(3, 3);
    const std::vector<int> target{1}, in_len{3}, tg_len{1};
    CtcBatch b{lp, 3, 1, 3, target, CtcTargetLayout::Concatenated, in_len, tg_len};
    EXPECT_EQ(ctc_loss(b, {3}).error().message,
              "ctc_loss blank requires a class index in [0, 3), got 3");
    EXPECT_EQ(ctc_loss(b, {1}).error().message,
              "ctc_loss targets requires labels in [0, 3) other than the blank 1, got 1");
    const std::vector<int> long_in{4};
    CtcBatch c = b;
    c.input_lengths = long_in;
    EXPECT_EQ(ctc_loss(c).error().message,
              "ctc_loss input_lengths requires values in [0, T = 3], got 4");
    CtcBatch e = b;
    e.log_probs = {};
    e.max_time = 0;
    EXPECT_FALSE(ctc_loss(e).ok());
    const std::vector<int> too_long{2};
    CtcBatch p = b;
    p.layout = CtcTargetLayout::Padded;
    p.target_lengths = too_long;
    EXPECT_FALSE(ctc_loss(p).ok());
}
