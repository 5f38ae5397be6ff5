#pragma once
// NumPy .npy files for the normalization lab: load activations saved from Python
// (np.save(path, x) with x of shape (N, C), (N, C, L) or (N, C, H, W)) and save the lab's
// tensors back. Format: NumPy Enhancement Proposal 1 / numpy.lib.format, versions 1.0, 2.0
// and 3.0 (the three differ only in the header-length field and the header's encoding).

#include "losslab/result.hpp"
#include "losslab/tensor4.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace losslab::model {

// A tensor read from a .npy file, with how it was mapped onto N x C x H x W.
struct NpyTensor {
    Tensor4 tensor;                 // the data as float32 NCHW
    std::string dtype;              // the file's dtype: "<f4" or "<f8"; default empty
    std::vector<std::size_t> shape; // the file's shape, as stored; default empty
    std::string note;               // how shape and dtype were mapped, for the UI; default empty
};

// Parses the bytes of a .npy file through parse_npy_header (npy_array.hpp), which refuses
// zero extents, overflowing shapes and data the file is too short to hold. `name` only appears
// in messages. Accepted: dtype '<f4' or '<f8' (float64 is rounded to float32, and the note
// says so), fortran_order False, rank 2 (N x C -> N x C x 1 x 1), rank 3
// (N x C x L -> N x C x 1 x L) or rank 4 (N x C x H x W). Each refusal is an Error naming what
// was wrong: the magic, the version, the dtype (and the allowed ones), Fortran order, the
// rank, a malformed header, a size over kDefaultTensorByteLimit, or a truncated payload (how
// many bytes were expected and found). Bytes after the payload are ignored, as np.load does.
Result<NpyTensor> parse_npy(std::string_view bytes, std::string_view name = "<memory>");

// Opens `path` through open_npy (regular files only, header checked before the data is
// mapped) and converts it; the error names the path (and strerror when it cannot be read).
Result<NpyTensor> read_npy(const std::filesystem::path& path);

// The bytes of a version 1.0 .npy file holding x as '<f4' with shape (N, C, H, W), header
// padded with spaces to a multiple of 64 bytes as numpy writes it.
std::string encode_npy(const Tensor4& x);

// Writes encode_npy(x) to `path` atomically through model::write_file_atomic (a temporary
// beside it, flushed, then renamed). On failure the temporary is removed, the error names the
// path and the system's reason, and an existing file at `path` is left unchanged.
Status write_npy(const std::filesystem::path& path, const Tensor4& x);

} // namespace losslab::model
