#include "export/figure_files.hpp"

#include "losslab/version.hpp"
#include "plot/figure_csv.hpp"
#include "model/file_io.hpp"
#include "plot/svg_painter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace losslab::exporting {

Result<FigureFormat> format_from_path(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (ext == ".png") return FigureFormat::Png;
    if (ext == ".svg") return FigureFormat::Svg;
    if (ext == ".csv") return FigureFormat::Csv;
    return make_error("the output file", "a name ending in .png, .svg or .csv", quote(path.string()));
}

Status write_figure_svg(const std::filesystem::path& path, const plot::Figure& figure, int width,
                        int height, plot::Theme theme, float scale,
                        const plot::TextMeasure& measure) {
    if (auto ok = model::check_export_size(width, height); !ok) return ok;
    const auto svg = plot::figure_to_svg(figure, float(width), float(height), plot::plot_theme(theme),
                                          model::export_style(width, height, scale), measure);
    return model::write_file_atomic(path, svg);
}

plot::LayoutReport figure_layout_report(const plot::Figure& figure, int width, int height,
                                        plot::Theme theme, float scale,
                                        const plot::TextMeasure& measure) {
    plot::LayoutReport report;
    report.width = float(width);
    report.height = float(height);
    plot::SvgPainter svg(float(width), float(height), measure);
    plot::RecordingPainter recorder(svg, report, figure.name);
    const plot::Rect outer{0.0f, 0.0f, float(width), float(height)};
    plot::paint_figure_at_default_view(figure, outer, plot::plot_theme(theme),
                                       model::export_style(width, height, scale), recorder);
    report.plots.push_back({figure.name, outer});
    return report;
}

Status write_figure_csv(const std::filesystem::path& path, const plot::Figure& figure) {
    return model::write_file_atomic(path, plot::figure_to_csv(figure));
}

std::vector<std::pair<std::string, std::string>> png_metadata(const plot::Figure& figure,
                                                              const std::string& session_json) {
    return {{"Software", fmt::format("{} {}", kProgramName, kVersion)},
            {"Title", figure.title},
            {"losslab:version", kVersion},
            {"losslab:figure", figure.name},
            {"losslab:session", session_json}};
}

} // namespace losslab::exporting
