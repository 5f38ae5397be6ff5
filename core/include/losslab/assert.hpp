#pragma once
// LOSSLAB_ASSERT: checks a programmer's invariant (never user input). On in every build type
// unless LOSSLAB_DISABLE_ASSERTS is defined; a failure prints the place and aborts.

#include <cstdio>
#include <cstdlib>

#if defined(LOSSLAB_DISABLE_ASSERTS)
#define LOSSLAB_ASSERT(cond, msg) ((void)0)
#else
#define LOSSLAB_ASSERT(cond, msg)                                                              \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            std::fprintf(stderr, "%s:%d: assertion failed: %s (%s)\n", __FILE__, __LINE__,     \
                         #cond, msg);                                                          \
            std::abort();                                                                      \
        }                                                                                      \
    } while (false)
#endif
