#pragma once
// The calibration fixture (tests/reference/pytorch_calibration_*.csv, written by
// gen_pytorch_catalogue.py), read the same way by the core and the model tests.

#include "test_support.hpp"

#include <string>
#include <vector>

namespace losslab::test {

// The fixed dataset: N rows of K logits (row-major) and their labels.
struct CalibrationDataset {
    std::vector<double> logits;
    std::vector<int> labels;
    std::size_t k = 0;
};

// Reads pytorch_calibration_dataset.csv.
inline CalibrationDataset load_calibration_dataset() {
    const auto t = read_csv("pytorch_calibration_dataset.csv");
    CalibrationDataset d;
    for (size_t r = 0; r < t.rows.size(); ++r) {
        const auto z = t.list(r, "logits");
        d.k = z.size();
        d.logits.insert(d.logits.end(), z.begin(), z.end());
        d.labels.push_back(int(t.num(r, "label")));
    }
    return d;
}

// The value of the summary row with this quantity (and bins / temperature when given).
inline double calibration_summary(const CsvTable& t, const std::string& quantity, double key = -1.0) {
    for (size_t r = 0; r < t.rows.size(); ++r) {
        if (t.str(r, "quantity") != quantity) continue;
        if (key >= 0 && t.num(r, "num_bins") != key && t.num(r, "temperature") != key) continue;
        return t.num(r, "value");
    }
    ADD_FAILURE() << "no summary row " << quantity << " " << key;
    return 0.0;
}

} // namespace losslab::test
