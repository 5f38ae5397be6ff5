// model/persist/link_state.hpp: the state carried by the web build's address fragment.
#include "model/persist/link_state.hpp"
#include "model/labs/labs.hpp"
#include "model/params/param_registry.hpp"

#include <gtest/gtest.h>

using namespace losslab::model;

namespace {
double param(const AppState& s, const char* key) { return get_param(s, *find_param(key)); }
} // namespace

TEST(LinkState, OpensTheLabAndParametersOfTheLink) {
    AppState s = default_app_state();
    const auto r = apply_link(s, "#lab=focal&focal.gamma=3");
    EXPECT_TRUE(r.errors.empty());
    EXPECT_EQ(s.lab, LabId::Focal);
    EXPECT_EQ(param(s, "focal.gamma"), 3.0);
}

TEST(LinkState, RoundTripsEveryChangedParameter) {
    AppState s = default_app_state();
    s.lab = LabId::Smoothing;
    // Move every real parameter to 3/4 of its range: the link must carry each one exactly.
    for (const auto& p : param_registry()) {
        if (p.spec->kind == ParamKind::Real) {
            ASSERT_TRUE(set_param(s, p, p.spec->min + 0.7501 * (p.spec->max - p.spec->min)));
        }
    }
    const std::string link = state_link(s, {"params"}, "03-focal-loss.json");
    AppState back = default_app_state();
    const auto r = apply_link(back, link);
    EXPECT_TRUE(r.errors.empty()) << link;
    EXPECT_EQ(back.lab, LabId::Smoothing);
    for (const auto& p : param_registry()) EXPECT_EQ(get_param(back, p), get_param(s, p)) << p.key();
    EXPECT_EQ(r.hidden, std::set<std::string>{"params"});
    EXPECT_EQ(r.lesson, "03-focal-loss.json");
}

TEST(LinkState, DefaultStateGivesOnlyTheLab) {
    AppState s = default_app_state();
    s.lab = LabId::Normalization;
    EXPECT_EQ(state_link(s), "lab=normalization");
}

TEST(LinkState, BadEntriesAreReportedAndTheRestApplied) {
    AppState s = default_app_state();
    const double before = param(s, "focal.gamma");
    const auto r = apply_link(s, "lab=nope&focal.gamma=abc&focal.alpha=0.5&nokey=1&_hide=menu,sidebar");
    ASSERT_EQ(r.errors.size(), 4u);
    EXPECT_NE(r.errors[0].find("nope"), std::string::npos);
    EXPECT_NE(r.errors[1].find("'abc'"), std::string::npos);
    EXPECT_EQ(param(s, "focal.gamma"), before);
    EXPECT_EQ(param(s, "focal.alpha"), 0.5);
    EXPECT_EQ(r.hidden, std::set<std::string>{"sidebar"});
}

TEST(LinkState, PercentDecoding) {
    EXPECT_EQ(percent_decode("a%20b%2Cc"), "a b,c");
    EXPECT_EQ(percent_decode("100%"), "100%");
    EXPECT_EQ(percent_decode("%zz"), "%zz");
}
