// with_confidence: scaling a confidence-1 synthetic dataset equals drawing it again.
#include "losslab/synthetic_confidence.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace losslab;

namespace {
SyntheticClassifier draw(double confidence, std::size_t n = 700, std::size_t k = 7,
                         std::uint64_t seed = 11) {
    return make_synthetic_classifier(
               {.num_examples = n, .num_classes = k, .confidence = confidence, .seed = seed})
        .value();
}
} // namespace

TEST(SyntheticConfidence, ScalingIsBitIdenticalToDrawingAgain) {
    const auto calibrated = draw(1.0);
    for (double c : {0.2, 0.5, 1.0, 1.37, 2.5, 5.0}) {
        const auto direct = draw(c);
        const auto scaled = with_confidence(calibrated, c).value();
        EXPECT_EQ(scaled.num_classes, direct.num_classes);
        EXPECT_EQ(scaled.labels, direct.labels);
        EXPECT_EQ(scaled.correct_probability, direct.correct_probability);
        ASSERT_EQ(scaled.logits.size(), direct.logits.size());
        for (std::size_t i = 0; i < direct.logits.size(); ++i)
            ASSERT_EQ(scaled.logits[i], direct.logits[i]) << "c = " << c << ", logit " << i;
    }
}

TEST(SyntheticConfidence, ScaledDatasetHasTheExpectedNllOptimalTemperature) {
    // Temperature scaling undoes the knob: the fitted T of the scaled logits is c times that
    // of the calibrated ones (NLL depends on c / T only).
    const auto calibrated = draw(1.0, 3000, 10, 3);
    const double t1 = fit_temperature(calibrated.logits, 10, calibrated.labels).value().temperature;
    const auto scaled = with_confidence(calibrated, 3.0).value();
    const double t3 = fit_temperature(scaled.logits, 10, scaled.labels).value().temperature;
    EXPECT_NEAR(t3 / t1, 3.0, 1e-8);
}

TEST(SyntheticConfidence, BadConfidenceOrDatasetNamesWhatWasRequired) {
    const auto calibrated = draw(1.0, 10, 3);
    for (double c : {0.0, -1.0, double(INFINITY), double(NAN)}) {
        const auto r = with_confidence(calibrated, c);
        ASSERT_FALSE(r.ok());
        EXPECT_NE(r.error().message.find("requires a finite value > 0"), std::string::npos)
            << r.error().message;
    }
    SyntheticClassifier broken = calibrated;
    broken.logits.pop_back();
    const auto r = with_confidence(broken, 2.0);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("29 logits for 10 labels"), std::string::npos)
        << r.error().message;
    EXPECT_FALSE(with_confidence(SyntheticClassifier{}, 2.0).ok());
}
