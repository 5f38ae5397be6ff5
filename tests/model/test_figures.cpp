#include "losslab/focal_loss.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "model/labs/lab_loss.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

using namespace losslab::model;
using namespace losslab::plot;

TEST(Figures, NamesAreUniqueAndBuildersProduceFiniteSeries) {
    std::set<std::string_view> names;
    const AppState state;
    for (const auto& info : figure_catalogue()) {
        EXPECT_TRUE(names.insert(info.name).second) << info.name;
        const Figure fig = info.build(state);
        EXPECT_EQ(fig.name, info.name);
        EXPECT_FALSE(fig.series.empty());
        for (const auto& s : fig.series)
            for (size_t i = 0; i < s.y.size(); ++i)
                EXPECT_FALSE(std::isnan(s.y[i])) << info.name << " " << s.name << " at " << s.x[i];
    }
}

TEST(Figures, LossFigureValuesComeFromTheCore) {
    LossLabState state;
    state.gamma = 3.0;
    state.alpha = -1.0;
    const Figure fig = loss_vs_probability_figure(state);
    const Series& ce = fig.series.at(0);
    const Series& focal = fig.series.at(1);
    ASSERT_EQ(ce.name.rfind("cross-entropy", 0), 0u);
    ASSERT_EQ(focal.name.rfind("focal", 0), 0u);
    for (size_t i = 0; i < ce.x.size(); i += 37) {
        EXPECT_EQ(ce.y[i], losslab::cross_entropy_pt(ce.x[i]));
        EXPECT_EQ(focal.y[i], losslab::focal_loss_pt(focal.x[i], 3.0));
    }
    EXPECT_EQ(focal.exact(0.9), losslab::focal_loss_pt(0.9, 3.0));
    EXPECT_NE(focal.name.find("γ = 3.00"), std::string::npos);
    EXPECT_EQ(ce.x.back(), 1.0);
    EXPECT_LT(ce.x.front(), 1e-10) << "samples reach towards p = 0 so the curve meets the top";
}
