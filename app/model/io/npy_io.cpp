#include "model/io/npy_io.hpp"

#include "model/io/file_io.hpp"
#include "model/io/npy_array.hpp"

#include <span>

namespace losslab::model {

namespace {

// Maps a validated array of any rank-2..4 float shape onto N x C x H x W float32.
Result<NpyTensor> to_tensor(const NpyArray& array, const std::string& file) {
    const auto& shape = array.shape();
    if (array.is_integer())
        return make_error(file + " dtype", "'<f4' (float32) or '<f8' (float64)",
                          quote(npy_descr(array.dtype())));
    if (shape.size() < 2 || shape.size() > 4)
        return make_error(file, "an array of rank 2 (N, C), 3 (N, C, L) or 4 (N, C, H, W)",
                          "rank " + std::to_string(shape.size()) + " with shape " +
                              npy_shape_text(shape));
    NpyTensor out;
    out.dtype = std::string(npy_descr(array.dtype()));
    out.shape = shape;
    Shape4 s;
    s.n = shape[0];
    s.c = shape[1];
    if (shape.size() == 2) {
        out.note = "2-D array " + npy_shape_text(shape) + " read as N x C x 1 x 1";
    } else if (shape.size() == 3) {
        s.w = shape[2];
        out.note = "3-D array " + npy_shape_text(shape) + " read as N x C x 1 x L";
    } else {
        s.h = shape[2];
        s.w = shape[3];
        out.note = "4-D array " + npy_shape_text(shape) + " read as N x C x H x W";
    }
    if (auto st = check_tensor_size(s, npy_item_size(array.dtype())); !st) return st.error();
    if (array.dtype() == NpyDtype::Float64) out.note += "; float64 shown as float32 here (`losslab norm-stats` computes in float64)";
    out.tensor = Tensor4(s);
    out.tensor.data = array.to_float();
    return out;
}

} // namespace

Result<NpyTensor> parse_npy(std::string_view bytes, std::string_view name) {
    auto array = npy_from_bytes(std::string(bytes), name);
    if (!array) return array.error();
    return to_tensor(array.value(), std::string(name));
}

Result<NpyTensor> read_npy(const std::filesystem::path& path) {
    auto array = open_npy(path);
    if (!array) return array.error();
    return to_tensor(array.value(), path.string());
}

std::string encode_npy(const Tensor4& x) {
    const std::size_t shape[] = {x.shape.n, x.shape.c, x.shape.h, x.shape.w};
    return encode_npy_array(NpyDtype::Float32, shape,
                            std::as_bytes(std::span<const float>(x.data)));
}

Status write_npy(const std::filesystem::path& path, const Tensor4& x) {
    return write_file_atomic(path, encode_npy(x));
}

} // namespace losslab::model
