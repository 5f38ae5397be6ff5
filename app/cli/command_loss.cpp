// `losslab loss CRITERION`: a PyTorch 1.13 criterion evaluated on tensors from .npy files,
// with torch's argument names as flags (pos_weight -> --pos-weight). Prints the value (text,
// JSON or CSV), and writes it and d value / d first tensor as .npy on request. No display.

#include "cli/commands.hpp"
#include "model/tensors/criteria.hpp"
#include "model/io/file_io.hpp"
#include "model/io/npy_array.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>

namespace losslab::cli {

namespace {

struct LossFlags {
    std::string criterion;
    std::string format = "text";
    std::string output;
    std::string grad;
    std::map<std::string, std::string> tensors; // PyTorch name -> path
    std::map<std::string, std::string> options; // PyTorch name -> text
    std::map<std::string, CLI::Option*> tensor_opts, option_opts;
};

// Shortest text that reads back as the same number in the result's precision.
std::string number(double v, model::NpyDtype dtype) {
    return dtype == model::NpyDtype::Float32 ? fmt::format("{}", float(v)) : fmt::format("{}", v);
}

nlohmann::ordered_json json_number(double v, model::NpyDtype dtype) {
    if (!std::isfinite(v)) return number(v, dtype);
    return dtype == model::NpyDtype::Float32 ? nlohmann::ordered_json(double(float(v)))
                                             : nlohmann::ordered_json(v);
}

// The values as nested lists of `shape` (a number for a scalar).
nlohmann::ordered_json nested(const std::vector<double>& v, const std::vector<std::size_t>& shape,
                              std::size_t dim, std::size_t& pos, model::NpyDtype dtype) {
    if (dim == shape.size()) return json_number(v[pos++], dtype);
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < shape[dim]; ++i)
        a.push_back(nested(v, shape, dim + 1, pos, dtype));
    return a;
}

// The multi-index of flat element i of `shape`.
std::vector<std::size_t> unravel(std::size_t i, const std::vector<std::size_t>& shape) {
    std::vector<std::size_t> idx(shape.size());
    for (std::size_t d = shape.size(); d-- > 0;) {
        idx[d] = i % shape[d];
        i /= shape[d];
    }
    return idx;
}

// The bytes of `values` as a .npy of the result's dtype.
std::string npy_bytes(const std::vector<double>& values, const std::vector<std::size_t>& shape,
                      model::NpyDtype dtype) {
    if (dtype == model::NpyDtype::Float32) {
        std::vector<float> f(values.begin(), values.end());
        return model::encode_npy_array(dtype, shape, std::as_bytes(std::span<const float>(f)));
    }
    return model::encode_npy_array(model::NpyDtype::Float64, shape,
                                   std::as_bytes(std::span<const double>(values)));
}

int run_loss(const LossFlags& f) {
    if (f.format != "text" && f.format != "json" && f.format != "csv")
        return fail_usage(make_error("--format", "text, json or csv", quote(f.format)).message);
    if (!model::find_criterion(f.criterion)) {
        model::CriterionCall probe{f.criterion, {}, {}};
        return fail_usage(model::evaluate_criterion(probe, false).error().message);
    }
    model::CriterionCall call{f.criterion, {}, {}};
    for (const auto& [name, opt] : f.option_opts)
        if (opt->count()) call.options[name] = f.options.at(name);
    for (const auto& [name, opt] : f.tensor_opts) {
        if (!opt->count()) continue;
        const std::string& path = f.tensors.at(name);
        auto array = model::open_npy(path);
        if (!array) {
            // A file that cannot be opened is an I/O error (1); one that is not a valid .npy,
            // bad input (2).
            std::ifstream probe(path, std::ios::binary);
            const std::string message = model::criterion_flag(name) + ": " + array.error().message;
            if (!probe) {
                std::fprintf(stderr, "losslab: %s\n", message.c_str());
                return 1;
            }
            return fail_usage(message);
        }
        call.tensors[name] = model::criterion_tensor(array.value());
    }
    auto result = model::evaluate_criterion(call, !f.grad.empty());
    if (!result) return fail_usage(result.error().message);
    const model::CriterionResult& r = result.value();

    if (!f.output.empty())
        if (auto ok = model::write_file_atomic(f.output, npy_bytes(r.value, r.shape, r.dtype));
            !ok) {
            std::fprintf(stderr, "losslab: --output: %s\n", ok.error().message.c_str());
            return 1;
        }
    if (!f.grad.empty())
        if (auto ok = model::write_file_atomic(f.grad, npy_bytes(r.grad, r.grad_shape, r.dtype));
            !ok) {
            std::fprintf(stderr, "losslab: --grad: %s\n", ok.error().message.c_str());
            return 1;
        }

    std::string out;
    if (f.format == "json") {
        nlohmann::ordered_json doc;
        doc["criterion"] = r.criterion;
        std::size_t pos = 0;
        doc["value"] = nested(r.value, r.shape, 0, pos, r.dtype);
        out = doc.dump() + "\n";
    } else if (f.format == "csv") {
        for (std::size_t d = 0; d < r.shape.size(); ++d)
            out += fmt::format("i{},", d);
        out += "value\n";
        for (std::size_t i = 0; i < r.value.size(); ++i) {
            for (std::size_t k : unravel(i, r.shape))
                out += std::to_string(k) + ",";
            out += number(r.value[i], r.dtype) + "\n";
        }
    } else if (r.shape.empty()) {
        out = fmt::format("{} (reduction {}) = {}\n", r.criterion, r.reduction,
                          number(r.value[0], r.dtype));
    } else {
        out = fmt::format("{} (reduction none), shape {}:\n", r.criterion,
                          model::npy_shape_text(r.shape));
        for (std::size_t i = 0; i < r.value.size(); ++i) {
            std::string idx;
            for (std::size_t k : unravel(i, r.shape))
                idx += (idx.empty() ? "" : ", ") + std::to_string(k);
            out += fmt::format("[{}] {}\n", idx, number(r.value[i], r.dtype));
        }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
}

} // namespace

Subcommand add_loss_command(CLI::App& app) {
    auto flags = std::make_shared<LossFlags>();
    std::string names;
    for (const auto& s : model::criterion_catalogue())
        names += (names.empty() ? "" : ", ") + std::string(s.name);
    CLI::App* sub =
        app.add_subcommand("loss", "Evaluate a PyTorch criterion on tensors from .npy files");
    sub->footer(
        "Evaluate a PyTorch 1.13 criterion (torch.nn.functional name) on tensors from .npy files "
        "(float32/float64 data, int64/int32 class indices), in double precision; flags are "
        "torch's argument names in kebab case. Criteria: " +
        names + ". Bad input exits with 2, unreadable or unwritable files with 1.");
    sub->add_option("CRITERION", flags->criterion, "The criterion, e.g. cross_entropy")->required();
    sub->add_option("--format", flags->format, "text (default), json or csv");
    sub->add_option("--output", flags->output, "Write the value as .npy (the input's float dtype)");
    sub->add_option(
        "--grad", flags->grad,
        "Write d value / d (first tensor argument) as .npy (for reduction none: of the sum)");
    // Each flag's help lists the criteria that take it (options: with torch's default).
    std::map<std::string, std::string> tensor_help, option_help;
    for (const auto& s : model::criterion_catalogue()) {
        for (const auto& a : s.tensors) {
            std::string& h = tensor_help[std::string(a.name)];
            h += (h.empty() ? ".npy for " : ", ") + std::string(s.name) +
                 (a.required ? "" : " (optional)");
        }
        for (const auto& [o, d] : s.options) {
            std::string& h = option_help[std::string(o)];
            h +=
                (h.empty() ? "" : ", ") + std::string(s.name) + " (default " + std::string(d) + ")";
        }
    }
    for (const auto& [n, help] : tensor_help) {
        flags->tensors[n];
        flags->tensor_opts[n] = sub->add_option(model::criterion_flag(n), flags->tensors[n], help);
    }
    option_help["reduction"] = "none, mean or sum (kl_div also batchmean); default mean "
                               "(sigmoid_focal_loss: none, as torchvision)";
    for (const auto& [n, help] : option_help) {
        flags->options[n];
        flags->option_opts[n] = sub->add_option(model::criterion_flag(n), flags->options[n], help);
    }
    return Subcommand{sub, [flags] { return run_loss(*flags); }};
}

} // namespace losslab::cli
