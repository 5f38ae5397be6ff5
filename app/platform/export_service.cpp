#include "export/figure_files.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "model/persist/session.hpp"
#include "model/persist/lesson.hpp"
#include "model/params/param_registry.hpp"
#include "export/cairo_export.hpp"
#include "export/animation_files.hpp"
#include "platform/requests.hpp"
#include "ui/export_dialog.hpp"

#include <fmt/format.h>

#include <chrono>
#include <mutex>
#include <thread>

namespace losslab::platform {

void prepare_export_figure(plot::Figure& figure, const ui::ExportRequest& request) {
    for (auto& s : figure.series)
        if (request.hidden.count(plot::series_key(s))) s.visible = false;
    // Files are for readers, not for the window's user: no interface wording.
    exporting::remove_interface_wording(figure);
    if (request.title) figure.title = *request.title;
    if (request.x_label) figure.x_axis.label = *request.x_label;
    if (request.y_label) figure.y_axis.label = *request.y_label;
}

namespace {
// Applies the request's hidden series and replacement text to `figures`.
void prepare(std::vector<plot::Figure>& figures, const ui::ExportRequest& request) {
    for (auto& figure : figures) prepare_export_figure(figure, request);
}
} // namespace

plot::PlotStyle export_request_style(const ui::ExportRequest& request) {
    return request.font_px > 0.0f
               ? exporting::print_style(request.font_px, request.strokes_in_points ? request.dpi : 0.0)
               : model::export_style(request.width, request.height, request.scale);
}

plot::PlotTheme export_request_theme(const ui::ExportRequest& request) {
    plot::PlotTheme theme = exporting::export_theme(request.theme);
    if (request.on_dark) {
        theme.text = {240, 240, 240, 255};
        theme.text_muted = {200, 200, 205, 255};
        theme.frame = {210, 210, 215, 255};
        theme.grid = {255, 255, 255, 60};
        theme.grid_minor = {255, 255, 255, 30};
        theme.legend_background = {20, 22, 28, 200};
        theme.legend_border = {140, 144, 152, 255};
        theme.plot_background = {0, 0, 0, 0};
    }
    return theme;
}

namespace {
// The figures named in `names` ("a,b"), each built from `state` showing it.
Result<std::vector<plot::Figure>> build_figures(const model::AppState& state, const std::string& names) {
    std::vector<plot::Figure> figures;
    size_t start = 0;
    for (;;) {
        const size_t comma = names.find(',', start);
        const std::string name = names.substr(start, comma == std::string::npos ? comma : comma - start);
        const auto* info = model::find_figure(name);
        if (!info) return make_error("export", "a known figure name", quote(name));
        figures.push_back(info->build(model::state_showing_figure(state, name)));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return figures;
}

// Writes `figures` (one panel each) as `request` asks: PNG and PDF drawn by cairo (no display
// or GL needed).
Status export_figures(std::vector<plot::Figure> figures, const ui::ExportRequest& request,
                      const std::string& session_json) {
    auto format = exporting::format_from_path(request.path);
    if (!format) return format.error();
    prepare(figures, request);
    const exporting::Panels panels{std::move(figures), request.grid_columns};
    const plot::PlotStyle style = export_request_style(request);
    const plot::PlotTheme theme = export_request_theme(request);
    switch (format.value()) {
    case exporting::FigureFormat::Png:
        return exporting::write_figure_png(request.path, panels, request.width, request.height,
                                           request.dpi, theme, style,
                                           exporting::png_metadata(panels.figures.front(), session_json));
    case exporting::FigureFormat::Pdf:
        return exporting::write_figure_pdf(request.path, panels, request.width, request.height,
                                           request.dpi, theme, style, session_json);
    case exporting::FigureFormat::Svg:
        return exporting::write_figure_svg(request.path, panels, request.width, request.height,
                                           theme, style);
    case exporting::FigureFormat::Csv: return exporting::write_figure_csv(request.path, panels);
    }
    return Ok{};
}
} // namespace

Status export_figure_file(const model::AppState& state, const ui::ExportRequest& request,
                          const std::string& /*font*/) {
    // "a,b": several figures, one panel each.
    auto figures = build_figures(state, request.figure);
    if (!figures) return figures.error();
    if (auto format = exporting::format_from_path(request.path); !format) return format.error();
    const std::string first = request.figure.substr(0, request.figure.find(','));
    return export_figures(std::move(figures.value()), request,
                          model::session_to_json(model::state_showing_figure(state, first)));
}

Status export_built_figure(const plot::Figure& built, const ui::ExportRequest& request,
                           const std::string& /*font*/, const std::string& session_json) {
    return export_figures({built}, request, session_json);
}

Status export_animation(const model::AppState& state, const ui::ExportRequest& request,
                        const exporting::AnimationProgress& progress) {
    if (!request.animation) return Error{"export_animation: the request has no animation"};
    const ui::ExportAnimation& a = *request.animation;
    auto format = exporting::animation_format_from_path(request.path);
    if (!format) return format.error();
    const auto* param = model::find_param(a.key);
    if (!param) return make_error("the animated parameter", "a parameter key such as focal.gamma", quote(a.key));
    const std::vector<double> values =
        exporting::animation_values(*param->spec, a.from, a.to, a.frames, a.ping_pong);
    const plot::PlotStyle style = export_request_style(request);
    plot::PlotTheme theme = export_request_theme(request);
    // GIF, WebP and MP4 frames are opaque: a transparent theme gets a white page.
    if (theme.background.a < 255) theme.background = {255, 255, 255, 255};
    auto frame = [&](int i) -> Result<exporting::Image> {
        model::AppState frame_state = state;
        if (auto ok = model::set_param(frame_state, *param, values[size_t(i)]); !ok) return ok.error();
        auto figures = build_figures(frame_state, request.figure);
        if (!figures) return figures.error();
        prepare(figures.value(), request);
        const exporting::Panels panels{std::move(figures.value()), request.grid_columns};
        return exporting::render_image(request.width, request.height, request.dpi,
                                       [&](plot::Painter& p) {
                                           exporting::paint_panels(p, panels, request.width,
                                                                   request.height, theme, style);
                                       });
    };
    return exporting::write_animation(request.path, format.value(), request.width, request.height,
                                      a.fps, int(values.size()), frame, progress);
}

namespace {
// Animation exports from the window run on their own thread; at exit a running one is
// cancelled and waited for, so no temporary file is left behind.
struct BackgroundThreads {
    std::vector<std::pair<std::thread, std::shared_ptr<ui::BackgroundExport>>> threads;
    ~BackgroundThreads() {
        for (auto& [t, job] : threads) {
            job->cancel = true;
            if (t.joinable()) t.join();
        }
    }
    // Joins the threads whose export has finished.
    void reap() {
        for (auto it = threads.begin(); it != threads.end();) {
            if (it->second->finished) {
                if (it->first.joinable()) it->first.join();
                it = threads.erase(it);
            } else {
                ++it;
            }
        }
    }
};
BackgroundThreads& background_threads() {
    static BackgroundThreads b;
    return b;
}

// Starts the animation export `r` on a thread; its progress shows in the window
// (ui::background_export) and its outcome becomes a notice when it ends.
void start_background_animation(const model::AppState& state, ui::UiContext& ui,
                                const ui::ExportRequest& r) {
    auto job = std::make_shared<ui::BackgroundExport>();
    job->path = r.path;
    job->figure = r.figure;
    job->total = r.animation->ping_pong ? 2 * r.animation->frames - 2 : r.animation->frames;
    job->started = std::chrono::steady_clock::now();
    ui::background_exports(ui).push_back(job);
    auto wake = ui.request_frame;
    std::thread worker([state, r, job, wake] {
        const auto ok = export_animation(state, r, [&](int done, int total) {
            job->done = done;
            job->total = total;
            if (wake) wake();
            return !job->cancel.load();
        });
        {
            std::lock_guard<std::mutex> lock(job->mutex);
            job->error = ok ? std::string() : ok.error().message;
        }
        job->finished = true;
        if (wake) wake();
    });
    background_threads().threads.emplace_back(std::move(worker), job);
}
} // namespace

void service_exports(model::AppState& state, ui::UiContext& ui) {
    background_threads().reap();
    for (const auto& r : ui.requests.exports) {
        if (r.animation) {
            start_background_animation(state, ui, r);
            continue;
        }
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
