#include "model/params/param_registry.hpp"
#include "model/labs/labs.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace losslab::model;

TEST(ParamRegistry, KeysAreUniqueAndPrefixedByTheirLab) {
    std::set<std::string> keys;
    for (const auto& p : param_registry()) {
        EXPECT_TRUE(keys.insert(p.key()).second) << "duplicate key " << p.key();
        EXPECT_EQ(p.key().rfind(std::string(lab_info(p.lab).key) + ".", 0), 0u) << p.key();
        EXPECT_FALSE(p.spec->label.empty()) << p.key();
        EXPECT_FALSE(p.spec->help.empty()) << p.key();
        EXPECT_LE(p.spec->min, p.spec->def) << p.key();
        EXPECT_LE(p.spec->def, p.spec->max) << p.key();
    }
}

TEST(ParamRegistry, DefaultStateEqualsTheDeclaredDefaults) {
    const AppState fresh;
    EXPECT_EQ(fresh, default_app_state());
    for (const auto& p : param_registry()) EXPECT_EQ(get_param(fresh, p), p.spec->def) << p.key();
}

TEST(ParamRegistry, SetParamValidatesAndLeavesStateUntouchedOnError) {
    AppState s;
    const auto* gamma = find_param("loss.gamma");
    ASSERT_NE(gamma, nullptr);
    EXPECT_TRUE(set_param(s, *gamma, 5.0).ok());
    EXPECT_EQ(s.loss.gamma, 5.0);
    const auto bad = set_param(s, *gamma, -1.0);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message, "loss.gamma requires 0 <= value <= 10, got -1");
    EXPECT_EQ(s.loss.gamma, 5.0);
}

TEST(ParamRegistry, AssignmentsParseNumbersAndReportBadInput) {
    AppState s;
    EXPECT_TRUE(apply_assignment(s, "loss.gamma=0.5").ok());
    EXPECT_EQ(s.loss.gamma, 0.5);
    EXPECT_NE(apply_assignment(s, "loss.gamma=abc").error().message.find("got 'abc'"),
              std::string::npos);
    EXPECT_NE(apply_assignment(s, "loss.gamma=nan").error().message.find("loss.gamma"),
              std::string::npos);
    EXPECT_NE(apply_assignment(s, "gamma").error().message.find("key=value"), std::string::npos);
    const auto unknown = apply_assignment(s, "loss.gamm=1");
    EXPECT_NE(unknown.error().message.find("'loss.gamm'"), std::string::npos);
    EXPECT_NE(unknown.error().message.find("loss.gamma"), std::string::npos);
    EXPECT_EQ(s.loss.gamma, 0.5);
}

TEST(ParamSpec, ChoiceAndToggleTextRoundTrips) {
    static constexpr std::string_view kChoices[] = {"uniform", "others", "kl-pad"};
    const ParamSpec choice{.key = "convention", .label = "c", .help = "h",
                           .kind = ParamKind::Choice, .min = 0, .max = 2, .def = 0,
                           .choices = kChoices};
    EXPECT_EQ(parse_param(choice, "x.convention", "kl-pad").value(), 2.0);
    EXPECT_EQ(format_param(choice, 1.0), "others");
    EXPECT_EQ(parse_param(choice, "x.convention", "kl").error().message,
              "x.convention requires one of uniform, others, kl-pad, got 'kl'");
    const ParamSpec toggle{.key = "t", .label = "t", .help = "h", .kind = ParamKind::Toggle};
    EXPECT_EQ(parse_param(toggle, "x.t", "on").value(), 1.0);
    EXPECT_EQ(format_param(toggle, 0.0), "false");
    const ParamSpec integer{.key = "k", .label = "K", .help = "h", .kind = ParamKind::Integer,
                            .min = 2, .max = 20, .def = 10};
    EXPECT_FALSE(parse_param(integer, "x.k", "2.5").ok());
    EXPECT_EQ(parse_param(integer, "x.k", "7").value(), 7.0);
}

TEST(Labs, ParseLabListsAcceptedKeys) {
    EXPECT_EQ(parse_lab("loss").value(), LabId::Loss);
    EXPECT_NE(parse_lab("nope").error().message.find("one of loss"), std::string::npos);
}
