// `losslab list-names KIND` (hidden): one name per line, for the generated bash completion.
#include "cli/commands.hpp"
#include "model/labs/curve_catalogue.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "model/labs/labs.hpp"
#include "model/params/param_registry.hpp"

#include <memory>

namespace losslab::cli {

Subcommand add_list_names_command(CLI::App& app) {
    auto kind = std::make_shared<std::string>();
    auto* node = app.add_subcommand("list-names", "Names for shell completion");
    node->group(""); // hidden from --help
    node->add_option("KIND", *kind, "commands, labs, figures, curves or keys")->required();
    return {node, [kind, &app] {
                std::string out;
                if (*kind == "commands") {
                    for (const auto* sub : app.get_subcommands({}))
                        if (!sub->get_group().empty()) out += sub->get_name() + "\n";
                } else if (*kind == "labs") {
                    for (const auto& l : model::lab_catalogue())
                        out += std::string(l.key) + "\n";
                } else if (*kind == "figures") {
                    for (const auto& f : model::figure_catalogue())
                        out += std::string(f.name) + "\n";
                } else if (*kind == "curves") {
                    for (const auto& c : model::curve_catalogue())
                        out += std::string(c.name) + "\n";
                } else if (*kind == "keys") {
                    for (const auto& p : model::param_registry())
                        out += p.key() + "\n";
                } else {
                    return fail_usage(make_error("list-names KIND",
                                                 "commands, labs, figures, curves or keys",
                                                 quote(*kind))
                                          .message);
                }
                write_stdout(out);
                return 0;
            }};
}

} // namespace losslab::cli
