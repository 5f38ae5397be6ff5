#pragma once
// NpyArray: a NumPy .npy file of any supported dtype and rank, validated from its header
// before any data is touched and mapped read-only (mmap) rather than copied. Used by every
// reader of user tensors: the normalization lab and `norm-stats`, `losslab loss`,
// `losslab calibrate`. Format: NumPy Enhancement Proposal 1 (numpy.lib.format), versions
// 1.0, 2.0 and 3.0.

#include "losslab/result.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace losslab::model {

// The element types LossLab reads: float32/float64 data, int64/int32/uint8 labels.
enum class NpyDtype { Float32, Float64, Int64, Int32, UInt8 };

// The numpy spelling of `dtype` ("<f4", "<f8", "<i8", "<i4", "|u1").
std::string_view npy_descr(NpyDtype dtype);

// Bytes per element of `dtype`.
std::size_t npy_item_size(NpyDtype dtype);

// A validated .npy header: dtype, shape (C order) and where the data starts.
struct NpyHeader {
    NpyDtype dtype = NpyDtype::Float32;  // default float32
    std::vector<std::size_t> shape;      // as stored; every extent >= 1; default empty
    std::size_t data_offset = 0;         // byte offset of the first element; default 0
    std::size_t numel = 0;               // product of the shape; default 0
    std::size_t data_bytes() const { return numel * npy_item_size(dtype); }
};

// Largest header LossLab accepts (numpy itself writes a few hundred bytes).
inline constexpr std::size_t kNpyMaxHeaderBytes = 64 * 1024;

// Validates the preamble and header in `prefix` (the file's first bytes; at least the whole
// header) for a file of `file_size` bytes. Refuses, naming `name`: a bad magic or version, a
// header longer than kNpyMaxHeaderBytes or past the end, a malformed dict, a dtype other than
// the five above (big-endian included), Fortran order, a rank of 0, a zero extent (an empty
// array has nothing to show), a shape whose product overflows, and data that the file is too
// short to hold (the data must be in the file, so a huge shape is refused at once).
Result<NpyHeader> parse_npy_header(std::string_view prefix, std::uint64_t file_size,
                                   std::string_view name);

// The shape as numpy prints it: "(3, 4)", "(5,)".
std::string npy_shape_text(std::span<const std::size_t> shape);

// A validated .npy array whose data is either mapped from a file or held in memory.
class NpyArray {
public:
    NpyArray() = default;
    const NpyHeader& header() const { return m_header; }
    NpyDtype dtype() const { return m_header.dtype; }
    const std::vector<std::size_t>& shape() const { return m_header.shape; }
    std::size_t numel() const { return m_header.numel; }
    std::size_t rank() const { return m_header.shape.size(); }
    // The raw little-endian element bytes (numel() * item size).
    std::span<const std::byte> bytes() const { return m_data; }
    // Element i converted to double (exact for every supported dtype except int64 beyond 2^53).
    double value(std::size_t i) const;
    // Element i of an integer dtype as int64 (floats are truncated; callers check dtype first).
    std::int64_t integer(std::size_t i) const;
    // All elements as double, in C order.
    std::vector<double> to_double() const;
    // All elements as float (float64 rounded), in C order.
    std::vector<float> to_float() const;
    // True when the dtype is one of the integer types.
    bool is_integer() const;
    // Whether the data is mapped from a file (false: held in memory).
    bool mapped() const { return m_mapped; }
    // Drops the whole pages inside data bytes [begin, end) from this process's resident set
    // when mapped: the file stays in the page cache and a later read maps them again. No effect
    // on an array held in memory.
    void release(std::size_t begin, std::size_t end) const;

private:
    friend Result<NpyArray> open_npy(const std::filesystem::path&);
    friend Result<NpyArray> npy_from_bytes(std::string, std::string_view);
    NpyHeader m_header;
    std::shared_ptr<const void> m_owner;  // the mapping or the byte buffer
    std::span<const std::byte> m_data;
    bool m_mapped = false;
};

// Opens `path` as a .npy file: refuses what is not a regular file (folders, pipes, devices),
// reads only the header before validating it, then maps the data read-only. Errors name the
// path and the reason.
Result<NpyArray> open_npy(const std::filesystem::path& path);

// The same validation over bytes already in memory (tests, fuzzing, files inside a .npz).
Result<NpyArray> npy_from_bytes(std::string bytes, std::string_view name = "<memory>");

// The bytes of a version 1.0 .npy file of `dtype` and `shape` holding `data` (numel * item
// size bytes, little-endian), header padded to a multiple of 64 bytes as numpy writes it.
std::string encode_npy_array(NpyDtype dtype, std::span<const std::size_t> shape,
                             std::span<const std::byte> data);

} // namespace losslab::model
