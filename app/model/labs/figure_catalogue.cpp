#include "model/labs/figure_catalogue.hpp"

#include "model/labs/labs.hpp"

#include <vector>

namespace losslab::model {

namespace {
// Every lab's figures, concatenated once (an immutable table built on first use).
const std::vector<FigureInfo>& all_figures() {
    static const std::vector<FigureInfo> all = [] {
        std::vector<FigureInfo> v;
        for (const auto& lab : lab_catalogue()) {
            auto figures = lab.figures();
            v.insert(v.end(), figures.begin(), figures.end());
        }
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
