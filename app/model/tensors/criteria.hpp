#pragma once
// PyTorch 1.13 criteria on whole tensors: shape and dtype checks as torch makes them,
// broadcasting, the (N, C, d1, ...) layout of class scores, and dispatch to the core's losses
// and gradients. GUI-free: `losslab loss` and the PyTorch losses lab call the same code, so
// their numbers are equal. Errors name the argument by its command-line flag (`--target`),
// say what is allowed and what was given.

#include "losslab/result.hpp"
#include "model/io/npy_array.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace losslab::model {

// A tensor argument: shape (C order), its .npy dtype and its elements as double.
struct CriterionTensor {
    NpyDtype dtype = NpyDtype::Float64; // default float64
    std::vector<std::size_t> shape;     // default empty (no tensor)
    std::vector<double> values;         // numel values; default empty
    bool is_integer() const;
};

// The tensor of a .npy array (integers converted exactly up to 2^53).
CriterionTensor criterion_tensor(const NpyArray& array);

// What a tensor argument accepts.
enum class TensorKind {
    Float,       // float32 / float64 data
    ClassIndex,  // int64 / int32 class indices
    FloatOrIndex // cross_entropy's target: class indices or probabilities
};

// One tensor argument of a criterion, by its PyTorch name ("input", "pos_weight").
struct CriterionArg {
    std::string_view name;
    TensorKind kind = TensorKind::Float; // default float
    bool required = true;                // default required
};

// A criterion: its torch.nn.functional name, tensor arguments (the first is the one --grad
// differentiates) and option names with their defaults as text.
struct CriterionSpec {
    std::string_view name;
    std::vector<CriterionArg> tensors;
    std::vector<std::pair<std::string_view, std::string_view>> options; // name, default
};

// Every criterion `losslab loss` evaluates, in the order of its help.
const std::vector<CriterionSpec>& criterion_catalogue();

// The spec of `name`, or nullptr.
const CriterionSpec* find_criterion(std::string_view name);

// The command-line flag of a PyTorch argument name: "pos_weight" -> "--pos-weight".
std::string criterion_flag(std::string_view name);

// A criterion call: tensors and options (as text, e.g. "reduction" -> "sum") by PyTorch name.
struct CriterionCall {
    std::string criterion;
    std::map<std::string, CriterionTensor> tensors;
    std::map<std::string, std::string> options;
};

// The value of a criterion and, when asked, its gradient with respect to the first tensor.
struct CriterionResult {
    std::string criterion;
    std::string reduction;
    std::vector<std::size_t> shape;      // of the value: empty for a scalar
    std::vector<double> value;           // numel(shape) values (one for a scalar)
    std::string grad_of;                 // PyTorch name of the differentiated tensor
    std::vector<std::size_t> grad_shape; // its shape
    std::vector<double> grad;           // d value / d tensor (None: of the sum); empty unless asked
    NpyDtype dtype = NpyDtype::Float64; // of the first tensor: float32 results are rounded to it
};

// Evaluates `call` as torch would in float64 (float32 inputs: in double, then rounded to
// float). Refuses (naming the flag, the allowed values and the given one): an unknown
// criterion, a missing required tensor or one the criterion does not take, an option it does
// not take or cannot parse, a dtype or shape torch refuses, a class index out of range.
Result<CriterionResult> evaluate_criterion(const CriterionCall& call, bool with_grad);

} // namespace losslab::model
