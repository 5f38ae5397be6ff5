#include "model/tensors/model_outputs.hpp"

#include "losslab/number_text.hpp"

#include <fmt/format.h>
#include <zip.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>

namespace losslab::model {

namespace {

using Loaded = std::variant<ModelOutputs, LoadFailure>;

LoadFailure bad(std::string message) { return LoadFailure{std::move(message), false}; }

// A file that cannot be opened for reading at all is an I/O failure (exit 1 in the CLI).
std::optional<LoadFailure> check_openable(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return LoadFailure{fmt::format("{}: cannot open: no such file", path.string()), true};
    std::ifstream in(path, std::ios::binary);
    if (!in && !std::filesystem::is_directory(path, ec))
        return LoadFailure{fmt::format("{}: cannot open for reading", path.string()), true};
    return std::nullopt;
}

bool aligned_for(const NpyArray& a) {
    const auto addr = reinterpret_cast<std::uintptr_t>(a.bytes().data());
    return addr % npy_item_size(a.dtype()) == 0;
}

// Checks the scores array: float32/float64, N x K (K >= 2) or N / N x 1 (binary).
std::optional<LoadFailure> check_scores(const NpyArray& a, const std::string& name,
                                        std::size_t& columns) {
    if (a.dtype() != NpyDtype::Float32 && a.dtype() != NpyDtype::Float64)
        return bad(make_error(name + " scores dtype", "float32 (<f4) or float64 (<f8)",
                              std::string(npy_descr(a.dtype())))
                       .message);
    if (a.rank() == 1) columns = 1;
    else if (a.rank() == 2) columns = a.shape()[1];
    else
        return bad(make_error(name + " scores shape",
                              "(N, K) logits, or (N,) for binary outputs",
                              npy_shape_text(a.shape()))
                       .message);
    if (!aligned_for(a))
        return bad(make_error(name + " data offset", "a multiple of the element size",
                              "a misaligned header")
                       .message);
    return std::nullopt;
}

// Labels of an integer .npy: int64/int32/uint8, shape (N,), each in [0, K).
std::optional<LoadFailure> read_labels(const NpyArray& a, const std::string& name,
                                       std::size_t n, std::size_t k, std::vector<int>& out) {
    if (!a.is_integer())
        return bad(make_error(name + " labels dtype", "int64 (<i8), int32 (<i4) or uint8 (|u1)",
                              std::string(npy_descr(a.dtype())))
                       .message);
    if (a.rank() != 1 && !(a.rank() == 2 && a.shape()[1] == 1))
        return bad(make_error(name + " labels shape", fmt::format("({},) class indices", n),
                              npy_shape_text(a.shape()))
                       .message);
    if (a.shape()[0] != n)
        return bad(make_error(name + " labels shape",
                              fmt::format("({},): one label per row of the scores", n),
                              npy_shape_text(a.shape()))
                       .message);
    out.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t y = a.integer(i);
        if (y < 0 || std::uint64_t(y) >= k)
            return bad(make_error(fmt::format("{} label at index {}", name, i),
                                  fmt::format("a class index in [0, {}){}", k,
                                              k == 2 ? " (binary outputs)" : ""),
                                  std::to_string(y))
                           .message);
        out[i] = int(y);
    }
    return std::nullopt;
}

Loaded finish(NpyArray scores, const NpyArray& labels, std::string scores_name,
              std::string labels_name, bool probabilities) {
    ModelOutputs out;
    if (auto f = check_scores(scores, scores_name, out.columns)) return *f;
    const std::size_t n = scores.shape()[0];
    const std::size_t k = out.columns == 1 ? 2 : out.columns;
    if (auto f = read_labels(labels, labels_name, n, k, out.labels)) return *f;
    out.scores = std::move(scores);
    out.kind = probabilities ? ScoreKind::Probabilities : ScoreKind::Logits;
    out.scores_name = std::move(scores_name);
    out.labels_name = std::move(labels_name);
    return out;
}

Loaded load_npy_pair(const ModelOutputsSource& s) {
    if (s.labels.empty()) return bad("calibrate --logits requires --labels y.npy, got none");
    for (const auto& p : {s.logits, s.labels})
        if (auto f = check_openable(p)) return *f;
    auto scores = open_npy(s.logits);
    if (!scores) return bad(scores.error().message);
    auto labels = open_npy(s.labels);
    if (!labels) return bad(labels.error().message);
    return finish(std::move(scores).value(), labels.value(), s.logits.string(), s.labels.string(),
                  s.probabilities);
}

// The bytes of member `name` of an open archive.
Result<std::string> read_member(zip_t* za, const std::string& archive, const std::string& name) {
    const zip_int64_t index = zip_name_locate(za, name.c_str(), 0);
    if (index < 0)
        return make_error(archive, fmt::format("an array '{}' (member {})",
                                               name.substr(0, name.size() - 4), name),
                          "no such member");
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za, zip_uint64_t(index), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        return make_error(archive + ":" + name, "a readable member", "no size");
    zip_file_t* f = zip_fopen_index(za, zip_uint64_t(index), 0);
    if (!f)
        return make_error(archive + ":" + name, "a stored or deflated member",
                          zip_error_strerror(zip_get_error(za)));
    std::string bytes(std::size_t(st.size), '\0');
    std::size_t got = 0;
    while (got < bytes.size()) {
        const zip_int64_t r = zip_fread(f, bytes.data() + got, bytes.size() - got);
        if (r <= 0) break;
        got += std::size_t(r);
    }
    std::string err = got == bytes.size() ? "" : zip_error_strerror(zip_file_get_error(f));
    zip_fclose(f);
    if (!err.empty())
        return make_error(archive + ":" + name,
                          fmt::format("{} bytes", bytes.size()),
                          fmt::format("{} bytes ({})", got, err));
    return bytes;
}

Loaded load_npz(const ModelOutputsSource& s) {
    if (auto f = check_openable(s.npz)) return *f;
    const std::string archive = s.npz.string();
    int code = 0;
    zip_t* za = zip_open(archive.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (!za) {
        zip_error_t e;
        zip_error_init_with_code(&e, code);
        std::string why = zip_error_strerror(&e);
        zip_error_fini(&e);
        return bad(make_error(archive, "a .npz (zip) archive", why).message);
    }
    std::unique_ptr<zip_t, decltype(&zip_discard)> guard(za, &zip_discard);
    auto logit_bytes = read_member(za, archive, "logits.npy");
    if (!logit_bytes) return bad(logit_bytes.error().message);
    auto label_bytes = read_member(za, archive, "labels.npy");
    if (!label_bytes) return bad(label_bytes.error().message);
    auto scores = npy_from_bytes(std::move(logit_bytes).value(), archive + ":logits");
    if (!scores) return bad(scores.error().message);
    auto labels = npy_from_bytes(std::move(label_bytes).value(), archive + ":labels");
    if (!labels) return bad(labels.error().message);
    return finish(std::move(scores).value(), labels.value(), archive + ":logits",
                  archive + ":labels", s.probabilities);
}

std::vector<std::string_view> split_commas(std::string_view line) {
    std::vector<std::string_view> out;
    for (;;) {
        const auto c = line.find(',');
        out.push_back(line.substr(0, c));
        if (c == std::string_view::npos) break;
        line.remove_prefix(c + 1);
    }
    for (auto& f : out) {
        while (!f.empty() && (f.front() == ' ' || f.front() == '\t')) f.remove_prefix(1);
        while (!f.empty() && (f.back() == ' ' || f.back() == '\t' || f.back() == '\r'))
            f.remove_suffix(1);
    }
    return out;
}

bool parse_double(std::string_view t, double& v) {
    const auto parsed = parse_number_strict(t);
    if (parsed) v = *parsed;
    return parsed.has_value();
}

bool parse_int(std::string_view t, long long& v) {
    const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    return !t.empty() && ec == std::errc() && p == t.data() + t.size();
}

Loaded load_csv(const ModelOutputsSource& s) {
    if (auto f = check_openable(s.csv)) return *f;
    const std::string name = s.csv.string();
    std::ifstream in(s.csv, std::ios::binary);
    std::string line;
    if (!std::getline(in, line))
        return bad(make_error(name, "a header line (label,logit_0,... or "
                                    "true_label,pred_label,confidence)",
                              "an empty file")
                       .message);
    const auto header = split_commas(line);
    std::vector<std::string> names(header.begin(), header.end());
    const bool top = names == std::vector<std::string>{"true_label", "pred_label", "confidence"};
    if (!top && (names.size() < 2 || names[0] != "label"))
        return bad(make_error(name + " line 1 (header)",
                              "label,logit_0,...,logit_{K-1} (K >= 1) or "
                              "true_label,pred_label,confidence",
                              quote(line))
                       .message);
    ModelOutputs out;
    out.scores_name = out.labels_name = name;
    out.kind = s.probabilities ? ScoreKind::Probabilities : ScoreKind::Logits;
    const std::size_t cols = names.size();
    std::vector<double> values;
    std::size_t line_no = 1;
    while (std::getline(in, line)) {
        ++line_no;
        if (line.empty() || line == "\r") continue;
        const auto f = split_commas(line);
        if (f.size() != cols)
            return bad(make_error(fmt::format("{} line {}", name, line_no),
                                  fmt::format("{} comma-separated fields", cols),
                                  std::to_string(f.size()))
                           .message);
        for (std::size_t c = 0; c < cols; ++c) {
            const bool integer = c == 0 || (top && c == 1);
            const std::string where =
                fmt::format("{} line {} column {} ({})", name, line_no, c + 1, names[c]);
            if (integer) {
                long long y = 0;
                if (!parse_int(f[c], y) || y < 0 || y > 1'000'000'000)
                    return bad(make_error(where, "a class index (a whole number >= 0)",
                                          quote(f[c]))
                                   .message);
                if (c == 0) out.labels.push_back(int(y));
                else out.predicted.push_back(int(y));
            } else {
                double v = 0.0;
                if (!parse_double(f[c], v) || !std::isfinite(v))
                    return bad(make_error(where, "a finite number", quote(f[c])).message);
                if (top && !(v >= 0.0 && v <= 1.0))
                    return bad(make_error(where, "a confidence in [0, 1]", quote(f[c])).message);
                if (top) out.confidence.push_back(v);
                else values.push_back(v);
            }
        }
    }
    if (in.bad()) return LoadFailure{fmt::format("{}: read error", name), true};
    if (out.labels.empty())
        return bad(make_error(name, "at least one data row after the header", "none").message);
    if (top) return out;
    out.columns = cols - 1;
    const std::size_t k = out.columns == 1 ? 2 : out.columns;
    for (std::size_t i = 0; i < out.labels.size(); ++i)
        if (std::size_t(out.labels[i]) >= k)
            return bad(make_error(fmt::format("{} line {} column 1 (label)", name, i + 2),
                                  fmt::format("a class index in [0, {})", k),
                                  std::to_string(out.labels[i]))
                           .message);
    const std::size_t shape[2] = {out.labels.size(), out.columns};
    auto arr = npy_from_bytes(
        encode_npy_array(NpyDtype::Float64, std::span<const std::size_t>(shape, 2),
                         std::as_bytes(std::span<const double>(values))),
        name);
    if (!arr) return bad(arr.error().message);
    out.scores = std::move(arr).value();
    return out;
}

} // namespace

ClassifierScores ModelOutputs::view() const {
    ClassifierScores s;
    const auto bytes = scores.bytes();
    if (scores.dtype() == NpyDtype::Float64)
        s.values = std::span<const double>(reinterpret_cast<const double*>(bytes.data()),
                                           bytes.size() / sizeof(double));
    else
        s.values = std::span<const float>(reinterpret_cast<const float*>(bytes.data()),
                                          bytes.size() / sizeof(float));
    s.num_columns = columns;
    s.labels = labels;
    s.kind = kind;
    return s;
}

std::variant<ModelOutputs, LoadFailure> load_model_outputs(const ModelOutputsSource& source) {
    const int given = int(!source.logits.empty()) + int(!source.npz.empty()) +
                      int(!source.csv.empty());
    if (given != 1)
        return bad(make_error("model outputs",
                              "exactly one of --logits with --labels, --npz or --csv",
                              given == 0 ? "none" : "several")
                       .message);
    if (!source.logits.empty()) return load_npy_pair(source);
    if (!source.labels.empty())
        return bad("--labels goes with --logits (an .npz or CSV holds its own labels)");
    if (!source.npz.empty()) return load_npz(source);
    return load_csv(source);
}

ClassifierMetricsOptions metrics_options(const ModelOutputs& outputs,
                                         const CalibrationRequest& request,
                                         const std::atomic<bool>* cancel) {
    ClassifierMetricsOptions options;
    options.num_bins = request.num_bins;
    options.binning = request.binning;
    options.threads = request.threads;
    options.cancel = cancel;
    if (request.release_pages && outputs.scores.mapped()) {
        const std::size_t row_bytes = outputs.columns * npy_item_size(outputs.scores.dtype());
        const NpyArray* scores = &outputs.scores;
        options.rows_read = [scores, row_bytes](std::size_t first, std::size_t end) {
            scores->release(first * row_bytes, end * row_bytes);
        };
    }
    return options;
}

Result<CalibrationReport> compute_calibration(const ModelOutputs& outputs,
                                              const CalibrationRequest& request,
                                              const std::atomic<bool>* cancel,
                                              std::function<void(double)> progress) {
    auto prefixed = [&](const Error& e) {
        return Error{e.message == "cancelled" ? e.message : outputs.scores_name + ": " + e.message};
    };
    ClassifierMetricsOptions options = metrics_options(outputs, request, cancel);
    // Stages: metrics at T = 1 (0 .. 0.3), the fit (0.3 .. 0.75), metrics at T (0.75 .. 1).
    auto stage = [&](double from, double to) {
        if (!progress) return std::function<void(double)>{};
        return std::function<void(double)>(
            [progress, from, to](double f) { progress(from + (to - from) * f); });
    };
    CalibrationReport report;
    if (outputs.top_label_only()) {
        std::vector<int> correct(outputs.size());
        for (std::size_t i = 0; i < correct.size(); ++i)
            correct[i] = outputs.predicted[i] == outputs.labels[i] ? 1 : 0;
        auto m = top_label_metrics(outputs.confidence, correct, options);
        if (!m) return prefixed(m.error());
        report.before = std::move(m).value();
        report.fit_error = "temperature scaling requires every class's logit, got a "
                           "true_label,pred_label,confidence table";
        if (request.temperature) return Error{outputs.scores_name + ": " + report.fit_error};
        if (progress) progress(1.0);
        return report;
    }
    const ClassifierScores scores = outputs.view();
    options.progress = stage(0.0, 0.3);
    auto before = classifier_metrics(scores, options);
    if (!before) return prefixed(before.error());
    report.before = std::move(before).value();
    if (request.temperature) {
        options.temperature = *request.temperature;
        options.progress = stage(0.3, 1.0);
        auto at = classifier_metrics(scores, options);
        if (!at) return prefixed(at.error());
        report.after = std::move(at).value();
        report.after_temperature = *request.temperature;
        return report;
    }
    if (!request.fit_temperature) return report;
    if (outputs.kind == ScoreKind::Probabilities) {
        report.fit_error = "temperature scaling requires logits (it divides them by T), got "
                           "probabilities (--probs); pass the model's logits to fit T";
        if (progress) progress(1.0);
        return report;
    }
    options.progress = stage(0.3, 0.75);
    options.nll_at_one = report.before.nll;
    auto fit = fit_temperature_scores(scores, options);
    if (!fit) {
        if (fit.error().message == "cancelled") return fit.error();
        report.fit_error = fit.error().message;
        if (progress) progress(1.0);
        return report;
    }
    report.fit = fit.value();
    report.after_temperature = fit.value().temperature;
    options.temperature = fit.value().temperature;
    options.progress = stage(0.75, 1.0);
    auto after = classifier_metrics(scores, options);
    if (!after) return prefixed(after.error());
    report.after = std::move(after).value();
    return report;
}

} // namespace losslab::model
