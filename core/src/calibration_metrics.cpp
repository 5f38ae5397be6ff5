// Metrics and temperature of a model's outputs straight from float32/float64 rows
// (calibration.hpp, [SECTION] Metrics of a model's outputs).
//
// [SECTION] Helpers (validation, blocks of rows, threads)
// [SECTION] Metrics
// [SECTION] Temperature

#include "losslab/calibration.hpp"

#include "losslab/number_text.hpp"
#include "simd_kernels.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <system_error>
#include <thread>

namespace losslab {
namespace {

//-----------------------------------------------------------------------------------------
// [SECTION] Helpers (validation, blocks of rows, threads)
//-----------------------------------------------------------------------------------------

std::string num(double v) { return shortest_number_text(v); }

std::string cell(std::size_t row, std::size_t col) {
    return "row " + std::to_string(row) + " column " + std::to_string(col);
}

std::size_t value_count(const ClassifierScores& s) {
    return std::visit([](auto sp) { return sp.size(); }, s.values);
}

// Checks the shape, labels and options; K (effective classes) on success.
Result<std::size_t> check_scores(const ClassifierScores& s, const ClassifierMetricsOptions& o) {
    if (s.num_columns == 0) return make_error("model outputs columns K", ">= 1", "0");
    const std::size_t n = s.labels.size();
    if (n == 0) return make_error("model outputs", "at least one example", "0 examples");
    if (value_count(s) / s.num_columns != n || value_count(s) % s.num_columns != 0)
        return make_error("model outputs scores",
                          std::to_string(n * s.num_columns) + " values (N x K = " +
                              std::to_string(n) + " x " + std::to_string(s.num_columns) + ")",
                          std::to_string(value_count(s)));
    const std::size_t k = s.num_columns == 1 ? 2 : s.num_columns;
    for (std::size_t i = 0; i < n; ++i)
        if (s.labels[i] < 0 || std::size_t(s.labels[i]) >= k)
            return make_error("model outputs label of row " + std::to_string(i),
                              "a class index in [0, " + std::to_string(k) + ")",
                              std::to_string(s.labels[i]));
    if (o.num_bins < 1) return make_error("calibration bins", ">= 1", std::to_string(o.num_bins));
    if (o.threads < 1) return make_error("calibration threads", ">= 1", "0");
    if (!(o.temperature > 0.0 && std::isfinite(o.temperature)))
        return make_error("calibration temperature", "a finite value > 0", num(o.temperature));
    if (s.kind == ScoreKind::Probabilities && o.temperature != 1.0)
        return make_error("temperature scaling", "logits (the scores are probabilities)",
                          "T = " + num(o.temperature));
    return k;
}

// Rows per block: the effective values of a block fit a buffer of kFillChunk doubles.
std::size_t rows_per_block(std::size_t k) { return std::max<std::size_t>(1, simd::kFillChunk / k); }

// Writes rows [r0, r0 + rows) as doubles with the effective K columns into z (binary: the
// two-class rows (0, z) or (1 - q, q)). Returns the first non-finite cell as (row, col).
template <class T>
bool load_rows(std::span<const T> v, std::size_t cols, ScoreKind kind, std::size_t r0,
               std::size_t rows, double* z, std::size_t& bad_row, std::size_t& bad_col) {
    // x - x is 0 for finite x and NaN otherwise: one vectorisable test for the whole block.
    unsigned bad = 0;
    const T* src = v.data() + r0 * cols;
    if (cols == 1) {
        for (std::size_t r = 0; r < rows; ++r) {
            const double x = double(src[r]);
            z[2 * r] = kind == ScoreKind::Logits ? 0.0 : 1.0 - x;
            z[2 * r + 1] = x;
            bad |= unsigned(x - x != 0.0);
        }
    } else {
        for (std::size_t j = 0; j < rows * cols; ++j) {
            const double x = double(src[j]);
            z[j] = x;
            bad |= unsigned(x - x != 0.0);
        }
    }
    if (bad == 0) return true;
    for (std::size_t j = 0; j < rows * cols; ++j)
        if (!std::isfinite(double(src[j]))) {
            bad_row = r0 + j / cols;
            bad_col = j % cols;
            return false;
        }
    return true;
}

// Runs body(t, begin, end) on `threads` contiguous shares of [0, n) (share 0 on this thread)
// and reports progress from the shared counter `done` on this thread. Where no thread can be
// started (a WebAssembly build without threads), the shares not handed out run here.
template <class Body>
void run_shares(std::size_t n, unsigned threads, Body body) {
    const unsigned t = unsigned(std::min<std::size_t>(threads, std::max<std::size_t>(1, n)));
    std::vector<std::thread> pool;
    unsigned started = 1;
    try {
        for (; started < t; ++started)
            pool.emplace_back([&, i = started] { body(i, n * i / t, n * (i + 1) / t); });
    } catch (const std::system_error&) {
        // Shares started..t-1 run below, on this thread.
    }
    body(0, 0, n / t);
    for (unsigned i = started; i < t; ++i)
        body(i, n * i / t, n * (i + 1) / t);
    for (auto& th : pool) th.join();
}

// Reports rows [from, to) as read through options' rows_read once at least kReadStretch rows
// have accumulated, or at the end of a share (`last`); `from` moves to `to` when it reports.
constexpr std::size_t kReadStretch = 4096;
inline void report_read(const ClassifierMetricsOptions& o, std::size_t& from, std::size_t to,
                        bool last) {
    if (!o.rows_read || (to - from < kReadStretch && !last) || to == from) return;
    o.rows_read(from, to);
    from = to;
}

// The M + 1 equal-width edges, exactly b/M in double.
std::vector<double> width_edges(std::size_t m) {
    std::vector<double> e(m + 1);
    for (std::size_t b = 0; b <= m; ++b) e[b] = double(b) / double(m);
    return e;
}

// Equal-width bin of c in [0, 1] from the edge table: (b/M, (b+1)/M], 0 in bin 0.
inline std::size_t width_bin(double c, const double* edges, std::size_t m) {
    std::size_t b = std::min(std::size_t(c * double(m)), m - 1); // floor(c M), then nudged
    if (b > 0 && c <= edges[b]) --b;
    else if (b + 1 < m && c > edges[b + 1]) ++b;
    return b;
}

// numpy's linear interpolation (numpy.lib.function_base._lerp).
double lerp(double a, double b, double t) {
    const double diff = b - a;
    return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

// The inner edges of sklearn's strategy="quantile": np.percentile(sorted, q * 100) for q in
// np.linspace(0, 1, M + 1)[1:-1], with numpy's default (linear) method.
std::vector<double> quantile_edges(const std::vector<double>& sorted, std::size_t m) {
    std::vector<double> edges;
    const double step = 1.0 / double(m);
    const double n1 = double(sorted.size() - 1);
    for (std::size_t b = 1; b < m; ++b) {
        const double q = (double(b) * step * 100.0) / 100.0;
        const double vi = q * n1;
        const double lo = std::floor(vi);
        const std::size_t i = std::size_t(lo);
        const double hi_v = i + 1 < sorted.size() ? sorted[i + 1] : sorted[i];
        edges.push_back(lerp(sorted[i], hi_v, vi - lo));
    }
    return edges;
}

// Per-bin sums.
struct BinSums {
    std::vector<double> count, conf, hits;
    explicit BinSums(std::size_t n = 0) : count(n, 0.0), conf(n, 0.0), hits(n, 0.0) {}
    void add(const BinSums& o) {
        for (std::size_t i = 0; i < count.size(); ++i) {
            count[i] += o.count[i];
            conf[i] += o.conf[i];
            hits[i] += o.hits[i];
        }
    }
};

// ECE, MCE and RMSCE of M bins starting at `first` in `s`, over n examples.
struct BinErrors {
    double ece = 0.0, mce = 0.0, rms = 0.0;
};
BinErrors bin_errors(const BinSums& s, std::size_t first, std::size_t m, double n) {
    BinErrors e;
    for (std::size_t b = first; b < first + m; ++b) {
        if (s.count[b] == 0.0) continue;
        const double gap = std::fabs(s.hits[b] / s.count[b] - s.conf[b] / s.count[b]);
        e.ece += s.count[b] / n * gap;
        e.mce = std::max(e.mce, gap);
        e.rms += s.count[b] / n * gap * gap;
    }
    e.rms = std::sqrt(e.rms);
    return e;
}

// Fills out.bins, ece, mce and rmsce from the equal-width sums `top` or, for equal mass,
// from the per-example confidence and correctness.
void finish_top_bins(ClassifierMetrics& out, BinSums& sums, bool mass,
                     const std::vector<double>& confidence,
                     const std::vector<unsigned char>& correct, std::size_t m) {
    const std::size_t n = out.n;
    const double nd = double(n);
    auto& total_top = sums;
    out.bins.resize(m);
    if (mass) {
        std::vector<double> sorted = confidence;
        std::sort(sorted.begin(), sorted.end());
        const auto edges = quantile_edges(sorted, m);
        for (std::size_t i = 0; i < n; ++i) {
            // np.searchsorted(edges, c, side="left"): the number of edges below c.
            const std::size_t tb =
                std::size_t(std::lower_bound(edges.begin(), edges.end(), confidence[i]) -
                            edges.begin());
            total_top.count[tb] += 1.0;
            total_top.conf[tb] += confidence[i];
            total_top.hits[tb] += correct[i] ? 1.0 : 0.0;
        }
        for (std::size_t tb = 0; tb < m; ++tb) {
            out.bins[tb].lower = tb == 0 ? sorted.front() : edges[tb - 1];
            out.bins[tb].upper = tb + 1 == m ? sorted.back() : edges[tb];
        }
    } else {
        for (std::size_t tb = 0; tb < m; ++tb) {
            out.bins[tb].lower = double(tb) / double(m);
            out.bins[tb].upper = double(tb + 1) / double(m);
        }
    }
    for (std::size_t tb = 0; tb < m; ++tb) {
        auto& bin = out.bins[tb];
        bin.count = std::size_t(total_top.count[tb]);
        if (bin.count == 0) continue;
        bin.mean_confidence = total_top.conf[tb] / total_top.count[tb];
        bin.accuracy = total_top.hits[tb] / total_top.count[tb];
    }
    const BinErrors top = bin_errors(total_top, 0, m, nd);
    out.ece = top.ece;
    out.mce = top.mce;
    out.rmsce = top.rms;
}

//-----------------------------------------------------------------------------------------
// [SECTION] Metrics
//-----------------------------------------------------------------------------------------

struct Share {
    double nll = 0.0, brier = 0.0, conf = 0.0, hits = 0.0;
    // Class-wise bins other than bin 0 (most p_k fall there: it is formed from the totals).
    BinSums top, classwise;
    // Per class: sum of p_k over the rows and number of labels equal to k.
    std::vector<double> class_p, class_labels;
    std::string error;
};

template <class T>
Result<ClassifierMetrics> metrics_impl(std::span<const T> v, const ClassifierScores& s,
                                       std::size_t k, const ClassifierMetricsOptions& o) {
    const std::size_t n = s.labels.size(), cols = s.num_columns, m = std::size_t(o.num_bins);
    const bool logits = s.kind == ScoreKind::Logits;
    const bool mass = o.binning == CalibrationBinning::EqualMass;
    const double b = 1.0 / o.temperature;
    const std::size_t rpb = rows_per_block(k);
    const std::vector<double> edges = width_edges(m);
    std::vector<double> confidence(mass ? n : 0);
    std::vector<unsigned char> correct(mass ? n : 0);
    std::vector<Share> shares(std::max(1u, o.threads));
    std::atomic<std::size_t> done{0};
    std::atomic<bool> failed{false};
    const auto& kern = simd::kernels();

    run_shares(n, o.threads, [&](unsigned t, std::size_t begin, std::size_t end) {
        Share& sh = shares[t];
        sh.top = BinSums(m);
        sh.classwise = BinSums(k * m);
        sh.class_p.assign(k, 0.0);
        sh.class_labels.assign(k, 0.0);
        const double edge1 = edges[1];
        double* class_p = sh.class_p.data();
        std::vector<double> z(rpb * k), e(rpb * k);
        std::size_t read_from = begin;
        for (std::size_t r0 = begin; r0 < end; r0 += rpb) {
            if (failed.load(std::memory_order_relaxed)) return;
            if (o.cancel && o.cancel->load(std::memory_order_relaxed)) {
                sh.error = "cancelled";
                failed = true;
                return;
            }
            const std::size_t rows = std::min(rpb, end - r0);
            std::size_t br = 0, bc = 0;
            if (!load_rows(v, cols, s.kind, r0, rows, z.data(), br, bc)) {
                sh.error = make_error("model outputs score at " + cell(br, bc), "a finite value",
                                      num(double(v[br * cols + bc])))
                               .message;
                failed = true;
                return;
            }
            // Per row: shift by the max and scale by 1/T, then one vectorised exp per block.
            for (std::size_t r = 0; r < rows; ++r) {
                const double* zr = &z[r * k];
                double* er = &e[r * k];
                if (logits) {
                    const double mx = *std::max_element(zr, zr + k);
                    for (std::size_t j = 0; j < k; ++j) er[j] = b * (zr[j] - mx);
                } else {
                    double sum = 0.0;
                    for (std::size_t j = 0; j < k; ++j) {
                        if (!(zr[j] >= 0.0 && zr[j] <= 1.0)) {
                            const std::size_t c = cols == 1 ? 0 : j;
                            sh.error = make_error("model outputs probability at " +
                                                      cell(r0 + r, c),
                                                  "a value in [0, 1]",
                                                  num(double(v[(r0 + r) * cols + c])))
                                           .message;
                            failed = true;
                            return;
                        }
                        sum += zr[j];
                    }
                    if (!(std::fabs(sum - 1.0) <= 1e-3)) {
                        sh.error = make_error("model outputs probabilities of row " +
                                                  std::to_string(r0 + r),
                                              "a sum of 1 (within 1e-3)", num(sum))
                                       .message;
                        failed = true;
                        return;
                    }
                }
            }
            if (logits) kern.exp(e.data(), e.data(), rows * k);
            for (std::size_t r = 0; r < rows; ++r) {
                const std::size_t i = r0 + r;
                const std::size_t y = std::size_t(s.labels[i]);
                const double* zr = &z[r * k];
                const double* er = logits ? &e[r * k] : zr;
                const std::size_t a = std::size_t(std::max_element(zr, zr + k) - zr);
                double sum = 0.0;
                for (std::size_t j = 0; j < k; ++j) sum += er[j];
                const double inv = 1.0 / sum;
                // Logits: p_a = e^0 / sum exactly; probabilities: the value as given.
                const double conf = logits ? inv : zr[a];
                const double py = logits ? er[y] * inv : zr[y];
                // log-sum-exp minus the scaled label logit: finite even when p_y underflows.
                sh.nll += logits ? std::log(sum) + b * (zr[a] - zr[y]) : -std::log(py);
                double sq = 0.0;
                sh.class_labels[y] += 1.0;
                for (std::size_t j = 0; j < k; ++j) {
                    const double p = logits ? er[j] * inv : zr[j];
                    sq += p * p;
                    class_p[j] += p;
                    if (p <= edge1) continue; // bin 0: from the totals afterwards
                    const std::size_t cb = j * m + width_bin(p, edges.data(), m);
                    sh.classwise.count[cb] += 1.0;
                    sh.classwise.conf[cb] += p;
                    sh.classwise.hits[cb] += j == y ? 1.0 : 0.0;
                }
                sh.brier += sq - 2.0 * py + 1.0;
                const bool hit = a == y;
                sh.conf += conf;
                sh.hits += hit ? 1.0 : 0.0;
                if (mass) {
                    confidence[i] = conf;
                    correct[i] = hit;
                } else {
                    const std::size_t tb = width_bin(conf, edges.data(), m);
                    sh.top.count[tb] += 1.0;
                    sh.top.conf[tb] += conf;
                    sh.top.hits[tb] += hit ? 1.0 : 0.0;
                }
            }
            report_read(o, read_from, r0 + rows, r0 + rows == end);
            const std::size_t d = done.fetch_add(rows) + rows;
            if (t == 0 && o.progress) o.progress(double(d) / double(n));
        }
    });
    Share total;
    total.top = BinSums(m);
    total.classwise = BinSums(k * m);
    total.class_p.assign(k, 0.0);
    total.class_labels.assign(k, 0.0);
    for (const auto& sh : shares) {
        if (!sh.error.empty()) return Error{sh.error};
        if (sh.top.count.empty()) continue;
        total.nll += sh.nll;
        total.brier += sh.brier;
        total.conf += sh.conf;
        total.hits += sh.hits;
        total.top.add(sh.top);
        total.classwise.add(sh.classwise);
        for (std::size_t j = 0; j < k; ++j) {
            total.class_p[j] += sh.class_p[j];
            total.class_labels[j] += sh.class_labels[j];
        }
    }
    // Class-wise bin 0 of class j: everything not in its other bins.
    for (std::size_t j = 0; j < k; ++j) {
        double count = double(n), conf = total.class_p[j], hits = total.class_labels[j];
        for (std::size_t bin = 1; bin < m; ++bin) {
            count -= total.classwise.count[j * m + bin];
            conf -= total.classwise.conf[j * m + bin];
            hits -= total.classwise.hits[j * m + bin];
        }
        total.classwise.count[j * m] = count;
        total.classwise.conf[j * m] = count > 0.0 ? std::max(0.0, conf) : 0.0;
        total.classwise.hits[j * m] = hits;
    }
    const double nd = double(n);
    ClassifierMetrics out;
    out.n = n;
    out.k = k;
    out.accuracy = total.hits / nd;
    out.mean_confidence = total.conf / nd;
    out.nll = total.nll / nd;
    out.brier = total.brier / nd;

    finish_top_bins(out, total.top, mass, confidence, correct, m);
    double cw = 0.0;
    for (std::size_t j = 0; j < k; ++j) cw += bin_errors(total.classwise, j * m, m, nd).ece;
    out.classwise_ece = cw / double(k);
    if (o.progress) o.progress(1.0);
    return out;
}

//-----------------------------------------------------------------------------------------
// [SECTION] Temperature
//-----------------------------------------------------------------------------------------

// Mean NLL at b = 1/T and its first two derivatives in b, over the rows visited.
struct FitSums {
    double f = 0.0, g = 0.0, h = 0.0;
    std::size_t rows = 0;
};

template <class T> class TemperatureFitter {
public:
    TemperatureFitter(std::span<const T> v, const ClassifierScores& s, std::size_t k,
                      const ClassifierMetricsOptions& o)
        : m_v(v), m_s(s), m_k(k), m_o(o), m_n(s.labels.size()) {}

    // The first full pass: keeps each row's max and label logit, checks the values, and
    // returns the sums at b = 1 plus g(0) (in g0) and whether any example is wrong.
    Result<FitSums> first_pass(double& g0, bool& any_wrong) {
        m_max.resize(m_n);
        m_label.resize(m_n);
        std::vector<double> g0s(m_o.threads, 0.0);
        std::vector<char> wrong(m_o.threads, 0);
        auto r = pass(1.0, 1, [&](unsigned t, std::size_t i, const double* z) -> std::string {
            const double mx = *std::max_element(z, z + m_k);
            const double zy = z[std::size_t(m_s.labels[i])];
            m_max[i] = T(mx);
            m_label[i] = T(zy);
            double mean = 0.0;
            for (std::size_t j = 0; j < m_k; ++j) mean += z[j];
            g0s[t] += mean / double(m_k) - zy;
            wrong[t] |= mx > zy ? 1 : 0;
            return {};
        });
        g0 = 0.0;
        any_wrong = false;
        for (unsigned t = 0; t < m_o.threads; ++t) {
            g0 += g0s[t];
            any_wrong |= wrong[t] != 0;
        }
        g0 /= double(m_n);
        return r;
    }

    // Safeguarded Newton for g(b) = 0 from `b` over every stride-th row: lo keeps g < 0 and
    // hi (once found) g > 0; a step leaving (lo, hi) is replaced by bisection or doubling.
    Result<TemperatureFit> newton(double b, std::size_t stride, const TemperatureFitParams& p,
                                  int& iterations) {
        double lo = 0.0, hi = std::numeric_limits<double>::infinity();
        double prev_step = std::numeric_limits<double>::infinity();
        constexpr double kMaxB = 0x1.0p64;
        for (int it = 0; it < p.max_iterations; ++it) {
            auto r = pass(b, stride, nullptr);
            if (!r) return r.error();
            ++iterations;
            const FitSums& s = r.value();
            if (s.g < 0.0) lo = b;
            else if (s.g > 0.0) hi = b;
            double nb = s.h > 0.0 ? b - s.g / s.h : std::numeric_limits<double>::quiet_NaN();
            if (!(nb > lo && nb < hi)) nb = std::isfinite(hi) ? 0.5 * (lo + hi) : 2.0 * b;
            if (nb > kMaxB)
                return make_error("temperature scaling",
                                  "some example wrong or uncertain (a minimum at T > 0)",
                                  "NLL still falling at 1/T = " + num(b));
            const double step = nb - b;
            // In the quadratic regime (this step about the square of the last one) the error
            // after a relative step r is about r^2 times the observed contraction: stop when
            // that is below rel_tol, which saves the confirming pass over all rows.
            const double rs = std::fabs(step) / b, rp = std::fabs(prev_step) / b;
            const bool quadratic = std::isfinite(rp) && rs <= 1e-3 && rs <= 10.0 * rp * rp;
            const double predicted = quadratic ? rs * rs * rs / std::max(rp * rp, 1e-300) : 1.0;
            prev_step = step;
            if (s.g == 0.0 || std::fabs(step) <= p.rel_tol * b || predicted <= 0.1 * p.rel_tol ||
                (std::isfinite(hi) && hi - lo <= p.rel_tol * lo)) {
                if (s.g == 0.0) nb = b;
                TemperatureFit fit;
                fit.temperature = 1.0 / nb;
                // The NLL at nb from its Taylor expansion at b (|step| is tiny here).
                fit.nll = s.f + s.g * (nb - b) + 0.5 * s.h * (nb - b) * (nb - b);
                fit.iterations = iterations;
                return fit;
            }
            b = nb;
        }
        return make_error("temperature scaling",
                          "convergence within " + std::to_string(p.max_iterations) + " steps",
                          "1/T = " + num(b) + " still moving");
    }

private:
    using RowHook = std::function<std::string(unsigned, std::size_t, const double*)>;

    // One pass over rows 0, stride, 2 stride, ...: the mean of the row NLL at b and its
    // derivatives. `hook` (first pass only) sees each row's values first.
    Result<FitSums> pass(double b, std::size_t stride, RowHook hook) {
        const std::size_t count = (m_n + stride - 1) / stride;
        const std::size_t cols = m_s.num_columns, k = m_k;
        const std::size_t rpb = rows_per_block(k);
        std::vector<FitSums> sums(m_o.threads);
        std::vector<std::string> errors(m_o.threads);
        std::atomic<bool> failed{false};
        std::atomic<std::size_t> done{0};
        const auto& kern = simd::kernels();
        run_shares(count, m_o.threads, [&](unsigned t, std::size_t begin, std::size_t end) {
            std::vector<double> z(rpb * k), e(rpb * k), d(rpb * k);
            FitSums& acc = sums[t];
            std::size_t read_from = begin * stride;
            for (std::size_t q0 = begin; q0 < end; q0 += rpb) {
                if (failed.load(std::memory_order_relaxed)) return;
                if (m_o.cancel && m_o.cancel->load(std::memory_order_relaxed)) {
                    errors[t] = "cancelled";
                    failed = true;
                    return;
                }
                const std::size_t rows = std::min(rpb, end - q0);
                std::size_t br = 0, bc = 0;
                bool ok = true;
                if (stride == 1) {
                    ok = load_rows(m_v, cols, m_s.kind, q0, rows, z.data(), br, bc);
                } else {
                    for (std::size_t r = 0; r < rows && ok; ++r)
                        ok = load_rows(m_v, cols, m_s.kind, (q0 + r) * stride, 1, &z[r * k], br,
                                       bc);
                }
                if (!ok) {
                    errors[t] = make_error("model outputs score at " + cell(br, bc),
                                           "a finite value", num(double(m_v[br * cols + bc])))
                                    .message;
                    failed = true;
                    return;
                }
                // Rows are read at q * stride (a sampled pass maps whole stretches of a mapped
                // file too: the kernel maps neighbouring pages with each one read).
                report_read(m_o, read_from, (q0 + rows - 1) * stride + 1, q0 + rows == end);
                for (std::size_t r = 0; r < rows; ++r) {
                    const std::size_t i = (q0 + r) * stride;
                    if (hook) hook(t, i, &z[r * k]);
                    if (m_light) continue;
                    const double mx = m_max[i];
                    for (std::size_t j = 0; j < k; ++j) {
                        d[r * k + j] = z[r * k + j] - mx;
                        e[r * k + j] = b * d[r * k + j];
                    }
                }
                if (m_light) {
                    acc.rows += rows;
                    continue;
                }
                kern.exp(e.data(), e.data(), rows * k);
                for (std::size_t r = 0; r < rows; ++r) {
                    const std::size_t i = (q0 + r) * stride;
                    double s0 = 0.0, s1 = 0.0, s2 = 0.0;
                    for (std::size_t j = 0; j < k; ++j) {
                        const double w = e[r * k + j], dj = d[r * k + j];
                        s0 += w;
                        s1 += w * dj;
                        s2 += w * dj * dj;
                    }
                    const double margin = double(m_max[i]) - double(m_label[i]);
                    const double mean_d = s1 / s0;
                    acc.f += std::log(s0) + b * margin;
                    acc.g += mean_d + margin;
                    acc.h += std::max(0.0, s2 / s0 - mean_d * mean_d);
                }
                acc.rows += rows;
                const std::size_t dn = done.fetch_add(rows) + rows;
                if (t == 0 && m_o.progress && stride == 1)
                    m_o.progress(0.9 * double(dn) / double(count));
            }
        });
        FitSums total;
        for (unsigned t = 0; t < m_o.threads; ++t) {
            if (!errors[t].empty()) return Error{errors[t]};
            total.f += sums[t].f;
            total.g += sums[t].g;
            total.h += sums[t].h;
            total.rows += sums[t].rows;
        }
        const double nd = double(total.rows);
        total.f /= nd;
        total.g /= nd;
        total.h /= nd;
        return total;
    }

    std::span<const T> m_v;
    const ClassifierScores& m_s;
    std::size_t m_k;
    const ClassifierMetricsOptions& m_o;
    std::size_t m_n;
    // The first pass only keeps the per-row values (the NLL at T = 1 is known).
    bool m_light = false;

public:
    // Skips the softmax in first_pass (its sums are then 0).
    void set_light_first_pass(bool light) { m_light = light; }

private:
    // Per row: the max and the label logit, stored as T (exact: they are values of the rows).
    std::vector<T> m_max, m_label;
};

template <class T>
Result<TemperatureFit> fit_impl(std::span<const T> v, const ClassifierScores& s, std::size_t k,
                                const ClassifierMetricsOptions& o, const TemperatureFitParams& p) {
    TemperatureFitter<T> fitter(v, s, k, o);
    double g0 = 0.0;
    bool any_wrong = false;
    const bool known = o.nll_at_one >= 0.0;
    fitter.set_light_first_pass(known);
    auto at_one = fitter.first_pass(g0, any_wrong);
    if (!at_one) return at_one.error();
    fitter.set_light_first_pass(false);
    if (!(g0 < 0.0))
        return make_error("temperature scaling",
                          "logits better than uniform (a minimum at T < inf)",
                          "dNLL/d(1/T) = " + num(g0) + " >= 0 at 1/T = 0");
    if (!any_wrong)
        return make_error("temperature scaling",
                          "some example wrong (a minimum at T > 0)",
                          "every example right, so the NLL keeps falling as T -> 0");
    int iterations = 1;
    double start = 1.0;
    // A subsample of about 32768 rows gets the start within about 1 %, so that the full
    // passes only polish it (Newton doubles the correct digits each pass).
    const std::size_t n = s.labels.size();
    constexpr std::size_t kSample = 32768;
    if (n >= 4 * kSample) {
        auto rough = fitter.newton(1.0, n / kSample, TemperatureFitParams{1e-6, p.max_iterations},
                                   iterations);
        if (rough) start = 1.0 / rough.value().temperature;
    }
    auto fit = fitter.newton(start, 1, p, iterations);
    if (!fit) return fit.error();
    fit.value().nll_at_one = known ? o.nll_at_one : at_one.value().f;
    fit.value().iterations = iterations;
    if (o.progress) o.progress(1.0);
    return fit;
}

} // namespace

Result<ClassifierMetrics> top_label_metrics(std::span<const double> confidence,
                                            std::span<const int> correct,
                                            const ClassifierMetricsOptions& options) {
    const std::size_t n = confidence.size();
    if (n == 0) return make_error("top-label predictions", "at least one example", "0 examples");
    if (correct.size() != n)
        return make_error("top-label correct flags", std::to_string(n) + " (one per confidence)",
                          std::to_string(correct.size()));
    if (options.num_bins < 1)
        return make_error("calibration bins", ">= 1", std::to_string(options.num_bins));
    for (std::size_t i = 0; i < n; ++i)
        if (!(confidence[i] >= 0.0 && confidence[i] <= 1.0))
            return make_error("confidence of row " + std::to_string(i), "a value in [0, 1]",
                              num(confidence[i]));
    const std::size_t m = std::size_t(options.num_bins);
    const bool mass = options.binning == CalibrationBinning::EqualMass;
    const std::vector<double> edges = width_edges(m);
    ClassifierMetrics out;
    out.n = n;
    out.nll = out.brier = out.classwise_ece = std::numeric_limits<double>::quiet_NaN();
    BinSums top(m);
    std::vector<double> conf;
    std::vector<unsigned char> hit;
    double sum_conf = 0.0, hits = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        sum_conf += confidence[i];
        hits += correct[i] ? 1.0 : 0.0;
        if (mass) continue;
        const std::size_t b = width_bin(confidence[i], edges.data(), m);
        top.count[b] += 1.0;
        top.conf[b] += confidence[i];
        top.hits[b] += correct[i] ? 1.0 : 0.0;
    }
    if (mass) {
        conf.assign(confidence.begin(), confidence.end());
        for (int c : correct) hit.push_back(c ? 1 : 0);
    }
    out.accuracy = hits / double(n);
    out.mean_confidence = sum_conf / double(n);
    finish_top_bins(out, top, mass, conf, hit, m);
    return out;
}

Result<ClassifierMetrics> classifier_metrics(const ClassifierScores& scores,
                                             const ClassifierMetricsOptions& options) {
    auto k = check_scores(scores, options);
    if (!k) return k.error();
    return std::visit([&](auto sp) { return metrics_impl(sp, scores, k.value(), options); },
                      scores.values);
}

Result<TemperatureFit> fit_temperature_scores(const ClassifierScores& scores,
                                              const ClassifierMetricsOptions& options,
                                              TemperatureFitParams params) {
    if (scores.kind == ScoreKind::Probabilities)
        return make_error("temperature scaling", "logits (it divides them by T)",
                          "probabilities (--probs); pass the model's logits to fit T");
    ClassifierMetricsOptions o = options;
    o.temperature = 1.0;
    o.num_bins = 1;
    auto k = check_scores(scores, o);
    if (!k) return k.error();
    if (!(params.rel_tol > 0.0))
        return make_error("temperature scaling rel_tol", "> 0", num(params.rel_tol));
    return std::visit([&](auto sp) { return fit_impl(sp, scores, k.value(), o, params); },
                      scores.values);
}

} // namespace losslab
