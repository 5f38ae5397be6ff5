// `losslab norm-stats`: the means and variances a normalization computes on a tensor (a .npy
// file or a seeded generated one), one row per statistic group, and optionally the normalised
// tensor as .npy; for RMSNorm (`--method rms`) the mean square of each sample. No display
// needed.

#include "cli/commands.hpp"
#include "losslab/normalization.hpp"
#include "model/labs/lab_normalization.hpp"
#include "model/io/file_io.hpp"
#include "model/io/npy_array.hpp"
#include "model/io/npy_io.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <type_traits>

namespace losslab::cli {

namespace {

struct NormStatsFlags {
    std::string method;
    std::size_t groups = 0;
    double eps = 1e-5;
    std::string input;
    std::string generate;
    std::uint64_t seed = 1;
    std::string output;
    std::string format = "csv";
    CLI::Option* groups_opt = nullptr;
    CLI::Option* seed_opt = nullptr;
};

// Shortest text that parses back to the same double (fmt's "{}").
std::string number(double v) { return fmt::format("{}", v); }

nlohmann::ordered_json json_number(double v) {
    if (std::isfinite(v)) return v;
    return number(v);
}

std::optional<NormMethod> parse_method(const std::string& m) {
    if (m == "bn") return NormMethod::Batch;
    if (m == "ln") return NormMethod::Layer;
    if (m == "in") return NormMethod::Instance;
    if (m == "gn") return NormMethod::Group;
    return std::nullopt;
}

// "N,C,H,W": four positive whole numbers.
Result<Shape4> parse_shape(const std::string& text) {
    std::size_t v[4] = {0, 0, 0, 0};
    std::string_view rest = text;
    for (int i = 0; i < 4; ++i) {
        const auto comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        unsigned long long x = 0;
        const auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), x);
        const bool last = i == 3;
        if (item.empty() || ec != std::errc() || ptr != item.data() + item.size() || x == 0 ||
            (last != (comma == std::string_view::npos)))
            return make_error("--generate", "four positive whole numbers N,C,H,W",
                              quote(text));
        v[i] = std::size_t(x);
        if (!last) rest.remove_prefix(comma + 1);
    }
    return Shape4{v[0], v[1], v[2], v[3]};
}

// The statistic's coordinates, by layout (norm_stats.hpp): Batch [c], Layer [n],
// Instance [n*C + c], Group [n*G + g].
std::vector<std::string> key_columns(NormMethod m) {
    switch (m) {
    case NormMethod::Batch: return {"c"};
    case NormMethod::Layer: return {"n"};
    case NormMethod::Instance: return {"n", "c"};
    case NormMethod::Group: return {"n", "group"};
    }
    return {};
}

std::vector<std::size_t> key_values(const NormStats& s, std::size_t i) {
    switch (s.method) {
    case NormMethod::Batch:
    case NormMethod::Layer: return {i};
    case NormMethod::Instance: return {i / s.shape.c, i % s.shape.c};
    case NormMethod::Group: return {i / s.groups, i % s.groups};
    }
    return {};
}

// Writes `y` (float64 when `wide`) to --output: a file, or standard output for "-" (then the
// statistics go to standard error: `stats_out` is switched). Returns the exit code, 0 on success.
template <class T>
int write_output(const std::string& output, const BasicTensor4<T>& y, FILE*& stats_out) {
    const std::filesystem::path path =
        is_stdout(output) ? stdout_temp_path(".npy") : std::filesystem::path(output);
    Status ok = Ok{};
    if constexpr (std::is_same_v<T, double>) {
        const std::size_t dims[4] = {y.shape.n, y.shape.c, y.shape.h, y.shape.w};
        const auto bytes = std::as_bytes(std::span<const double>(y.data));
        ok = model::write_file_atomic(
            path, model::encode_npy_array(model::NpyDtype::Float64, dims, bytes));
    } else {
        ok = model::write_npy(path, y);
    }
    if (!ok) {
        std::fprintf(stderr, "losslab: %s\n", ok.error().message.c_str());
        return 1;
    }
    if (is_stdout(output)) {
        if (!copy_to_stdout(path)) return 1;
        stats_out = stderr;
    }
    return 0;
}

// `--method rms`: one mean square per sample (RMSNorm over C, H, W), and the RMSNorm output.
template <class T>
int run_rms(const NormStatsFlags& f, const BasicTensor4<T>& x, const std::string& source) {
    FILE* stats_out = stdout;
    const RmsStats s = rms_norm_stats(x);
    if (!f.output.empty()) {
        auto y = rms_normalize(x, s, {}, f.eps);
        if (!y) return fail_usage(y.error().message);
        if (int rc = write_output(f.output, y.value(), stats_out); rc != 0) return rc;
    }
    const Shape4 shape = x.shape;
    if (f.format == "json") {
        nlohmann::ordered_json doc;
        doc["method"] = f.method;
        doc["source"] = source;
        doc["shape"] = {shape.n, shape.c, shape.h, shape.w};
        doc["dtype"] = std::is_same_v<T, double> ? "float64" : "float32";
        doc["eps"] = f.eps;
        doc["count"] = s.count;
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        for (std::size_t i = 0; i < s.mean_square.size(); ++i) {
            nlohmann::ordered_json row;
            row["n"] = i;
            row["mean_square"] = json_number(s.mean_square[i]);
            rows.push_back(std::move(row));
        }
        doc["stats"] = std::move(rows);
        std::fprintf(stats_out, "%s\n", doc.dump().c_str());
        return 0;
    }
    std::string out = "n,mean_square\n";
    for (std::size_t i = 0; i < s.mean_square.size(); ++i)
        out += std::to_string(i) + "," + number(s.mean_square[i]) + "\n";
    std::fwrite(out.data(), 1, out.size(), stats_out);
    return 0;
}

int run_norm_stats(const NormStatsFlags& f) {
    FILE* stats_out = stdout;
    const bool rms = f.method == "rms";
    const auto method = rms ? std::optional<NormMethod>(NormMethod::Layer) : parse_method(f.method);
    if (!method)
        return fail_usage(
            make_error("--method", "one of bn, ln, in, gn, rms", quote(f.method)).message);
    if (f.format != "csv" && f.format != "json")
        return fail_usage(make_error("--format", "csv or json", quote(f.format)).message);
    if (!rms && *method == NormMethod::Group && !f.groups_opt->count())
        return fail_usage(make_error("--method gn", "--groups G", "none").message);
    if ((rms || *method != NormMethod::Group) && f.groups_opt->count())
        return fail_usage(
            make_error("--groups", "--method gn", "--method " + f.method).message);
    if (f.groups_opt->count() && f.groups == 0)
        return fail_usage(make_error("--groups", "G >= 1", "0").message);
    if (!(f.eps >= 0.0) || !std::isfinite(f.eps))
        return fail_usage(make_error("--eps", "a finite eps >= 0", number(f.eps)).message);
    const bool has_input = !f.input.empty();
    const bool has_generate = !f.generate.empty();
    if (has_input == has_generate)
        return fail_usage(make_error("losslab norm-stats",
                                     "either --input x.npy or --generate N,C,H,W",
                                     has_input ? "both" : "neither")
                              .message);
    if (has_input && f.seed_opt->count())
        return fail_usage(make_error("--seed", "--generate", "--input").message);

    Tensor4 x;
    // float64 input is computed and written in float64 (x64); float32 stays float32 (x).
    Tensor4d x64;
    bool wide = false;
    std::string source;
    if (has_input) {
        // read_npy validates the file and maps its shape onto N x C x H x W (the one place
        // that spells those rules); a float64 file's values are then taken from the file
        // itself, unrounded.
        auto read = model::read_npy(f.input);
        if (!read) return fail_usage(read.error().message);
        if (read.value().dtype == model::npy_descr(model::NpyDtype::Float64)) {
            auto arr = model::open_npy(f.input);
            if (!arr) return fail_usage(arr.error().message);
            x64.shape = read.value().tensor.shape;
            x64.data = arr.value().to_double();
            wide = true;
        } else {
            x = std::move(read.value().tensor);
        }
        source = f.input;
    } else {
        auto shape = parse_shape(f.generate);
        if (!shape) return fail_usage(shape.error().message);
        // Refuse sizes that cannot be held before trying to allocate them.
        if (auto ok = check_tensor_size(shape.value()); !ok) return fail_usage(ok.error().message);
        auto gen = generate_activations(shape.value(), model::normalization_generator_params({}),
                                        f.seed);
        if (!gen) return fail_usage(gen.error().message);
        x = std::move(gen.value());
        source = "generated";
    }

    if (rms) return wide ? run_rms(f, x64, source) : run_rms(f, x, source);

    NormConfig config{.method = *method, .groups = f.groups_opt->count() ? f.groups : 1,
                      .eps = f.eps};
    auto stats = wide ? norm_stats(x64, config) : norm_stats(x, config);
    if (!stats) return fail_usage(stats.error().message);
    const NormStats& s = stats.value();
    const Shape4 shape = wide ? x64.shape : x.shape;

    if (!f.output.empty()) {
        // "-": the tensor goes to standard output, so the statistics go to standard error.
        int rc = 0;
        if (wide) {
            auto y = normalize(x64, s, {}, f.eps);
            if (!y) return fail_usage(y.error().message);
            rc = write_output(f.output, y.value(), stats_out);
        } else {
            auto y = normalize(x, s, {}, f.eps);
            if (!y) return fail_usage(y.error().message);
            rc = write_output(f.output, y.value(), stats_out);
        }
        if (rc != 0) return rc;
    }

    const auto keys = key_columns(s.method);
    if (f.format == "json") {
        nlohmann::ordered_json doc;
        doc["method"] = f.method;
        doc["source"] = source;
        doc["shape"] = {shape.n, shape.c, shape.h, shape.w};
        doc["dtype"] = wide ? "float64" : "float32";
        if (s.method == NormMethod::Group) doc["groups"] = s.groups;
        doc["eps"] = f.eps;
        doc["count"] = s.count;
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        for (std::size_t i = 0; i < s.mean.size(); ++i) {
            nlohmann::ordered_json row;
            const auto kv = key_values(s, i);
            for (std::size_t k = 0; k < keys.size(); ++k) row[keys[k]] = kv[k];
            row["mean"] = json_number(s.mean[i]);
            row["var"] = json_number(s.var[i]);
            rows.push_back(std::move(row));
        }
        doc["stats"] = std::move(rows);
        std::fprintf(stats_out, "%s\n", doc.dump().c_str());
        return 0;
    }
    std::string out;
    for (const auto& k : keys) out += k + ",";
    out += "mean,var\n";
    for (std::size_t i = 0; i < s.mean.size(); ++i) {
        for (std::size_t v : key_values(s, i)) out += std::to_string(v) + ",";
        out += number(s.mean[i]) + "," + number(s.var[i]) + "\n";
    }
    std::fwrite(out.data(), 1, out.size(), stats_out);
    return 0;
}

} // namespace

Subcommand add_norm_stats_command(CLI::App& app) {
    auto flags = std::make_shared<NormStatsFlags>();
    CLI::App* sub = app.add_subcommand(
        "norm-stats",
        "Print the statistics of bn, ln, in, gn or rms of a .npy or generated tensor");
    sub->footer(
        "Print the means and biased variances a normalization computes, one row per statistic "
        "(bn: per channel c; ln: per sample n; in: per n,c; gn: per n,group; rms: RMSNorm's mean "
        "square per sample n over C,H,W, column mean_square) in full double "
        "precision (shortest round-trip text), from a NumPy .npy tensor (float32/float64; "
        "N,C / N,C,L / N,C,H,W) or a generated one (the Normalization lab's default generator). "
        "A float64 file is computed in float64 and --output writes the normalised tensor (no "
        "affine) as float64 .npy; float32 stays float32 (the JSON says which as \"dtype\"). "
        "Bad input exits with 2.");
    sub->add_option("--method", flags->method, "bn, ln, in, gn or rms (RMSNorm)")->required();
    flags->groups_opt =
        sub->add_option("--groups", flags->groups, "G for gn (must divide C); required for gn");
    sub->add_option("--eps", flags->eps,
                    "Added to the variance (rms: to the mean square) in the output (default "
                    "1e-5; nn.RMSNorm's eps=None would be the dtype's machine epsilon)");
    sub->add_option("--input", flags->input, "A .npy file of activations");
    sub->add_option("--generate", flags->generate, "Generate N,C,H,W activations, e.g. 8,32,16,16");
    flags->seed_opt = sub->add_option("--seed", flags->seed, "Seed of --generate (default 1)");
    sub->add_option("--output", flags->output, "Write the normalised tensor to this .npy (- for standard output)");
    sub->add_option("--format", flags->format, "csv (default) or json");
    return Subcommand{sub, [flags] { return run_norm_stats(*flags); }};
}

} // namespace losslab::cli
