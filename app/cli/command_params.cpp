// `losslab params [LAB]`: every parameter key with its kind, range, default and one-line help.
#include "cli/commands.hpp"
#include "model/labs/lab_calibration_data.hpp"
#include "model/labs/labs.hpp"
#include "model/params/param_registry.hpp"

#include <fmt/format.h>

#include <memory>

namespace losslab::cli {

namespace {

// "real", "whole number", "choice", "toggle".
const char* kind_name(model::ParamKind kind) {
    switch (kind) {
    case model::ParamKind::Real:
        return "real";
    case model::ParamKind::Integer:
        return "whole number";
    case model::ParamKind::Choice:
        return "choice";
    case model::ParamKind::Toggle:
        return "toggle";
    }
    return "real";
}

// "[0, 10]", "uniform|others|kl-pad" or "true|false".
std::string range_text(const model::ParamSpec& s) {
    if (s.kind == model::ParamKind::Toggle) return "true|false";
    if (s.kind == model::ParamKind::Choice) {
        std::string out;
        for (auto c : s.choices) {
            if (!out.empty()) out += '|';
            out += c;
        }
        return out;
    }
    return fmt::format("[{}, {}]", s.min, s.max);
}

int run_params(const std::string& lab_key) {
    std::optional<model::LabId> only;
    if (!lab_key.empty()) {
        auto lab = model::parse_lab(lab_key);
        if (!lab) return fail_usage(lab.error().message);
        only = lab.value();
    }
    std::string out;
    for (const auto& lab : model::lab_catalogue()) {
        if (only && lab.id != *only) continue;
        out += fmt::format("{}: {}\n", lab.key, lab.title);
        for (const auto* p : model::lab_params(lab.id)) {
            const auto& s = *p->spec;
            out += fmt::format("  {:<28} {:<12} {:<24} default {:<10} {}\n", p->key(),
                               kind_name(s.kind), range_text(s), model::format_param(s, s.def),
                               s.help);
        }
        // File paths (session keys too; not in lessons, whose values are numbers or choices).
        for (const auto& p : model::path_params()) {
            if (p.lab_key != lab.key) continue;
            out += fmt::format("  {:<28} {:<12} {:<24} default {:<10} {}\n", p.full_key(),
                               "file path", "an existing file", "(none)", p.help);
        }
    }
    write_stdout(out);
    return 0;
}

} // namespace

Subcommand add_params_command(CLI::App& app) {
    auto lab = std::make_shared<std::string>();
    auto* node = app.add_subcommand(
        "params", "List the parameters (for --set KEY=VALUE): key, kind, range, default, help");
    node->add_option("LAB", *lab, "Only this lab's parameters");
    return {node, [lab] { return run_params(*lab); }};
}

} // namespace losslab::cli
