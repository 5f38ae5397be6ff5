#pragma once
// Slide decks of a lesson: one 16:9 page per step with the lesson's title, the step's number,
// title and caption (its **emphasis** in bold) and the step's figures with their notes. A PDF
// file (every page in one file) or one PNG per page; drawn with cairo, no display needed.

#include "export/animation_files.hpp"
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

// Whether step `index` of `lesson` has an "animate" sweep of a known parameter.
bool step_animates(const model::Lesson& lesson, size_t index);

// Writes step `index`'s slide as an animation (.gif, .webp or .mp4 by `path`) while its
// "animate" sweep runs: the step's seconds at `fps`, there and back again when the sweep
// loops; `width` pixels wide (16:9). An error when the step has no "animate".
Status write_step_animation(const std::filesystem::path& path, const model::Lesson& lesson,
                            std::string_view source, size_t index, double fps, int width,
                            const AnimationProgress& progress = {});

} // namespace losslab::exporting
