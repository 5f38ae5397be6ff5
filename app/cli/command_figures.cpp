#include "cli/commands.hpp"
#include "model/figure_catalogue.hpp"
#include "model/labs.hpp"
#include "model/param_registry.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace losslab::cli {

Subcommand add_figures_command(CLI::App& app) {
    auto* node = app.add_subcommand(
        "figures", "List every figure, one per line: its name, its lab and the lab's parameters "
                   "(key [range] default), for `losslab export --figure NAME --set key=value`");
    return {node, [] {
                for (const auto& f : model::figure_catalogue()) {
                    std::string params;
                    for (const auto* p : model::lab_params(f.lab)) {
                        const auto& s = *p->spec;
                        const std::string range =
                            s.kind == model::ParamKind::Choice || s.kind == model::ParamKind::Toggle
                                ? model::allowed_text(s)
                                : fmt::format("[{}, {}]", s.min, s.max);
                        params += fmt::format("{}{} {} default {}", params.empty() ? "" : ", ",
                                              p->key(), range, model::format_param(s, s.def));
                    }
                    std::printf("%s  lab=%s  params: %s\n", std::string(f.name).c_str(),
                                std::string(model::lab_info(f.lab).key).c_str(), params.c_str());
                }
                return 0;
            }};
}

} // namespace losslab::cli
