#include "platform/font_locator.hpp"

#include <fontconfig/fontconfig.h>

namespace losslab::platform {

std::string find_font_file(const std::string& family) {
    FcConfig* config = FcInitLoadConfigAndFonts();
    if (!config) return {};
    std::string result;
    FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>(family.c_str()));
    FcPatternAddString(pattern, FC_STYLE, reinterpret_cast<const FcChar8*>("Book"));
    FcConfigSubstitute(config, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult res = FcResultNoMatch;
    if (FcPattern* match = FcFontMatch(config, pattern, &res)) {
        FcChar8* file = nullptr;
        FcChar8* found_family = nullptr;
        // fontconfig always answers with something; accept it only if it is the family asked.
        if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
            FcPatternGetString(match, FC_FAMILY, 0, &found_family) == FcResultMatch &&
            family == reinterpret_cast<const char*>(found_family))
            result = reinterpret_cast<const char*>(file);
        FcPatternDestroy(match);
    }
    FcPatternDestroy(pattern);
    FcConfigDestroy(config);
    return result;
}

} // namespace losslab::platform
