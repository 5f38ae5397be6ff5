// [SECTION] Helpers (PRNG, messages, validation)
// [SECTION] Reliability bins and ECE
// [SECTION] Top-label predictions
// [SECTION] Temperature scaling
// [SECTION] Synthetic classifier
// [SECTION] Simulated training run
#include "losslab/calibration.hpp"
#include "losslab/number_text.hpp"

#include "losslab/activations.hpp"
#include "losslab/reduction.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

namespace losslab {
namespace {

//-----------------------------------------------------------------------------------------
// [SECTION] Helpers (PRNG, messages, validation)
//-----------------------------------------------------------------------------------------

constexpr auto num = shortest_number_text; // error-message numbers

// xoshiro256** 1.0 seeded by splitmix64, both from Blackman and Vigna's public-domain
// reference definitions (prng.di.unimi.it). Integer output is portable bit for bit.
class Rng {
public:
    explicit Rng(std::uint64_t seed) {
        std::uint64_t x = seed;
        for (auto& s : m_s) s = splitmix64(x);
    }
    std::uint64_t next() {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    // Uniform on [0, 1) with 53 random bits.
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }
    // Standard normal by Box-Muller; the second value of each pair is kept for the next call.
    double normal() {
        if (m_has_spare) {
            m_has_spare = false;
            return m_spare;
        }
        const double u1 = 1.0 - uniform(); // (0, 1]: log stays finite
        const double u2 = uniform();
        const double r = std::sqrt(-2.0 * std::log(u1));
        const double a = 2.0 * std::numbers::pi * u2;
        m_spare = r * std::sin(a);
        m_has_spare = true;
        return r * std::cos(a);
    }
    // Uniform integer in [0, n) (1 <= n < 2^53) from 53 bits; the bias is below n / 2^53.
    std::size_t below(std::size_t n) {
        return std::min(std::size_t(uniform() * double(n)), n - 1);
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static std::uint64_t splitmix64(std::uint64_t& x) {
        std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::uint64_t m_s[4];
    double m_spare = 0.0;
    bool m_has_spare = false;
};

Status check_predictions(std::span<const double> confidence, std::span<const int> correct,
                         int num_bins) {
    if (confidence.empty())
        return make_error("calibration confidence", "at least one example", "0 examples");
    if (correct.size() != confidence.size())
        return make_error("calibration correct flags",
                          std::to_string(confidence.size()) + " entries (one per confidence)",
                          std::to_string(correct.size()));
    if (num_bins < 1) return make_error("calibration num_bins", ">= 1", std::to_string(num_bins));
    for (double c : confidence)
        if (!(c >= 0.0 && c <= 1.0)) return make_error("calibration confidence", "values in [0, 1]", num(c));
    return Ok{};
}

Status check_logits(const char* what, std::span<const double> logits, std::size_t k,
                    std::span<const int> labels) {
    const std::string w(what);
    if (k < 1) return make_error(w + " num_classes", ">= 1", "0");
    if (labels.empty()) return make_error(w + " labels", "at least one example", "0 examples");
    if (logits.size() != labels.size() * k)
        return make_error(w + " logits",
                          std::to_string(labels.size() * k) + " values (N x K = " +
                              std::to_string(labels.size()) + " x " + std::to_string(k) + ")",
                          std::to_string(logits.size()));
    for (int y : labels)
        if (y < 0 || std::size_t(y) >= k)
            return make_error(w + " labels", "class indices in [0, " + std::to_string(k) + ")",
                              std::to_string(y));
    for (double z : logits)
        if (!std::isfinite(z)) return make_error(w + " logits", "finite values", num(z));
    return Ok{};
}

Status check_temperature(const char* what, double t) {
    if (!(t > 0.0 && std::isfinite(t)))
        return make_error(std::string(what) + " temperature", "a finite value > 0", num(t));
    return Ok{};
}

// Softmax statistics of b * z for one row: NLL of label y, E_p[z] - z_y and Var_p[z].
struct RowStats {
    double nll;
    double mean_minus_label;
    double variance;
};

RowStats row_stats(std::span<const double> z, int y, double b) {
    const double m = *std::max_element(z.begin(), z.end());
    double s = 0.0, first = 0.0;
    for (double v : z) {
        const double w = std::exp(b * (v - m));
        s += w;
        first += w * (v - z[size_t(y)]);
    }
    const double mean_minus_label = first / s;
    const double mean = z[size_t(y)] + mean_minus_label;
    double second = 0.0;
    for (double v : z) {
        const double d = v - mean;
        second += std::exp(b * (v - m)) * d * d;
    }
    // b (m - z_y) >= 0 and log(s) >= 0: the NLL is a sum of two non-negative terms.
    return {b * (m - z[size_t(y)]) + std::log(s), mean_minus_label, second / s};
}

// Mean over rows of (E_p[z] - z_y) and Var_p[z] at b = 1/T: d NLL/db and d2 NLL/db2.
struct Derivs {
    double g;
    double h;
};

Derivs nll_derivs_in_b(std::span<const double> logits, std::size_t k,
                       std::span<const int> labels, double b) {
    std::vector<double> g(labels.size()), h(labels.size());
    for (size_t i = 0; i < labels.size(); ++i) {
        const auto r = row_stats(logits.subspan(i * k, k), labels[i], b);
        g[i] = r.mean_minus_label;
        h[i] = r.variance;
    }
    const double n = double(labels.size());
    return {pairwise_sum(g) / n, pairwise_sum(h) / n};
}

double mean_nll_in_b(std::span<const double> logits, std::size_t k, std::span<const int> labels,
                     double b) {
    std::vector<double> l(labels.size());
    for (size_t i = 0; i < labels.size(); ++i)
        l[i] = row_stats(logits.subspan(i * k, k), labels[i], b).nll;
    return pairwise_sum(l) / double(labels.size());
}

size_t argmax(std::span<const double> z) {
    return size_t(std::max_element(z.begin(), z.end()) - z.begin()); // first on ties
}

} // namespace

//-----------------------------------------------------------------------------------------
// [SECTION] Reliability bins and ECE
//-----------------------------------------------------------------------------------------

Result<std::vector<ReliabilityBin>> reliability_bins(std::span<const double> confidence,
                                                     std::span<const int> correct,
                                                     int num_bins) {
    if (auto s = check_predictions(confidence, correct, num_bins); !s) return s.error();
    const std::size_t m = std::size_t(num_bins);
    const double md = double(num_bins);
    std::vector<ReliabilityBin> bins(m);
    std::vector<std::vector<double>> conf(m);
    std::vector<std::size_t> hits(m, 0);
    for (std::size_t b = 0; b < m; ++b) {
        bins[b].lower = double(b) / md;
        bins[b].upper = double(b + 1) / md;
    }
    for (std::size_t i = 0; i < confidence.size(); ++i) {
        const double c = confidence[i];
        // First guess from ceil(c M) - 1, then nudged so the edge tests below hold exactly.
        std::size_t b = c > 0.0 ? std::size_t(std::min(std::ceil(c * md), md)) - 1 : 0;
        while (b > 0 && c <= bins[b].lower) --b;
        while (b + 1 < m && c > bins[b].upper) ++b;
        conf[b].push_back(c);
        hits[b] += correct[i] != 0 ? 1 : 0;
    }
    for (std::size_t b = 0; b < m; ++b) {
        bins[b].count = conf[b].size();
        if (bins[b].count == 0) continue;
        bins[b].mean_confidence = pairwise_sum(conf[b]) / double(bins[b].count);
        bins[b].accuracy = double(hits[b]) / double(bins[b].count);
    }
    return bins;
}

double expected_calibration_error_of_bins(std::span<const ReliabilityBin> bins) {
    std::size_t n = 0;
    for (const auto& b : bins) n += b.count;
    if (n == 0) return 0.0;
    double ece = 0.0;
    for (const auto& b : bins)
        if (b.count > 0)
            ece += double(b.count) / double(n) * std::fabs(b.accuracy - b.mean_confidence);
    return ece;
}

Result<double> expected_calibration_error(std::span<const double> confidence,
                                          std::span<const int> correct, int num_bins) {
    auto bins = reliability_bins(confidence, correct, num_bins);
    if (!bins) return bins.error();
    return expected_calibration_error_of_bins(bins.value());
}

//-----------------------------------------------------------------------------------------
// [SECTION] Top-label predictions
//-----------------------------------------------------------------------------------------

Result<TopLabelPredictions> top_label_predictions(std::span<const double> logits,
                                                  std::size_t num_classes,
                                                  std::span<const int> labels,
                                                  double temperature) {
    if (auto s = check_logits("top_label_predictions", logits, num_classes, labels); !s)
        return s.error();
    if (auto s = check_temperature("top_label_predictions", temperature); !s) return s.error();
    // The same arithmetic as the one-pass slider path, so both give the same numbers.
    auto prepared = prepare_logits(logits, num_classes, labels);
    if (!prepared) return prepared.error();
    auto scores = scores_at_temperature(prepared.value(), temperature);
    if (!scores) return scores.error();
    return std::move(scores.value().predictions);
}

Result<double> accuracy(std::span<const double> logits, std::size_t num_classes,
                        std::span<const int> labels) {
    if (auto s = check_logits("accuracy", logits, num_classes, labels); !s) return s.error();
    std::size_t hits = 0;
    for (std::size_t i = 0; i < labels.size(); ++i)
        hits += int(argmax(logits.subspan(i * num_classes, num_classes))) == labels[i];
    return double(hits) / double(labels.size());
}

//-----------------------------------------------------------------------------------------
// [SECTION] Temperature scaling
//-----------------------------------------------------------------------------------------

Result<double> temperature_scaled_nll(std::span<const double> logits, std::size_t num_classes,
                                      std::span<const int> labels, double temperature) {
    if (auto s = check_logits("temperature_scaled_nll", logits, num_classes, labels); !s)
        return s.error();
    if (auto s = check_temperature("temperature_scaled_nll", temperature); !s) return s.error();
    return mean_nll_in_b(logits, num_classes, labels, 1.0 / temperature);
}

Result<double> temperature_scaled_nll_grad(std::span<const double> logits,
                                           std::size_t num_classes,
                                           std::span<const int> labels, double temperature) {
    if (auto s = check_logits("temperature_scaled_nll_grad", logits, num_classes, labels); !s)
        return s.error();
    if (auto s = check_temperature("temperature_scaled_nll_grad", temperature); !s)
        return s.error();
    // dNLL/dT = dNLL/db * db/dT with b = 1/T, db/dT = -1/T^2.
    const double g = nll_derivs_in_b(logits, num_classes, labels, 1.0 / temperature).g;
    return -g / (temperature * temperature);
}

Result<PreparedLogits> prepare_logits(std::span<const double> logits, std::size_t num_classes,
                                      std::span<const int> labels) {
    if (auto s = check_logits("prepare_logits", logits, num_classes, labels); !s)
        return s.error();
    const std::size_t n = labels.size(), k = num_classes;
    PreparedLogits p;
    p.num_classes = k;
    p.shifted.resize(n * k);
    p.label_margin.resize(n);
    p.predicted.resize(n);
    p.correct.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto z = logits.subspan(i * k, k);
        const std::size_t a = argmax(z);
        const double m = z[a];
        double* d = p.shifted.data() + i * k;
        for (std::size_t j = 0; j < k; ++j) d[j] = z[j] - m;
        p.label_margin[i] = m - z[std::size_t(labels[i])];
        p.predicted[i] = int(a);
        p.correct[i] = int(a) == labels[i] ? 1 : 0;
    }
    return p;
}

Result<TemperatureScores> scores_at_temperature(const PreparedLogits& prepared,
                                                double temperature) {
    if (auto s = check_temperature("scores_at_temperature", temperature); !s) return s.error();
    const std::size_t n = prepared.label_margin.size(), k = prepared.num_classes;
    const double b = 1.0 / temperature;
    TemperatureScores out;
    out.temperature = temperature;
    out.predictions.predicted = prepared.predicted;
    out.predictions.correct = prepared.correct;
    out.predictions.confidence.resize(n);
    std::vector<double> nll(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double* d = prepared.shifted.data() + i * k;
        double s = 0.0;
        for (std::size_t j = 0; j < k; ++j) s += std::exp(b * d[j]);
        // s >= 1 (the arg max contributes exp(0)): confidence in [1/K, 1], log s >= 0.
        out.predictions.confidence[i] = 1.0 / s;
        nll[i] = b * prepared.label_margin[i] + std::log(s);
    }
    out.nll = n > 0 ? pairwise_sum(nll) / double(n) : 0.0;
    return out;
}

Result<TemperatureFit> fit_temperature(std::span<const double> logits, std::size_t num_classes,
                                       std::span<const int> labels,
                                       TemperatureFitParams params) {
    if (auto s = check_logits("fit_temperature", logits, num_classes, labels); !s)
        return s.error();
    if (!(params.rel_tol > 0.0))
        return make_error("fit_temperature rel_tol", "> 0", num(params.rel_tol));
    const std::size_t k = num_classes;
    auto derivs = [&](double b) { return nll_derivs_in_b(logits, k, labels, b); };

    // The NLL is convex in b, so its minimiser is where g(b) = dNLL/db changes sign. At b = 0
    // g is mean(mean_k z - z_y): not negative means no minimum at any b > 0.
    const double g0 = derivs(0.0).g;
    if (!(g0 < 0.0))
        return make_error("fit_temperature", "logits better than uniform (a minimum at T < inf)",
                          "dNLL/d(1/T) = " + num(g0) + " >= 0 at 1/T = 0");
    int iterations = 0;
    double lo = 0.0, hi = 0.0, b = 1.0;
    constexpr double kMaxB = 0x1.0p64;
    for (;;) {
        ++iterations;
        const auto [g, h] = derivs(b);
        // g = 0 with h = 0 means every softmax has underflowed onto its label: not a root.
        if (g == 0.0 && h > 0.0) {
            lo = hi = b;
            break;
        }
        if (g > 0.0) {
            hi = b;
            break;
        }
        lo = b;
        b *= 2.0;
        if (b > kMaxB)
            return make_error("fit_temperature",
                              "some example wrong or uncertain (a minimum at T > 0)",
                              "an NLL still falling at T = " + num(1.0 / lo));
    }
    double x = std::clamp(1.0, lo, hi);
    while (hi > lo && iterations < params.max_iterations) {
        ++iterations;
        const auto d = derivs(x);
        if (d.g == 0.0) break;
        (d.g < 0.0 ? lo : hi) = x;
        double next = d.h > 0.0 ? x - d.g / d.h : 0.5 * (lo + hi);
        if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
        const double step = std::fabs(next - x);
        x = next;
        // A Newton step this small leaves an error of order step^2: far below rel_tol.
        if (step <= 0.1 * params.rel_tol * x || hi - lo <= 0.1 * params.rel_tol * x) break;
    }
    TemperatureFit fit;
    fit.temperature = 1.0 / x;
    fit.nll = mean_nll_in_b(logits, k, labels, x);
    fit.nll_at_one = mean_nll_in_b(logits, k, labels, 1.0);
    fit.iterations = iterations;
    return fit;
}

//-----------------------------------------------------------------------------------------
// [SECTION] Synthetic classifier
//-----------------------------------------------------------------------------------------

Result<SyntheticClassifier> make_synthetic_classifier(const SyntheticClassifierParams& p) {
    if (p.num_examples < 1)
        return make_error("synthetic classifier num_examples", ">= 1", "0");
    if (p.num_classes < 2)
        return make_error("synthetic classifier num_classes", ">= 2",
                          std::to_string(p.num_classes));
    if (!(p.confidence > 0.0 && std::isfinite(p.confidence)))
        return make_error("synthetic classifier confidence", "a finite value > 0",
                          num(p.confidence));
    if (!(p.separation >= 0.0 && std::isfinite(p.separation)))
        return make_error("synthetic classifier separation", "a finite value >= 0",
                          num(p.separation));
    const std::size_t n = p.num_examples, k = p.num_classes;
    Rng rng(p.seed);
    SyntheticClassifier out;
    out.num_classes = k;
    out.logits.resize(n * k);
    out.labels.resize(n);
    out.correct_probability.resize(n);
    std::vector<double> u(k), logp(k);
    for (std::size_t i = 0; i < n; ++i) {
        for (auto& v : u) v = p.separation * rng.normal();
        log_softmax_into(u, logp);
        // Inverse-CDF draw of the label from p_true; the last class absorbs rounding.
        const double r = rng.uniform();
        double cum = 0.0;
        std::size_t y = k - 1;
        for (std::size_t c = 0; c < k; ++c) {
            cum += std::exp(logp[c]);
            if (r < cum) {
                y = c;
                break;
            }
        }
        out.labels[i] = int(y);
        for (std::size_t c = 0; c < k; ++c) out.logits[i * k + c] = p.confidence * logp[c];
        out.correct_probability[i] = std::exp(logp[argmax(u)]);
    }
    return out;
}

//-----------------------------------------------------------------------------------------
// [SECTION] Simulated training run
//-----------------------------------------------------------------------------------------

Result<TrainingRun> simulate_training_run(const TrainingRunParams& p) {
    if (p.num_examples < 1) return make_error("training run num_examples", ">= 1", "0");
    if (p.num_classes < 2)
        return make_error("training run num_classes", ">= 2", std::to_string(p.num_classes));
    if (p.epochs < 1) return make_error("training run epochs", ">= 1", std::to_string(p.epochs));
    if (!(p.stubborn_fraction >= 0.0 && p.stubborn_fraction <= 1.0))
        return make_error("training run stubborn_fraction", "a value in [0, 1]",
                          num(p.stubborn_fraction));
    if (!(p.scale_growth >= 0.0 && std::isfinite(p.scale_growth)))
        return make_error("training run scale_growth", "a finite value >= 0", num(p.scale_growth));
    if (!(p.mean_learn_epoch > 0.0 && std::isfinite(p.mean_learn_epoch)))
        return make_error("training run mean_learn_epoch", "a finite value > 0",
                          num(p.mean_learn_epoch));
    constexpr double kNoise = 0.5, kMargin = 3.0, kRampEpochs = 3.0;
    const std::size_t n = p.num_examples, k = p.num_classes;
    const auto num_stubborn = std::size_t(std::llround(p.stubborn_fraction * double(n)));
    Rng rng(p.seed);
    std::vector<double> noise(n * k), learn_epoch(n);
    std::vector<int> label(n), pushed(n);
    TrainingRun run;
    run.stubborn.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t c = 0; c < k; ++c) noise[i * k + c] = kNoise * rng.normal();
        label[i] = int(rng.below(k));
        learn_epoch[i] = -p.mean_learn_epoch * std::log(1.0 - rng.uniform());
        // Examples are i.i.d., so taking the first ones as stubborn is a random choice.
        run.stubborn[i] = i < num_stubborn ? 1 : 0;
        const int wrong = int((std::size_t(label[i]) + 1 + rng.below(k - 1)) % k);
        pushed[i] = run.stubborn[i] ? wrong : label[i];
    }
    std::vector<double> z(k), logp(k);
    for (int e = 1; e <= p.epochs; ++e) {
        const double scale = 1.0 + p.scale_growth * double(e);
        std::vector<double> losses(n);
        std::size_t hits = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const double a = std::clamp((double(e) - learn_epoch[i]) / kRampEpochs, 0.0, 1.0);
            std::copy_n(noise.begin() + std::ptrdiff_t(i * k), k, z.begin());
            z[std::size_t(pushed[i])] += kMargin * a * scale;
            log_softmax_into(z, logp);
            losses[i] = -logp[std::size_t(label[i])];
            hits += int(argmax(z)) == label[i];
        }
        run.accuracy.push_back(double(hits) / double(n));
        run.mean_loss.push_back(pairwise_sum(losses) / double(n));
        run.example_losses.push_back(std::move(losses));
    }
    return run;
}

} // namespace losslab
