// The general .npy reader (app/model/npy_array): every dtype LossLab reads, float64 kept
// exact, and the hostile files that once crashed or hung the readers (zero extents, shapes
// whose product overflows or exceeds the file, folders, pipes, devices, oversized headers).

#include "model/io/npy_array.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

using namespace losslab;
using namespace losslab::model;
namespace fs = std::filesystem;

namespace {

std::string make_npy(const std::string& descr, const std::string& shape,
                     const std::string& payload) {
    std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape +
                         ", }";
    const std::size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    std::string out = "\x93NUMPY";
    out += char(1);
    out += char(0);
    out += char(header.size() & 0xff);
    out += char((header.size() >> 8) & 0xff);
    return out + header + payload;
}

template <class T> std::string payload(const std::vector<T>& v) {
    std::string s(v.size() * sizeof(T), '\0');
    std::memcpy(s.data(), v.data(), s.size());
    return s;
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

fs::path temp_dir() {
    const fs::path d =
        fs::temp_directory_path() / ("losslab_npy_array_" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
}

fs::path write_temp(const std::string& name, const std::string& bytes) {
    const fs::path p = temp_dir() / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
}

} // namespace

TEST(NpyArray, Float64IsKeptExactlyThroughAMappedFile) {
    const std::vector<double> v{0.1, 1e-300, -3.0000000000000004, 5e-324};
    const fs::path p = write_temp("f8.npy", make_npy("<f8", "(2, 2)", payload(v)));
    auto r = open_npy(p);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().dtype(), NpyDtype::Float64);
    EXPECT_EQ(r.value().shape(), (std::vector<std::size_t>{2, 2}));
    EXPECT_EQ(r.value().to_double(), v);
}

TEST(NpyArray, IntegerLabelDtypesAreRead) {
    auto i8 = npy_from_bytes(make_npy("<i8", "(3,)", payload(std::vector<std::int64_t>{0, 7, -1})));
    ASSERT_TRUE(i8.ok()) << i8.error().message;
    EXPECT_EQ(i8.value().integer(1), 7);
    EXPECT_EQ(i8.value().integer(2), -1);
    auto i4 = npy_from_bytes(make_npy("<i4", "(2,)", payload(std::vector<std::int32_t>{4, 9})));
    ASSERT_TRUE(i4.ok());
    EXPECT_EQ(i4.value().integer(1), 9);
    auto u1 = npy_from_bytes(make_npy("|u1", "(2,)", std::string("\x02\xff", 2)));
    ASSERT_TRUE(u1.ok());
    EXPECT_EQ(u1.value().integer(1), 255);
    EXPECT_TRUE(u1.value().is_integer());
}

TEST(NpyArray, ZeroExtentIsRefusedWithTheShape) {
    auto r = npy_from_bytes(make_npy("<f4", "(0, 50000000)", ""));
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(contains(r.error().message, "(0, 50000000)")) << r.error().message;
    EXPECT_TRUE(contains(r.error().message, "at least 1")) << r.error().message;
}

TEST(NpyArray, OverflowingShapeIsRefused) {
    auto r = npy_from_bytes(make_npy("<f8", "(4294967296, 4294967296, 16)", ""));
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(contains(r.error().message, "shape")) << r.error().message;
    auto digits = npy_from_bytes(make_npy("<f8", "(99999999999999999999999,)", ""));
    ASSERT_FALSE(digits.ok());
}

TEST(NpyArray, ShapeLargerThanTheFileIsRefusedBeforeReading) {
    auto r = npy_from_bytes(make_npy("<f4", "(1000000, 1000)", payload(std::vector<float>{1.f})));
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(contains(r.error().message, "4000000000 bytes")) << r.error().message;
    EXPECT_TRUE(contains(r.error().message, "got 4 bytes")) << r.error().message;
}

TEST(NpyArray, BigEndianAndUnknownDtypesAreNamed) {
    for (const char* d : {">f8", "<f2", "<c16", "O"}) {
        auto r = npy_from_bytes(make_npy(d, "(1,)", std::string(16, '\0')));
        ASSERT_FALSE(r.ok()) << d;
        EXPECT_TRUE(contains(r.error().message, std::string("'") + d + "'")) << r.error().message;
        EXPECT_TRUE(contains(r.error().message, "'<f8'")) << r.error().message;
    }
}

TEST(NpyArray, OversizedHeaderLengthIsRefused) {
    std::string b = "\x93NUMPY";
    b += char(2);
    b += char(0);
    b += std::string("\xff\xff\xff\x7f", 4);
    auto r = npy_from_bytes(b + "{}");
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(contains(r.error().message, "header of at most")) << r.error().message;
}

TEST(NpyArray, LongBadValuesAreShortenedInMessages) {
    auto r = npy_from_bytes(make_npy(std::string(5000, 'x'), "(1,)", ""));
    ASSERT_FALSE(r.ok());
    EXPECT_LT(r.error().message.size(), 400u) << r.error().message;
}

TEST(NpyArray, FolderPipeAndDeviceAreRefusedWithoutBlocking) {
    const fs::path dir = temp_dir() / "a-folder.npy";
    fs::create_directories(dir);
    auto d = open_npy(dir);
    ASSERT_FALSE(d.ok());
    EXPECT_TRUE(contains(d.error().message, "a folder")) << d.error().message;

    const fs::path fifo = temp_dir() / "pipe.npy";
    fs::remove(fifo);
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    auto f = open_npy(fifo);  // must not block waiting for a writer
    ASSERT_FALSE(f.ok());
    EXPECT_TRUE(contains(f.error().message, "regular")) << f.error().message;

    auto z = open_npy("/dev/zero");
    ASSERT_FALSE(z.ok());
    EXPECT_TRUE(contains(z.error().message, "regular")) << z.error().message;
}

TEST(NpyArray, EncodeRoundTripsEveryDtype) {
    const std::vector<std::int32_t> v{3, -2, 1, 0, 5, 6};
    const std::size_t shape[] = {2, 3};
    const std::string bytes = encode_npy_array(NpyDtype::Int32, shape, std::as_bytes(std::span(v)));
    EXPECT_EQ(bytes.size() % 64, v.size() * 4 % 64);
    auto r = npy_from_bytes(bytes);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().shape(), (std::vector<std::size_t>{2, 3}));
    for (std::size_t i = 0; i < v.size(); ++i)
        EXPECT_EQ(r.value().integer(i), v[i]);
}
