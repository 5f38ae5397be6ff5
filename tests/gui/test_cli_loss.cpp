// `losslab loss CRITERION` run as the real binary (no display needed): every PyTorch fixture
// case of tests/reference/gen_criteria.py through --format json and --grad (values and
// gradients to 1e-12 relative of torch float64), --output / --grad .npy dtypes, the text and
// CSV forms, and refusals: exit 2 naming the flag, exit 1 for files that cannot be read or
// written (nothing half-written).

#include "criteria_fixture.hpp"
#include "gui_test_support.hpp"
#include "model/io/npy_array.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace losslab::guitest {
namespace {

using losslab::testing::CriteriaCase;

std::vector<std::string> args_of(const CriteriaCase& c) {
    std::vector<std::string> a{"loss", c.criterion};
    auto kebab = [](std::string s) {
        for (char& ch : s)
            if (ch == '_') ch = '-';
        return "--" + s;
    };
    for (const auto& [name, file] : c.tensors) {
        a.push_back(kebab(name));
        a.push_back(losslab::testing::criteria_dir() + "/" + file);
    }
    for (const auto& [name, text] : c.options) {
        a.push_back(kebab(name));
        a.push_back(text);
    }
    return a;
}

std::string dir_of(const std::string& file) {
    return losslab::testing::criteria_dir() + "/" + file;
}

TEST(CliLoss, JsonValueAndGradEqualPyTorchForEveryFixtureCase) {
    TempDir dir;
    const auto cases = losslab::testing::load_criteria_cases();
    ASSERT_GE(cases.size(), 200u);
    for (const auto& c : cases) {
        SCOPED_TRACE(c.label());
        auto args = args_of(c);
        const auto grad_path = dir.path / "g.npy";
        std::filesystem::remove(grad_path);
        args.insert(args.end(), {"--format", "json", "--grad", grad_path.string()});
        const auto r = run_losslab(args, dir.path);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const auto doc = nlohmann::json::parse(r.out);
        EXPECT_EQ(doc.at("criterion"), c.criterion);
        std::vector<double> value;
        losslab::testing::flatten(doc.at("value"), value);
        EXPECT_EQ(doc.at("value").is_array(), !c.shape.empty());
        ASSERT_EQ(value.size(), c.value.size());
        auto first = model::open_npy(dir_of(c.tensors.begin()->second));
        ASSERT_TRUE(first.ok());
        const bool f32 = first.value().dtype() == model::NpyDtype::Float32;
        for (std::size_t i = 0; i < value.size(); ++i)
            EXPECT_LE(losslab::testing::relative_error(value[i], c.value[i], 1e-300),
                      f32 ? 6e-8 : 1e-12)
                << value[i] << " vs " << c.value[i];
        auto g = model::open_npy(grad_path);
        ASSERT_TRUE(g.ok()) << g.error().message;
        EXPECT_EQ(g.value().dtype(), f32 ? model::NpyDtype::Float32 : model::NpyDtype::Float64);
        const auto grad = g.value().to_double();
        ASSERT_EQ(grad.size(), c.grad.size());
        const double floor = 1e-300; // plain relative error, element by element
        for (std::size_t i = 0; i < grad.size(); ++i)
            EXPECT_LE(losslab::testing::relative_error(grad[i], c.grad[i], floor),
                      f32 ? 6e-8 : 1e-12)
                << "grad[" << i << "] " << grad[i] << " vs " << c.grad[i];
    }
}

std::vector<std::string> ce_args(const std::string& target = "ce_y.npy") {
    return {"loss", "cross_entropy", "--input", dir_of("ce_x.npy"), "--target", dir_of(target)};
}

TEST(CliLoss, OutputNpyTextAndCsvCarryTheSameNumbers) {
    TempDir dir;
    auto args = ce_args();
    args.insert(args.end(), {"--reduction", "none", "--output", (dir.path / "v.npy").string(),
                             "--format", "csv"});
    const auto r = run_losslab(args, dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto v = model::open_npy(dir.path / "v.npy");
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v.value().shape(), std::vector<std::size_t>{5});
    EXPECT_EQ(v.value().dtype(), model::NpyDtype::Float64);
    std::string expected = "i0,value\n";
    for (std::size_t i = 0; i < 5; ++i)
        expected += std::to_string(i) + "," + fmt::format("{}", v.value().value(i)) + "\n";
    EXPECT_EQ(r.out, expected);

    auto text = ce_args();
    text.insert(text.end(), {"--reduction", "sum"});
    const auto t = run_losslab(text, dir.path);
    ASSERT_EQ(t.exit_code, 0) << t.err;
    double sum = 0.0;
    for (std::size_t i = 0; i < 5; ++i)
        sum += v.value().value(i);
    EXPECT_EQ(t.out.rfind("cross_entropy (reduction sum) = ", 0), 0u) << t.out;
    EXPECT_NEAR(std::stod(t.out.substr(t.out.find("= ") + 2)), sum, 1e-13 * sum);

    auto f32 = std::vector<std::string>{"loss",     "mse_loss",
                                        "--input",  dir_of("reg_x32.npy"),
                                        "--target", dir_of("reg_t32.npy"),
                                        "--output", (dir.path / "m.npy").string()};
    ASSERT_EQ(run_losslab(f32, dir.path).exit_code, 0);
    // A mean is a 0-d array, as numpy.save(loss.numpy()) writes it, in the input's float32.
    std::ifstream in(dir.path / "m.npy", std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(bytes.find("'descr': '<f4'"), std::string::npos) << bytes.substr(0, 128);
    EXPECT_NE(bytes.find("'shape': ()"), std::string::npos) << bytes.substr(0, 128);
    EXPECT_EQ(bytes.size() % 64, 4u); // header padded to 64 bytes, then one float
}

// Runs `args`, expects exit 2 and a message naming `flag` and containing `detail`.
void expect_refusal(const std::vector<std::string>& args, const std::string& message) {
    TempDir dir;
    const auto r = run_losslab(args, dir.path);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(CliLoss, RefusesBadTensorsAndOptionsWithExit2NamingTheFlag) {
    // wrong shape: (5,) class indices for segmentation scores (2, 3, 2, 3)
    expect_refusal({"loss", "cross_entropy", "--input", dir_of("ce_seg_x.npy"), "--target",
                    dir_of("ce_y.npy")},
                   "--target requires class indices of shape (2, 2, 3), got int64 (5,)");
    expect_refusal(
        {"loss", "cross_entropy", "--input", dir_of("ce_seg_x.npy"), "--target",
         dir_of("ce_p.npy")},
        "--target requires class indices (int64 or int32) of shape (2, 2, 3) or probabilities "
        "(float) of shape (2, 3, 2, 3), got float64 (5, 4)");
    // wrong dtype: float targets for nll_loss
    expect_refusal(
        {"loss", "nll_loss", "--input", dir_of("nll_x.npy"), "--target", dir_of("reg_t_row.npy")},
        "--target requires int64 or int32 indices, got float64 (4,)");
    // class out of range: ctc targets with class 4 and blank 4
    expect_refusal({"loss", "ctc_loss", "--log-probs", dir_of("ctc_lp.npy"), "--targets",
                    dir_of("ctc_t.npy"), "--input-lengths", dir_of("ctc_il.npy"),
                    "--target-lengths", dir_of("ctc_tl.npy"), "--blank", "4"},
                   "--targets requires labels in [0, 5) other than the blank 4, got 4");
    auto bad_class = ce_args("mlm_y.npy");
    expect_refusal(bad_class, "--target requires class indices of shape (5,)");
    // unknown reduction
    auto red = ce_args();
    red.insert(red.end(), {"--reduction", "average"});
    expect_refusal(red, "--reduction requires one of none, mean, sum, got 'average'");
    // missing required tensor
    expect_refusal({"loss", "triplet_margin_loss", "--anchor", dir_of("tri_a.npy"), "--positive",
                    dir_of("tri_p.npy")},
                   "--negative requires a .npy file for triplet_margin_loss, got none");
    // option the criterion does not take, unknown criterion, bad format
    auto beta = ce_args();
    beta.insert(beta.end(), {"--beta", "2"});
    expect_refusal(beta, "--beta requires a criterion that takes it");
    expect_refusal({"loss", "hinge_loss", "--input", dir_of("ce_x.npy")},
                   "losslab loss CRITERION requires one of cross_entropy, nll_loss,");
    auto fmt_bad = ce_args();
    fmt_bad.insert(fmt_bad.end(), {"--format", "xml"});
    expect_refusal(fmt_bad, "--format requires text, json or csv, got 'xml'");
}

TEST(CliLoss, ClassIndexOutOfRangeIsRefused) {
    TempDir dir;
    // ce_x has 4 classes; a target of 4 is out of range.
    const std::vector<std::int64_t> y{0, 1, 4, 2, 3};
    const std::vector<std::size_t> shape{5};
    const auto bytes = model::encode_npy_array(model::NpyDtype::Int64, shape,
                                               std::as_bytes(std::span<const std::int64_t>(y)));
    std::ofstream(dir.path / "y.npy", std::ios::binary) << bytes;
    const auto r = run_losslab({"loss", "cross_entropy", "--input", dir_of("ce_x.npy"), "--target",
                                (dir.path / "y.npy").string()},
                               dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--target requires class indices in [0, 4) or --ignore-index -100, got 4"),
              std::string::npos)
        << r.err;
}

TEST(CliLoss, UnreadableInputOrUnwritableOutputExits1AndWritesNothing) {
    TempDir dir;
    const auto missing =
        run_losslab({"loss", "mse_loss", "--input", (dir.path / "none.npy").string(), "--target",
                     dir_of("reg_t.npy")},
                    dir.path);
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("--input"), std::string::npos) << missing.err;
    auto args = ce_args();
    const auto out = dir.path / "no-such-folder" / "v.npy";
    args.insert(args.end(), {"--output", out.string()});
    const auto r = run_losslab(args, dir.path);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out));
    EXPECT_TRUE(r.out.empty());
}

} // namespace
} // namespace losslab::guitest
