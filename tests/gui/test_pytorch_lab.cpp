// The PyTorch losses lab against the real `losslab loss` binary and against PyTorch itself:
// every preset's batch is written as .npy files and evaluated by the CLI (value and --grad
// equal to the lab's); the lab's "Copy as PyTorch" snippet, run by /usr/bin/python3 with
// torch, prints the lab's numbers (skipped, with a message, where torch is not installed).

#include "gui_test_support.hpp"
#include "model/labs/lab_pytorch.hpp"
#include "model/labs/lab_pytorch_catalogue.hpp"
#include "model/io/npy_array.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace losslab::guitest {
namespace {

// Writes `t` as a .npy file (float64 or int64, as the lab passes it).
void write_tensor(const std::filesystem::path& path, const model::CriterionTensor& t) {
    std::vector<std::byte> bytes;
    for (double v : t.values) {
        std::byte b[8];
        if (t.dtype == model::NpyDtype::Int64) {
            const std::int64_t i = std::llround(v);
            std::memcpy(b, &i, 8);
        } else {
            std::memcpy(b, &v, 8);
        }
        bytes.insert(bytes.end(), b, b + 8);
    }
    std::ofstream(path, std::ios::binary) << model::encode_npy_array(t.dtype, t.shape, bytes);
}

std::string kebab(std::string s) {
    for (char& c : s)
        if (c == '_') c = '-';
    return "--" + s;
}

double rel(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }

TEST(PytorchLab, EveryPresetEqualsLosslabLossOnTheSameBatch) {
    TempDir dir;
    for (const auto& p : model::pytorch_presets()) {
        SCOPED_TRACE(std::string(p.key));
        for (int reduction : {0, 1, 2}) {
            model::PytorchLabState s = model::pytorch_preset(p.key);
            s.reduction = reduction;
            s.use_weight = p.key == "multiclass"; // one preset also through --weight
            s.weight = std::vector<double>(std::size_t(s.classes), 1.0);
            if (s.use_weight) s.weight = {0.5, 1, 2, 3, 4};
            auto lab = model::evaluate_pytorch_batch(s);
            ASSERT_TRUE(lab.ok()) << lab.error().message;
            const auto call = model::pytorch_call(
                s, model::params::kPytorchReductionChoices[std::size_t(reduction)]);
            std::vector<std::string> args{"loss", call.criterion};
            for (const auto& [name, t] : call.tensors) {
                const auto file = dir.path / (name + ".npy");
                write_tensor(file, t);
                args.insert(args.end(), {kebab(name), file.string()});
            }
            for (const auto& [name, value] : call.options) args.insert(args.end(), {kebab(name), value});
            const auto grad_file = dir.path / "grad.npy";
            args.insert(args.end(), {"--format", "json", "--grad", grad_file.string()});
            const auto run = run_losslab(args, dir.path);
            ASSERT_EQ(run.exit_code, 0) << run.err;
            const auto doc = nlohmann::json::parse(run.out);
            if (reduction == 0) {
                std::vector<double> flat;
                std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& j) {
                    if (j.is_array())
                        for (const auto& e : j) walk(e);
                    else flat.push_back(j.get<double>());
                };
                walk(doc.at("value"));
                ASSERT_EQ(flat.size(), lab.value().elements.size());
                for (std::size_t i = 0; i < flat.size(); ++i)
                    EXPECT_LE(rel(flat[i], lab.value().elements[i]), 1e-15) << i;
            } else {
                EXPECT_LE(rel(doc.at("value").get<double>(), lab.value().value), 1e-15);
            }
            auto grad = model::open_npy(grad_file);
            ASSERT_TRUE(grad.ok());
            const auto g = model::criterion_tensor(grad.value());
            auto in_layout = model::evaluate_criterion(call, true);
            ASSERT_TRUE(in_layout.ok());
            ASSERT_EQ(g.values.size(), in_layout.value().grad.size());
            for (std::size_t i = 0; i < g.values.size(); ++i)
                EXPECT_EQ(g.values[i], in_layout.value().grad[i]) << i;
        }
    }
}

// `losslab loss` on `call`'s tensors written as .npy files: the JSON document and d value /
// d (first tensor) read back from --grad.
std::pair<nlohmann::json, std::vector<double>> run_loss_cli(const TempDir& dir,
                                                            const model::CriterionCall& call) {
    std::vector<std::string> args{"loss", call.criterion};
    for (const auto& [name, t] : call.tensors) {
        const auto file = dir.path / (name + ".npy");
        write_tensor(file, t);
        args.insert(args.end(), {kebab(name), file.string()});
    }
    for (const auto& [name, value] : call.options)
        args.insert(args.end(), {kebab(name), value});
    const auto grad_file = dir.path / "grad.npy";
    std::filesystem::remove(grad_file);
    args.insert(args.end(), {"--format", "json", "--grad", grad_file.string()});
    const auto run = run_losslab(args, dir.path);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    if (run.exit_code != 0) return {};
    auto grad = model::open_npy(grad_file);
    EXPECT_TRUE(grad.ok());
    if (!grad.ok()) return {};
    return {nlohmann::json::parse(run.out), model::criterion_tensor(grad.value()).values};
}

TEST(PytorchLab, EveryPickerCriterionEqualsLosslabLossOnTheSameBatch) {
    TempDir dir;
    for (int c = 0; c < int(model::params::kPytorchCriterionChoices.size()); ++c) {
        for (const char* preset : {"multiclass", "multi_label", "per_pixel"}) {
            model::PytorchLabState s = model::pytorch_preset(preset);
            s.criterion = c;
            if (c != 0 && c != 2 && std::string(preset) == "per_pixel") continue; // no pixels
            if (c == 0 && std::string(preset) == "multi_label") s.target = 2;
            s.use_weight = c != 4;
            s.weight.assign(std::size_t(s.classes), 1.0);
            s.weight[0] = 2.5;
            SCOPED_TRACE(std::string(model::params::kPytorchCriterionChoices[std::size_t(c)]) +
                         " on " + preset);
            auto lab = model::evaluate_pytorch_batch(s);
            ASSERT_TRUE(lab.ok()) << lab.error().message;
            const auto [doc, grad] = run_loss_cli(dir, model::pytorch_call(s, "mean"));
            ASSERT_FALSE(doc.is_null());
            EXPECT_EQ(doc.at("criterion").get<std::string>(),
                      model::params::kPytorchCriterionChoices[std::size_t(c)]);
            EXPECT_LE(rel(doc.at("value").get<double>(), lab.value().value), 1e-15);
            ASSERT_EQ(grad.size(), lab.value().input_grad.size());
            for (std::size_t i = 0; i < grad.size(); ++i)
                EXPECT_EQ(grad[i], lab.value().input_grad[i]) << i;
        }
    }
}

TEST(PytorchLab, CtcLatticeLossEqualsLosslabLossOnTheSameTensors) {
    TempDir dir;
    for (int frames : {2, 5, 8}) {
        for (bool zero_infinity : {false, true}) {
            model::PytorchLabState s;
            s.ctc_frames = frames;
            s.zero_infinity = zero_infinity;
            SCOPED_TRACE(::testing::Message()
                         << "T " << frames << " zero_infinity " << zero_infinity);
            auto lattice = model::ctc_lattice(s);
            ASSERT_TRUE(lattice.ok());
            std::vector<std::string> args{"loss", "ctc_loss"};
            const auto call = model::ctc_lattice_call(s, "sum");
            for (const auto& [name, t] : call.tensors) {
                const auto file = dir.path / (name + ".npy");
                write_tensor(file, t);
                args.insert(args.end(), {kebab(name), file.string()});
            }
            for (const auto& [name, value] : call.options)
                args.insert(args.end(), {kebab(name), value});
            args.insert(args.end(), {"--format", "json"});
            const auto run = run_losslab(args, dir.path);
            ASSERT_EQ(run.exit_code, 0) << run.err;
            const auto doc = nlohmann::json::parse(run.out);
            if (frames == 2 && !zero_infinity) {
                // JSON has no inf: the CLI writes it as a string.
                EXPECT_TRUE(std::isinf(lattice.value().loss_sum));
                EXPECT_TRUE(doc.at("value").is_string()) << run.out;
            } else {
                EXPECT_EQ(doc.at("value").get<double>(), lattice.value().loss_sum) << run.out;
            }
        }
    }
}

TEST(PytorchLab, CatalogueFiguresAreListedAndExport) {
    TempDir dir;
    const auto list = run_losslab({"figures"}, dir.path);
    ASSERT_EQ(list.exit_code, 0);
    for (std::string_view c : model::params::kCatalogueCriteria)
        EXPECT_NE(list.out.find(model::catalogue_figure_name(c) + " "), std::string::npos) << c;
    for (const char* name : {"pipeline-cross-entropy", "pipeline-bce"})
        EXPECT_NE(list.out.find(name), std::string::npos) << name;
    EXPECT_NE(list.out.find("catalogue: "), std::string::npos) << list.out;
    const auto csv = dir.path / "huber.csv";
    const auto run = run_losslab({"export", "--figure", "catalogue-huber-loss", "--set",
                                  "pytorch.delta=0.5", "-o", csv.string()},
                                 dir.path);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    std::ifstream in(csv);
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_NE(ss.str().find("loss"), std::string::npos);
    EXPECT_GT(ss.str().size(), 1000u);
}

// Runs `script` with /usr/bin/python3; exit code and stdout.
std::pair<int, std::string> run_python(const std::filesystem::path& dir, const std::string& script) {
    const auto file = dir / "snippet.py";
    std::ofstream(file) << script;
    const auto out = dir / "out.txt";
    const std::string cmd = "/usr/bin/python3 " + file.string() + " > " + out.string() + " 2>&1";
    const int rc = std::system(cmd.c_str());
    std::ifstream in(out);
    std::stringstream ss;
    ss << in.rdbuf();
    return {rc, ss.str()};
}

std::vector<double> numbers_after(const std::string& text, const std::string& tag) {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line))
        if (line.rfind(tag + " ", 0) == 0) {
            std::istringstream nums(line.substr(tag.size() + 1));
            std::vector<double> v;
            for (std::string w; nums >> w;) v.push_back(std::strtod(w.c_str(), nullptr));
            return v;
        }
    return {};
}

TEST(PytorchLab, CopiedSnippetPrintsTheLabsNumbersInPyTorch) {
    TempDir dir;
    if (run_python(dir.path, "import torch\n").first != 0)
        GTEST_SKIP() << "/usr/bin/python3 cannot import torch (Debian: python3-torch): the "
                        "snippet is not run here";
    const bool torchvision = run_python(dir.path, "import torchvision\n").first == 0;
    std::vector<std::pair<std::string, model::PytorchLabState>> cases;
    for (const auto& p : model::pytorch_presets())
        cases.emplace_back(std::string(p.key), model::pytorch_preset(p.key));
    // The other criteria of the picker, on the multi-class and multi-label batches.
    for (int c : {2, 3, 4}) {
        if (c == 4 && !torchvision) {
            std::printf(
                "torchvision is not installed: the sigmoid_focal_loss snippet is not run\n");
            continue;
        }
        model::PytorchLabState s = model::pytorch_preset(c == 2 ? "per_pixel" : "multi_label");
        s.criterion = c;
        s.use_weight = c == 2;
        s.gamma = 1.5;
        cases.emplace_back(std::string(model::params::kPytorchCriterionChoices[std::size_t(c)]), s);
    }
    for (auto& [key, state] : cases) {
        SCOPED_TRACE(key);
        model::PytorchLabState s = state;
        if (key == "multiclass") {
            s.use_weight = true;
            s.weight = {0.5, 1, 2, 3, 4};
            s.label_smoothing = 0.2;
        }
        for (int reduction : {0, 1}) {
            s.reduction = reduction;
            const auto [rc, out] = run_python(dir.path, model::pytorch_snippet(s));
            ASSERT_EQ(rc, 0) << out;
            auto call = model::pytorch_call(
                s, model::params::kPytorchReductionChoices[std::size_t(reduction)]);
            auto lab = model::evaluate_criterion(call, true);
            ASSERT_TRUE(lab.ok());
            const auto loss = numbers_after(out, "loss");
            const auto grad = numbers_after(out, "grad");
            ASSERT_EQ(loss.size(), lab.value().value.size()) << out;
            ASSERT_EQ(grad.size(), lab.value().grad.size()) << out;
            for (std::size_t i = 0; i < loss.size(); ++i)
                EXPECT_NEAR(loss[i], lab.value().value[i], 1e-12 * (1 + std::abs(loss[i])));
            for (std::size_t i = 0; i < grad.size(); ++i)
                EXPECT_NEAR(grad[i], lab.value().grad[i], 1e-13 * (1 + std::abs(grad[i])));
        }
    }
}

} // namespace
} // namespace losslab::guitest
