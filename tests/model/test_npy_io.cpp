// NumPy .npy reading and writing (app/model/npy_io): the three format versions as numpy 1.24
// writes them, the rank mapping onto NCHW, every refusal, and the atomic write.

#include "model/io/npy_io.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <unistd.h>

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
    for (std::size_t i = 0; i < len_bytes; ++i)
        out += char((header.size() >> (8 * i)) & 0xff);
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
    const fs::path d =
        fs::temp_directory_path() / ("losslab_npy_test_" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
}

} // namespace

// [SECTION] Reading

TEST(NpyRead, NumpyVersion1File2DMapsToNxCx1x1WithNote) {
    auto r = parse_npy(numpy_v1_2x3());
    ASSERT_TRUE(r.ok()) << r.error().message;
    const auto& t = r.value();
    EXPECT_EQ(t.tensor.shape, (Shape4{2, 3, 1, 1}));
    EXPECT_EQ(t.tensor.data, (std::vector<float>{-1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 1.5f}));
    EXPECT_EQ(t.dtype, "<f4");
    EXPECT_EQ(t.shape, (std::vector<std::size_t>{2, 3}));
    EXPECT_TRUE(contains(t.note, "N x C x 1 x 1")) << t.note;
}

TEST(NpyRead, Versions2And3HaveFourByteHeaderLength) {
    const std::vector<float> v{1, 2, 3, 4, 5, 6, 7, 8};
    for (int major : {2, 3}) {
        auto r = parse_npy(make_npy(major, dict_for("<f4", "(1, 2, 2, 2)"), payload(v)));
        ASSERT_TRUE(r.ok()) << r.error().message;
        EXPECT_EQ(r.value().tensor.shape, (Shape4{1, 2, 2, 2}));
        EXPECT_EQ(r.value().tensor.data, v);
    }
}

TEST(NpyRead, Rank3MapsToNxCx1xL) {
    const std::vector<float> v{1, 2, 3, 4, 5, 6};
    auto r = parse_npy(make_npy(1, dict_for("<f4", "(1, 2, 3)"), payload(v)));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().tensor.shape, (Shape4{1, 2, 1, 3}));
    EXPECT_EQ(r.value().tensor.at(0, 1, 0, 2), 6.0f);
    EXPECT_TRUE(contains(r.value().note, "N x C x 1 x L")) << r.value().note;
}

TEST(NpyRead, Float64IsRoundedToFloat32AndSaysSo) {
    const std::vector<double> v{0.1, -2.5, 1e-3, 7.0};
    auto r = parse_npy(make_npy(1, dict_for("<f8", "(2, 2)"), payload(v)));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().tensor.data[0], 0.1f);
    EXPECT_EQ(r.value().tensor.data[3], 7.0f);
    EXPECT_TRUE(contains(r.value().note, "float64")) << r.value().note;
}

TEST(NpyRead, DoubleQuotedKeysAndNoTrailingCommaAreAccepted) {
    const std::vector<float> v{1, 2};
    const std::string dict = "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (1, 2)}";
    auto r = parse_npy(make_npy(1, dict, payload(v)));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().tensor.shape, (Shape4{1, 2, 1, 1}));
}

TEST(NpyRead, WrongMagicIsRefused) {
    std::string b = numpy_v1_2x3();
    b[1] = 'X';
    auto r = parse_npy(b, "a.npy");
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(contains(r.error().message, "magic")) << r.error().message;
    EXPECT_TRUE(contains(r.error().message, "a.npy")) << r.error().message;
    EXPECT_FALSE(parse_npy("").ok());
}

TEST(NpyRead, WrongDtypeIsNamedWithTheAllowedOnes) {
    const std::vector<std::int32_t> v{1, 2};
    for (const char* d : {"<i4", ">f4", "<f2", "|u1"}) {
        auto r = parse_npy(make_npy(1, dict_for(d, "(1, 2)"), payload(v)));
        ASSERT_FALSE(r.ok()) << d;
        EXPECT_TRUE(contains(r.error().message, std::string("'") + d + "'")) << r.error().message;
        EXPECT_TRUE(contains(r.error().message, "'<f4'")) << r.error().message;
        EXPECT_TRUE(contains(r.error().message, "'<f8'")) << r.error().message;
    }
}

TEST(NpyRead, FortranOrderIsRefused) {
    const std::vector<float> v{1, 2, 3, 4};
    auto r = parse_npy(make_npy(1, dict_for("<f4", "(2, 2)", true), payload(v)));
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(contains(r.error().message, "fortran_order True")) << r.error().message;
}

TEST(NpyRead, WrongRankIsRefused) {
    const std::vector<float> v(32, 1.0f);
    for (const char* shape : {"(32,)", "()", "(1, 2, 2, 2, 4)"}) {
        auto r = parse_npy(make_npy(1, dict_for("<f4", shape), payload(v)));
        ASSERT_FALSE(r.ok()) << shape;
        EXPECT_TRUE(contains(r.error().message, "rank")) << r.error().message;
    }
}

TEST(NpyRead, TruncatedPayloadSaysExpectedAndFoundBytes) {
    const std::vector<float> v{1, 2, 3, 4, 5};
    auto r = parse_npy(make_npy(1, dict_for("<f4", "(2, 3)"), payload(v)));
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(contains(r.error().message, "24 bytes")) << r.error().message;
    EXPECT_TRUE(contains(r.error().message, "got 20 bytes")) << r.error().message;
    // A header cut short is also reported, not read past.
    std::string cut = numpy_v1_2x3().substr(0, 40);
    EXPECT_FALSE(parse_npy(cut).ok());
}

TEST(NpyRead, BadVersionAndMalformedHeaderAreRefused) {
    std::string b = numpy_v1_2x3();
    b[6] = 4;
    auto r = parse_npy(b);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(contains(r.error().message, "version 4.0")) << r.error().message;
    EXPECT_FALSE(parse_npy(make_npy(1, "{'descr': '<f4'}", "")).ok());
    EXPECT_FALSE(parse_npy(make_npy(1, dict_for("<f4", "(2, -3)"), "")).ok());
    EXPECT_FALSE(parse_npy(make_npy(1, dict_for("<f4", "[2, 3]"), "")).ok());
}

TEST(NpyRead, HugeShapeIsRefusedBeforeAllocating) {
    auto r = parse_npy(make_npy(1, dict_for("<f4", "(100000, 100000, 100, 100)"), ""));
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(contains(r.error().message, "bytes")) << r.error().message;
}

// [SECTION] Writing

TEST(NpyWrite, HeaderIsByteIdenticalToNumpys) {
    Tensor4 x(Shape4{1, 2, 1, 3});
    const std::string b = encode_npy(x);
    // np.save of np.zeros((1, 2, 1, 3), '<f4'): header length 118 (dict, spaces, '\n').
    std::string h = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 1, 3), }";
    h.append(117 - h.size(), ' ');
    h += '\n';
    ASSERT_EQ(b.size(), 152u);
    EXPECT_EQ(b.substr(0, 10), std::string("\x93NUMPY\x01\x00\x76\x00", 10));
    EXPECT_EQ(b.substr(10, 118), h);
    EXPECT_EQ(b.size() % 4, 0u);
}

TEST(NpyWrite, RoundTripsThroughAFile) {
    const fs::path dir = temp_dir();
    const fs::path path = dir / "x.npy";
    Tensor4 x(Shape4{2, 3, 4, 5});
    for (std::size_t i = 0; i < x.data.size(); ++i)
        x.data[i] = float(i) * 0.25f - 3.0f;
    ASSERT_TRUE(write_npy(path, x).ok());
    auto r = read_npy(path);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().tensor.shape, x.shape);
    EXPECT_EQ(r.value().tensor.data, x.data);
    // Overwrite in place; no temporary is left behind.
    x.data[0] = 42.0f;
    ASSERT_TRUE(write_npy(path, x).ok());
    EXPECT_EQ(read_npy(path).value().tensor.data[0], 42.0f);
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        ++files;
        EXPECT_FALSE(contains(e.path().filename().string(), ".tmp-")) << e.path();
    }
    EXPECT_EQ(files, 1u);
    fs::remove_all(dir);
}

TEST(NpyWrite, FailureNamesPathAndReasonAndLeavesNoTemporary) {
    const fs::path path = fs::path("/nonexistent_losslab_dir") / "x.npy";
    auto st = write_npy(path, Tensor4(Shape4{1, 1, 1, 1}));
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(contains(st.error().message, path.string())) << st.error().message;
    EXPECT_TRUE(contains(st.error().message, "No such file or directory")) << st.error().message;

    // Renaming over a directory fails after the temporary was written: it must be removed.
    const fs::path dir = temp_dir();
    fs::create_directories(dir / "occupied.npy");
    st = write_npy(dir / "occupied.npy", Tensor4(Shape4{1, 1, 1, 1}));
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(contains(st.error().message, "occupied.npy")) << st.error().message;
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir))
        ++files;
    EXPECT_EQ(files, 1u); // only the directory itself
    fs::remove_all(dir);
}

TEST(NpyRead, MissingFileNamesPathAndReason) {
    auto r = read_npy("/nonexistent_losslab_dir/none.npy");
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(contains(r.error().message, "none.npy"));
    EXPECT_TRUE(contains(r.error().message, "No such file")) << r.error().message;
}
