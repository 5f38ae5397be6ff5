// `losslab norm-stats` run as the real binary (no display needed): its CSV and JSON rows equal
// the core's statistics bit for bit, --output writes the core's normalised tensor, and bad
// input (G not dividing C, a huge --generate, wrong dtype / rank, a truncated .npy) exits 2
// with a message naming the problem.

#include "gui_test_support.hpp"
#include "losslab/normalization.hpp"
#include "model/labs/lab_normalization.hpp"
#include "model/io/npy_io.hpp"
#include "model/io/file_io.hpp"
#include "model/io/npy_array.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <span>
#include <sstream>
#include <string>
#include <vector>

namespace losslab::guitest {
namespace {

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string> f;
        std::istringstream ls(line);
        for (std::string x; std::getline(ls, x, ',');) f.push_back(x);
        rows.push_back(f);
    }
    return rows;
}

double parse(const std::string& t) {
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    EXPECT_EQ(*end, '\0') << t;
    return v;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

Tensor4 generated(Shape4 shape, std::uint64_t seed) {
    auto x = generate_activations(shape, model::normalization_generator_params({}), seed);
    EXPECT_TRUE(x.ok());
    return x.value();
}

TEST(CliNormStats, CsvRowsEqualTheCoresGroupNormStatistics) {
    TempDir dir;
    const auto r = run_losslab({"norm-stats", "--method", "gn", "--groups", "4", "--generate",
                                "3,8,5,7", "--seed", "9"},
                               dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto rows = csv_rows(r.out);
    const NormStats ref = group_norm_stats(generated({3, 8, 5, 7}, 9), 4).value();
    ASSERT_EQ(rows.size(), 1 + ref.mean.size());
    EXPECT_EQ(rows[0], (std::vector<std::string>{"n", "group", "mean", "var"}));
    for (std::size_t i = 0; i < ref.mean.size(); ++i) {
        const auto& f = rows[i + 1];
        ASSERT_EQ(f.size(), 4u);
        EXPECT_EQ(f[0], std::to_string(i / 4));
        EXPECT_EQ(f[1], std::to_string(i % 4));
        EXPECT_TRUE(same_bits(parse(f[2]), ref.mean[i])) << f[2] << " vs " << ref.mean[i];
        EXPECT_TRUE(same_bits(parse(f[3]), ref.var[i])) << f[3] << " vs " << ref.var[i];
    }
}

TEST(CliNormStats, JsonEqualsTheCoresBatchNormStatisticsOfANpyFile) {
    TempDir dir;
    const Tensor4 x = generated({4, 6, 3, 3}, 2);
    ASSERT_TRUE(model::write_npy(dir.path / "x.npy", x).ok());
    const auto r = run_losslab({"norm-stats", "--method", "bn", "--input",
                                (dir.path / "x.npy").string(), "--format", "json"},
                               dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    const NormStats ref = batch_norm_stats(x);
    EXPECT_EQ(doc["method"], "bn");
    EXPECT_EQ(doc["shape"], nlohmann::json::array({4, 6, 3, 3}));
    EXPECT_EQ(doc["count"], 4 * 3 * 3);
    ASSERT_EQ(doc["stats"].size(), 6u);
    for (std::size_t c = 0; c < 6; ++c) {
        EXPECT_EQ(doc["stats"][c]["c"], c);
        EXPECT_TRUE(same_bits(doc["stats"][c]["mean"].get<double>(), ref.mean[c]));
        EXPECT_TRUE(same_bits(doc["stats"][c]["var"].get<double>(), ref.var[c]));
    }
}

TEST(CliNormStats, OutputNpyEqualsTheCoresNormalisedTensor) {
    TempDir dir;
    const Tensor4 x = generated({2, 4, 6, 5}, 5);
    ASSERT_TRUE(model::write_npy(dir.path / "x.npy", x).ok());
    const auto out = dir.path / "y.npy";
    const auto r = run_losslab({"norm-stats", "--method", "in", "--eps", "0.001", "--input",
                                (dir.path / "x.npy").string(), "--output", out.string()},
                               dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto y = model::read_npy(out);
    ASSERT_TRUE(y.ok()) << y.error().message;
    const auto ref = normalize(x, instance_norm_stats(x), {}, 1e-3).value();
    ASSERT_EQ(y.value().tensor.shape, ref.shape);
    EXPECT_EQ(y.value().tensor.data, ref.data);
    // and it really is normalised: plane (1, 2) has mean ~0
    const Moments m = array_moments(y.value().tensor.plane(1, 2), 30);
    EXPECT_NEAR(m.mean, 0.0, 1e-6);
}

// RMSNorm of a float64 file: the mean squares and the output equal torch.nn.RMSNorm's
// definition evaluated in mpmath (tests/reference/gen_rms_norm.py), and the output stays
// float64.
TEST(CliNormStats, RmsOfAFloat64FileEqualsTheDefinitionAndStaysFloat64) {
    TempDir dir;
    const auto t = test::read_csv("rms_norm.csv");
    std::size_t row = t.rows.size();
    for (std::size_t r = 0; r < t.rows.size(); ++r)
        if (t.str(r, "name") == "offset_1e3") row = r;
    ASSERT_LT(row, t.rows.size());
    const std::size_t dims[4] = {std::size_t(t.num(row, "n")), std::size_t(t.num(row, "c")),
                                 std::size_t(t.num(row, "h")), std::size_t(t.num(row, "w"))};
    const auto x = t.list(row, "x");
    const auto ms = t.list(row, "mean_square");
    const auto in = dir.path / "x.npy";
    ASSERT_TRUE(model::write_file_atomic(
                    in, model::encode_npy_array(model::NpyDtype::Float64, dims,
                                                std::as_bytes(std::span<const double>(x))))
                    .ok());
    const auto out = dir.path / "y.npy";
    const auto r = run_losslab({"norm-stats", "--method", "rms", "--input", in.string(), "--eps",
                                "1e-5", "--output", out.string(), "--format", "json"},
                               dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["method"], "rms");
    EXPECT_EQ(doc["dtype"], "float64");
    EXPECT_EQ(doc["count"], dims[1] * dims[2] * dims[3]);
    ASSERT_EQ(doc["stats"].size(), ms.size());
    for (std::size_t i = 0; i < ms.size(); ++i) {
        EXPECT_EQ(doc["stats"][i]["n"], i);
        EXPECT_TRUE(test::within_rel(doc["stats"][i]["mean_square"].get<double>(), ms[i], 1e-15));
    }
    // The gamma-free output: x / sqrt(ms + eps), against the fixture's mean squares.
    auto y = model::open_npy(out);
    ASSERT_TRUE(y.ok()) << y.error().message;
    EXPECT_EQ(y.value().dtype(), model::NpyDtype::Float64);
    const auto yv = y.value().to_double();
    ASSERT_EQ(yv.size(), x.size());
    const std::size_t per = dims[1] * dims[2] * dims[3];
    for (std::size_t i = 0; i < x.size(); ++i)
        EXPECT_TRUE(test::within_rel(yv[i], x[i] / std::sqrt(ms[i / per] + 1e-5), 2e-15)) << i;

    // CSV: one row per sample with its mean square.
    const auto c = run_losslab({"norm-stats", "--method", "rms", "--input", in.string()}, dir.path);
    ASSERT_EQ(c.exit_code, 0) << c.err;
    const auto rows = csv_rows(c.out);
    ASSERT_EQ(rows.size(), 1 + ms.size());
    EXPECT_EQ(rows[0], (std::vector<std::string>{"n", "mean_square"}));
    EXPECT_TRUE(test::within_rel(parse(rows[1][1]), ms[0], 1e-15));
}

struct Refusal {
    std::vector<std::string> args;
    std::vector<std::string> message_parts;
};

void expect_refused(const Refusal& c, const std::filesystem::path& cfg) {
    std::vector<std::string> args{"norm-stats"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const auto r = run_losslab(args, cfg);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    for (const auto& part : c.message_parts)
        EXPECT_NE(r.err.find(part), std::string::npos) << "missing '" << part << "' in " << r.err;
}

std::string npy_bytes(const std::string& dict, std::size_t payload) {
    std::string header = dict;
    const std::size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    std::string out = "\x93NUMPY";
    out += char(1);
    out += char(0);
    out += char(header.size() & 0xff);
    out += char(header.size() >> 8);
    return out + header + std::string(payload, '\0');
}

TEST(CliNormStats, BadInputExitsTwoWithAMessageNamingTheProblem) {
    TempDir dir;
    const auto path = [&](const char* name, const std::string& bytes) {
        const auto p = dir.path / name;
        std::ofstream(p, std::ios::binary) << bytes;
        return p.string();
    };
    // 2 x 3 x 4 float32 needs 96 bytes; 50 are there.
    const auto truncated = path(
        "trunc.npy",
        npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }", 50));
    const auto ints = path(
        "ints.npy", npy_bytes("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }", 24));
    const auto rank1 = path(
        "rank1.npy", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }", 20));
    const std::vector<Refusal> cases{
        {{"--method", "gn", "--groups", "3", "--generate", "2,8,4,4"},
         {"8 channels", "3 groups", "divides"}},
        {{"--method", "gn", "--generate", "2,8,4,4"}, {"--groups"}},
        {{"--method", "bn", "--generate", "100000,100000,100,100"}, {"at most", "bytes"}},
        {{"--method", "bn", "--generate", "2,8,4"}, {"--generate", "N,C,H,W"}},
        {{"--method", "xx", "--generate", "2,8,4,4"}, {"--method", "bn, ln, in, gn, rms", "'xx'"}},
        {{"--method", "rms", "--groups", "2", "--generate", "2,8,4,4"},
         {"--groups", "--method gn", "--method rms"}},
        {{"--method", "rms", "--generate", "2,2,2,2", "--eps", "-1"}, {"--eps", "-1"}},
        {{"--method", "bn"}, {"either --input", "neither"}},
        {{"--method", "ln", "--input", truncated}, {"truncated", "96 bytes", "50 bytes"}},
        {{"--method", "ln", "--input", ints}, {"dtype", "'<i4'"}},
        {{"--method", "ln", "--input", rank1}, {"rank 1"}},
        {{"--method", "ln", "--input", (dir.path / "missing.npy").string()}, {"missing.npy"}},
        {{"--method", "ln", "--generate", "2,2,2,2", "--format", "xml"}, {"--format", "'xml'"}},
    };
    for (const auto& c : cases) expect_refused(c, dir.path);
}

} // namespace
} // namespace losslab::guitest
