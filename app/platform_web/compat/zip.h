#pragma once
// The browser build's stand-in for libzip's <zip.h> (no libzip for WebAssembly offline): only
// what app/model/tensors/model_outputs.cpp uses. Every archive is refused with a message that says to
// use the .npy pair or a CSV; .npz files are read by the desktop app.
#include <cstdint>

using zip_int64_t = std::int64_t;
using zip_uint64_t = std::uint64_t;
struct zip_t;
struct zip_file_t;
struct zip_error_t {
    int code = 0;
};
struct zip_stat_t {
    std::uint64_t valid = 0;
    std::uint64_t size = 0;
};
inline constexpr int ZIP_RDONLY = 16;
inline constexpr int ZIP_CHECKCONS = 4;
inline constexpr std::uint64_t ZIP_STAT_SIZE = 4;

// Always refuses: nullptr, with *error set.
inline zip_t* zip_open(const char*, int, int* error) {
    if (error) *error = 1;
    return nullptr;
}
inline void zip_error_init_with_code(zip_error_t* e, int code) { e->code = code; }
inline const char* zip_error_strerror(zip_error_t*) {
    return "an archive the browser version cannot open (give the logits and labels as two .npy "
           "files or one .csv)";
}
inline void zip_error_fini(zip_error_t*) {}
inline void zip_discard(zip_t*) {}
// Never reached (zip_open refuses); present so that the reader compiles.
inline zip_int64_t zip_name_locate(zip_t*, const char*, int) { return -1; }
inline void zip_stat_init(zip_stat_t* st) { *st = {}; }
inline int zip_stat_index(zip_t*, zip_uint64_t, int, zip_stat_t*) { return -1; }
inline zip_file_t* zip_fopen_index(zip_t*, zip_uint64_t, int) { return nullptr; }
inline zip_int64_t zip_fread(zip_file_t*, void*, zip_uint64_t) { return -1; }
inline int zip_fclose(zip_file_t*) { return 0; }
inline zip_error_t* zip_get_error(zip_t*) { return nullptr; }
inline zip_error_t* zip_file_get_error(zip_file_t*) { return nullptr; }
