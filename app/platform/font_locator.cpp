#include "platform/font_locator.hpp"

#include <fontconfig/fontconfig.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <vector>
#include <unistd.h>

namespace losslab::platform {

namespace {

// fontconfig's answer for `family`, or "".
std::string fontconfig_file(const std::string& family) {
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

// Known places of DejaVu Sans when fontconfig does not list it (a container without its cache,
// a broken configuration): Debian's, other distributions', and a copy beside the program.
std::vector<std::filesystem::path> fallback_font_files() {
    std::vector<std::filesystem::path> files{
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    };
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        files.push_back(exe.parent_path() / "assets" / "fonts" / "DejaVuSans.ttf");
        files.push_back(exe.parent_path() / ".." / "share" / "losslab" / "fonts" / "DejaVuSans.ttf");
    }
    return files;
}

} // namespace

std::string missing_font_warning(const std::string& family) {
    return "font '" + family + "' was not found (fontconfig and " +
           fallback_font_files().front().string() +
           " and the other usual places); text uses ImGui's built-in font, which shows Greek "
           "letters and math symbols as '?'. Install fonts-dejavu-core.";
}

std::string find_font_file(const std::string& family) {
    std::string result = fontconfig_file(family);
    if (!result.empty() || family != "DejaVu Sans") {
        if (result.empty()) {
            static std::atomic<bool> said{false};
            if (!said.exchange(true))
                std::fprintf(stderr, "losslab: %s\n", missing_font_warning(family).c_str());
        }
        return result;
    }
    for (const auto& f : fallback_font_files())
        if (::access(f.c_str(), R_OK) == 0) return f.string();
    static std::atomic<bool> said{false};
    if (!said.exchange(true))
        std::fprintf(stderr, "losslab: %s\n", missing_font_warning(family).c_str());
    return {};
}

} // namespace losslab::platform
