#include "model/io/npy_array.hpp"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace losslab::model {

namespace {

constexpr std::string_view kMagic = "\x93NUMPY";

// .npy payloads are little-endian ('<'); a big-endian host swaps every element.
template <class T> T from_le(const std::byte* p) {
    unsigned char b[sizeof(T)];
    std::memcpy(b, p, sizeof(T));
    if constexpr (std::endian::native == std::endian::big)
        for (std::size_t i = 0; i < sizeof(T) / 2; ++i)
            std::swap(b[i], b[sizeof(T) - 1 - i]);
    T v;
    std::memcpy(&v, b, sizeof(T));
    return v;
}

std::uint32_t read_u16(const char* p) {
    return std::uint32_t(static_cast<unsigned char>(p[0])) |
           std::uint32_t(static_cast<unsigned char>(p[1])) << 8;
}
std::uint32_t read_u32(const char* p) { return read_u16(p) | read_u16(p + 2) << 16; }

// At most `n` characters of `text` for a message, with "..." when cut.
std::string shorten(std::string_view text, std::size_t n = 60) {
    if (text.size() <= n) return std::string(text);
    return std::string(text.substr(0, n)) + "...";
}

// The value text after "'key':" in the header dict, up to the next top-level ',' or '}'.
// Returns false when the key is absent.
bool dict_value(std::string_view header, std::string_view key, std::string& out) {
    for (char q : {'\'', '"'}) {
        const std::string k = std::string(1, q) + std::string(key) + std::string(1, q);
        const auto pos = header.find(k);
        if (pos == std::string_view::npos) continue;
        auto i = header.find(':', pos + k.size());
        if (i == std::string_view::npos) return false;
        ++i;
        while (i < header.size() && header[i] == ' ')
            ++i;
        std::size_t j = i;
        int depth = 0;
        char in_quote = 0;
        for (; j < header.size(); ++j) {
            const char ch = header[j];
            if (in_quote) {
                if (ch == in_quote) in_quote = 0;
            } else if (ch == '\'' || ch == '"') {
                in_quote = ch;
            } else if (ch == '(') {
                ++depth;
            } else if (ch == ')') {
                --depth;
            } else if ((ch == ',' || ch == '}') && depth == 0) {
                break;
            }
        }
        out = std::string(header.substr(i, j - i));
        while (!out.empty() && out.back() == ' ')
            out.pop_back();
        return true;
    }
    return false;
}

bool descr_dtype(std::string_view descr, NpyDtype& out) {
    for (NpyDtype d : {NpyDtype::Float32, NpyDtype::Float64, NpyDtype::Int64, NpyDtype::Int32,
                       NpyDtype::UInt8}) {
        if (descr == npy_descr(d)) {
            out = d;
            return true;
        }
    }
    if (descr == "<u1") {  // numpy writes '|u1', but '<u1' is the same type
        out = NpyDtype::UInt8;
        return true;
    }
    return false;
}

// Parses "(a, b, c)" (trailing comma allowed) into `shape`; false on anything else.
bool parse_shape(std::string_view text, std::vector<std::size_t>& shape) {
    if (text.size() < 2 || text.front() != '(' || text.back() != ')') return false;
    text = text.substr(1, text.size() - 2);
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ')
            ++i;
        if (i == text.size()) break;
        std::uint64_t v = 0;
        std::size_t digits = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            if (__builtin_mul_overflow(v, 10u, &v) ||
                __builtin_add_overflow(v, std::uint64_t(text[i] - '0'), &v))
                return false;
            ++i;
            ++digits;
        }
        if (digits == 0 || v > SIZE_MAX) return false;
        shape.push_back(static_cast<std::size_t>(v));
        while (i < text.size() && text[i] == ' ')
            ++i;
        if (i == text.size()) break;
        if (text[i] != ',') return false;
        ++i;
    }
    return true;
}

struct Mapping {
    void* addr = nullptr;
    std::size_t size = 0;
    ~Mapping() {
        if (addr && addr != MAP_FAILED) ::munmap(addr, size);
    }
};

std::string system_error(const std::filesystem::path& path, int err) {
    return "cannot read " + path.string() + ": " + std::strerror(err);
}

} // namespace

std::string_view npy_descr(NpyDtype dtype) {
    switch (dtype) {
    case NpyDtype::Float32: return "<f4";
    case NpyDtype::Float64: return "<f8";
    case NpyDtype::Int64: return "<i8";
    case NpyDtype::Int32: return "<i4";
    case NpyDtype::UInt8: return "|u1";
    }
    return "?";
}

std::size_t npy_item_size(NpyDtype dtype) {
    switch (dtype) {
    case NpyDtype::Float32: return 4;
    case NpyDtype::Float64: return 8;
    case NpyDtype::Int64: return 8;
    case NpyDtype::Int32: return 4;
    case NpyDtype::UInt8: return 1;
    }
    return 1;
}

std::string npy_shape_text(std::span<const std::size_t> shape) {
    std::string t = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) t += ", ";
        t += std::to_string(shape[i]);
    }
    if (shape.size() == 1) t += ",";
    return t + ")";
}

Result<NpyHeader> parse_npy_header(std::string_view bytes, std::uint64_t file_size,
                                   std::string_view name) {
    const std::string file(name);
    if (bytes.size() < 10 || bytes.substr(0, 6) != kMagic)
        return make_error(file, "the .npy magic \\x93NUMPY", "a file that does not start with it");
    const int major = static_cast<unsigned char>(bytes[6]);
    std::size_t header_len = 0, header_start = 0;
    if (major == 1) {
        header_len = read_u16(bytes.data() + 8);
        header_start = 10;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12)
            return make_error(file, "a complete .npy preamble",
                              "a file of " + std::to_string(bytes.size()) + " bytes");
        header_len = read_u32(bytes.data() + 8);
        header_start = 12;
    } else {
        return make_error(file, ".npy format version 1, 2 or 3",
                          "version " + std::to_string(major) + "." +
                              std::to_string(static_cast<unsigned char>(bytes[7])));
    }
    if (header_len > kNpyMaxHeaderBytes)
        return make_error(file, "a header of at most " + std::to_string(kNpyMaxHeaderBytes) +
                                    " bytes",
                          std::to_string(header_len) + " bytes");
    if (bytes.size() < header_start + header_len)
        return make_error(file, "a header of " + std::to_string(header_len) + " bytes",
                          std::to_string(bytes.size() - header_start) + " bytes");
    const std::string_view header = bytes.substr(header_start, header_len);

    std::string descr, fortran, shape_str;
    if (!dict_value(header, "descr", descr) || !dict_value(header, "fortran_order", fortran) ||
        !dict_value(header, "shape", shape_str))
        return make_error(file, "a header dict with 'descr', 'fortran_order' and 'shape'",
                          quote(shorten(header)));
    if (descr.size() >= 2 && (descr.front() == '\'' || descr.front() == '"'))
        descr = descr.substr(1, descr.size() - 2);
    NpyHeader out;
    if (!descr_dtype(descr, out.dtype))
        return make_error(file + " dtype",
                          "'<f4' (float32), '<f8' (float64), '<i8' (int64), '<i4' (int32) or "
                          "'|u1' (uint8), little-endian",
                          quote(shorten(descr)));
    if (fortran == "True")
        return make_error(file, "C order (fortran_order False); save with np.ascontiguousarray",
                          "fortran_order True");
    if (fortran != "False")
        return make_error(file + " fortran_order", "True or False", quote(shorten(fortran)));
    if (!parse_shape(shape_str, out.shape))
        return make_error(file + " shape", "a tuple of non-negative integers",
                          quote(shorten(shape_str)));
    if (out.shape.empty())
        return make_error(file + " shape", "an array of rank 1 or more", "a scalar ()");
    std::size_t numel = 1;
    for (std::size_t extent : out.shape) {
        if (extent == 0)
            return make_error(file + " shape", "every extent at least 1 (the array is empty)",
                              npy_shape_text(out.shape));
        if (__builtin_mul_overflow(numel, extent, &numel))
            return make_error(file + " shape", "an element count that fits in memory",
                              npy_shape_text(out.shape));
    }
    out.numel = numel;
    out.data_offset = header_start + header_len;
    std::size_t data_bytes = 0;
    const std::uint64_t available = file_size > out.data_offset ? file_size - out.data_offset : 0;
    if (__builtin_mul_overflow(numel, npy_item_size(out.dtype), &data_bytes) ||
        data_bytes > available)
        return make_error(file + " (truncated data)",
                          (data_bytes ? std::to_string(data_bytes) : std::string("more")) +
                              " bytes of data for shape " + npy_shape_text(out.shape) + " " +
                              std::string(npy_descr(out.dtype)),
                          std::to_string(available) + " bytes");
    return out;
}

double NpyArray::value(std::size_t i) const {
    const std::byte* p = m_data.data() + i * npy_item_size(m_header.dtype);
    switch (m_header.dtype) {
    case NpyDtype::Float32: return from_le<float>(p);
    case NpyDtype::Float64: return from_le<double>(p);
    case NpyDtype::Int64: return static_cast<double>(from_le<std::int64_t>(p));
    case NpyDtype::Int32: return from_le<std::int32_t>(p);
    case NpyDtype::UInt8: return static_cast<double>(std::to_integer<unsigned>(*p));
    }
    return 0.0;
}

std::int64_t NpyArray::integer(std::size_t i) const {
    const std::byte* p = m_data.data() + i * npy_item_size(m_header.dtype);
    switch (m_header.dtype) {
    case NpyDtype::Int64: return from_le<std::int64_t>(p);
    case NpyDtype::Int32: return from_le<std::int32_t>(p);
    case NpyDtype::UInt8: return std::to_integer<std::int64_t>(*p);
    case NpyDtype::Float32:
    case NpyDtype::Float64: return static_cast<std::int64_t>(value(i));
    }
    return 0;
}

bool NpyArray::is_integer() const {
    return m_header.dtype == NpyDtype::Int64 || m_header.dtype == NpyDtype::Int32 ||
           m_header.dtype == NpyDtype::UInt8;
}

std::vector<double> NpyArray::to_double() const {
    std::vector<double> out(numel());
    if (m_header.dtype == NpyDtype::Float64 && std::endian::native == std::endian::little) {
        if (!out.empty()) std::memcpy(out.data(), m_data.data(), out.size() * sizeof(double));
        return out;
    }
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = value(i);
    return out;
}

std::vector<float> NpyArray::to_float() const {
    std::vector<float> out(numel());
    if (m_header.dtype == NpyDtype::Float32 && std::endian::native == std::endian::little) {
        if (!out.empty()) std::memcpy(out.data(), m_data.data(), out.size() * sizeof(float));
        return out;
    }
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<float>(value(i));
    return out;
}

Result<NpyArray> npy_from_bytes(std::string bytes, std::string_view name) {
    auto header = parse_npy_header(bytes, bytes.size(), name);
    if (!header) return header.error();
    auto owner = std::make_shared<std::string>(std::move(bytes));
    NpyArray out;
    out.m_header = std::move(header).value();
    out.m_data = std::span<const std::byte>(
        reinterpret_cast<const std::byte*>(owner->data()) + out.m_header.data_offset,
        out.m_header.data_bytes());
    out.m_owner = std::move(owner);
    return out;
}

Result<NpyArray> open_npy(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return Error{system_error(path, errno)};
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) return Error{system_error(path, errno)};
    if (S_ISDIR(st.st_mode))
        return make_error(path.string(), "a .npy file", "a folder");
    if (!S_ISREG(st.st_mode))
        return make_error(path.string(), "a regular .npy file",
                          "a device, pipe or socket");
    const std::uint64_t file_size = static_cast<std::uint64_t>(st.st_size);

    // Only the preamble and the header are read before they are validated.
    std::string prefix(std::min<std::uint64_t>(file_size, 12 + kNpyMaxHeaderBytes), '\0');
    std::size_t got = 0;
    while (got < prefix.size()) {
        const ssize_t n = ::pread(fd, prefix.data() + got, prefix.size() - got, off_t(got));
        if (n < 0) {
            if (errno == EINTR) continue;
            return Error{system_error(path, errno)};
        }
        if (n == 0) break;
        got += std::size_t(n);
    }
    prefix.resize(got);
    auto header = parse_npy_header(prefix, file_size, path.string());
    if (!header) return header.error();

    NpyArray out;
    out.m_header = std::move(header).value();
    const std::size_t map_size = out.m_header.data_offset + out.m_header.data_bytes();
    auto mapping = std::make_shared<Mapping>();
    mapping->addr = ::mmap(nullptr, map_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapping->addr == MAP_FAILED) {
        mapping->addr = nullptr;
        return Error{system_error(path, errno)};
    }
    mapping->size = map_size;
    ::madvise(mapping->addr, map_size, MADV_SEQUENTIAL);
    out.m_data = std::span<const std::byte>(
        static_cast<const std::byte*>(mapping->addr) + out.m_header.data_offset,
        out.m_header.data_bytes());
    out.m_owner = std::shared_ptr<const void>(mapping, mapping->addr);
    out.m_mapped = true;
    return out;
}

void NpyArray::release(std::size_t begin, std::size_t end) const {
    if (!m_mapped) return;
    end = std::min(end, m_data.size());
    if (begin >= end) return;
    static const std::uintptr_t page = std::uintptr_t(::sysconf(_SC_PAGESIZE));
    const auto base = reinterpret_cast<std::uintptr_t>(m_data.data());
    const std::uintptr_t from = (base + begin + page - 1) / page * page;
    const std::uintptr_t to = (base + end) / page * page;
    // A read-only file mapping: MADV_DONTNEED only unmaps the pages (nothing is lost).
    if (to > from) ::madvise(reinterpret_cast<void*>(from), to - from, MADV_DONTNEED);
}

std::string encode_npy_array(NpyDtype dtype, std::span<const std::size_t> shape,
                             std::span<const std::byte> data) {
    std::string header = "{'descr': '" + std::string(npy_descr(dtype)) +
                         "', 'fortran_order': False, 'shape': " + npy_shape_text(shape) + ", }";
    // Pad with spaces so that magic + version + length + header + '\n' is a multiple of 64.
    const std::size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    std::string out;
    out.reserve(10 + header.size() + data.size());
    out += kMagic;
    out += char(1);
    out += char(0);
    out += char(header.size() & 0xff);
    out += char((header.size() >> 8) & 0xff);
    out += header;
    out.append(reinterpret_cast<const char*>(data.data()), data.size());
    return out;
}

} // namespace losslab::model
