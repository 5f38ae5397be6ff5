// `losslab figures [--params]`: every exportable figure, one line each.
#include "cli/commands.hpp"
#include "model/persist/lesson.hpp"
#include "model/params/param_registry.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "model/labs/labs.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <memory>

namespace losslab::cli {

namespace {

// The first line of an axis label, without its parenthesised explanation: "p_t".
std::string short_label(const std::string& label) {
    std::string s = label.substr(0, label.find_first_of("(\n"));
    while (!s.empty() && s.back() == ' ')
        s.pop_back();
    return s.empty() ? label : s;
}

// The longest prefix of `text` of at most `bytes` bytes that does not split a UTF-8 character.
std::string utf8_prefix(const std::string& text, std::size_t bytes) {
    if (text.size() <= bytes) return text;
    while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80)
        --bytes;
    return text.substr(0, bytes);
}

int run_figures(bool with_params) {
    const model::AppState state = model::default_app_state();
    std::string out;
    // The name column is as wide as the longest name, so every row lines up.
    std::size_t name_w = 6;
    for (const auto& f : model::figure_catalogue()) name_w = std::max(name_w, f.name.size());
    if (!with_params)
        out += fmt::format("{:<{}} {:<14} {:<44} {}\n", "FIGURE", name_w, "LAB",
                           "VIEW (tab: y vs x)", "DESCRIPTION");
    for (const auto& f : model::figure_catalogue()) {
        const plot::Figure fig = f.build(state);
        const std::string lab = std::string(model::lab_info(f.lab).key);
        std::string y = short_label(fig.y_axis.label);
        std::string x = short_label(fig.x_axis.label);
        if (!with_params && x.size() > 16) x = utf8_prefix(x, 13) + "...";
        if (!with_params && y.size() + x.size() > 26)
            y = utf8_prefix(y, 26 > x.size() + 6 ? 23 - x.size() : 3) + "...";
        // A figure without axes (Figure 2's boxes) is a drawing.
        const std::string axes = fig.hide_axes ? std::string("(drawing)") : y + " vs " + x;
        // The lab's tab that shows the figure ("<lab>.view"), for labs with tabs.
        std::string tab;
        if (const auto* p = model::find_param(lab + ".view");
            p && p->spec->kind == model::ParamKind::Choice) {
            const auto shown = model::state_showing_figure(state, f.name);
            const auto i = std::size_t(model::get_param(shown, *p));
            if (i < p->spec->choices.size()) tab = std::string(p->spec->choices[i]);
        }
        const std::string view = tab.empty() ? axes : tab + ": " + axes;
        if (!with_params) {
            out += fmt::format("{:<{}} {:<14} {:<44} {}\n", f.name, name_w, lab, view, fig.title);
            continue;
        }
        out += fmt::format("{}\n  lab: {}\n  view: {}\n  description: {}\n  parameters: see "
                           "`losslab params {}`\n",
                           f.name, lab, view, fig.title, lab);
    }
    if (!with_params)
        out += "\nExport one with `losslab export --figure NAME -o FILE.svg --set KEY=VALUE`; "
               "keys: `losslab params LAB`.\n";
    write_stdout(out);
    return 0;
}

} // namespace

Subcommand add_figures_command(CLI::App& app) {
    auto with_params = std::make_shared<bool>(false);
    auto* node = app.add_subcommand(
        "figures", "List the figures `losslab export` writes: name, lab, view, description");
    node->add_flag("--params", *with_params, "Long form: one block per figure");
    return {node, [with_params] { return run_figures(*with_params); }};
}

} // namespace losslab::cli
