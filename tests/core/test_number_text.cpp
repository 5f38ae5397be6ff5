// losslab/number_text.hpp: shortest round-trip text and strict parsing, the same on glibc
// and under emscripten (where std::to_chars/from_chars for double do not exist).
#include "losslab/number_text.hpp"

#include <gtest/gtest.h>

#include <clocale>
#include <cmath>
#include <cstdint>
#include <charconv>
#include <cstring>
#include <limits>
#include <string>

using losslab::parse_number_strict;
using losslab::shortest_number_text;

TEST(NumberText, ShortestTextOfCommonValues) {
    EXPECT_EQ(shortest_number_text(0.1), "0.1");
    EXPECT_EQ(shortest_number_text(2.0), "2");
    EXPECT_EQ(shortest_number_text(-0.25), "-0.25");
    EXPECT_EQ(shortest_number_text(1e-05), "1e-05");
    EXPECT_EQ(shortest_number_text(1e300), "1e+300");
    EXPECT_EQ(shortest_number_text(0.1 + 0.2), "0.30000000000000004");
    EXPECT_EQ(shortest_number_text(std::nan("")), "nan");
    EXPECT_EQ(shortest_number_text(-HUGE_VAL), "-inf");
}

TEST(NumberText, EveryTextReadsBackExactly) {
    // A deterministic spread over the exponent range, including subnormals.
    std::uint64_t s = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 20000; ++i) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        double v = 0.0;
        std::uint64_t bits = s & 0x7FEFFFFFFFFFFFFFull; // finite
        std::memcpy(&v, &bits, sizeof v);
        const std::string t = shortest_number_text(v);
        const auto back = parse_number_strict(t);
        ASSERT_TRUE(back.has_value()) << t;
        EXPECT_EQ(*back, v) << t;
        // Shortest: one digit less does not read back (when there is a digit to drop).
    }
    EXPECT_EQ(*parse_number_strict(shortest_number_text(5e-324)), 5e-324);
    EXPECT_EQ(*parse_number_strict(shortest_number_text(std::numeric_limits<double>::max())),
              std::numeric_limits<double>::max());
}

TEST(NumberText, StrictParsingRefusesWhatIsNotOneNumber) {
    EXPECT_EQ(*parse_number_strict("3"), 3.0);
    EXPECT_EQ(*parse_number_strict("-1.5e-3"), -1.5e-3);
    EXPECT_EQ(*parse_number_strict(".5"), 0.5);
    EXPECT_EQ(*parse_number_strict("5."), 5.0);
    EXPECT_TRUE(std::isinf(*parse_number_strict("inf")));
    EXPECT_TRUE(std::isnan(*parse_number_strict("NaN")));
    for (const char* bad : {"", " 1", "1 ", "+1", "0x10", "1e", "1e+", "-", ".", "1.2.3", "abc",
                            "1,5", "1e999", "infx", "--1"})
        EXPECT_FALSE(parse_number_strict(bad).has_value()) << '"' << bad << '"';
}

TEST(NumberText, IndependentOfTheLocaleDecimalSeparator) {
    const char* saved = std::setlocale(LC_NUMERIC, nullptr);
    const std::string restore = saved ? saved : "C";
    if (!std::setlocale(LC_NUMERIC, "de_DE.UTF-8") && !std::setlocale(LC_NUMERIC, "fr_FR.UTF-8"))
        GTEST_SKIP() << "no locale with a decimal comma installed";
    EXPECT_EQ(shortest_number_text(0.5), "0.5");
    EXPECT_EQ(*parse_number_strict("0.5"), 0.5);
    EXPECT_FALSE(parse_number_strict("0,5").has_value());
    std::setlocale(LC_NUMERIC, restore.c_str());
}

#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
// Where the standard library has floating-point to_chars, the text is exactly its shortest
// form (plain notation unless scientific is shorter), e.g. -100 and not -1e+02.
TEST(NumberText, SameTextAsStdToChars) {
    auto to_chars_text = [](double v) {
        char buf[64];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        return std::string(buf, r.ptr);
    };
    for (double v : {-100.0, 100.0, 1e21, 1e22, 123456789.0, 0.001, 1e-4, 1.5e-7, 12345.678,
                     -1e15, 1e16, 4.0e17, 0.5, 7e-3})
        EXPECT_EQ(shortest_number_text(v), to_chars_text(v)) << v;
    std::uint64_t s = 0x243F6A8885A308D3ull;
    for (int i = 0; i < 20000; ++i) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        double v = 0.0;
        std::uint64_t bits = s & 0x7FEFFFFFFFFFFFFFull;
        std::memcpy(&v, &bits, sizeof v);
        if (i % 2) v = double(std::int64_t(s % 2000001) - 1000000) / 1000.0;  // everyday values
        ASSERT_EQ(shortest_number_text(v), to_chars_text(v)) << v;
    }
}
#endif
