#include "model/npy_io.hpp"

#include "model/file_io.hpp"

#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

namespace losslab::model {

namespace {

constexpr std::string_view kMagic = "\x93NUMPY";

// .npy payloads are little-endian ('<'); a big-endian host swaps every element.
template <class T> T from_le(const char* p) {
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
std::uint32_t read_u32(const char* p) {
    return read_u16(p) | read_u16(p + 2) << 16;
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

std::string shape_text(const std::vector<std::size_t>& s) {
    std::string t = "(";
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i) t += ", ";
        t += std::to_string(s[i]);
    }
    if (s.size() == 1) t += ",";
    return t + ")";
}

} // namespace

Result<NpyTensor> parse_npy(std::string_view bytes, std::string_view name) {
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
    if (bytes.size() < header_start + header_len)
        return make_error(file, "a header of " + std::to_string(header_len) + " bytes",
                          std::to_string(bytes.size() - header_start) + " bytes");
    const std::string_view header = bytes.substr(header_start, header_len);

    std::string descr, fortran, shape_str;
    if (!dict_value(header, "descr", descr) || !dict_value(header, "fortran_order", fortran) ||
        !dict_value(header, "shape", shape_str))
        return make_error(file, "a header dict with 'descr', 'fortran_order' and 'shape'",
                          quote(header));
    if (descr.size() >= 2 && (descr.front() == '\'' || descr.front() == '"'))
        descr = descr.substr(1, descr.size() - 2);
    if (descr != "<f4" && descr != "<f8")
        return make_error(file + " dtype", "'<f4' (float32) or '<f8' (float64)",
                          quote(descr));
    if (fortran == "True")
        return make_error(file, "C order (fortran_order False); save with np.ascontiguousarray",
                          "fortran_order True");
    if (fortran != "False") return make_error(file + " fortran_order", "True or False", fortran);

    // shape: "(a, b, c)" with an optional trailing comma.
    std::vector<std::size_t> shape;
    if (shape_str.size() < 2 || shape_str.front() != '(' || shape_str.back() != ')')
        return make_error(file + " shape", "a tuple of integers", shape_str);
    {
        std::stringstream ss(shape_str.substr(1, shape_str.size() - 2));
        std::string item;
        while (std::getline(ss, item, ',')) {
            const auto b = item.find_first_not_of(' ');
            if (b == std::string::npos) continue;
            const auto e = item.find_last_not_of(' ');
            const std::string digits = item.substr(b, e - b + 1);
            char* end = nullptr;
            errno = 0;
            const unsigned long long v = std::strtoull(digits.c_str(), &end, 10);
            if (digits.empty() || *end != '\0' || errno != 0 || digits[0] == '-')
                return make_error(file + " shape", "a tuple of non-negative integers", shape_str);
            shape.push_back(std::size_t(v));
        }
    }
    if (shape.size() < 2 || shape.size() > 4)
        return make_error(file, "an array of rank 2 (N, C), 3 (N, C, L) or 4 (N, C, H, W)",
                          "rank " + std::to_string(shape.size()) + " with shape " +
                              shape_text(shape));

    NpyTensor out;
    out.dtype = descr;
    out.shape = shape;
    Shape4 s;
    s.n = shape[0];
    s.c = shape[1];
    if (shape.size() == 2) {
        out.note = "2-D array " + shape_text(shape) + " read as N x C x 1 x 1";
    } else if (shape.size() == 3) {
        s.w = shape[2];
        out.note = "3-D array " + shape_text(shape) + " read as N x C x 1 x L";
    } else {
        s.h = shape[2];
        s.w = shape[3];
        out.note = "4-D array " + shape_text(shape) + " read as N x C x H x W";
    }
    const std::size_t item = descr == "<f4" ? 4 : 8;
    if (auto st = check_tensor_size(s, item); !st) return st.error();
    if (item == 8) out.note += "; float64 values rounded to float32";

    const std::size_t payload_start = header_start + header_len;
    const std::size_t expected = s.numel() * item;
    const std::size_t found = bytes.size() - payload_start;
    if (found < expected)
        return make_error(file + " (truncated payload)",
                          std::to_string(expected) + " bytes of data for shape " +
                              shape_text(shape) + " " + descr,
                          std::to_string(found) + " bytes");

    out.tensor = Tensor4(s);
    const char* p = bytes.data() + payload_start;
    float* dst = out.tensor.data.data();
    if (item == 4) {
        if constexpr (std::endian::native == std::endian::little)
            std::memcpy(dst, p, expected);
        else
            for (std::size_t i = 0; i < s.numel(); ++i)
                dst[i] = from_le<float>(p + 4 * i);
    } else {
        for (std::size_t i = 0; i < s.numel(); ++i)
            dst[i] = static_cast<float>(from_le<double>(p + 8 * i));
    }
    return out;
}

Result<NpyTensor> read_npy(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int err = errno;
        return Error{"cannot read " + path.string() + ": " + std::strerror(err)};
    }
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return Error{"cannot read " + path.string() + ": read error"};
    return parse_npy(bytes, path.string());
}

std::string encode_npy(const Tensor4& x) {
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                         std::to_string(x.shape.n) + ", " + std::to_string(x.shape.c) + ", " +
                         std::to_string(x.shape.h) + ", " + std::to_string(x.shape.w) + "), }";
    // Pad with spaces so that magic + version + length + header + '\n' is a multiple of 64.
    const std::size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    std::string out;
    out.reserve(10 + header.size() + x.data.size() * 4);
    out += kMagic;
    out += char(1);
    out += char(0);
    out += char(header.size() & 0xff);
    out += char((header.size() >> 8) & 0xff);
    out += header;
    const std::size_t start = out.size();
    out.resize(start + x.data.size() * 4);
    if constexpr (std::endian::native == std::endian::little) {
        std::memcpy(out.data() + start, x.data.data(), x.data.size() * 4);
    } else {
        for (std::size_t i = 0; i < x.data.size(); ++i) {
            const float v = from_le<float>(reinterpret_cast<const char*>(&x.data[i]));
            std::memcpy(out.data() + start + 4 * i, &v, 4);
        }
    }
    return out;
}

Status write_npy(const std::filesystem::path& path, const Tensor4& x) {
    return write_file_atomic(path, encode_npy(x));
}

} // namespace losslab::model
