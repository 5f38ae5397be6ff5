#include "model/tensors/criteria.hpp"

#include "losslab/binary_losses.hpp"
#include "losslab/criteria_grad.hpp"
#include "losslab/ctc_loss.hpp"
#include "losslab/focal_loss.hpp"
#include "losslab/information.hpp"
#include "losslab/margin_losses.hpp"
#include "losslab/multiclass_losses.hpp"
#include "losslab/reduction.hpp"
#include "losslab/regression_losses.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>
#include <optional>

namespace losslab::model {

namespace {

using Shape = std::vector<std::size_t>;

constexpr TensorKind F = TensorKind::Float;
constexpr TensorKind I = TensorKind::ClassIndex;
constexpr TensorKind A = TensorKind::FloatOrIndex;

std::size_t numel(const Shape& s) {
    std::size_t n = 1;
    for (std::size_t e : s)
        n *= e;
    return n;
}

std::string dtype_name(NpyDtype d) {
    switch (d) {
    case NpyDtype::Float32:
        return "float32";
    case NpyDtype::Float64:
        return "float64";
    case NpyDtype::Int64:
        return "int64";
    case NpyDtype::Int32:
        return "int32";
    case NpyDtype::UInt8:
        return "uint8";
    }
    return "?";
}

// "float64 (3, 4)": how a given tensor is described in messages.
std::string described(const CriterionTensor& t) {
    return dtype_name(t.dtype) + " " + npy_shape_text(t.shape);
}

std::string num(double v) {
    return fmt::format("{}", v);
}

// The flag of a tensor or option name, for messages.
std::string flag(std::string_view name) {
    return criterion_flag(name);
}

// The options of a call, parsed against the spec's defaults.
class Options {
public:
    Options(const CriterionSpec& spec, const std::map<std::string, std::string>& given)
        : m_spec(spec), m_given(given) {}

    std::string text(std::string_view name) const {
        if (auto it = m_given.find(std::string(name)); it != m_given.end()) return it->second;
        for (const auto& [n, d] : m_spec.options)
            if (n == name) return std::string(d);
        return {};
    }

    Result<double> real(std::string_view name, bool allow_inf = false) const {
        const std::string t = text(name);
        char* end = nullptr;
        const double v = std::strtod(t.c_str(), &end);
        if (t.empty() || *end != '\0' || std::isnan(v) || (!allow_inf && std::isinf(v)))
            return make_error(flag(name), allow_inf ? "a number (inf allowed)" : "a finite number",
                              quote(t));
        return v;
    }

    Result<std::int64_t> integer(std::string_view name) const {
        const std::string t = text(name);
        char* end = nullptr;
        errno = 0;
        const long long v = std::strtoll(t.c_str(), &end, 10);
        if (t.empty() || *end != '\0' || errno == ERANGE)
            return make_error(flag(name), "a whole number", quote(t));
        return std::int64_t(v);
    }

    Result<bool> boolean(std::string_view name) const {
        const std::string t = text(name);
        if (t == "true" || t == "True" || t == "1") return true;
        if (t == "false" || t == "False" || t == "0") return false;
        return make_error(flag(name), "true or false", quote(t));
    }

private:
    const CriterionSpec& m_spec;
    const std::map<std::string, std::string>& m_given;
};

// The reduction option: none, mean, sum (and batchmean for kl_div).
struct ReductionChoice {
    Reduction reduction = Reduction::Mean;
    bool batchmean = false;
};

Result<ReductionChoice> parse_reduction(const std::string& t, bool allow_batchmean) {
    if (t == "none") return ReductionChoice{Reduction::None, false};
    if (t == "mean") return ReductionChoice{Reduction::Mean, false};
    if (t == "sum") return ReductionChoice{Reduction::Sum, false};
    if (allow_batchmean && t == "batchmean") return ReductionChoice{Reduction::Sum, true};
    return make_error(
        "--reduction",
        allow_batchmean ? "one of none, mean, sum, batchmean" : "one of none, mean, sum", quote(t));
}

// numpy broadcasting of several tensors: the result shape and, per tensor, the flat index of
// each result element.
struct Broadcast {
    Shape shape;
    std::vector<std::vector<std::size_t>> index;
};

Result<Broadcast>
broadcast(const std::vector<std::pair<std::string_view, const CriterionTensor*>>& ts) {
    std::size_t rank = 0;
    for (const auto& [n, t] : ts)
        rank = std::max(rank, t->shape.size());
    Shape out(rank, 1);
    for (const auto& [n, t] : ts) {
        const std::size_t off = rank - t->shape.size();
        for (std::size_t d = 0; d < t->shape.size(); ++d) {
            const std::size_t e = t->shape[d];
            if (e == out[off + d] || e == 1) continue;
            if (out[off + d] != 1)
                return make_error(flag(n),
                                  "a shape broadcastable with " + flag(ts[0].first) + " " +
                                      npy_shape_text(ts[0].second->shape),
                                  npy_shape_text(t->shape));
            out[off + d] = e;
        }
    }
    Broadcast b{out, {}};
    const std::size_t total = numel(out);
    for (const auto& [n, t] : ts) {
        const std::size_t off = rank - t->shape.size();
        std::vector<std::size_t> stride(rank, 0);
        std::size_t s = 1;
        for (std::size_t d = t->shape.size(); d-- > 0;) {
            stride[off + d] = t->shape[d] == 1 ? 0 : s;
            s *= t->shape[d];
        }
        std::vector<std::size_t> idx(total);
        std::vector<std::size_t> coord(rank, 0);
        for (std::size_t i = 0; i < total; ++i) {
            std::size_t k = 0;
            for (std::size_t d = 0; d < rank; ++d)
                k += coord[d] * stride[d];
            idx[i] = k;
            for (std::size_t d = rank; d-- > 0;) {
                if (++coord[d] < out[d]) break;
                coord[d] = 0;
            }
        }
        b.index.push_back(std::move(idx));
    }
    return b;
}

// The inputs of one evaluation, checked against the spec.
struct Call {
    const CriterionSpec& spec;
    const CriterionCall& call;
    Options opts;
    bool with_grad;
    const CriterionTensor* tensor(std::string_view name) const {
        auto it = call.tensors.find(std::string(name));
        return it == call.tensors.end() ? nullptr : &it->second;
    }
};

// Per-element losses over a broadcast shape, with d loss_i / d first-tensor element.
struct Elementwise {
    Shape shape;
    std::vector<double> loss, dloss;
    std::vector<std::size_t> first_index; // flat index into the first tensor
};

// Reduces an elementwise result: Mean over the elements (or batchmean: sum / rows), gradient
// accumulated onto the first tensor's shape.
CriterionResult finish(const Elementwise& e, ReductionChoice r, const CriterionTensor& first,
                       std::string_view first_name, bool with_grad, double batch_rows = 1.0) {
    CriterionResult out;
    const ReducedLoss red = reduce(e.loss, r.reduction);
    out.value = red.values;
    if (r.reduction == Reduction::None) out.shape = e.shape;
    double scale = 1.0;
    if (r.reduction == Reduction::Mean) scale = 1.0 / double(e.loss.size());
    if (r.batchmean) {
        out.value[0] /= batch_rows;
        scale = 1.0 / batch_rows;
    }
    out.grad_of = std::string(first_name);
    out.grad_shape = first.shape;
    if (with_grad) {
        out.grad.assign(first.values.size(), 0.0);
        for (std::size_t i = 0; i < e.dloss.size(); ++i)
            out.grad[e.first_index[i]] += e.dloss[i] * scale;
    }
    return out;
}

// Evaluates f(values of each tensor at i) -> {loss, dloss} over the broadcast of `names`.
using ElementFn = std::function<std::pair<double, double>(const std::vector<double>&)>;

Result<Elementwise> elementwise(const Call& c, const std::vector<std::string_view>& names,
                                const ElementFn& f) {
    std::vector<std::pair<std::string_view, const CriterionTensor*>> ts;
    for (auto n : names)
        if (const CriterionTensor* t = c.tensor(n)) ts.emplace_back(n, t);
    auto b = broadcast(ts);
    if (!b) return b.error();
    const Broadcast& bc = b.value();
    Elementwise e{bc.shape, {}, {}, bc.index[0]};
    const std::size_t total = numel(bc.shape);
    e.loss.resize(total);
    e.dloss.resize(total);
    std::vector<double> args(names.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < total; ++i) {
        for (std::size_t k = 0, used = 0; k < names.size(); ++k) {
            if (used < ts.size() && ts[used].first == names[k]) {
                args[k] = ts[used].second->values[bc.index[used][i]];
                ++used;
            } else {
                args[k] = std::numeric_limits<double>::quiet_NaN(); // absent optional tensor
            }
        }
        const auto [l, g] = f(args);
        e.loss[i] = l;
        e.dloss[i] = g;
    }
    return e;
}

// A value that is not NaN: absent optional tensors (weights) default to 1.
double or_one(double v) {
    return std::isnan(v) ? 1.0 : v;
}

Status require_same_shape(const Call& c, std::string_view name, std::string_view like) {
    const CriterionTensor* t = c.tensor(name);
    const CriterionTensor* l = c.tensor(like);
    if (t->shape != l->shape)
        return make_error(flag(name), "the shape of " + flag(like) + " " + npy_shape_text(l->shape),
                          npy_shape_text(t->shape));
    return Ok{};
}

// Tensors optional weights must broadcast to the first tensor's shape without growing it.
Status require_broadcast_to(const Call& c, std::string_view name, std::string_view to) {
    const CriterionTensor* t = c.tensor(name);
    if (!t) return Ok{};
    const CriterionTensor* target = c.tensor(to);
    auto b = broadcast({{to, target}, {name, t}});
    if (!b || b.value().shape != target->shape)
        return make_error(flag(name),
                          "a shape broadcastable to " + flag(to) + " " +
                              npy_shape_text(target->shape),
                          npy_shape_text(t->shape));
    return Ok{};
}

// --- class scores: cross_entropy and nll_loss --------------------------------------------

Result<CriterionResult> class_scores(const Call& c, bool nll, ReductionChoice r) {
    const CriterionTensor& x = *c.tensor("input");
    const CriterionTensor& y = *c.tensor("target");
    const CriterionTensor* w = c.tensor("weight");
    if (x.shape.size() < 2)
        return make_error("--input", "class scores of shape (N, C) or (N, C, d1, ...)",
                          described(x));
    const std::size_t n = x.shape[0], k = x.shape[1];
    const std::size_t d = numel(x.shape) / (n * k);
    Shape index_shape = x.shape;
    index_shape.erase(index_shape.begin() + 1);
    const bool probs = !y.is_integer();
    if (probs && (nll || y.shape != x.shape))
        return make_error(
            "--target",
            "class indices (int64 or int32) of shape " + npy_shape_text(index_shape) +
                (nll ? std::string()
                     : " or probabilities (float) of shape " + npy_shape_text(x.shape)),
            described(y));
    if (!probs && y.shape != index_shape)
        return make_error("--target", "class indices of shape " + npy_shape_text(index_shape),
                          described(y));
    if (w && (w->shape.size() != 1 || w->shape[0] != k))
        return make_error("--weight", "one weight per class, shape (" + std::to_string(k) + ",)",
                          described(*w));
    auto ignore = c.opts.integer("ignore_index");
    if (!ignore) return ignore.error();
    CrossEntropyOptions o;
    o.ignore_index = ignore.value();
    o.reduction = r.reduction;
    if (w) o.weight = w->values;
    if (!nll) {
        auto eps = c.opts.real("label_smoothing");
        if (!eps) return eps.error();
        if (!(eps.value() >= 0.0 && eps.value() <= 1.0))
            return make_error("--label-smoothing", "a value in [0, 1]", num(eps.value()));
        o.label_smoothing = eps.value();
    }
    if (probs && o.ignore_index >= 0)
        return make_error("--ignore-index", "a negative value with probability targets",
                          std::to_string(o.ignore_index));
    // Rows (n, j) of K scores: element (n, c, j) of the input.
    const std::size_t rows = n * d;
    auto to_rows = [&](const std::vector<double>& v) {
        std::vector<double> out(rows * k);
        for (std::size_t a = 0; a < n; ++a)
            for (std::size_t cc = 0; cc < k; ++cc)
                for (std::size_t j = 0; j < d; ++j)
                    out[(a * d + j) * k + cc] = v[(a * k + cc) * d + j];
        return out;
    };
    auto from_rows = [&](const std::vector<double>& v) {
        std::vector<double> out(rows * k);
        for (std::size_t a = 0; a < n; ++a)
            for (std::size_t cc = 0; cc < k; ++cc)
                for (std::size_t j = 0; j < d; ++j)
                    out[(a * k + cc) * d + j] = v[(a * d + j) * k + cc];
        return out;
    };
    const std::vector<double> logits = to_rows(x.values);
    CriterionResult out;
    out.grad_of = "input";
    out.grad_shape = x.shape;
    Result<ReducedLoss> value = ReducedLoss{};
    if (probs) {
        const std::vector<double> t = to_rows(y.values);
        value = cross_entropy_soft(logits, k, t, o);
        if (value && c.with_grad) {
            auto g = cross_entropy_soft_grad(logits, k, t, o);
            if (!g) return g.error();
            out.grad = from_rows(g.value());
        }
    } else {
        std::vector<std::int64_t> t(y.values.size());
        for (std::size_t i = 0; i < t.size(); ++i) {
            t[i] = std::int64_t(y.values[i]);
            if (t[i] != o.ignore_index && (t[i] < 0 || t[i] >= std::int64_t(k)))
                return make_error("--target",
                                  "class indices in [0, " + std::to_string(k) +
                                      ") or --ignore-index " + std::to_string(o.ignore_index),
                                  std::to_string(t[i]));
        }
        value = nll ? nll_loss(logits, k, t, o) : cross_entropy(logits, k, t, o);
        if (value && c.with_grad) {
            auto g = nll ? nll_loss_grad(logits, k, t, o) : cross_entropy_grad(logits, k, t, o);
            if (!g) return g.error();
            out.grad = from_rows(g.value());
        }
    }
    if (!value) return value.error();
    out.value = value.value().values;
    if (r.reduction == Reduction::None) out.shape = index_shape;
    return out;
}

// --- row-wise embedding losses ---------------------------------------------------------------

Result<CriterionResult> cosine_embedding(const Call& c, ReductionChoice r) {
    const CriterionTensor& x1 = *c.tensor("input1");
    const CriterionTensor& x2 = *c.tensor("input2");
    const CriterionTensor& y = *c.tensor("target");
    if (x1.shape.size() != 2) return make_error("--input1", "a 2-d tensor (N, D)", described(x1));
    if (auto s = require_same_shape(c, "input2", "input1"); !s) return s.error();
    if (y.shape != Shape{x1.shape[0]})
        return make_error("--target",
                          "one label per row, shape (" + std::to_string(x1.shape[0]) + ",)",
                          described(y));
    auto margin = c.opts.real("margin");
    if (!margin) return margin.error();
    const CosineEmbeddingParams p{margin.value()};
    const std::size_t dim = x1.shape[1];
    auto v = cosine_embedding_loss_batch(x1.values, x2.values, y.values, dim, p, r.reduction);
    if (!v) return v.error();
    CriterionResult out;
    out.value = v.value().values;
    if (r.reduction == Reduction::None) out.shape = y.shape;
    out.grad_of = "input1";
    out.grad_shape = x1.shape;
    if (c.with_grad) {
        out.grad.assign(x1.values.size(), 0.0);
        const double scale = r.reduction == Reduction::Mean ? 1.0 / double(x1.shape[0]) : 1.0;
        const std::span<const double> a(x1.values), b(x2.values);
        std::span<double> g(out.grad);
        for (std::size_t i = 0; i < x1.shape[0]; ++i) {
            cosine_embedding_loss_grad(a.subspan(i * dim, dim), b.subspan(i * dim, dim),
                                       y.values[i], p, g.subspan(i * dim, dim));
            for (std::size_t j = 0; j < dim; ++j)
                g[i * dim + j] *= scale;
        }
    }
    return out;
}

Result<CriterionResult> triplet(const Call& c, ReductionChoice r) {
    const CriterionTensor& a = *c.tensor("anchor");
    if (a.shape.size() != 1 && a.shape.size() != 2)
        return make_error("--anchor", "a 1-d (D) or 2-d (N, D) tensor", described(a));
    for (auto n : {"positive", "negative"})
        if (auto s = require_same_shape(c, n, "anchor"); !s) return s.error();
    TripletMarginParams p;
    auto margin = c.opts.real("margin");
    if (!margin) return margin.error();
    auto pn = c.opts.real("p", true);
    if (!pn) return pn.error();
    auto eps = c.opts.real("eps");
    if (!eps) return eps.error();
    auto swap = c.opts.boolean("swap");
    if (!swap) return swap.error();
    p = {margin.value(), pn.value(), eps.value(), swap.value()};
    if (!(p.p > 0.0)) return make_error("--p", "a norm degree > 0", num(p.p));
    if (!(p.eps >= 0.0)) return make_error("--eps", "a value >= 0", num(p.eps));
    const std::size_t dim = a.shape.back();
    const std::size_t rows = a.values.size() / dim;
    auto v = triplet_margin_loss_batch(a.values, c.tensor("positive")->values,
                                       c.tensor("negative")->values, dim, p, r.reduction);
    if (!v) return v.error();
    CriterionResult out;
    out.value = v.value().values;
    if (r.reduction == Reduction::None && a.shape.size() == 2) out.shape = {rows};
    out.grad_of = "anchor";
    out.grad_shape = a.shape;
    if (c.with_grad) {
        out.grad.assign(a.values.size(), 0.0);
        const double scale = r.reduction == Reduction::Mean ? 1.0 / double(rows) : 1.0;
        const std::span<const double> aa(a.values), pp(c.tensor("positive")->values),
            nn(c.tensor("negative")->values);
        std::span<double> g(out.grad);
        for (std::size_t i = 0; i < rows; ++i) {
            triplet_margin_loss_grad(aa.subspan(i * dim, dim), pp.subspan(i * dim, dim),
                                     nn.subspan(i * dim, dim), p, g.subspan(i * dim, dim));
            for (std::size_t j = 0; j < dim; ++j)
                g[i * dim + j] *= scale;
        }
    }
    return out;
}

Result<CriterionResult> multilabel_margin(const Call& c, ReductionChoice r) {
    const CriterionTensor& x = *c.tensor("input");
    const CriterionTensor& y = *c.tensor("target");
    if (x.shape.size() != 1 && x.shape.size() != 2)
        return make_error("--input", "a 1-d (C) or 2-d (N, C) tensor", described(x));
    if (auto s = require_same_shape(c, "target", "input"); !s) return s.error();
    const std::size_t k = x.shape.back(), rows = x.values.size() / k;
    std::vector<int> t(y.values.size());
    for (std::size_t i = 0; i < rows; ++i) {
        bool ended = false;
        for (std::size_t j = 0; j < k; ++j) {
            const double v = y.values[i * k + j];
            if (!ended && (v < -1 || v >= double(k)))
                return make_error("--target",
                                  "class indices in [0, " + std::to_string(k) + ") ended by -1",
                                  num(v));
            if (v == -1) ended = true;
            t[i * k + j] = ended ? -1 : int(v);
        }
    }
    auto v = multilabel_margin_loss_batch(x.values, t, k, r.reduction);
    if (!v) return v.error();
    CriterionResult out;
    out.value = v.value().values;
    if (r.reduction == Reduction::None && x.shape.size() == 2) out.shape = {rows};
    out.grad_of = "input";
    out.grad_shape = x.shape;
    if (c.with_grad) {
        out.grad.assign(x.values.size(), 0.0);
        const double scale = r.reduction == Reduction::Mean ? 1.0 / double(rows) : 1.0;
        const std::span<const double> xs(x.values);
        const std::span<const int> ts(t);
        std::span<double> g(out.grad);
        for (std::size_t i = 0; i < rows; ++i) {
            multilabel_margin_loss_grad(xs.subspan(i * k, k), ts.subspan(i * k, k),
                                        g.subspan(i * k, k));
            for (std::size_t j = 0; j < k; ++j)
                g[i * k + j] *= scale;
        }
    }
    return out;
}

// --- CTC ----------------------------------------------------------------------------------

Result<std::vector<int>> ints(const CriterionTensor& t, std::string_view name) {
    std::vector<int> v(t.values.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (std::fabs(t.values[i]) > double(std::numeric_limits<int>::max()))
            return make_error(flag(name), "values that fit in int32", num(t.values[i]));
        v[i] = int(t.values[i]);
    }
    return v;
}

// The core's "ctc_loss targets requires ..." names the flag instead.
Error ctc_error(Error e) {
    for (auto n : {"input_lengths", "target_lengths", "targets", "log_probs", "blank"}) {
        const std::string prefix = std::string("ctc_loss ") + n;
        if (e.message.rfind(prefix, 0) == 0) {
            e.message = flag(n) + e.message.substr(prefix.size());
            break;
        }
    }
    return e;
}

Result<CriterionResult> ctc(const Call& c, ReductionChoice r) {
    const CriterionTensor& lp = *c.tensor("log_probs");
    const CriterionTensor& tg = *c.tensor("targets");
    const CriterionTensor& il = *c.tensor("input_lengths");
    const CriterionTensor& tl = *c.tensor("target_lengths");
    if (lp.shape.size() != 3)
        return make_error("--log-probs", "a 3-d tensor (T, N, C)", described(lp));
    const std::size_t n = lp.shape[1];
    if (tg.shape.size() != 1 && !(tg.shape.size() == 2 && tg.shape[0] == n))
        return make_error("--targets",
                          "(N, S) = (" + std::to_string(n) +
                              ", S) padded or (sum(target_lengths),) "
                              "concatenated",
                          described(tg));
    for (auto [name, t] :
         {std::pair<std::string_view, const CriterionTensor*>{"input_lengths", &il},
          {"target_lengths", &tl}})
        if (t->shape != Shape{n})
            return make_error(flag(name),
                              "one length per sequence, shape (" + std::to_string(n) + ",)",
                              described(*t));
    auto targets = ints(tg, "targets");
    if (!targets) return targets.error();
    auto ilv = ints(il, "input_lengths");
    if (!ilv) return ilv.error();
    auto tlv = ints(tl, "target_lengths");
    if (!tlv) return tlv.error();
    auto blank = c.opts.integer("blank");
    if (!blank) return blank.error();
    auto zi = c.opts.boolean("zero_infinity");
    if (!zi) return zi.error();
    if (blank.value() < 0 || blank.value() >= std::int64_t(lp.shape[2]))
        return make_error("--blank", "a class index in [0, " + std::to_string(lp.shape[2]) + ")",
                          std::to_string(blank.value()));
    CtcBatch b{lp.values,
               lp.shape[0],
               n,
               lp.shape[2],
               targets.value(),
               tg.shape.size() == 2 ? CtcTargetLayout::Padded : CtcTargetLayout::Concatenated,
               ilv.value(),
               tlv.value()};
    const CtcParams p{int(blank.value()), r.reduction, zi.value()};
    auto v = ctc_loss(b, p);
    if (!v) return ctc_error(v.error());
    CriterionResult out;
    out.value = v.value().values;
    if (r.reduction == Reduction::None) out.shape = {n};
    out.grad_of = "log_probs";
    out.grad_shape = lp.shape;
    if (c.with_grad) {
        auto g = ctc_loss_grad(b, p);
        if (!g) return ctc_error(g.error());
        out.grad = std::move(g.value());
    }
    return out;
}

// --- dispatch -------------------------------------------------------------------------------

Result<CriterionResult> dispatch(const Call& c, ReductionChoice r) {
    const std::string_view name = c.spec.name;
    const CriterionTensor& first = *c.tensor(c.spec.tensors[0].name);
    const std::string_view first_name = c.spec.tensors[0].name;
    auto run = [&](const std::vector<std::string_view>& names,
                   const ElementFn& f) -> Result<CriterionResult> {
        auto e = elementwise(c, names, f);
        if (!e) return e.error();
        double rows = first.shape.empty() ? 1.0 : double(first.shape[0]);
        return finish(e.value(), r, first, first_name, c.with_grad, rows);
    };
    if (name == "cross_entropy") return class_scores(c, false, r);
    if (name == "nll_loss") return class_scores(c, true, r);
    if (name == "cosine_embedding_loss") return cosine_embedding(c, r);
    if (name == "triplet_margin_loss") return triplet(c, r);
    if (name == "multilabel_margin_loss") return multilabel_margin(c, r);
    if (name == "ctc_loss") return ctc(c, r);
    if (name == "binary_cross_entropy" || name == "binary_cross_entropy_with_logits") {
        if (auto s = require_same_shape(c, "target", "input"); !s) return s.error();
        const bool logits = name == "binary_cross_entropy_with_logits";
        for (auto n : {"weight", "pos_weight"})
            if (auto s = require_broadcast_to(c, n, "input"); !s) return s.error();
        if (!logits)
            for (double p : first.values)
                if (!(p >= 0.0 && p <= 1.0))
                    return make_error("--input", "probabilities in [0, 1]", num(p));
        if (logits)
            return run({"input", "target", "weight", "pos_weight"}, [](const auto& v) {
                const BceParams bp{or_one(v[2]), or_one(v[3])};
                return std::pair{bce_with_logits(v[0], v[1], bp),
                                 bce_with_logits_grad(v[0], v[1], bp)};
            });
        return run({"input", "target", "weight"}, [](const auto& v) {
            const double w = or_one(v[2]);
            return std::pair{bce_prob(v[0], v[1], w), bce_prob_grad(v[0], v[1], w)};
        });
    }
    if (name == "kl_div") {
        auto lt = c.opts.boolean("log_target");
        if (!lt) return lt.error();
        const bool log_target = lt.value();
        return run({"input", "target"}, [log_target](const auto& v) {
            const double x[1] = {v[0]}, t[1] = {v[1]};
            const double l = kl_div(x, t, KlReduction::None, 1, log_target).values[0];
            return std::pair{l, kl_div_grad(v[0], v[1], log_target)};
        });
    }
    if (name == "l1_loss")
        return run({"input", "target"}, [](const auto& v) {
            return std::pair{l1_loss(v[0], v[1]), l1_loss_grad(v[0], v[1])};
        });
    if (name == "mse_loss")
        return run({"input", "target"}, [](const auto& v) {
            return std::pair{mse_loss(v[0], v[1]), mse_loss_grad(v[0], v[1])};
        });
    if (name == "smooth_l1_loss") {
        auto beta = c.opts.real("beta");
        if (!beta) return beta.error();
        if (beta.value() < 0.0) return make_error("--beta", "a value >= 0", num(beta.value()));
        const SmoothL1Params p{beta.value()};
        return run({"input", "target"}, [p](const auto& v) {
            return std::pair{smooth_l1_loss(v[0], v[1], p), smooth_l1_loss_grad(v[0], v[1], p)};
        });
    }
    if (name == "huber_loss") {
        auto delta = c.opts.real("delta");
        if (!delta) return delta.error();
        if (!(delta.value() > 0.0)) return make_error("--delta", "a value > 0", num(delta.value()));
        const HuberParams p{delta.value()};
        return run({"input", "target"}, [p](const auto& v) {
            return std::pair{huber_loss(v[0], v[1], p), huber_loss_grad(v[0], v[1], p)};
        });
    }
    if (name == "poisson_nll_loss") {
        auto li = c.opts.boolean("log_input");
        if (!li) return li.error();
        auto full = c.opts.boolean("full");
        if (!full) return full.error();
        auto eps = c.opts.real("eps");
        if (!eps) return eps.error();
        const PoissonNllParams p{li.value(), full.value(), eps.value()};
        return run({"input", "target"}, [p](const auto& v) {
            return std::pair{poisson_nll_loss(v[0], v[1], p), poisson_nll_loss_grad(v[0], v[1], p)};
        });
    }
    if (name == "gaussian_nll_loss") {
        auto full = c.opts.boolean("full");
        if (!full) return full.error();
        auto eps = c.opts.real("eps");
        if (!eps) return eps.error();
        if (eps.value() < 0.0) return make_error("--eps", "a value >= 0", num(eps.value()));
        const CriterionTensor& var = *c.tensor("var");
        Shape lead = first.shape;
        lead.pop_back();
        Shape var_lead = var.shape;
        if (!var_lead.empty()) var_lead.pop_back();
        CriterionCall adjusted = c.call;
        if (var.shape != first.shape) {
            if (var.shape == lead) {
                adjusted.tensors["var"].shape.push_back(1);
            } else if (!(var_lead == lead && var.shape.back() == 1)) {
                Shape last_one = lead;
                last_one.push_back(1);
                return make_error("--var",
                                  "the shape of --input " + npy_shape_text(first.shape) + ", " +
                                      npy_shape_text(lead) + " or " + npy_shape_text(last_one),
                                  described(var));
            }
        }
        for (double v : var.values)
            if (v < 0.0) return make_error("--var", "variances >= 0", num(v));
        const GaussianNllParams p{full.value(), eps.value()};
        const Call inner{c.spec, adjusted, c.opts, c.with_grad};
        auto e = elementwise(inner, {"input", "target", "var"}, [p](const auto& v) {
            return std::pair{gaussian_nll_loss(v[0], v[1], v[2], p),
                             gaussian_nll_loss_grad(v[0], v[1], v[2], p)};
        });
        if (!e) return e.error();
        return finish(e.value(), r, first, first_name, c.with_grad);
    }
    if (name == "hinge_embedding_loss") {
        auto margin = c.opts.real("margin");
        if (!margin) return margin.error();
        const HingeEmbeddingParams p{margin.value()};
        return run({"input", "target"}, [p](const auto& v) {
            return std::pair{hinge_embedding_loss(v[0], v[1], p),
                             hinge_embedding_loss_grad(v[0], v[1], p)};
        });
    }
    if (name == "soft_margin_loss")
        return run({"input", "target"}, [](const auto& v) {
            return std::pair{soft_margin_loss(v[0], v[1]), soft_margin_loss_grad(v[0], v[1])};
        });
    if (name == "margin_ranking_loss") {
        for (auto n : {"input2", "target"})
            if (c.tensor(n)->shape.size() != first.shape.size())
                return make_error(flag(n),
                                  "as many dimensions as --input1 " + npy_shape_text(first.shape),
                                  described(*c.tensor(n)));
        auto margin = c.opts.real("margin");
        if (!margin) return margin.error();
        const MarginRankingParams p{margin.value()};
        return run({"input1", "input2", "target"}, [p](const auto& v) {
            return std::pair{margin_ranking_loss(v[0], v[1], v[2], p),
                             margin_ranking_loss_grad(v[0], v[1], v[2], p)};
        });
    }
    if (name == "sigmoid_focal_loss") {
        auto alpha = c.opts.real("alpha");
        if (!alpha) return alpha.error();
        auto gamma = c.opts.real("gamma");
        if (!gamma) return gamma.error();
        const FocalParams p{alpha.value(), gamma.value()};
        return run({"inputs", "targets"}, [p](const auto& v) {
            return std::pair{focal_loss_logit(v[0], v[1], p), focal_loss_logit_grad(v[0], v[1], p)};
        });
    }
    return make_error("losslab loss", "a known criterion", quote(name));
}

} // namespace

bool CriterionTensor::is_integer() const {
    return dtype == NpyDtype::Int64 || dtype == NpyDtype::Int32 || dtype == NpyDtype::UInt8;
}

CriterionTensor criterion_tensor(const NpyArray& array) {
    CriterionTensor t{array.dtype(), array.shape(), {}};
    if (array.is_integer()) {
        t.values.resize(array.numel());
        for (std::size_t i = 0; i < t.values.size(); ++i)
            t.values[i] = double(array.integer(i));
    } else {
        t.values = array.to_double();
    }
    return t;
}

const std::vector<CriterionSpec>& criterion_catalogue() {
    using O = std::vector<std::pair<std::string_view, std::string_view>>;
    static const std::vector<CriterionSpec> specs = {
        {"cross_entropy",
         {{"input", F}, {"target", A}, {"weight", F, false}},
         O{{"reduction", "mean"}, {"ignore_index", "-100"}, {"label_smoothing", "0"}}},
        {"nll_loss",
         {{"input", F}, {"target", I}, {"weight", F, false}},
         O{{"reduction", "mean"}, {"ignore_index", "-100"}}},
        {"binary_cross_entropy",
         {{"input", F}, {"target", F}, {"weight", F, false}},
         O{{"reduction", "mean"}}},
        {"binary_cross_entropy_with_logits",
         {{"input", F}, {"target", F}, {"weight", F, false}, {"pos_weight", F, false}},
         O{{"reduction", "mean"}}},
        {"kl_div",
         {{"input", F}, {"target", F}},
         O{{"reduction", "mean"}, {"log_target", "false"}}},
        {"l1_loss", {{"input", F}, {"target", A}}, O{{"reduction", "mean"}}},
        {"mse_loss", {{"input", F}, {"target", A}}, O{{"reduction", "mean"}}},
        {"smooth_l1_loss", {{"input", F}, {"target", A}}, O{{"reduction", "mean"}, {"beta", "1"}}},
        {"huber_loss", {{"input", F}, {"target", A}}, O{{"reduction", "mean"}, {"delta", "1"}}},
        {"poisson_nll_loss",
         {{"input", F}, {"target", A}},
         O{{"reduction", "mean"}, {"log_input", "true"}, {"full", "false"}, {"eps", "1e-8"}}},
        {"gaussian_nll_loss",
         {{"input", F}, {"target", A}, {"var", F}},
         O{{"reduction", "mean"}, {"full", "false"}, {"eps", "1e-6"}}},
        {"hinge_embedding_loss",
         {{"input", F}, {"target", A}},
         O{{"reduction", "mean"}, {"margin", "1"}}},
        {"cosine_embedding_loss",
         {{"input1", F}, {"input2", F}, {"target", A}},
         O{{"reduction", "mean"}, {"margin", "0"}}},
        {"multilabel_margin_loss", {{"input", F}, {"target", I}}, O{{"reduction", "mean"}}},
        {"soft_margin_loss", {{"input", F}, {"target", A}}, O{{"reduction", "mean"}}},
        {"triplet_margin_loss",
         {{"anchor", F}, {"positive", F}, {"negative", F}},
         O{{"reduction", "mean"}, {"margin", "1"}, {"p", "2"}, {"eps", "1e-6"}, {"swap", "false"}}},
        {"margin_ranking_loss",
         {{"input1", F}, {"input2", F}, {"target", A}},
         O{{"reduction", "mean"}, {"margin", "0"}}},
        {"ctc_loss",
         {{"log_probs", F}, {"targets", I}, {"input_lengths", I}, {"target_lengths", I}},
         O{{"reduction", "mean"}, {"blank", "0"}, {"zero_infinity", "false"}}},
        {"sigmoid_focal_loss",
         {{"inputs", F}, {"targets", F}},
         O{{"reduction", "none"}, {"alpha", "0.25"}, {"gamma", "2"}}},
    };
    return specs;
}

const CriterionSpec* find_criterion(std::string_view name) {
    for (const auto& s : criterion_catalogue())
        if (s.name == name) return &s;
    return nullptr;
}

std::string criterion_flag(std::string_view name) {
    std::string f = "--";
    for (char ch : name)
        f.push_back(ch == '_' ? '-' : ch);
    return f;
}

Result<CriterionResult> evaluate_criterion(const CriterionCall& call, bool with_grad) {
    const CriterionSpec* spec = find_criterion(call.criterion);
    if (!spec) {
        std::string names;
        for (const auto& s : criterion_catalogue())
            names += (names.empty() ? "" : ", ") + std::string(s.name);
        return make_error("losslab loss CRITERION", "one of " + names, quote(call.criterion));
    }
    auto takes = [&](std::string_view what) {
        std::string t;
        for (const auto& a : spec->tensors)
            t += (t.empty() ? "" : ", ") + flag(a.name);
        for (const auto& [o, d] : spec->options)
            t += ", " + flag(o);
        return std::string(spec->name) + " takes " + t + std::string(what);
    };
    for (const auto& [name, tensor] : call.tensors) {
        const auto it = std::find_if(spec->tensors.begin(), spec->tensors.end(),
                                     [&n = name](const CriterionArg& a) { return a.name == n; });
        if (it == spec->tensors.end())
            return make_error(flag(name), "a criterion that takes it (" + takes("") + ")",
                              "losslab loss " + std::string(spec->name));
    }
    for (const auto& [name, value] : call.options) {
        const auto it = std::find_if(spec->options.begin(), spec->options.end(),
                                     [&n = name](const auto& o) { return o.first == n; });
        if (it == spec->options.end())
            return make_error(flag(name), "a criterion that takes it (" + takes("") + ")",
                              "losslab loss " + std::string(spec->name));
    }
    for (const auto& a : spec->tensors) {
        auto it = call.tensors.find(std::string(a.name));
        if (it == call.tensors.end()) {
            if (a.required)
                return make_error(flag(a.name), "a .npy file for " + std::string(spec->name),
                                  "none");
            continue;
        }
        const CriterionTensor& t = it->second;
        if (t.values.size() != numel(t.shape) || t.shape.empty())
            return make_error(flag(a.name), "a tensor of rank >= 1", described(t));
        if (a.kind == TensorKind::Float && t.is_integer())
            return make_error(flag(a.name), "float32 or float64", described(t));
        if (a.kind == TensorKind::ClassIndex &&
            !(t.dtype == NpyDtype::Int64 || t.dtype == NpyDtype::Int32))
            return make_error(flag(a.name), "int64 or int32 indices", described(t));
        if (a.kind == TensorKind::FloatOrIndex && t.dtype == NpyDtype::UInt8)
            return make_error(flag(a.name), "float32, float64, int64 or int32", described(t));
    }
    Options opts(*spec, call.options);
    auto r = parse_reduction(opts.text("reduction"), spec->name == "kl_div");
    if (!r) return r.error();
    const Call c{*spec, call, opts, with_grad};
    auto out = dispatch(c, r.value());
    if (!out) return out.error();
    CriterionResult& res = out.value();
    res.criterion = spec->name;
    res.reduction = opts.text("reduction");
    res.dtype = call.tensors.at(std::string(spec->tensors[0].name)).dtype;
    if (res.dtype == NpyDtype::Float32) {
        for (double& v : res.value)
            v = double(float(v));
        for (double& v : res.grad)
            v = double(float(v));
    }
    return out;
}

} // namespace losslab::model
