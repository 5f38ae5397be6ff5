#include "export/figure_files.hpp"

#include "losslab/version.hpp"
#include "plot/figure_csv.hpp"
#include "model/io/file_io.hpp"
#include "plot/svg_painter.hpp"
#include "export/cairo_export.hpp"
#include "export/png_io.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace losslab::exporting {

Result<FigureFormat> format_from_path(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (ext == ".png") return FigureFormat::Png;
    if (ext == ".svg") return FigureFormat::Svg;
    if (ext == ".csv") return FigureFormat::Csv;
    if (ext == ".pdf") return FigureFormat::Pdf;
    return make_error("the output file", "a name ending in .png, .pdf, .svg or .csv",
                      quote(path.string()));
}

void paint_panels(plot::Painter& painter, const Panels& panels, double width, double height,
                  const plot::PlotTheme& theme, const plot::PlotStyle& style) {
    const int n = int(panels.figures.size());
    if (n == 0) return;
    const int cols = std::clamp(panels.columns, 1, n);
    const int rows = (n + cols - 1) / cols;
    // The page's background first, so an incomplete last row is not left blank.
    painter.rect_fill({0.0f, 0.0f, float(width), float(height)}, theme.background);
    const double cw = width / cols, ch = height / rows;
    for (int i = 0; i < n; ++i) {
        const int r = i / cols, c = i % cols;
        const plot::Rect cell{float(c * cw), float(r * ch), float((c + 1) * cw), float((r + 1) * ch)};
        plot::paint_figure_at_default_view(panels.figures[size_t(i)], cell, theme, style, painter);
    }
}

Status write_figure_svg(const std::filesystem::path& path, const Panels& panels, int width,
                        int height, const plot::PlotTheme& theme, const plot::PlotStyle& style) {
    if (auto ok = model::check_export_size(width, height); !ok) return ok;
    if (panels.figures.empty()) return Error{"cannot write an SVG: no figure"};
    const plot::Figure& first = panels.figures.front();
    plot::SvgPainter painter(float(width), float(height), cairo_text_measure());
    std::string desc = "LossLab figure";
    for (const auto& f : panels.figures) desc += " " + f.name;
    if (!first.x_axis.label.empty() || !first.y_axis.label.empty())
        desc += ": " + first.y_axis.label + " against " + first.x_axis.label;
    painter.set_metadata(first.title.empty() ? first.name : first.title, desc);
    paint_panels(painter, panels, width, height, theme, style);
    return model::write_file_atomic(path, painter.document());
}

plot::LayoutReport figure_layout_report(const plot::Figure& figure, int width, int height,
                                        plot::Theme theme, float scale,
                                        const plot::TextMeasure& measure) {
    return figure_layout_report(figure, width, height, plot::plot_theme(theme),
                                model::export_style(width, height, scale), measure);
}

plot::LayoutReport figure_layout_report(const plot::Figure& figure, int width, int height,
                                        const plot::PlotTheme& theme, const plot::PlotStyle& style,
                                        const plot::TextMeasure& measure) {
    plot::LayoutReport report;
    report.width = float(width);
    report.height = float(height);
    plot::SvgPainter svg(float(width), float(height), measure);
    plot::RecordingPainter recorder(svg, report, figure.name);
    const plot::Rect outer{0.0f, 0.0f, float(width), float(height)};
    plot::paint_figure_at_default_view(figure, outer, theme, style, recorder);
    report.plots.push_back({figure.name, outer});
    return report;
}

plot::PlotStyle print_style(float font_px, double points_dpi) {
    plot::PlotStyle style;
    style.font_size = font_px;
    style.label_size = font_px;
    style.title_size = font_px * 1.2f;
    style.padding = font_px * 0.6f;
    style.stroke_scale = font_px / 15.0f;
    if (points_dpi > 0.0) {
        const float pt = float(points_dpi / 72.0); // pixels per point
        const float grow = std::max(1.0f, font_px / pt / 10.0f);
        // One stroke unit is 0.6 pt: series of the default width 2.5 are 1.5 pt, the frame
        // 0.6 pt.
        style.stroke_scale = 0.6f * pt * grow;
        style.tick_length = 3.5f * pt * grow;
        style.tick_width = 0.8f * pt * grow;
    }
    return style;
}

plot::PlotTheme export_theme(plot::Theme theme) {
    plot::PlotTheme t = plot::plot_theme(theme);
    if (theme == plot::Theme::Light) t.background = {255, 255, 255, 255};
    return t;
}

Status write_figure_png(const std::filesystem::path& path, const Panels& panels, int width,
                        int height, double dpi, const plot::PlotTheme& theme,
                        const plot::PlotStyle& style,
                        const std::vector<std::pair<std::string, std::string>>& texts) {
    if (auto ok = model::check_export_size(width, height); !ok) return ok;
    auto image = render_image(width, height, dpi, [&](plot::Painter& p) {
        paint_panels(p, panels, width, height, theme, style);
    });
    if (!image) return image.error();
    return write_png(path, image.value(), texts);
}

Status write_figure_pdf(const std::filesystem::path& path, const Panels& panels, int width,
                        int height, double dpi, const plot::PlotTheme& theme,
                        const plot::PlotStyle& style, const std::string& session_json) {
    if (auto ok = model::check_export_size(width, height); !ok) return ok;
    if (panels.figures.empty()) return Error{"cannot write a PDF: no figure"};
    const plot::Figure& figure = panels.figures.front();
    PdfPage page{double(width), double(height), dpi, [&](plot::Painter& p) {
                     paint_panels(p, panels, width, height, theme, style);
                 }};
    PdfMetadata meta;
    meta.title = figure.title.empty() ? figure.name : figure.title;
    meta.subject = "losslab figure " + figure.name;
    meta.keywords = session_json;
    return write_pdf_pages(path, {page}, meta);
}

namespace {
// `text` without a trailing or inner "(drag ...)"-style hint and the space before it.
std::string without_hints(std::string text) {
    static const char* const kVerbs[] = {"drag", "click", "hover", "press", "scroll"};
    for (size_t open = text.find('('); open != std::string::npos; open = text.find('(', open)) {
        const size_t close = text.find(')', open);
        if (close == std::string::npos) break;
        bool hint = false;
        for (const char* verb : kVerbs) hint = hint || text.compare(open + 1, std::strlen(verb), verb) == 0;
        if (!hint) {
            ++open;
            continue;
        }
        size_t from = open;
        while (from > 0 && text[from - 1] == ' ') --from;
        text.erase(from, close + 1 - from);
        open = from;
    }
    return text;
}
} // namespace

void remove_interface_wording(plot::Figure& figure) {
    figure.title = without_hints(figure.title);
    figure.x_axis.label = without_hints(figure.x_axis.label);
    figure.y_axis.label = without_hints(figure.y_axis.label);
    for (auto& s : figure.series) {
        if (s.name.rfind("yours: ", 0) == 0) s.name.erase(0, 7);
        s.name = without_hints(s.name);
    }
}

Status write_figure_csv(const std::filesystem::path& path, const Panels& panels) {
    std::string csv;
    for (const auto& f : panels.figures) {
        plot::Figure named = f;
        if (panels.figures.size() > 1)
            for (auto& s : named.series) s.name = f.name + ": " + (s.name.empty() ? s.id : s.name);
        std::string part = plot::figure_to_csv(named);
        if (!csv.empty()) part.erase(0, part.find('\n') + 1); // one header
        csv += part;
    }
    return model::write_file_atomic(path, csv);
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
