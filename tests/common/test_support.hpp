#pragma once
// Helpers shared by the test executables: ulp distance, relative-tolerance checks that print
// the distance, and a reader for the committed CSV fixtures under tests/reference/.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace losslab::test {

// Distance in units in the last place between two doubles (0 when equal, max when either is
// NaN unless both are). +0 and -0 are 0 apart.
inline std::uint64_t ulp_distance(double a, double b) {
    if (std::isnan(a) || std::isnan(b))
        return (std::isnan(a) && std::isnan(b)) ? 0 : std::numeric_limits<std::uint64_t>::max();
    if (a == b) return 0;
    auto ordered = [](double x) {
        std::int64_t i;
        std::memcpy(&i, &x, sizeof i);
        return i < 0 ? std::numeric_limits<std::int64_t>::min() - i : i;
    };
    const std::int64_t ia = ordered(a), ib = ordered(b);
    return ia > ib ? std::uint64_t(ia) - std::uint64_t(ib) : std::uint64_t(ib) - std::uint64_t(ia);
}

// Asserts |actual - expected| <= max_ulp ulps; the failure message prints both and the distance.
inline ::testing::AssertionResult within_ulp(double actual, double expected, std::uint64_t max_ulp) {
    const auto d = ulp_distance(actual, expected);
    if (d <= max_ulp) return ::testing::AssertionSuccess();
    std::ostringstream os;
    os.precision(17);
    os << "actual " << actual << " vs expected " << expected << ": " << d << " ulp (allowed "
       << max_ulp << ")";
    return ::testing::AssertionFailure() << os.str();
}

// Asserts a relative difference of at most rel (absolute below abs_floor); prints the distance.
inline ::testing::AssertionResult within_rel(double actual, double expected, double rel,
                                             double abs_floor = 0.0) {
    if (std::isinf(expected) && actual == expected) return ::testing::AssertionSuccess();
    if (std::isnan(expected) && std::isnan(actual)) return ::testing::AssertionSuccess();
    const double diff = std::fabs(actual - expected);
    const double scale = std::fabs(expected);
    if (diff <= rel * scale || diff <= abs_floor) return ::testing::AssertionSuccess();
    std::ostringstream os;
    os.precision(17);
    os << "actual " << actual << " vs expected " << expected << ": relative error "
       << (scale > 0 ? diff / scale : diff) << " (allowed " << rel << ")";
    return ::testing::AssertionFailure() << os.str();
}

// A CSV fixture: a header row of column names, then rows of fields (kept as strings so that
// columns can hold lists like "0.1;0.2"). `num(row, "col")` parses a double (inf, nan ok).
struct CsvTable {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;

    int column(const std::string& name) const {
        for (size_t i = 0; i < columns.size(); ++i)
            if (columns[i] == name) return int(i);
        ADD_FAILURE() << "fixture has no column '" << name << "'";
        return -1;
    }
    const std::string& str(size_t row, const std::string& name) const {
        static const std::string empty;
        const int c = column(name);
        return c < 0 ? empty : rows.at(row).at(size_t(c));
    }
    double num(size_t row, const std::string& name) const {
        return std::strtod(str(row, name).c_str(), nullptr);
    }
    // Splits a ';'-separated list field into doubles.
    std::vector<double> list(size_t row, const std::string& name) const {
        std::vector<double> out;
        std::stringstream ss(str(row, name));
        std::string item;
        while (std::getline(ss, item, ';'))
            if (!item.empty()) out.push_back(std::strtod(item.c_str(), nullptr));
        return out;
    }
};

// Path of a committed fixture: tests/reference/<name>.
inline std::string reference_path(const std::string& name) {
    return std::string(LOSSLAB_REFERENCE_DIR) + "/" + name;
}

// Reads tests/reference/<name>; lines starting with '#' are comments. Fails the test when
// the file is missing or empty.
inline CsvTable read_csv(const std::string& name) {
    CsvTable t;
    std::ifstream in(reference_path(name));
    if (!in) {
        ADD_FAILURE() << "missing fixture " << reference_path(name);
        return t;
    }
    std::string line;
    bool header = true;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> fields;
        std::stringstream ss(line);
        std::string f;
        while (std::getline(ss, f, ',')) fields.push_back(f);
        if (!line.empty() && line.back() == ',') fields.emplace_back();
        if (header) {
            t.columns = fields;
            header = false;
        } else {
            t.rows.push_back(std::move(fields));
        }
    }
    if (t.rows.empty()) ADD_FAILURE() << "fixture " << name << " has no rows";
    return t;
}

} // namespace losslab::test
