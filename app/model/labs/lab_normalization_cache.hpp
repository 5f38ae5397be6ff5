#pragma once
// The normalization lab's computations, cached by the inputs of each stage: the input tensor
// (generated from standard-normal draws kept across spread changes, or loaded from .npy), the
// plane moments and statistics, the selected method's output, and the data of each tab.
// Each stage has a typed key (the inputs it reads, compared with a defaulted operator==) and
// recomputes only when that key changes. The figures (lab_normalization.hpp) read from here.

#include "losslab/normalization.hpp"
#include "losslab/tensor4.hpp"
#include "model/labs/state_normalization.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace losslab::model {

// A stage's last key: stale(k) says whether the stage must recompute for k (and records k).
template <class Key> class StageKey {
public:
    // True (and remembers `key`) when `key` differs from the last one or there was none.
    bool stale(const Key& key) {
        if (m_key && *m_key == key) return false;
        m_key = key;
        return true;
    }
    // Forgets the key: the next stale() is true.
    void reset() { m_key.reset(); }

private:
    std::optional<Key> m_key;
};

// The generator's spreads the lab's sliders set (the rest of GeneratorParams is fixed).
struct SpreadKey {
    double channel_shift = 0.0, channel_scale = 0.0, sample_shift = 0.0, sample_scale = 0.0;
    bool operator==(const SpreadKey&) const = default;
};

// The finite minimum and maximum of `a` and `b` together (NaN and +-inf skipped); when there
// is no finite value or a single one, a unit range around it ([-1, 1] for none).
std::pair<double, double> finite_range(const std::vector<float>& a, const std::vector<float>& b);

// Counts of the finite values of `data` in `bins` equal bins over [lo, hi] (values outside
// go to the first or last bin), in one pass: the bin indices are computed a block at a time,
// four lanes at a time in float with the values near a bin edge redone in double, then
// counted a pair of values at a time (up to 128 bins). Same bins as
// clamp(int((double(v) - lo) / width), 0, bins - 1) with width = (hi - lo) / bins.
std::vector<double> histogram_counts(const std::vector<float>& data, double lo, double hi,
                                     int bins);

// The standard-normal draws of generate_activations for one shape and seed, kept so that a
// spread change rebuilds the tensor with one affine pass per (n, c) plane instead of drawing
// again. The result equals generate_activations(shape, params, seed) bit for bit.
class GeneratorDraws {
public:
    // Draws the normals for `shape` and `seed` unless they are already held. Errors: the
    // tensor too large (check_tensor_size).
    Status draw(const Shape4& shape, std::uint64_t seed);
    // Writes the tensor for `params` into `out` (resized to the drawn shape). Requires
    // draw() to have succeeded and params.outlier_fraction == 0 (outliers interleave extra
    // uniforms in the stream: use generate_activations for those).
    // With `planes`: also the moments of every plane (array_moments, indexed n C + c, the same
    // numbers as plane_moments(out)), taken while each plane is still in cache.
    // `only_cross`: only the planes of channel 0 and of sample 0 are written (and get
    // moments); the others keep what `out` held and get empty moments (count 0).
    void build(const GeneratorParams& params, Tensor4& out,
               std::vector<Moments>* planes = nullptr, bool only_cross = false) const;

private:
    struct Key {
        Shape4 shape;
        std::uint64_t seed = 0;
        bool operator==(const Key&) const = default;
    };
    std::optional<Key> m_key;
    std::vector<double> m_channel, m_sample; // (shift, log-scale) normal pairs
    std::vector<double> m_elements;          // one normal per element, NCHW
};

// One block of elements sharing a statistic, with the method it belongs to.
struct NormSharingBlock {
    NormMethod method = NormMethod::Batch; // default BatchNorm
    StatsSharing block;                    // (n range, c range), all H x W
};

// The Batch Renorm step the cousins tab shows: the first B samples as the mini-batch, the
// whole tensor's per-channel mean and sqrt(var + eps) as the moving statistics.
struct NormRenormStep {
    std::vector<double> r, d;               // per channel
    std::vector<bool> r_clipped, d_clipped; // per channel
    Tensor4 batch;                          // the mini-batch
    Tensor4 y;                              // its output
};

// The lab's computations for the current state, cached by their inputs.
class NormalizationLab {
public:
    // Reads activations from a .npy file. On success the file replaces the tensor (returns the
    // mapping note, e.g. "3-D array (4, 8, 100) read as N x C x 1 x L") and the caller sets
    // state.input_path; on error nothing changes and the error names the problem.
    Result<std::string> load(const std::filesystem::path& path);

    // Brings the input tensor and the selected statistics up to date with `s`. Cheap when
    // nothing relevant changed. A state whose input_path was not loaded here (a session,
    // --set) is read now; if that fails the previous tensor stays and message() says why.
    void update(const NormalizationLabState& s);

    // The input activations.
    const Tensor4& input() const { return m_x; }
    // "generated 8×32×16×16, seed 1" or "file.npy: 4-D array (...) read as N x C x H x W".
    const std::string& source() const { return m_source; }
    // A problem to show (file not readable, G not dividing C); empty when none.
    const std::string& message() const { return m_message; }
    // G used by GroupNorm (the slider's G, or its largest divisor of C).
    std::size_t groups() const { return m_groups; }

    // Statistics of `m` on the input (cached per method).
    const NormStats& stats(NormMethod m);
    // The two per-(n, c) statistics of the selected method (N rows x C columns, row-major),
    // named by normalization_plane_stat_names: the mean and variance that normalise plane
    // (n, c); Switchable Norm's mixed ones; Batch-Instance Norm's effective m and v with
    // y = (x - m) / sqrt(v + eps); for ScaleNorm and RMSNorm the sample's mean(x^2) and the
    // divisor (||x||_2, sqrt(mean(x^2) + eps)).
    const std::vector<float>& plane_mean();
    const std::vector<float>& plane_var();
    // The elements sharing (n, c)'s statistics under each base method of the selection.
    std::vector<NormSharingBlock> sharing(std::size_t n, std::size_t c) const;
    // The block sharing (n, c)'s statistics under `m` (GroupNorm with groups()); an empty
    // block when (n, c) is outside the tensor.
    StatsSharing sharing_of(NormMethod m, std::size_t n, std::size_t c) const;
    // "(n, c) = (3, 5): 2048 elements share one mean and variance (samples 0–7 × channel 5 ×
    // 16×16 positions); mean 1.2345, var 0.9876".
    std::string sharing_text(std::size_t n, std::size_t c);

    // The selected method's input (the mini-batch for Batch Renorm) and output.
    const Tensor4& before();
    const Tensor4& output();

    // The population of the batch-size tab: the input when it has >= 16 samples, else 64
    // generated samples of the same C, H, W and generator. A generated one holds only what
    // the tab reads: channel 0 of every sample and every channel of sample 0 (the batch-size
    // effect's BatchNorm channel and GroupNorm/LayerNorm target, the running mean's channel);
    // its other planes are not generated (zero, empty moments), so that a spread slider
    // rebuilds 95 planes instead of 2048 at the default shape.
    const Tensor4& population();
    // batch_size_effect on population() for channel 0, sample 0 and the lab's G.
    const std::vector<BatchSizeEffectPoint>& batch_size_points();
    // Running mean of channel 0 after each of 60 training steps (F.batch_norm, the lab's
    // momentum, batches of B consecutive samples of population()), and each step's batch mean.
    const std::vector<double>& running_means();
    const std::vector<double>& batch_means();
    // BatchNorm statistics of population() (from its plane moments, kept per population);
    // of a generated population only channel 0's are meaningful (see population()).
    const NormStats& population_batch_stats();

    // The Batch Renorm step (see NormRenormStep).
    const NormRenormStep& renorm();
    // Switchable Norm's weights for the lab's logits.
    SwitchableWeights switchable() const;
    // Spectral Norm: sigma after 1..power_iters iterations, and the exact largest singular value.
    const std::vector<double>& spectral_sigmas();
    double spectral_exact();
    // Weight Norm: the weight matrix v (C rows x 2C columns, seeded normals with row scales
    // from the channel scale), and w = weight_norm(v, g).
    const Matrix& weight_v();
    const Matrix& weight_w();

private:
    // What each stage's result depends on; a stage recomputes when its key changes.
    // `version` counts changes of the input tensor.
    struct TensorKey {
        Shape4 shape;
        SpreadKey spread;
        int seed = 0;
        std::string path;
        bool operator==(const TensorKey&) const = default;
    };
    struct HeatKey {
        long version;
        int method, groups;
        double sw_in, sw_ln, sw_bn, eps, rho;
        bool operator==(const HeatKey&) const = default;
    };
    struct OutputKey {
        long version;
        int method, groups;
        double eps, sw_in, sw_ln, sw_bn, rho, r_max, d_max;
        int batch;
        bool operator==(const OutputKey&) const = default;
    };
    struct PopulationKey {
        long version;
        bool operator==(const PopulationKey&) const = default;
    };
    struct BatchSizeKey {
        long version;
        std::size_t groups;
        int seed;
        bool operator==(const BatchSizeKey&) const = default;
    };
    struct RunningKey {
        long version;
        double momentum;
        int batch;
        double eps;
        bool operator==(const RunningKey&) const = default;
    };
    struct RenormKey {
        long version;
        double r_max, d_max;
        int batch;
        double eps;
        bool operator==(const RenormKey&) const = default;
    };
    struct WeightKey {
        int c, seed;
        double channel_scale, weight_g;
        bool operator==(const WeightKey&) const = default;
    };
    struct SpectralKey {
        WeightKey weight;
        int power_iters;
        bool operator==(const SpectralKey&) const = default;
    };

    NormalizationLabState m_state;
    StageKey<TensorKey> m_tensor_key;
    GeneratorDraws m_draws;     // standard normals behind the generated tensor
    GeneratorDraws m_pop_draws; // ... and behind the generated batch-size population
    Tensor4 m_x;
    Tensor4 m_loaded; // the last successfully loaded file's tensor
    std::string m_loaded_path, m_loaded_note;
    std::string m_source, m_message, m_path_error;
    std::size_t m_groups = 1;
    long m_version = 0; // bumps whenever m_x changes

    std::vector<Moments> m_planes;
    std::optional<NormStats> m_stats[4];

    StageKey<HeatKey> m_heat_key;
    StageKey<OutputKey> m_out_key;
    StageKey<PopulationKey> m_pop_key;
    StageKey<BatchSizeKey> m_bse_key;
    StageKey<RunningKey> m_run_key;
    StageKey<RenormKey> m_renorm_key;
    StageKey<WeightKey> m_wn_key;
    StageKey<SpectralKey> m_spec_key;
    std::vector<float> m_plane_mean, m_plane_var;
    Tensor4 m_y;
    Tensor4 m_population; // generated when the input has fewer than 16 samples (see population())
    bool m_population_is_input = true;
    std::vector<Moments> m_population_planes; // plane moments of m_population when generated
    std::optional<NormStats> m_population_stats;
    std::vector<BatchSizeEffectPoint> m_bse;
    std::vector<double> m_running, m_batch_means;
    NormRenormStep m_renorm;
    std::vector<double> m_sigmas;
    double m_sigma_exact = 0.0;
    Matrix m_v, m_w;
};

} // namespace losslab::model
