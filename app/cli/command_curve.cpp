// `losslab curve`: prints the numbers a plotted curve is drawn from, one row per x, from the
// curve catalogue (model/labs/curve_catalogue.hpp), with no display.

#include "cli/commands.hpp"
#include "losslab/number_text.hpp"
#include "model/labs/curve_catalogue.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <memory>

namespace losslab::cli {

namespace {

// What the command's fixed flags say; the curve's parameter flags arrive as CLI11 extras.
struct CurveFlags {
    std::string name;
    std::string points;
    double from = 0.0;
    double to = 0.0;
    long long n = 101;
    bool grad = false;
    bool list = false;
    std::string format = "csv";
    CLI::Option* from_opt = nullptr;
    CLI::Option* to_opt = nullptr;
    CLI::Option* n_opt = nullptr;
    CLI::Option* points_opt = nullptr;
};

constexpr long long kMaxPoints = 1000000;

// fmt's "{}" is the shortest text that parses back to the same double; non-finite values
// come out as inf, -inf and nan (a NaN's sign bit is not printed: fmt would write "-nan").
std::string number(double v) {
    if (std::isnan(v)) return "nan";
    return fmt::format("{}", v);
}

std::string curve_names() {
    std::string s;
    for (const auto& c : model::curve_catalogue())
        s += (s.empty() ? "" : ", ") + std::string(c.name);
    return s;
}

std::string accepted_flags(const model::CurveInfo& curve) {
    if (curve.params.empty()) return "no parameter flags";
    std::string s = "one of ";
    for (size_t i = 0; i < curve.params.size(); ++i)
        s += (i ? ", " : "") + model::curve_flag(curve.params[i]->key);
    return s;
}

// Reads "--flag value" / "--flag=value" pairs; a toggle may stand alone ("--full").
Result<model::CurveParams> parse_param_flags(const model::CurveInfo& curve,
                                             const std::vector<std::string>& args) {
    model::CurveParams params;
    for (size_t i = 0; i < args.size(); ++i) {
        std::string flag = args[i];
        std::string text;
        bool has_text = false;
        if (const auto eq = flag.find('='); eq != std::string::npos && flag.rfind("--", 0) == 0) {
            text = flag.substr(eq + 1);
            flag = flag.substr(0, eq);
            has_text = true;
        }
        const model::ParamSpec* spec = nullptr;
        for (const model::ParamSpec* p : curve.params)
            if (model::curve_flag(p->key) == flag) spec = p;
        if (!spec)
            return make_error("curve " + quote(curve.name), accepted_flags(curve), quote(flag));
        if (!has_text) {
            const bool next_is_value = i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0;
            if (next_is_value) {
                text = args[++i];
            } else if (spec->kind == model::ParamKind::Toggle) {
                text = "true";
            } else {
                return make_error(flag, "a value (" + model::allowed_text(*spec) + ")", "nothing");
            }
        }
        const std::string key(spec->key);
        if (params.count(key)) return make_error(flag, "to be given once", "it twice");
        auto value = model::parse_param(*spec, flag, text);
        if (!value) return value.error();
        params[key] = value.value();
    }
    return params;
}

Result<double> parse_number(const std::string& what, std::string_view text) {
    const auto v = parse_number_strict(text);
    if (!v) return make_error(what, "a number", quote(text));
    return *v;
}

// The x values: --points, or --from/--to with --n evenly spaced points (both ends included).
Result<std::vector<double>> x_values(const CurveFlags& f) {
    const bool range = f.from_opt->count() || f.to_opt->count();
    if (f.points_opt->count() && (range || f.n_opt->count()))
        return make_error("losslab curve", "either --points or --from/--to/--n", "both");
    std::vector<double> xs;
    if (f.points_opt->count()) {
        std::string_view rest = f.points;
        while (true) {
            const auto comma = rest.find(',');
            auto v = parse_number("--points", rest.substr(0, comma));
            if (!v) return make_error("--points", "comma-separated numbers", quote(f.points));
            xs.push_back(v.value());
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
        if (xs.size() > size_t(kMaxPoints))
            return make_error("--points", "at most 1000000 values", number(double(xs.size())));
        return xs;
    }
    if (!range)
        return make_error("losslab curve", "--points x1,x2,... or --from A --to B [--n N]",
                          "neither");
    if (!f.from_opt->count() || !f.to_opt->count())
        return make_error("--from/--to", "both --from and --to", "only one of them");
    // Each end is checked by itself, so a bad end is blamed by its own flag.
    if (!std::isfinite(f.from)) return make_error("--from", "a finite number", number(f.from));
    if (!std::isfinite(f.to)) return make_error("--to", "a finite number", number(f.to));
    if (f.n < 2 || f.n > kMaxPoints)
        return make_error("--n", "2 <= n <= 1000000", fmt::format("{}", f.n));
    const auto n = size_t(f.n);
    xs.resize(n);
    // (i (to - from)) / (n - 1) rather than i * step: grids like -10..10 in 201 points then hit
    // 0 and the tenths as exactly as the arithmetic allows, and both ends are exact.
    for (size_t i = 0; i < n; ++i)
        xs[i] = f.from + (double(i) * (f.to - f.from)) / double(n - 1);
    xs.back() = f.to;
    return xs;
}

nlohmann::ordered_json json_number(double v) {
    if (std::isfinite(v)) return v;
    return number(v);
}

int print_list() {
    for (const auto& curve : model::curve_catalogue())
        std::printf("%s\n", model::curve_list_line(curve).c_str());
    return 0;
}

int run_curve(const CurveFlags& f, const std::vector<std::string>& extras) {
    if (f.list) return print_list();
    if (f.name.empty())
        return fail_usage(make_error("losslab curve",
                                     "a curve name (one of " + curve_names() + "; see --list)",
                                     "none")
                              .message);
    const model::CurveInfo* curve = model::find_curve(f.name);
    if (!curve)
        return fail_usage(make_error("curve", "one of " + curve_names(), quote(f.name)).message);
    if (f.format != "csv" && f.format != "json")
        return fail_usage(make_error("--format", "csv or json", quote(f.format)).message);

    auto params = parse_param_flags(*curve, extras);
    if (!params) return fail_usage(params.error().message);
    auto fn = model::make_curve(*curve, params.value());
    if (!fn) return fail_usage(fn.error().message);
    auto xs = x_values(f);
    if (!xs) return fail_usage(xs.error().message);
    if (f.from_opt->count() && f.to_opt->count()) {
        // A grid's ends name their flag: `--to 2` for a probability blames --to, not p = 1.02.
        if (auto ok = model::check_curve_x(*curve, params.value(), f.from); !ok)
            return fail_usage("--from: " + ok.error().message);
        if (auto ok = model::check_curve_x(*curve, params.value(), f.to); !ok)
            return fail_usage("--to: " + ok.error().message);
    }
    for (double x : xs.value())
        if (auto ok = model::check_curve_x(*curve, params.value(), x); !ok)
            return fail_usage(ok.error().message);

    const model::CurveFn& eval = fn.value();
    if (f.format == "json") {
        nlohmann::ordered_json doc;
        doc["curve"] = std::string(curve->name);
        nlohmann::ordered_json ps = nlohmann::ordered_json::object();
        for (const auto& [key, value] : model::resolved_curve_params(*curve, params.value())) {
            const model::ParamSpec* spec = model::find_curve_param(*curve, key);
            if (spec->kind == model::ParamKind::Choice)
                ps[key] = model::format_param(*spec, value);
            else if (spec->kind == model::ParamKind::Toggle)
                ps[key] = value != 0.0;
            else
                ps[key] = value;
        }
        doc["params"] = ps;
        nlohmann::ordered_json points = nlohmann::ordered_json::array();
        for (double x : xs.value()) {
            const model::CurvePoint pt = eval(x);
            nlohmann::ordered_json row{{"x", json_number(x)}, {"value", json_number(pt.value)}};
            if (f.grad) row["dvalue_dx"] = json_number(pt.derivative);
            points.push_back(std::move(row));
        }
        doc["points"] = std::move(points);
        std::printf("%s\n", doc.dump().c_str());
        return 0;
    }
    std::string out = f.grad ? "x,value,dvalue_dx\n" : "x,value\n";
    for (double x : xs.value()) {
        const model::CurvePoint pt = eval(x);
        out += number(x);
        out += ',';
        out += number(pt.value);
        if (f.grad) {
            out += ',';
            out += number(pt.derivative);
        }
        out += '\n';
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
}

} // namespace

Subcommand add_curve_command(CLI::App& app) {
    auto flags = std::make_shared<CurveFlags>();
    CLI::App* sub = app.add_subcommand(
        "curve", "Print a loss curve (and its gradient) as CSV or JSON; see --list");
    sub->footer("Print the numbers a curve is drawn from: one row per x, columns x,value "
                "(and dvalue_dx with --grad) in full double precision (shortest round-trip text). "
                "Parameter flags depend on the curve, e.g. focal-logits --gamma 2 --alpha 0.25 "
                "--target 1; see --list. Non-finite values print as inf, -inf, nan (CSV) or the "
                "strings \"inf\", \"-inf\", \"nan\" (JSON). Bad input exits with 2.");
    sub->allow_extras();
    sub->add_option("name", flags->name, "The curve, e.g. focal-logits (see --list)");
    sub->add_flag("--list", flags->list,
                  "List every curve: its x variable and domain, its parameters with ranges and "
                  "defaults");
    flags->points_opt =
        sub->add_option("--points", flags->points, "Comma-separated x values, e.g. -40,0,40");
    flags->from_opt = sub->add_option("--from", flags->from, "First x of an even grid");
    flags->to_opt = sub->add_option("--to", flags->to, "Last x of an even grid");
    flags->n_opt =
        sub->add_option("--n", flags->n, "Number of grid points, 2 to 1000000 (default 101)");
    sub->add_flag("--grad", flags->grad, "Add the column dvalue_dx (the derivative in x)");
    sub->add_option("--format", flags->format, "csv (default) or json");
    return Subcommand{sub, [flags, sub] { return run_curve(*flags, sub->remaining()); }};
}

} // namespace losslab::cli
