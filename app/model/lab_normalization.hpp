#pragma once
// The "Normalization" lab: its numbers (all from the core's normalization.hpp) and figures.
//
// The input is a generated activation tensor (generate_activations, seeded) or a real one
// loaded from a NumPy .npy file. NormalizationLab holds it and recomputes, lazily and only
// when their inputs changed, the plane moments, the selected method's statistics, its output,
// and the data of each tab, so sliders that touch one stage do not redo the others.
//
// [SECTION] Inputs        shape and generator parameters from the state, method mapping
// [SECTION] Cache         NormalizationLab
// [SECTION] Figures       pure builders from the state and a NormalizationLab

#include "losslab/normalization.hpp"
#include "plot/figure.hpp"
#include "model/state_normalization.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace losslab::model {

// ---------------------------------------------------------------- [SECTION] Inputs

// The generator parameters the lab's sliders describe (base N(0, 1); channel and sample shift
// and log-scale stds; no outliers). normalization_generator_params({}) is the lab's default,
// which `losslab norm-stats --generate` uses too.
GeneratorParams normalization_generator_params(const NormalizationLabState& s);

// N x C x H x W of the generated tensor.
Shape4 normalization_shape(const NormalizationLabState& s);

// The lab's method as an enum.
NormLabMethod normalization_method(const NormalizationLabState& s);

// Display name of a lab method: "BatchNorm", ..., "Batch Renorm", "Switchable Norm",
// "Batch-Instance Norm", "ScaleNorm".
std::string normalization_method_name(NormLabMethod m);

// The statistics a lab method's picture shows: BN for Batch Renorm and Batch-Instance Norm
// (its BN part), LN for ScaleNorm (same axes, no mean subtracted), and each of IN, LN, BN for
// Switchable Norm (the first is the one its heatmaps replace by the mixed statistics).
std::vector<NormMethod> normalization_base_methods(NormLabMethod m);

// The largest divisor of c that is <= g (at least 1): the G the lab uses when the slider's G
// does not divide C (the core refuses that; the panel says so).
std::size_t normalization_effective_groups(std::size_t c, std::size_t g);

// ---------------------------------------------------------------- [SECTION] Cache

// One block of elements sharing a statistic, with the method it belongs to.
struct NormSharingBlock {
    NormMethod method = NormMethod::Batch; // default BatchNorm
    StatsSharing block;                    // (n range, c range), all H x W
};

// The Batch Renorm step the cousins tab shows: the first B samples as the mini-batch, the
// whole tensor's per-channel mean and sqrt(var + eps) as the moving statistics.
struct NormRenormStep {
    std::vector<double> r, d;             // per channel
    std::vector<bool> r_clipped, d_clipped; // per channel
    Tensor4 batch;                        // the mini-batch
    Tensor4 y;                            // its output
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
    // Per-(n, c) mean and variance of the selected method (N rows x C columns, row-major):
    // the statistic that normalises plane (n, c); Switchable Norm's mixed statistics.
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
    // generated samples of the same C, H, W and generator.
    const Tensor4& population();
    // batch_size_effect on population() for channel 0, sample 0 and the lab's G.
    const std::vector<BatchSizeEffectPoint>& batch_size_points();
    // Running mean of channel 0 after each of 60 training steps (F.batch_norm, the lab's
    // momentum, batches of B consecutive samples of population()), and each step's batch mean.
    const std::vector<double>& running_means();
    const std::vector<double>& batch_means();

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
    struct TensorKey {
        Shape4 shape;
        GeneratorParams gen;
        int seed = 0;
        std::string path;
        bool operator==(const TensorKey& o) const;
    };
    NormalizationLabState m_state;
    std::optional<TensorKey> m_tensor_key;
    Tensor4 m_x;
    Tensor4 m_loaded; // the last successfully loaded file's tensor
    std::string m_loaded_path, m_loaded_note;
    std::string m_source, m_message, m_path_error;
    std::size_t m_groups = 1;
    long m_version = 0; // bumps whenever m_x changes

    std::vector<Moments> m_planes;
    std::optional<NormStats> m_stats[4];

    struct Stamp {
        long version = -1;
        NormalizationLabState state;
        bool valid = false;
    };
    bool stale(Stamp& stamp, bool (*same)(const NormalizationLabState&,
                                            const NormalizationLabState&));

    Stamp m_heat_stamp, m_out_stamp, m_pop_stamp, m_bse_stamp, m_run_stamp, m_renorm_stamp,
        m_spec_stamp, m_wn_stamp;
    std::vector<float> m_plane_mean, m_plane_var;
    Tensor4 m_y;
    Tensor4 m_population;
    std::vector<BatchSizeEffectPoint> m_bse;
    std::vector<double> m_running, m_batch_means;
    NormRenormStep m_renorm;
    std::vector<double> m_sigmas;
    double m_sigma_exact = 0.0;
    Matrix m_v, m_w;
};

// ---------------------------------------------------------------- [SECTION] Figures
// Each builder reads the lab's numbers from `lab` (updated for `s` first).

// Histograms (densities) of the activations before and after the selected normalization.
plot::Figure normalization_histogram_figure(const NormalizationLabState& s, NormalizationLab& lab);
// The spread of BatchNorm's batch mean of one sample's channel across random batches against
// the batch size, with the exact formula, beside GroupNorm's and LayerNorm's (zero).
plot::Figure normalization_batch_size_figure(const NormalizationLabState& s, NormalizationLab& lab);
// BatchNorm's running mean over training steps for the lab's momentum and batch size.
plot::Figure normalization_running_figure(const NormalizationLabState& s, NormalizationLab& lab);
// Batch Renorm's r and d per channel with their clip limits; clipped values marked.
plot::Figure normalization_renorm_figure(const NormalizationLabState& s, NormalizationLab& lab);
// Spectral Norm's power-iteration estimate of sigma against the iteration, and the exact sigma.
plot::Figure normalization_spectral_figure(const NormalizationLabState& s, NormalizationLab& lab);
// Weight Norm: the row norms of v and of w = g v / ||v|| (all |g|).
plot::Figure normalization_weight_norm_figure(const NormalizationLabState& s, NormalizationLab& lab);
// Switchable Norm's importance weights of IN, LN and BN.
plot::Figure normalization_switchable_figure(const NormalizationLabState& s, NormalizationLab& lab);

} // namespace losslab::model
