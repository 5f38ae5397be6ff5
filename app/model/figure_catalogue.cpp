#include "model/figure_catalogue.hpp"

#include "model/lab_hooks.hpp"

#include <vector>

namespace losslab::model {

namespace {
// Every lab's figures, concatenated once (an immutable table built on first use).
const std::vector<FigureInfo>& all_figures() {
    static const std::vector<FigureInfo> all = [] {
        std::vector<FigureInfo> v;
        for (auto lab : {loss_lab_figures(), focal_lab_figures(), smoothing_lab_figures(),
                         information_lab_figures(), calibration_lab_figures(),
                         normalization_lab_figures(), pytorch_lab_figures()})
            v.insert(v.end(), lab.begin(), lab.end());
        return v;
    }();
    return all;
}
} // namespace

std::span<const FigureInfo> figure_catalogue() { return all_figures(); }

std::vector<const FigureInfo*> lab_figures(LabId lab) {
    std::vector<const FigureInfo*> out;
    for (const auto& f : all_figures())
        if (f.lab == lab) out.push_back(&f);
    return out;
}

const FigureInfo* find_figure(std::string_view name) {
    for (const auto& f : all_figures())
        if (f.name == name) return &f;
    return nullptr;
}

} // namespace losslab::model
