#pragma once
// Finding a system font file through fontconfig (no hard-coded paths).

#include <string>

namespace losslab::platform {

// The file of the best match for `family` (e.g. "DejaVu Sans") whose family really is that
// one, or an empty string when fontconfig has no such font.
std::string find_font_file(const std::string& family);

} // namespace losslab::platform
