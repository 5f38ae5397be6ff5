#include "model/labs/lab_pytorch.hpp"

#include "model/labs/lab_pytorch_catalogue.hpp"
#include "losslab/activations.hpp"
#include "plot/plot_layout.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <string>
#include <utility>

namespace losslab::model {

namespace {

// The criteria of the picker, in params::kPytorchCriterionChoices order.
enum class Crit { CrossEntropy, BceWithLogits, Nll, Bce, Focal };

Crit crit(const PytorchLabState& s) {
    return Crit(std::clamp(s.criterion, 0, 4));
}
std::string_view crit_name(const PytorchLabState& s) {
    return params::kPytorchCriterionChoices[std::size_t(crit(s))];
}
// K independent sigmoids per row (BCE with logits, BCE on sigmoid(z), focal).
bool is_bce(const PytorchLabState& s) {
    const Crit c = crit(s);
    return c == Crit::BceWithLogits || c == Crit::Bce || c == Crit::Focal;
}
bool class_index_targets(const PytorchLabState& s) {
    return crit(s) == Crit::Nll || (crit(s) == Crit::CrossEntropy && s.target == 0);
}
// Rows as the pixels of one image: cross_entropy and nll_loss only (BCE's weights broadcast
// over K).
bool pixel_layout(const PytorchLabState& s) { return s.pixels && !is_bce(s); }
// torchvision names its tensors in the plural.
std::string input_name(const PytorchLabState& s) {
    return crit(s) == Crit::Focal ? "inputs" : "input";
}
std::string target_name(const PytorchLabState& s) {
    return crit(s) == Crit::Focal ? "targets" : "target";
}

std::size_t rows_of(const PytorchLabState& s) { return std::size_t(std::max(1, s.rows)); }
std::size_t classes_of(const PytorchLabState& s) { return std::size_t(std::max(1, s.classes)); }

// The shape of the input (and of float targets).
std::vector<std::size_t> input_shape(const PytorchLabState& s) {
    const std::size_t n = rows_of(s), k = classes_of(s);
    if (pixel_layout(s)) return {1, k, n};
    if (is_bce(s) && k == 1) return {n}; // the notes' binary examples: one logit per example
    return {n, k};
}

// Row-major rows x classes values in the input's layout ((1, K, N) is the transpose).
std::vector<double> laid_out(const PytorchLabState& s, const std::vector<double>& rk) {
    if (!pixel_layout(s)) return rk;
    const std::size_t n = rows_of(s), k = classes_of(s);
    std::vector<double> out(n * k);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t c = 0; c < k; ++c) out[c * n + i] = rk[i * k + c];
    return out;
}

// The inverse of laid_out.
std::vector<double> rows_by_classes(const PytorchLabState& s, const std::vector<double>& v) {
    if (!pixel_layout(s)) return v;
    const std::size_t n = rows_of(s), k = classes_of(s);
    std::vector<double> out(n * k);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t c = 0; c < k; ++c) out[i * k + c] = v[c * n + i];
    return out;
}

// What the criterion receives, rows x classes: the logits, log_softmax of each row for
// nll_loss, or sigmoid of each logit for binary_cross_entropy.
std::vector<double> criterion_input(const PytorchLabState& s) {
    if (crit(s) == Crit::Nll) {
        const std::size_t n = rows_of(s), k = classes_of(s);
        std::vector<double> out(n * k);
        for (std::size_t i = 0; i < n; ++i)
            log_softmax_into(std::span<const double>(s.logits).subspan(i * k, k),
                             std::span<double>(out).subspan(i * k, k));
        return out;
    }
    if (crit(s) == Crit::Bce) {
        std::vector<double> out(s.logits.size());
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i] = sigmoid(s.logits[i]);
        return out;
    }
    return s.logits;
}

// d loss / d logits from d loss / d (criterion input), rows x classes: through log_softmax
// (g − q Σg per row) for nll_loss, through sigmoid (g p (1 − p)) for binary_cross_entropy.
std::vector<double> logit_grad(const PytorchLabState& s, std::vector<double> g) {
    const std::size_t n = rows_of(s), k = classes_of(s);
    if (crit(s) == Crit::Nll) {
        for (std::size_t i = 0; i < n; ++i) {
            const auto q = softmax(std::span<const double>(s.logits).subspan(i * k, k));
            double sum = 0.0;
            for (std::size_t c = 0; c < k; ++c)
                sum += g[i * k + c];
            for (std::size_t c = 0; c < k; ++c)
                g[i * k + c] -= q[c] * sum;
        }
    } else if (crit(s) == Crit::Bce) {
        for (std::size_t i = 0; i < g.size(); ++i) {
            const auto sp = sigmoid_pair(s.logits[i]);
            g[i] *= sp.pos * sp.neg;
        }
    }
    return g;
}

std::string_view reduction_name(const PytorchLabState& s) {
    return params::kPytorchReductionChoices[std::size_t(std::clamp(s.reduction, 0, 2))];
}

std::string py_number(double v) {
    if (std::isinf(v)) return v > 0 ? "float('inf')" : "float('-inf')";
    if (std::isnan(v)) return "float('nan')";
    return fmt::format("{:.17g}", v);
}

std::string py_list(const std::vector<double>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + py_number(v[i]);
    return out + "]";
}

std::string py_shape(const std::vector<std::size_t>& shape) {
    std::string out = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
    return out + (shape.size() == 1 ? ",)" : ")");
}

std::string row_name(const PytorchLabState& s, std::size_t i) {
    return fmt::format("{} {}", pixel_layout(s) ? "pixel" : "example", i);
}

} // namespace

bool pytorch_class_index_targets(const PytorchLabState& state) {
    return class_index_targets(state);
}

bool pytorch_pixel_rows(const PytorchLabState& state) {
    return pixel_layout(state);
}

std::vector<std::string_view> pytorch_option_keys(const PytorchLabState& state) {
    switch (crit(state)) {
    case Crit::CrossEntropy:
        return {"pytorch.target", "pytorch.pixels", "pytorch.label_smoothing",
                "pytorch.ignore_index", "pytorch.use_weight"};
    case Crit::Nll:
        return {"pytorch.pixels", "pytorch.ignore_index", "pytorch.use_weight"};
    case Crit::BceWithLogits:
        return {"pytorch.target", "pytorch.pos_weight", "pytorch.use_weight"};
    case Crit::Bce:
        return {"pytorch.target", "pytorch.use_weight"};
    case Crit::Focal:
        return {"pytorch.target", "pytorch.alpha", "pytorch.gamma"};
    }
    return {};
}

std::vector<std::string_view> catalogue_option_keys(std::string_view c) {
    if (c == "cross_entropy") return {"pytorch.K", "pytorch.label_smoothing"};
    if (c == "binary_cross_entropy") return {"pytorch.y"};
    if (c == "binary_cross_entropy_with_logits") return {"pytorch.y", "pytorch.pos_weight"};
    if (c == "kl_div") return {"pytorch.kl_target", "pytorch.log_target"};
    if (c == "smooth_l1_loss") return {"pytorch.beta"};
    if (c == "huber_loss") return {"pytorch.delta"};
    if (c == "poisson_nll_loss") return {"pytorch.count", "pytorch.log_input", "pytorch.full"};
    if (c == "gaussian_nll_loss") return {"pytorch.var", "pytorch.full"};
    if (c == "hinge_embedding_loss") return {"pytorch.hinge_margin"};
    if (c == "cosine_embedding_loss") return {"pytorch.cosine_margin"};
    if (c == "multilabel_margin_loss") return {"pytorch.K"};
    if (c == "triplet_margin_loss") return {"pytorch.triplet_margin", "pytorch.p", "pytorch.swap"};
    if (c == "margin_ranking_loss") return {"pytorch.ranking_margin"};
    if (c == "ctc_loss")
        return {"pytorch.ctc_target", "pytorch.ctc_frames", "pytorch.ctc_seed",
                "pytorch.ctc_sharpness", "pytorch.zero_infinity"};
    if (c == "sigmoid_focal_loss") return {"pytorch.y", "pytorch.alpha", "pytorch.gamma"};
    return {}; // nll_loss, l1_loss, mse_loss, soft_margin_loss: no options to draw
}

void conform_batch(PytorchLabState& s) {
    s.rows = std::clamp(s.rows, 1, 16);
    s.classes = std::clamp(s.classes, 1, 10);
    const std::size_t n = std::size_t(s.rows), k = std::size_t(s.classes);
    // The old column count, inferred from the logits (they are always rows_old x k_old).
    const std::size_t old_n = s.labels.size();
    const std::size_t old_k = old_n ? s.logits.size() / old_n : k;
    if (old_n == n && old_k == k && s.soft.size() == n * k && s.weight.size() == k) return;
    auto regrid = [&](const std::vector<double>& v, double fill) {
        std::vector<double> out(n * k, fill);
        for (std::size_t i = 0; i < std::min(n, old_n); ++i)
            for (std::size_t c = 0; c < std::min(k, old_k); ++c)
                if (i * old_k + c < v.size()) out[i * k + c] = v[i * old_k + c];
        return out;
    };
    s.logits = regrid(s.logits, 0.0);
    s.soft = regrid(s.soft, 0.0);
    s.labels.resize(n, 0);
    // A class that no longer exists becomes the last one (other values, e.g. an ignore_index
    // or an index out of range, are left for evaluate_criterion to judge).
    for (int& y : s.labels)
        if (k < old_k && y >= int(k)) y = int(k) - 1;
    s.weight.resize(k, 1.0);
}

CriterionCall pytorch_call(const PytorchLabState& state, std::string_view reduction) {
    PytorchLabState s = state;
    conform_batch(s);
    CriterionCall call;
    call.criterion = std::string(crit_name(s));
    const auto shape = input_shape(s);
    call.tensors[input_name(s)] = {NpyDtype::Float64, shape, laid_out(s, criterion_input(s))};
    if (class_index_targets(s)) {
        std::vector<double> y(s.labels.begin(), s.labels.end());
        std::vector<std::size_t> yshape = pixel_layout(s)
                                              ? std::vector<std::size_t>{1, rows_of(s)}
                                              : std::vector<std::size_t>{rows_of(s)};
        call.tensors["target"] = {NpyDtype::Int64, yshape, y};
        call.options["ignore_index"] = std::to_string(s.ignore_index);
    } else {
        call.tensors[target_name(s)] = {NpyDtype::Float64, shape, laid_out(s, s.soft)};
    }
    // sigmoid_focal_loss takes no weight.
    if (s.use_weight && crit(s) != Crit::Focal)
        call.tensors["weight"] = {NpyDtype::Float64, {classes_of(s)}, s.weight};
    if (crit(s) == Crit::Focal) {
        call.options["alpha"] = fmt::format("{:.17g}", s.alpha);
        call.options["gamma"] = fmt::format("{:.17g}", s.gamma);
    } else if (crit(s) == Crit::Bce || crit(s) == Crit::Nll) {
        // binary_cross_entropy has no pos_weight; nll_loss no label_smoothing.
    } else if (is_bce(s)) {
        if (s.pos_weight != 1.0)
            call.tensors["pos_weight"] = {NpyDtype::Float64, {classes_of(s)},
                                          std::vector<double>(classes_of(s), s.pos_weight)};
    } else if (s.label_smoothing != 0.0) {
        call.options["label_smoothing"] = fmt::format("{:.17g}", s.label_smoothing);
    }
    call.options["reduction"] = std::string(reduction);
    return call;
}

Result<PytorchBatchResult> evaluate_pytorch_batch(const PytorchLabState& state) {
    PytorchLabState s = state;
    conform_batch(s);
    const std::size_t n = rows_of(s), k = classes_of(s);
    auto none = evaluate_criterion(pytorch_call(s, "none"), false);
    if (!none) return none.error();
    auto reduced = evaluate_criterion(pytorch_call(s, reduction_name(s)), true);
    if (!reduced) return reduced.error();

    PytorchBatchResult r;
    r.elements = none.value().value;
    r.per_row.assign(n, 0.0);
    if (is_bce(s)) {
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t c = 0; c < k; ++c) r.per_row[i] += r.elements[i * k + c];
    } else {
        r.per_row = r.elements;
    }
    r.ignored.assign(n, false);
    for (double e : r.elements) r.sum += e;
    if (class_index_targets(s)) {
        for (std::size_t i = 0; i < n; ++i) {
            r.ignored[i] = s.labels[i] == s.ignore_index;
            if (!r.ignored[i]) r.denominator += s.use_weight ? s.weight[std::size_t(s.labels[i])] : 1.0;
        }
    } else {
        r.denominator = is_bce(s) ? double(n * k) : double(n);
    }
    r.value = s.reduction == 0 ? r.sum : reduced.value().value.front();
    r.input_grad = reduced.value().grad;
    r.grad = logit_grad(s, rows_by_classes(s, reduced.value().grad));
    return r;
}

std::string pytorch_reduction_text(const PytorchLabState& s, const PytorchBatchResult& r) {
    using plot::format_value;
    std::size_t ignored = 0;
    for (bool b : r.ignored) ignored += b ? 1 : 0;
    if (s.reduction == 2) return fmt::format("sum = Σ ℓ = {}", format_value(r.value));
    if (s.reduction == 0)
        return fmt::format("none: {} losses (their sum is {}; nothing is divided)", r.elements.size(),
                           format_value(r.sum));
    std::string why;
    if (class_index_targets(s))
        why = s.use_weight ? fmt::format("Σ w[yᵢ] over the {} rows not ignored", r.ignored.size() - ignored)
                           : fmt::format("the {} rows not ignored", r.ignored.size() - ignored);
    else if (is_bce(s))
        why = fmt::format("N·K = {}·{} elements", s.rows, s.classes);
    else
        why = fmt::format("N = {} rows (probability targets: no weights in the denominator)", s.rows);
    std::string text = fmt::format("mean = Σ ℓ / D = {} / {} = {}\nD = {}", format_value(r.sum),
                                   format_value(r.denominator), format_value(r.value), why);
    if (ignored) text += fmt::format("; {} ignored row{} add 0 to both", ignored, ignored == 1 ? "" : "s");
    if (r.denominator == 0.0) text += "\nEvery row is ignored: PyTorch returns nan (0 / 0).";
    return text;
}

std::string pytorch_snippet(const PytorchLabState& state) {
    PytorchLabState s = state;
    conform_batch(s);
    const CriterionCall call = pytorch_call(s, reduction_name(s));
    const Crit c = crit(s);
    const bool through = c == Crit::Nll || c == Crit::Bce; // the input is made from the logits
    std::string py = "import torch\nimport torch.nn.functional as F\n";
    if (c == Crit::Focal) py += "from torchvision.ops import sigmoid_focal_loss\n";
    py += "\n# LossLab, PyTorch losses lab: the same batch in float64\n";
    auto tensor_line = [&](const std::string& name, const CriterionTensor& t) {
        const bool integer = t.dtype == NpyDtype::Int64;
        std::string values = integer ? "[" : py_list(t.values);
        if (integer) {
            for (std::size_t i = 0; i < t.values.size(); ++i)
                values += (i ? ", " : "") + fmt::format("{}", std::llround(t.values[i]));
            values += "]";
        }
        return fmt::format("{} = torch.tensor({}, dtype=torch.{}).reshape{}\n", name, values,
                           integer ? "int64" : "float64", py_shape(t.shape));
    };
    const std::string in = input_name(s), tg = class_index_targets(s) ? "target" : target_name(s);
    for (const auto& [name, t] : call.tensors) {
        if (name == in && through) {
            const CriterionTensor logits{NpyDtype::Float64, t.shape, laid_out(s, s.logits)};
            py += tensor_line("logits", logits);
            py += "logits.requires_grad_(True)\n";
            py += c == Crit::Nll ? "input = F.log_softmax(logits, dim=1)  # nll_loss takes "
                                   "log-probabilities\n"
                                 : "input = torch.sigmoid(logits)  # binary_cross_entropy takes "
                                   "probabilities\n";
            py += "input.retain_grad()\n";
            continue;
        }
        py += tensor_line(name, t);
    }
    if (!through) py += in + ".requires_grad_(True)\n";
    std::string args = in + ", " + tg;
    for (const auto& name : {"weight", "pos_weight"})
        if (call.tensors.count(name)) args += fmt::format(", {}={}", name, name);
    for (const auto& [name, value] : call.options)
        args += name == "reduction" ? fmt::format(", reduction='{}'", value)
                                    : fmt::format(", {}={}", name, value);
    py += c == Crit::Focal ? fmt::format("loss = sigmoid_focal_loss({})\n", args)
                           : fmt::format("loss = F.{}({})\n", call.criterion, args);
    py += "loss.sum().backward()\n";
    py += "print('loss', ' '.join(repr(v) for v in loss.detach().reshape(-1).tolist()))\n";
    py +=
        fmt::format("print('grad', ' '.join(repr(v) for v in {}.grad.reshape(-1).tolist()))\n", in);
    if (through)
        py += "print('grad_logits', ' '.join(repr(v) for v in logits.grad.reshape(-1).tolist()))\n";
    return py;
}

std::span<const PytorchPreset> pytorch_presets() {
    static const std::array kPresets{
        PytorchPreset{"binary", "10.1 binary",
                      "BCEWithLogitsLoss on three logits [0.3, −1.2, 2.0] with targets [1, 0, 1]"},
        PytorchPreset{"pos_weight", "10.2 pos_weight",
                      "pos_weight = 5 multiplies the loss of each positive by 5: the mean is "
                      "still over all N·K elements"},
        PytorchPreset{"multiclass", "10.3 multiclass",
                      "CrossEntropyLoss on N = 4 rows of K = 5 logits, targets [0, 3, 1, 4]"},
        PytorchPreset{"label_smoothing", "10.4 label smoothing",
                      "label_smoothing = 0.1 on 16 rows of 10 classes: the target is 0.9·y + 0.01"},
        PytorchPreset{"per_pixel", "10.5 per pixel, ignore_index",
                      "One 4×4 image of 4 classes; its top-left 2×2 pixels are −100 (ignored): the "
                      "mean divides by the 12 others"},
        PytorchPreset{"multi_label", "10.6 multi-label",
                      "BCEWithLogitsLoss on 8 rows of 6 independent labels (multi-hot targets)"},
        PytorchPreset{"softmax_pitfall", "pitfall: softmax for multi-label",
                      "The same multi-hot batch through cross_entropy: softmax makes the labels "
                      "compete, so two true labels end at 1/2 each and a row never goes below "
                      "Σy·log Σy (2 log 2 for two labels); the gradient (Σy)·q − y pulls every "
                      "true label towards 1/Σy, never to 1"},
    };
    return kPresets;
}

PytorchLabState pytorch_preset(std::string_view key) {
    PytorchLabState s; // the multiclass example
    auto multi_hot = [](std::initializer_list<int> bits) {
        return std::vector<double>(bits.begin(), bits.end());
    };
    const std::vector<double> ml_logits{
        0.26,  -0.83, -0.89, -0.59, -1.0,  1.68,  3.12, 2.52,  -0.34, 3.12,  0.06,  -0.21,
        1.43,  -0.24, -1.22, -0.74, 0.48,  2.14,  0.62, -1.72, -1.19, -0.25, -0.51, -1.83,
        1.61,  -2.39, 0.26,  0.71,  -0.32, 0.01,  1.76, -1.56, -1.16, -2.8,  -0.95, 1.78,
        -0.78, 0.78,  0.27,  0.84,  -0.48, -0.79, -0.1, -1.4,  0.32,  0.16,  0.24,  0.8};
    const auto ml_targets = multi_hot({1, 0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 0,
                                       1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0,
                                       1, 0, 0, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 0, 0, 1});
    if (key == "binary") {
        s.criterion = 1;
        s.target = 2;
        s.rows = 3;
        s.classes = 1;
        s.logits = {0.3, -1.2, 2.0};
        s.soft = {1, 0, 1};
        s.labels = {0, 0, 0};
        s.weight = {1};
    } else if (key == "pos_weight") {
        s.criterion = 1;
        s.target = 2;
        s.rows = 8;
        s.classes = 1;
        s.pos_weight = 5.0;
        s.logits = {-1.11, 1.31, -1.41, 0.81, -1.85, 1.18, -0.12, 2.13};
        s.soft = multi_hot({0, 1, 1, 1, 0, 1, 0, 0});
        s.labels.assign(8, 0);
        s.weight = {1};
    } else if (key == "label_smoothing") {
        s.rows = 16;
        s.classes = 10;
        s.label_smoothing = 0.1;
        s.logits = {
            1.31,  -2.3,  -1.09, -0.16, 0.72,  1.05,  -0.54, 0.13,  -0.76, -2.3,  2.87,  0.24,
            -3.36, 0.18,  -2.64, 0.42,  -1.98, 0.59,  -0.32, 0.0,   0.67,  0.86,  -1.2,  0.8,
            -2.13, -0.54, -1.06, 0.77,  -3.7,  -0.26, 0.45,  -2.14, 0.44,  -0.98, 0.53,  0.39,
            0.15,  0.14,  -2.37, -2.39, 1.73,  1.5,   2.38,  -0.93, 1.22,  1.76,  -0.03, 0.94,
            1.83,  0.13,  0.61,  -0.34, 0.89,  1.19,  1.63,  0.4,   -0.21, -1.65, 0.36,  0.09,
            0.71,  2.11,  1.58,  -0.81, 0.83,  0.63,  -0.62, 0.36,  1.19,  1.06,  0.59,  -0.93,
            2.27,  -2.06, -0.98, 0.44,  0.89,  2.04,  1.36,  -2.65, 0.41,  1.53,  1.27,  0.18,
            -0.21, 0.74,  4.21,  2.18,  -0.6,  1.66,  -1.66, -0.36, -1.5,  -0.94, -0.61, 0.04,
            -1.5,  -1.65, -0.21, -1.28, -2.64, 0.64,  -0.07, -0.49, -0.47, 0.79,  -0.37, -1.48,
            -0.83, 0.67,  -2.29, 0.68,  -0.72, -0.78, -1.66, 1.28,  3.04,  1.11,  2.08,  0.3,
            2.26,  3.0,   -0.38, -0.99, -2.9,  -0.07, 1.35,  -1.76, -1.59, -1.89, 1.55,  -0.91,
            -2.01, -1.78, -1.05, -0.07, -1.22, -0.67, -0.56, -2.43, 0.6,   -0.4,  3.44,  0.49,
            -0.64, -5.14, 1.45,  -3.42, 0.54,  0.8,   -1.92, -1.65, 2.7,   2.46,  0.13,  1.0,
            -0.88, 0.37,  0.51,  0.33};
        s.labels = {0, 9, 2, 2, 2, 3, 6, 0, 5, 1, 6, 6, 4, 1, 9, 6};
        s.soft.assign(160, 0.0);
        for (std::size_t i = 0; i < 16; ++i) s.soft[i * 10 + std::size_t(s.labels[i])] = 1.0;
        s.weight.assign(10, 1.0);
    } else if (key == "per_pixel") {
        s.rows = 16;
        s.classes = 4;
        s.pixels = true;
        s.logits = {-1.16, -0.79, -1.49, 0.58,  -1.56, 2.33,  0.34,  1.44,  0.38,  -0.33, 0.62,
                    2.51,  -0.68, -1.19, -1.52, -0.16, 0.84,  0.11,  0.12,  1.32,  -1.2,  0.82,
                    1.44,  -1.58, 0.0,   -2.18, 3.11,  0.72,  2.45,  0.0,   2.22,  -0.09, -0.61,
                    2.14,  -3.2,  -2.03, 0.74,  0.12,  1.22,  -2.48, 0.78,  0.01,  -0.48, -0.38,
                    -1.59, -0.35, -2.94, -2.06, -2.51, -1.05, -3.18, -0.7,  0.13,  -0.84, 1.13,
                    0.31,  -1.33, -1.9,  1.15,  -0.62, 2.27,  -1.59, -1.01, -1.05};
        s.labels = {3, 0, 0, 0, 2, 3, 2, 3, 2, 1, 2, 0, 3, 0, 1, 0};
        // targets[0, :2, :2] = -100 on a 4×4 image, flattened row by row: pixels 0, 1, 4, 5.
        for (std::size_t i : {0, 1, 4, 5}) s.labels[i] = -100;
        s.soft.assign(64, 0.0);
        s.weight.assign(4, 1.0);
    } else if (key == "multi_label" || key == "softmax_pitfall") {
        s.criterion = key == "multi_label" ? 1 : 0;
        s.target = 2;
        s.rows = 8;
        s.classes = 6;
        s.logits = ml_logits;
        s.soft = ml_targets;
        s.labels.assign(8, 0);
        s.weight.assign(6, 1.0);
    }
    return s;
}

plot::Figure pytorch_losses_figure(const PytorchLabState& state) {
    PytorchLabState s = state;
    conform_batch(s);
    plot::Figure fig;
    fig.name = "pytorch-losses";
    fig.title = is_bce(s) ? "Per-example losses (reduction='none', summed over K)"
                          : "Per-example losses (reduction='none')";
    const std::size_t n = rows_of(s);
    fig.x_axis = {"", -0.6, double(n) - 0.4};
    for (std::size_t i = 0; i < n; ++i) fig.x_axis.categories.push_back(row_name(s, i));
    fig.y_axis = {"loss", 0.0, 1.0};
    auto r = evaluate_pytorch_batch(s);
    if (!r) {
        fig.annotations.push_back({r.error().message, 0.0, 0.5});
        return fig;
    }
    plot::Series kept, ignored;
    kept.kind = ignored.kind = plot::SeriesKind::Bars;
    kept.name = "loss ℓᵢ";
    kept.id = "loss";
    ignored.name = "ignored (ignore_index)";
    ignored.id = "ignored";
    kept.color = plot::okabe_ito(0);
    ignored.color = {150, 150, 150, 255};
    double top = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        auto& series = r.value().ignored[i] ? ignored : kept;
        series.x.push_back(double(i));
        series.y.push_back(r.value().per_row[i]);
        series.point_labels.push_back(r.value().ignored[i] ? "0 (ignored)"
                                                           : plot::format_value(r.value().per_row[i], 3));
        if (std::isfinite(r.value().per_row[i])) top = std::max(top, r.value().per_row[i]);
    }
    fig.y_axis.max = top > 0.0 ? top * 1.2 : 1.0;
    fig.series.push_back(kept);
    if (!ignored.x.empty()) fig.series.push_back(ignored);
    if (s.reduction == 1 && std::isfinite(r.value().value) && !is_bce(s)) {
        plot::Series mean;
        mean.kind = plot::SeriesKind::HLine;
        mean.y = {r.value().value};
        mean.name = fmt::format("mean = {} / {}", plot::format_value(r.value().sum, 4),
                                plot::format_value(r.value().denominator, 4));
        mean.id = "mean";
        mean.color = plot::okabe_ito(5);
        mean.style = plot::LineStyle::Dashed;
        mean.width = 1.5f;
        fig.series.push_back(mean);
    }
    return fig;
}

plot::Figure pytorch_gradient_figure(const PytorchLabState& state) {
    PytorchLabState s = state;
    conform_batch(s);
    plot::Figure fig;
    fig.name = "pytorch-gradient";
    fig.title = is_bce(s) ? "d loss / d logits: (σ(z) − y), scaled by the reduction"
                          : "d loss / d logits: (softmax(z) − y), scaled by the reduction";
    const std::size_t n = rows_of(s), k = classes_of(s);
    fig.x_axis = {"", -0.6, double(k) - 0.4};
    for (std::size_t c = 0; c < k; ++c) fig.x_axis.categories.push_back(fmt::format("class {}", c));
    fig.y_axis = {"", double(n) - 0.4, -0.6};
    for (std::size_t i = 0; i < n; ++i) fig.y_axis.categories.push_back(row_name(s, i));
    auto r = evaluate_pytorch_batch(s);
    if (!r) return fig;
    plot::Series pos, neg;
    pos.kind = neg.kind = plot::SeriesKind::Markers;
    pos.name = "> 0 (gradient descent lowers this logit)";
    pos.id = "positive";
    neg.name = "< 0 (raises it)";
    neg.id = "negative";
    pos.color = plot::okabe_ito(5);
    neg.color = plot::okabe_ito(4);
    pos.marker_radius = neg.marker_radius = 5.0f;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t c = 0; c < k; ++c) {
            const double g = r.value().grad[i * k + c];
            auto& series = g >= 0.0 ? pos : neg;
            series.x.push_back(double(c));
            series.y.push_back(double(i));
            series.point_labels.push_back(plot::format_value(g, 3));
        }
    fig.series = {pos, neg};
    return fig;
}

plot::Figure logit_odds_chain_figure(const PytorchLabState& state) {
    plot::Figure fig;
    fig.name = "logit-odds-chain";
    fig.title = "logit z → odds e^z → p = σ(z) → log p → NLL −log p";
    fig.x_axis = {"z (logit, the batch's first logit)", -6.0, 6.0};
    fig.y_axis = {"value", -6.0, 8.0};
    const double z0 = state.logits.empty() ? 0.0 : std::clamp(state.logits.front(), -6.0, 6.0);
    // log σ(z) = −softplus(−z), computed without forming σ(z) (no log 0 for large −z).
    auto log_p = [](double z) { return -(std::max(-z, 0.0) + std::log1p(std::exp(-std::abs(z)))); };
    struct Link {
        const char* name;
        const char* id;
        std::function<double(double)> f;
    };
    const std::array<Link, 5> chain{
        Link{"logit z  (−∞, ∞)", "logit", [](double z) { return z; }},
        Link{"odds e^z  (0, ∞)", "odds", [](double z) { return std::exp(z); }},
        Link{"p = σ(z) = odds / (1 + odds)  (0, 1)", "p", [log_p](double z) { return std::exp(log_p(z)); }},
        Link{"log p  (−∞, 0)", "log-p", log_p},
        Link{"NLL −log p  (0, ∞)", "nll", [log_p](double z) { return -log_p(z); }},
    };
    for (std::size_t i = 0; i < chain.size(); ++i) {
        plot::Series line;
        line.name = chain[i].name;
        line.id = chain[i].id;
        line.color = plot::okabe_ito(int(i));
        for (int j = 0; j <= 480; ++j) {
            const double z = -6.0 + 12.0 * j / 480.0;
            const double v = chain[i].f(z);
            if (v > 8.5) continue; // e^z leaves the view: stop the line at its edge
            line.x.push_back(z);
            line.y.push_back(v);
        }
        line.exact = chain[i].f;
        fig.series.push_back(line);
        plot::Series dot;
        dot.kind = plot::SeriesKind::Markers;
        dot.id = std::string(chain[i].id) + "-marker";
        dot.color = line.color;
        dot.marker_radius = 5.5f;
        dot.x = {z0};
        dot.y = {chain[i].f(z0)};
        dot.point_labels = {plot::format_value(chain[i].f(z0), 4)};
        fig.series.push_back(dot);
    }
    plot::Series at;
    at.kind = plot::SeriesKind::VLine;
    at.x = {z0};
    at.color = {120, 120, 120, 200};
    at.width = 1.5f;
    at.style = plot::LineStyle::Dashed;
    fig.series.push_back(at);
    return fig;
}

std::span<const ParamBinding> pytorch_lab_params() {
    using namespace params;
#define LOSSLAB_PYTORCH_PARAM(spec, field)                                                         \
    ParamBinding {                                                                                 \
        LabId::Pytorch, "pytorch", &spec, [](AppState& s) -> ParamRef { return &s.pytorch.field; } \
    }
    static const std::array kParams{
        LOSSLAB_PYTORCH_PARAM(kPytorchView, view),
        ParamBinding{LabId::Pytorch, "pytorch", &kPytorchCriterion,
                     [](AppState& s) -> ParamRef { return &s.pytorch.criterion; }},
        ParamBinding{LabId::Pytorch, "pytorch", &kPytorchReduction,
                     [](AppState& s) -> ParamRef { return &s.pytorch.reduction; }},
        ParamBinding{LabId::Pytorch, "pytorch", &kPytorchTarget,
                     [](AppState& s) -> ParamRef { return &s.pytorch.target; }},
        ParamBinding{LabId::Pytorch, "pytorch", &kPytorchRows,
                     [](AppState& s) -> ParamRef { return &s.pytorch.rows; }},
        ParamBinding{LabId::Pytorch, "pytorch", &kPytorchClasses,
                     [](AppState& s) -> ParamRef { return &s.pytorch.classes; }},
        ParamBinding{LabId::Pytorch, "pytorch", &kPytorchPixels,
                     [](AppState& s) -> ParamRef { return &s.pytorch.pixels; }},
        ParamBinding{LabId::Pytorch, "pytorch", &kPytorchLabelSmoothing,
                     [](AppState& s) -> ParamRef { return &s.pytorch.label_smoothing; }},
        ParamBinding{LabId::Pytorch, "pytorch", &kPytorchIgnoreIndex,
                     [](AppState& s) -> ParamRef { return &s.pytorch.ignore_index; }},
        ParamBinding{LabId::Pytorch, "pytorch", &kPytorchUseWeight,
                     [](AppState& s) -> ParamRef { return &s.pytorch.use_weight; }},
        ParamBinding{LabId::Pytorch, "pytorch", &kPytorchPosWeight,
                     [](AppState& s) -> ParamRef { return &s.pytorch.pos_weight; }},
        LOSSLAB_PYTORCH_PARAM(kFocalAlpha, alpha),
        LOSSLAB_PYTORCH_PARAM(kFocalGamma, gamma),
        LOSSLAB_PYTORCH_PARAM(kCatalogueCriterion, catalogue),
        LOSSLAB_PYTORCH_PARAM(kCatalogueTargetY, y),
        LOSSLAB_PYTORCH_PARAM(kCatalogueKlTarget, kl_target),
        LOSSLAB_PYTORCH_PARAM(kCatalogueLogTarget, log_target),
        LOSSLAB_PYTORCH_PARAM(kSmoothL1Beta, beta),
        LOSSLAB_PYTORCH_PARAM(kHuberDelta, delta),
        LOSSLAB_PYTORCH_PARAM(kCataloguePoissonCount, count),
        LOSSLAB_PYTORCH_PARAM(kPoissonLogInput, log_input),
        LOSSLAB_PYTORCH_PARAM(kNllFull, full),
        LOSSLAB_PYTORCH_PARAM(kGaussianVar, var),
        LOSSLAB_PYTORCH_PARAM(kCatalogueHingeMargin, hinge_margin),
        LOSSLAB_PYTORCH_PARAM(kCatalogueCosineMargin, cosine_margin),
        LOSSLAB_PYTORCH_PARAM(kCatalogueRankingMargin, ranking_margin),
        LOSSLAB_PYTORCH_PARAM(kCatalogueTripletMargin, triplet_margin),
        LOSSLAB_PYTORCH_PARAM(kCatalogueTripletP, p),
        LOSSLAB_PYTORCH_PARAM(kCatalogueTripletSwap, swap),
        LOSSLAB_PYTORCH_PARAM(kCtcTarget, ctc_target),
        LOSSLAB_PYTORCH_PARAM(kCtcFrames, ctc_frames),
        LOSSLAB_PYTORCH_PARAM(kCtcSeed, ctc_seed),
        LOSSLAB_PYTORCH_PARAM(kCtcSharpness, ctc_sharpness),
        LOSSLAB_PYTORCH_PARAM(kCtcZeroInfinity, zero_infinity),
        LOSSLAB_PYTORCH_PARAM(kPipelineTarget, pipeline_y),
    };
#undef LOSSLAB_PYTORCH_PARAM
    return kParams;
}

namespace {

// The catalogue figure of criterion I (a plain function, as FigureInfo needs).
template <std::size_t I> plot::Figure catalogue_figure_of(const AppState& s) {
    return catalogue_figure(s.pytorch, params::kCatalogueCriteria[I]);
}

template <std::size_t... I>
std::vector<FigureInfo> catalogue_figure_infos(std::index_sequence<I...>) {
    static const std::array<std::string, sizeof...(I)> names{
        catalogue_figure_name(params::kCatalogueCriteria[I])...};
    return {FigureInfo{names[I], LabId::Pytorch, &catalogue_figure_of<I>}...};
}

} // namespace

std::span<const FigureInfo> pytorch_lab_figures() {
    static const std::vector<FigureInfo> kFigures = [] {
        std::vector<FigureInfo> v{
            FigureInfo{"pytorch-losses", LabId::Pytorch,
                       [](const AppState& s) { return pytorch_losses_figure(s.pytorch); }},
            FigureInfo{"pytorch-gradient", LabId::Pytorch,
                       [](const AppState& s) { return pytorch_gradient_figure(s.pytorch); }},
            FigureInfo{"logit-odds-chain", LabId::Pytorch,
                       [](const AppState& s) { return logit_odds_chain_figure(s.pytorch); }},
        };
        const auto catalogue =
            catalogue_figure_infos(std::make_index_sequence<params::kCatalogueCriteria.size()>{});
        v.insert(v.end(), catalogue.begin(), catalogue.end());
        v.push_back({"pipeline-cross-entropy", LabId::Pytorch,
                     [](const AppState& s) { return pipeline_cross_entropy_figure(s.pytorch); }});
        v.push_back({"pipeline-bce", LabId::Pytorch,
                     [](const AppState& s) { return pipeline_bce_figure(s.pytorch); }});
        return v;
    }();
    return kFigures;
}

} // namespace losslab::model
