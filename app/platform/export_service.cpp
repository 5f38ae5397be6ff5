#include "export/figure_files.hpp"
#include "export/font_metrics.hpp"
#include "model/figure_catalogue.hpp"
#include "model/session.hpp"
#include "platform/offscreen_png.hpp"
#include "platform/requests.hpp"

#include <fmt/format.h>

#include <chrono>

namespace losslab::platform {

Status export_figure_file(const model::AppState& state, const ui::ExportRequest& request,
                          const std::string& font) {
    const auto* info = model::find_figure(request.figure);
    if (!info) return make_error("export", "a known figure name", quote(request.figure));
    if (auto format = exporting::format_from_path(request.path); !format) return format.error();
    return export_built_figure(info->build(state), request, font, model::session_to_json(state));
}

Status export_built_figure(const plot::Figure& built, const ui::ExportRequest& request,
                           const std::string& font, const std::string& session_json) {
    auto format = exporting::format_from_path(request.path);
    if (!format) return format.error();
    plot::Figure figure = built;
    for (auto& s : figure.series)
        if (request.hidden.count(plot::series_key(s))) s.visible = false;
    switch (format.value()) {
    case exporting::FigureFormat::Png:
        return export_figure_png(request.path, figure, request.width, request.height, request.theme,
                                 request.scale, font, session_json);
    case exporting::FigureFormat::Svg: {
        const exporting::FontMetrics metrics(font);
        return exporting::write_figure_svg(request.path, figure, request.width, request.height,
                                           request.theme, request.scale, metrics.measurer());
    }
    case exporting::FigureFormat::Csv: return exporting::write_figure_csv(request.path, figure);
    }
    return Ok{};
}

void service_exports(model::AppState& state, ui::UiContext& ui) {
    for (const auto& r : ui.requests.exports) {
        const auto t0 = std::chrono::steady_clock::now();
        // The window's fonts were found at start-up; exports use the same file.
        const auto ok = export_figure_file(state, r, ui.fonts.truetype ? ui.fonts.file : std::string());
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        ui.notices.push_back(ok ? fmt::format("exported {} to {} ({:.0f} ms)", r.figure, r.path, ms)
                                : fmt::format("export failed: {}", ok.error().message));
    }
}

} // namespace losslab::platform
