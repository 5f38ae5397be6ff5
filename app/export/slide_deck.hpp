#pragma once
// Slide decks of a lesson: one 16:9 page per step with the lesson's title, the step's number,
// title and caption (its **emphasis** in bold) and the step's figures with their notes. A PDF
// file (every page in one file) or one PNG per page; drawn with cairo, no display needed.

#include "losslab/result.hpp"
#include "model/persist/lesson.hpp"

#include <filesystem>
#include <string_view>

namespace losslab::exporting {

// Writes every step of `lesson` as one page of the PDF `path` (atomically). `source` names the
// lesson file in messages.
Status write_slide_deck_pdf(const std::filesystem::path& path, const model::Lesson& lesson,
                            std::string_view source);

// Writes every step of `lesson` as `dir`/step-01.png, step-02.png, ... (1920x1080, each file
// atomically); the folder is created when missing.
Status write_slide_deck_pngs(const std::filesystem::path& dir, const model::Lesson& lesson,
                             std::string_view source);

} // namespace losslab::exporting
