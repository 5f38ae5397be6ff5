#include "model/labs/labs.hpp"

#include "model/labs/lab_calibration.hpp"
#include "model/labs/lab_focal.hpp"
#include "model/labs/lab_information.hpp"
#include "model/labs/lab_loss.hpp"
#include "model/labs/lab_normalization.hpp"
#include "model/labs/lab_pytorch.hpp"
#include "model/labs/lab_smoothing.hpp"

#include <array>

namespace losslab::model {

namespace {
constexpr std::array kLabs{
    LabInfo{LabId::Loss, "loss", "Loss vs probability",
            "Cross-entropy and focal loss against the probability of the true class",
            loss_lab_params, loss_lab_figures},
    LabInfo{LabId::Focal, "focal", "Focal loss",
            "Figure 1 of Lin et al., the modulating factor, class imbalance and four pitfalls",
            focal_lab_params, focal_lab_figures},
    LabInfo{LabId::Smoothing, "smoothing", "Label smoothing",
            "Three target conventions, the entropy floor, the finite logit gap, distillation",
            smoothing_lab_params, smoothing_lab_figures},
    LabInfo{LabId::Information, "information", "Information",
            "Entropy, cross-entropy and KL of two distributions; MSE as a Gaussian cross-entropy",
            information_lab_params, information_lab_figures},
    LabInfo{LabId::Calibration, "calibration", "Calibration",
            "Reliability diagrams, ECE, temperature scaling; loss rising while accuracy rises",
            calibration_lab_params, calibration_lab_figures},
    LabInfo{LabId::Normalization, "normalization", "Normalization",
            "BN/LN/IN/GN: who shares a statistic (Wu & He Fig. 2), heatmaps, batch size, cousins",
            normalization_lab_params, normalization_lab_figures},
    LabInfo{LabId::Pytorch, "pytorch", "PyTorch losses",
            "A criterion on your own small batch: per-example losses, the reduction, the gradient",
            pytorch_lab_params, pytorch_lab_figures},
};
} // namespace

std::span<const LabInfo> lab_catalogue() { return kLabs; }

const LabInfo& lab_info(LabId id) {
    for (const auto& lab : kLabs)
        if (lab.id == id) return lab;
    return kLabs.front();
}

std::optional<LabId> find_lab(std::string_view key) {
    for (const auto& lab : kLabs)
        if (lab.key == key) return lab.id;
    return std::nullopt;
}

Result<LabId> parse_lab(std::string_view key) {
    if (auto id = find_lab(key)) return *id;
    std::string accepted;
    for (const auto& lab : kLabs) accepted += (accepted.empty() ? "" : ", ") + std::string(lab.key);
    return make_error("--lab", "one of " + accepted, quote(key));
}

} // namespace losslab::model
