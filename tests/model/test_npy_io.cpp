// NumPy .npy reading and writing (app/model/npy_io): the three format versions as numpy 1.24
// writes them, the rank mapping onto NCHW, every refusal, and the atomic write.

#include "model/npy_io.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace losslab;
using namespace losslab::model;
namespace fs = std::filesystem;

namespace {

// A .npy file as numpy.lib.format writes it: magic, version, little-endian header length
// (2 bytes for 1.0, 4 for 2.0/3.0), the dict padded with spaces and ended by '\n' so the
// preamble is a multiple of 64 bytes, then the payload.
std::string make_npy(int major, const std::string& dict, const std::string& payload) {
    const std::size_t len_bytes = major == 1 ? 2 : 4;
    std::string header = dict;
    const std::size_t total = 8 + len_bytes + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    std::string out = "\x93NUMPY";
    out += char(major);
    out += char(0);
    for (std::size_t i = 0; i < len_bytes; ++i) out += char((header.size() >> (8 * i)) & 0xff);
    return out + header + payload;
}

std::string dict_for(const std::string& descr, const std::string& shape, bool fortran = false) {
    return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
           ", 'shape': " + shape + ", }";
}

template <class T> std::string payload(const std::vector<T>& v) {
    std::string s(v.size() * sizeof(T), '\0');
    std::memcpy(s.data(), v.data(), s.size());
    return s;
}

// np.lib.format.write_array(f, np.arange(6, dtype='<f4').reshape(2, 3) * 0.5 - 1, version=v)
// for v = (1, 0): numpy's exact bytes (header padded to 118 bytes).
std::string numpy_v1_2x3() {
    std::string h = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    h.append(118 - 1 - h.size(), ' ');
    h += '\n';
    std::string b = std::string("\x93NUMPY\x01\x00", 8) + "v" + std::string(1, '\0') + h;
    const float v[6] = {-1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 1.5f};
    b.append(reinterpret_cast<const char*>(v), sizeof v);
    return b;
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

fs::path temp_dir() {
    const fs::path d = fs::temp_directory_path() / ("losslab_npy_test_" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
}

} // namespace

TEST(NpyRead, NumpyVersion1FileOf2DArrayMapsToNx C11) {}
