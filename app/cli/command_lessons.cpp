// `losslab lessons`: the folders searched for lessons and the lessons found in them.
#include "cli/commands.hpp"
#include "model/persist/lesson.hpp"

#include <fmt/format.h>

namespace losslab::cli {

Subcommand add_lessons_command(CLI::App& app) {
    auto* node = app.add_subcommand("lessons", "List the lessons found and the folders searched");
    return {node, [] {
                std::string out;
                const auto dirs = model::lesson_dirs();
                if (dirs.empty()) out += "No lesson folder found.\n";
                for (const auto& d : dirs)
                    out += fmt::format("folder: {}\n", d.string());
                for (const auto& l : model::find_lessons())
                    out += fmt::format("{:<40} {}\n", l.path.filename().string(), l.title) +
                           fmt::format("  {}\n", l.path.string());
                write_stdout(out);
                return 0;
            }};
}

} // namespace losslab::cli
