#pragma once
// Finding a system font file through fontconfig, then the usual DejaVu paths.

#include <string>

namespace losslab::platform {

// The file of the best match for `family` (e.g. "DejaVu Sans") whose family really is that
// one; for DejaVu Sans, when fontconfig has none, the first readable of its usual paths and
// of a copy beside the program. An empty string when there is none, said once on stderr
// (missing_font_warning).
std::string find_font_file(const std::string& family);

// The sentence telling that `family` is missing and what the text looks like without it.
std::string missing_font_warning(const std::string& family);

} // namespace losslab::platform
