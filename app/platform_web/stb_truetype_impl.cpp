// The web build's stand-in for Debian's libstb.so, which the desktop links for
// stb_truetype's functions (export/font_metrics.cpp): the header-only library's definitions.
#define STB_TRUETYPE_IMPLEMENTATION
#include <stb/stb_truetype.h>
