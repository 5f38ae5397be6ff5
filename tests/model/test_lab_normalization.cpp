// The Normalization lab's model: its tensor is the core's generated one, the heatmap values
// and sharing blocks are the core's statistics, a loaded .npy replaces the tensor (a bad one
// leaves it), G falls back to a divisor of C, and the figures carry the core's numbers.

#include "model/labs/lab_normalization.hpp"
#include "model/io/npy_io.hpp"
#include "model/params/param_registry.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "model/labs/lab_normalization_figure2.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>

#include <sys/stat.h>
#include <unistd.h>

using namespace losslab;
using namespace losslab::model;
using namespace losslab::plot;
namespace fs = std::filesystem;

namespace {

struct TempFolder {
    fs::path path;
    TempFolder() {
        path = fs::temp_directory_path() / ("losslab-norm-" + std::to_string(::getpid()));
        fs::create_directories(path);
    }
    ~TempFolder() { fs::remove_all(path); }
};

TEST(NormalizationLab, DefaultTensorIsTheCoresGeneratedOne) {
    const NormalizationLabState s;
    NormalizationLab lab;
    lab.update(s);
    EXPECT_EQ(lab.input().shape, (Shape4{8, 32, 16, 16}));
    const auto ref = generate_activations({8, 32, 16, 16}, normalization_generator_params(s), 1);
    ASSERT_TRUE(ref.ok());
    EXPECT_EQ(lab.input().data, ref.value().data);
    EXPECT_NE(lab.source().find("generated 8×32×16×16"), std::string::npos);
}

TEST(NormalizationLab, HeatmapValuesAreTheCoresStatisticsPerPlane) {
    for (int method : {0, 1, 2, 3}) {
        NormalizationLabState s;
        s.method = method;
        NormalizationLab lab;
        lab.update(s);
        const NormMethod m = normalization_base_methods(NormLabMethod(method)).front();
        const NormStats ref = norm_stats(lab.input(), {.method = m, .groups = 8}).value();
        const auto& mean = lab.plane_mean();
        const auto& var = lab.plane_var();
        ASSERT_EQ(mean.size(), 8u * 32u);
        for (std::size_t n = 0; n < 8; ++n)
            for (std::size_t c = 0; c < 32; ++c) {
                EXPECT_EQ(mean[n * 32 + c], float(ref.mean[ref.stat_index(n, c)]));
                EXPECT_EQ(var[n * 32 + c], float(ref.var[ref.stat_index(n, c)]));
            }
    }
}

TEST(NormalizationLab, SharingBlocksFollowWuAndHeFigure2) {
    NormalizationLabState s;
    NormalizationLab lab;
    auto block = [&](int method) {
        s.method = method;
        lab.update(s);
        const auto b = lab.sharing(3, 13);
        EXPECT_EQ(b.size(), 1u);
        return b.front().block;
    };
    EXPECT_EQ(block(0), (StatsSharing{0, 8, 13, 14}));  // BN: every sample, one channel
    EXPECT_EQ(block(1), (StatsSharing{3, 4, 0, 32}));   // LN: one sample, every channel
    EXPECT_EQ(block(2), (StatsSharing{3, 4, 13, 14}));  // IN: one plane
    EXPECT_EQ(block(3), (StatsSharing{3, 4, 12, 16}));  // GN, G = 8: 4 channels
    s.method = int(NormLabMethod::Switchable);
    lab.update(s);
    EXPECT_EQ(lab.sharing(0, 0).size(), 3u);
    EXPECT_NE(lab.sharing_text(3, 13).find("2048 elements"), std::string::npos); // BN: 8*16*16
}

TEST(NormalizationLab, GroupsNotDividingChannelsFallBackToADivisorAndSaySo) {
    NormalizationLabState s;
    s.groups = 5;
    s.method = 3;
    NormalizationLab lab;
    lab.update(s);
    EXPECT_EQ(lab.groups(), 4u);
    EXPECT_NE(lab.message().find("G = 5 does not divide C = 32"), std::string::npos);
    EXPECT_EQ(normalization_effective_groups(12, 7), 6u);
    EXPECT_EQ(normalization_effective_groups(7, 64), 7u);
}

TEST(NormalizationLab, LoadedNpyReplacesTheTensorAndABadOneKeepsIt) {
    TempFolder dir;
    auto x = generate_activations({3, 5, 2, 4}, {}, 42).value();
    ASSERT_TRUE(write_npy(dir.path / "x.npy", x).ok());
    NormalizationLabState s;
    NormalizationLab lab;
    lab.update(s);
    auto note = lab.load(dir.path / "x.npy");
    ASSERT_TRUE(note.ok()) << note.error().message;
    s.input_path = (dir.path / "x.npy").string();
    lab.update(s);
    EXPECT_EQ(lab.input().data, x.data);
    EXPECT_NE(lab.source().find("x.npy"), std::string::npos);

    // A truncated file: refused with the reason, tensor unchanged.
    std::string bytes = encode_npy(x);
    bytes.resize(bytes.size() - 10);
    std::ofstream(dir.path / "t.npy", std::ios::binary) << bytes;
    auto bad = lab.load(dir.path / "t.npy");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("truncated"), std::string::npos) << bad.error().message;
    lab.update(s);
    EXPECT_EQ(lab.input().data, x.data);

    // A state naming a file this lab has not loaded (a session) is read on update.
    NormalizationLab fresh;
    fresh.update(s);
    EXPECT_EQ(fresh.input().data, x.data);
}

// A version 1.0 .npy of float32 with `shape` (numpy's header layout) and `payload` bytes.
std::string npy_with_shape(const std::string& shape, const std::string& payload) {
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
    header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
    header += '\n';
    std::string out = "\x93NUMPY";
    out += char(1);
    out += char(0);
    out += char(header.size() & 0xff);
    out += char(header.size() >> 8);
    return out + header + payload;
}

// The Load field once aborted the app on a folder (ios_failure), ran for 19 s and 2 GB on a zero
// extent, and threw bad_alloc on shapes whose product overflows: each is now refused with a
// message naming the file and the problem, and the tensor shown stays the same.
TEST(NormalizationLab, LoadRefusesFoldersDevicesAndAbsurdShapesAndKeepsTheTensor) {
    TempFolder dir;
    NormalizationLabState s;
    NormalizationLab lab;
    lab.update(s);
    const std::vector<float> before = lab.input().data;
    ASSERT_FALSE(before.empty());

    const fs::path folder = dir.path / "folder.npy";
    fs::create_directories(folder);
    const fs::path fifo = dir.path / "pipe.npy";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    std::ofstream(dir.path / "zero.npy", std::ios::binary)
        << npy_with_shape("(0, 50000000)", "");
    std::ofstream(dir.path / "overflow.npy", std::ios::binary)
        << npy_with_shape("(4294967296, 4294967296, 16)", std::string(16, '\0'));
    std::ofstream(dir.path / "huge.npy", std::ios::binary)
        << npy_with_shape("(100000, 100000, 100, 100)", std::string(16, '\0'));

    const std::vector<std::pair<fs::path, std::string>> cases{
        {folder, "a folder"},
        {fifo, "regular"},
        {"/dev/zero", "regular"},
        {dir.path / "zero.npy", "(0, 50000000)"},
        {dir.path / "overflow.npy", "shape"},
        {dir.path / "huge.npy", "bytes"},
    };
    for (const auto& [path, reason] : cases) {
        Result<std::string> r = Error{"not run"};
        EXPECT_NO_THROW(r = lab.load(path)) << path;
        ASSERT_FALSE(r.ok()) << path;
        EXPECT_NE(r.error().message.find(path.filename().string()), std::string::npos)
            << r.error().message;
        EXPECT_NE(r.error().message.find(reason), std::string::npos) << r.error().message;
        EXPECT_LT(r.error().message.size(), 400u) << r.error().message;
        lab.update(s);
        EXPECT_EQ(lab.input().data, before) << path;
    }
}

TEST(NormalizationLab, BatchNormOutputHasZeroMeanUnitVariancePerChannel) {
    NormalizationLabState s;
    s.eps = 1e-8;
    NormalizationLab lab;
    lab.update(s);
    const NormStats st = batch_norm_stats(lab.output());
    for (std::size_t c = 0; c < st.mean.size(); ++c) {
        EXPECT_NEAR(st.mean[c], 0.0, 1e-5);
        EXPECT_NEAR(st.var[c], 1.0, 1e-4);
    }
}

TEST(NormalizationLab, HistogramDensitiesIntegrateToOneAndFollowTheShift) {
    NormalizationLabState s;
    NormalizationLab lab;
    const Figure f = normalization_histogram_figure(s, lab);
    ASSERT_EQ(f.series.size(), 2u);
    for (const auto& ser : f.series) {
        const double total =
            std::accumulate(ser.y.begin(), ser.y.end(), 0.0) * ser.bar_width;
        EXPECT_NEAR(total, 1.0, 1e-9) << ser.name;
    }
    s.channel_shift = 4.0;
    const Figure g = normalization_histogram_figure(s, lab);
    EXPECT_NE(f.series[0].y, g.series[0].y);
}

TEST(NormalizationLab, BatchSizeFigureShowsBatchNormNoiseAndBatchFreeGroupNorm) {
    NormalizationLabState s;
    NormalizationLab lab;
    const Figure f = normalization_batch_size_figure(s, lab);
    const auto& pts = lab.batch_size_points();
    ASSERT_GE(pts.size(), 5u);
    EXPECT_EQ(pts.front().batch_size, 1u);
    EXPECT_EQ(pts.back().batch_size, 64u); // generated population, N = 8 < 16
    for (const auto& p : pts) {
        EXPECT_EQ(p.gn_mean_std, 0.0);
        EXPECT_EQ(p.ln_mean_std, 0.0);
    }
    EXPECT_GT(pts[2].bn_mean_std, 0.0);
    // The whole population: one possible batch (std 0 up to rounding, exactly 0 in theory).
    EXPECT_NEAR(pts.back().bn_mean_std, 0.0, 1e-12);
    EXPECT_EQ(pts.back().bn_mean_std_theory, 0.0);
    EXPECT_EQ(f.x_axis.scale, AxisScale::Log10);
    // Every batch size shown is a labelled tick, not only 1 and 10.
    EXPECT_EQ(f.x_axis.ticks, (std::vector<double>{1, 2, 4, 8, 16, 32, 64}));
    // The notes say why the spread is zero at both ends.
    std::string notes;
    for (const auto& n : f.notes)
        notes += n + "\n";
    EXPECT_NE(notes.find("Zero at B = 1 (the batch is sample 0 alone)"), std::string::npos)
        << notes;
    EXPECT_NE(notes.find("at B = 64 (every batch is the whole population)"), std::string::npos)
        << notes;
}

TEST(NormalizationLab, RunningMeanMovesTowardTheBatchMeansByMomentum) {
    NormalizationLabState s;
    s.momentum = 1.0; // running mean = last batch mean
    NormalizationLab lab;
    lab.update(s);
    const auto run = lab.running_means();
    const auto batch = lab.batch_means();
    ASSERT_EQ(run.size(), batch.size());
    for (std::size_t i = 0; i < run.size(); ++i) EXPECT_DOUBLE_EQ(run[i], batch[i]);
    s.momentum = 0.1;
    lab.update(s);
    const auto& r2 = lab.running_means();
    EXPECT_DOUBLE_EQ(r2[0], 0.1 * lab.batch_means()[0]);
}

TEST(NormalizationLab, RenormClipsRAndDAtTheirLimits) {
    NormalizationLabState s;
    s.batch = 1;
    s.r_max = 1.2;
    s.d_max = 0.3;
    NormalizationLab lab;
    lab.update(s);
    const auto& st = lab.renorm();
    ASSERT_EQ(st.r.size(), 32u);
    int clipped = 0;
    for (std::size_t c = 0; c < 32; ++c) {
        EXPECT_GE(st.r[c], 1.0 / 1.2 - 1e-12);
        EXPECT_LE(st.r[c], 1.2 + 1e-12);
        EXPECT_LE(std::abs(st.d[c]), 0.3 + 1e-12);
        if (st.d_clipped[c]) {
            EXPECT_DOUBLE_EQ(std::abs(st.d[c]), 0.3);
            ++clipped;
        }
    }
    EXPECT_GT(clipped, 0); // one sample's channel mean differs from the batch's
}

TEST(NormalizationLab, SpectralPowerIterationConvergesToTheExactSigma) {
    NormalizationLabState s;
    s.power_iters = 50;
    NormalizationLab lab;
    lab.update(s);
    const auto& sig = lab.spectral_sigmas();
    ASSERT_EQ(sig.size(), 50u);
    const double exact = lab.spectral_exact();
    EXPECT_EQ(exact, largest_singular_value(lab.weight_v()));
    EXPECT_LT(std::abs(sig.back() - exact), std::abs(sig.front() - exact));
    EXPECT_NEAR(sig.back(), exact, 0.02 * exact);
}

TEST(NormalizationLab, WeightNormRowsHaveNormG) {
    NormalizationLabState s;
    s.weight_g = 1.7;
    NormalizationLab lab;
    const Figure f = normalization_weight_norm_figure(s, lab);
    ASSERT_EQ(f.series.size(), 2u);
    for (double v : f.series[1].y) EXPECT_NEAR(v, 1.7, 1e-12);
    double lo = 1e9, hi = 0;
    for (double v : f.series[0].y) lo = std::min(lo, v), hi = std::max(hi, v);
    EXPECT_GT(hi / lo, 1.5); // the rows of v really differ in length
}

TEST(NormalizationLab, SwitchableWeightsAreTheSoftmaxOfTheLogits) {
    NormalizationLabState s;
    s.sw_bn = std::log(2.0);
    NormalizationLab lab;
    const Figure f = normalization_switchable_figure(s, lab);
    ASSERT_EQ(f.series[0].y.size(), 3u);
    EXPECT_NEAR(f.series[0].y[0], 0.25, 1e-12);
    EXPECT_NEAR(f.series[0].y[2], 0.5, 1e-12);
}

TEST(NormalizationLab, ParametersAreRegisteredAndTheFirstRealOneIsAGeneratorShift) {
    const auto params = lab_params(LabId::Normalization);
    ASSERT_FALSE(params.empty());
    const ParamBinding* first_real = nullptr;
    for (const auto* p : params)
        if (p->spec->kind == ParamKind::Real) {
            first_real = p;
            break;
        }
    ASSERT_NE(first_real, nullptr);
    EXPECT_EQ(first_real->key(), "normalization.channel_shift");
    AppState st = default_app_state();
    ASSERT_TRUE(apply_assignment(st, "normalization.method=gn").ok());
    EXPECT_EQ(st.normalization.method, 3);
    EXPECT_FALSE(apply_assignment(st, "normalization.groups=0").ok());
}

// [SECTION] RMSNorm, the statistics each method's Figure 2 names, and the typed vector

TEST(NormalizationLab, RmsNormOutputIsTheCoresAndItsHeatmapsShowMeanSquareAndDivisor) {
    AppState app = default_app_state();
    ASSERT_TRUE(apply_assignment(app, "normalization.method=rms").ok());
    const NormalizationLabState s = app.normalization;
    EXPECT_EQ(s.method, int(NormLabMethod::Rms));
    NormalizationLab lab;
    lab.update(s);
    const Tensor4& x = lab.input();
    const RmsStats st = rms_norm_stats(x);
    const auto ref = rms_normalize(x, st, {}, s.eps).value();
    EXPECT_EQ(lab.output().data, ref.data);
    // Each sample's rows hold its mean square and sqrt(ms + eps), on every channel.
    const auto& first = lab.plane_mean();
    const auto& second = lab.plane_var();
    const Shape4 sh = x.shape;
    for (std::size_t n = 0; n < sh.n; ++n)
        for (std::size_t c = 0; c < sh.c; ++c) {
            EXPECT_EQ(first[n * sh.c + c], float(st.mean_square[n]));
            EXPECT_EQ(second[n * sh.c + c], float(std::sqrt(st.mean_square[n] + s.eps)));
        }
    const Figure m = normalization_mean_heatmap(s, lab);
    const Figure v = normalization_variance_heatmap(s, lab);
    EXPECT_EQ(m.title, "RMSNorm: mean of x²");
    EXPECT_EQ(v.title, "RMSNorm: √(mean x² + ε)");
    EXPECT_EQ(m.series[0].image.colorbar_label, "mean of x²");
    const Figure h = normalization_histogram_figure(s, lab);
    EXPECT_EQ(h.title, "Activations before and after RMSNorm");
    EXPECT_NE(lab.sharing_text(0, 0).find("RMSNorm: 8192 elements share one mean of x²"),
              std::string::npos)
        << lab.sharing_text(0, 0);
}

TEST(NormalizationLab, ScaleNormFigure2NamesItsNormNotAMeanAndVariance) {
    NormalizationLabState s;
    s.method = int(NormLabMethod::Scale);
    NormalizationLab lab;
    const Figure m = normalization_mean_heatmap(s, lab);
    const Figure v = normalization_variance_heatmap(s, lab);
    EXPECT_EQ(m.title, "ScaleNorm: mean of x²");
    EXPECT_EQ(v.title, "ScaleNorm: ‖x‖₂");
    // ‖x‖₂ of sample 0 from the tensor itself.
    double ss = 0.0;
    const Tensor4& x = lab.input();
    for (std::size_t i = 0; i < x.shape.sample(); ++i)
        ss += double(x.data[i]) * x.data[i];
    EXPECT_NEAR(v.series[0].image.values[0], std::sqrt(ss), 1e-5 * std::sqrt(ss));
    const std::string text = lab.sharing_text(1, 3);
    EXPECT_EQ(text.find("mean and variance"), std::string::npos) << text;
    EXPECT_NE(text.find("No mean is subtracted"), std::string::npos) << text;
}

TEST(NormalizationLab, BatchInstanceHeatmapsHoldTheEffectiveStatisticsOfItsOutput) {
    NormalizationLabState s;
    s.method = int(NormLabMethod::BatchInstance);
    s.rho = 0.3;
    NormalizationLab lab;
    lab.update(s);
    const Figure m = normalization_mean_heatmap(s, lab);
    const Figure v = normalization_variance_heatmap(s, lab);
    EXPECT_EQ(m.title, "Batch-Instance Norm: effective mean m");
    EXPECT_EQ(v.title, "Batch-Instance Norm: effective variance v");
    // y = (x - m) / sqrt(v + eps) on every plane reproduces the core's output.
    const Tensor4& x = lab.input();
    const Tensor4& y = lab.output();
    const auto& mean = lab.plane_mean();
    const auto& var = lab.plane_var();
    const Shape4 sh = x.shape;
    double worst = 0.0;
    for (std::size_t n = 0; n < sh.n; ++n)
        for (std::size_t c = 0; c < sh.c; ++c) {
            const double mm = mean[n * sh.c + c], vv = var[n * sh.c + c];
            for (std::size_t k = 0; k < sh.plane(); ++k) {
                const std::size_t i = (n * sh.c + c) * sh.plane() + k;
                worst = std::max(
                    worst, std::abs((x.data[i] - mm) / std::sqrt(vv + s.eps) - double(y.data[i])));
            }
        }
    EXPECT_LT(worst, 2e-4); // the heatmaps hold float statistics
    const std::string text = lab.sharing_text(0, 0);
    EXPECT_NE(text.find("BatchNorm:"), std::string::npos) << text;
    EXPECT_NE(text.find("InstanceNorm:"), std::string::npos) << text;
    EXPECT_NE(text.find("ρ = 0.3"), std::string::npos) << text;
}

TEST(NormalizationLab, TypedVectorParsesOrSaysWhatIsWrong) {
    const auto ok = parse_norm_vector(" 1, 2 3;10 ");
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok.value(), (std::vector<double>{1, 2, 3, 10}));
    const auto word = parse_norm_vector("1, 2, abc");
    ASSERT_FALSE(word.ok());
    EXPECT_EQ(word.error().message.find("normalization vector item 3 requires a number"), 0u)
        << word.error().message;
    EXPECT_NE(word.error().message.find("\"abc\""), std::string::npos);
    EXPECT_FALSE(parse_norm_vector("").ok());
    EXPECT_FALSE(parse_norm_vector("1,2,3,4,5,6,7,8,9").ok());
    EXPECT_FALSE(parse_norm_vector("1, nan").ok());
    EXPECT_FALSE(parse_norm_vector("1, 2e7").ok());
    NormalizationLabState s;
    set_norm_vector(s, {0.5, -2});
    EXPECT_EQ(s.vec_len, 2);
    EXPECT_EQ(norm_vector_text(s), "0.5, -2");
    // Through the registry, as a session or lesson sets it.
    AppState app = default_app_state();
    EXPECT_EQ(norm_vector_text(app.normalization), "1, 2, 3, 10");
    ASSERT_TRUE(apply_assignment(app, "normalization.vec_len=3").ok());
    ASSERT_TRUE(apply_assignment(app, "normalization.vec_3=-4.5").ok());
    EXPECT_EQ(norm_vector_text(app.normalization), "1, 2, -4.5");
    EXPECT_FALSE(apply_assignment(app, "normalization.vec_len=9").ok());
}

TEST(NormalizationLab, TypedVectorFigureShowsLayerNormAndRmsNormWithTheirStatistics) {
    NormalizationLabState s; // 1, 2, 3, 10; eps 1e-5
    const auto r = norm_vector_summary(s);
    EXPECT_DOUBLE_EQ(r.mean, 4.0);
    EXPECT_DOUBLE_EQ(r.var, 12.5);
    EXPECT_DOUBLE_EQ(r.mean_square, 28.5);
    const double sd = std::sqrt(12.5 + 1e-5), rms = std::sqrt(28.5 + 1e-5);
    const std::vector<double> x{1, 2, 3, 10};
    ASSERT_EQ(r.ln.size(), 4u);
    ASSERT_EQ(r.rms.size(), 4u);
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_NEAR(r.ln[i], (x[i] - 4.0) / sd, 1e-15);
        EXPECT_NEAR(r.rms[i], x[i] / rms, 1e-15);
    }
    EXPECT_NEAR(r.ln_mean, 0.0, 1e-15);
    EXPECT_NEAR(r.ln_var, 12.5 / (12.5 + 1e-5), 1e-14);
    EXPECT_NEAR(r.rms_mean, 4.0 / rms, 1e-15);
    EXPECT_NEAR(r.rms_mean_square, 28.5 / (28.5 + 1e-5), 1e-14);
    const Figure f = normalization_own_vector_figure(s);
    EXPECT_EQ(f.name, "normalization-own-vector");
    ASSERT_EQ(f.series.size(), 2u);
    EXPECT_EQ(f.series[0].y, r.ln);
    EXPECT_EQ(f.series[1].y, r.rms);
    EXPECT_EQ(f.x_axis.categories, (std::vector<std::string>{"x = 1", "x = 2", "x = 3", "x = 10"}));
    ASSERT_GE(f.notes.size(), 2u);
    EXPECT_NE(f.notes[0].find("mean = 4, variance = 12.5 → output mean 0, variance 1"),
              std::string::npos)
        << f.notes[0];
    EXPECT_NE(f.notes[1].find("mean of x² = 28.5 → output mean square 1, mean 0.7493"),
              std::string::npos)
        << f.notes[1];
    // A shift leaves LayerNorm's output alone and moves RMSNorm's.
    NormalizationLabState shifted = s;
    for (int i = 0; i < 4; ++i)
        shifted.vec[std::size_t(i)] += 100.0;
    const auto r2 = norm_vector_summary(shifted);
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_NEAR(r2.ln[i], r.ln[i], 1e-9);
        EXPECT_GT(std::abs(r2.rms[i] - r.rms[i]), 0.1);
    }
    AppState app = default_app_state();
    const FigureInfo* info = find_figure("normalization-own-vector");
    ASSERT_NE(info, nullptr);
    ASSERT_TRUE(apply_assignment(app, "normalization.vec_len=2").ok());
    EXPECT_EQ(info->build(app).series[0].y.size(), 2u);
}

} // namespace
