#pragma once
// The PyTorch criteria fixture (tests/reference/criteria/cases.json, written by
// tests/reference/gen_criteria.py): one case per criterion, tensors, options and reduction,
// with torch's float64 value and gradient. Shared by the model and CLI tests.

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace losslab::testing {

inline std::string criteria_dir() {
    return std::string(LOSSLAB_REFERENCE_DIR) + "/criteria";
}

// One fixture case.
struct CriteriaCase {
    std::string criterion;
    std::map<std::string, std::string> tensors; // PyTorch name -> file name in criteria_dir()
    std::map<std::string, std::string> options; // PyTorch name -> text (reduction included)
    std::vector<std::size_t> shape;             // of the value; empty for a scalar
    std::vector<double> value;                  // flattened
    bool has_grad = false;
    std::vector<double> grad;          // flattened, of the first tensor
    std::vector<double> value_float32; // torch's float32 value, when recorded
    std::string label() const {
        std::string s = criterion;
        for (const auto& [k, v] : tensors)
            s += " --" + k + " " + v;
        for (const auto& [k, v] : options)
            s += " --" + k + " " + v;
        return s;
    }
};

// A fixture number: JSON numbers, or "inf" / "-inf" / "nan".
inline double fixture_number(const nlohmann::json& j) {
    if (j.is_number()) return j.get<double>();
    const std::string s = j.get<std::string>();
    if (s == "inf") return std::numeric_limits<double>::infinity();
    if (s == "-inf") return -std::numeric_limits<double>::infinity();
    return std::numeric_limits<double>::quiet_NaN();
}

inline void flatten(const nlohmann::json& j, std::vector<double>& out) {
    if (j.is_array())
        for (const auto& e : j)
            flatten(e, out);
    else
        out.push_back(fixture_number(j));
}

inline std::vector<CriteriaCase> load_criteria_cases() {
    std::ifstream in(criteria_dir() + "/cases.json");
    const auto doc = nlohmann::json::parse(in);
    std::vector<CriteriaCase> cases;
    for (const auto& c : doc.at("cases")) {
        CriteriaCase k;
        k.criterion = c.at("criterion").get<std::string>();
        for (const auto& [name, file] : c.at("tensors").items())
            k.tensors[name] = file.get<std::string>();
        for (const auto& [name, text] : c.at("options").items())
            k.options[name] = text.get<std::string>();
        for (const auto& e : c.at("shape"))
            k.shape.push_back(e.get<std::size_t>());
        flatten(c.at("value"), k.value);
        if (!c.at("grad").is_null()) {
            k.has_grad = true;
            flatten(c.at("grad"), k.grad);
        }
        if (c.contains("value_float32")) flatten(c.at("value_float32"), k.value_float32);
        cases.push_back(std::move(k));
    }
    return cases;
}

// |a - b| / |b| with equal non-finite values (inf = inf, nan = nan) giving 0; an absolute
// floor `floor` stands in for |b| when |b| is smaller (gradients that are 0 in exact arithmetic).
inline double relative_error(double a, double b, double floor) {
    if (std::isnan(a) && std::isnan(b)) return 0.0;
    if (std::isinf(b) || std::isinf(a))
        return a == b ? 0.0 : std::numeric_limits<double>::infinity();
    if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<double>::infinity();
    return std::fabs(a - b) / std::max(std::fabs(b), floor);
}

// The largest |x| of a span (the scale of a gradient's floor).
inline double max_abs(const std::vector<double>& v) {
    double m = 0.0;
    for (double x : v)
        if (std::isfinite(x)) m = std::max(m, std::fabs(x));
    return m;
}

} // namespace losslab::testing
