#include "export/slide_deck.hpp"

#include "export/figure_files.hpp"

#include "model/io/export_sizes.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "model/io/file_io.hpp"
#include "model/params/param_registry.hpp"
#include "plot/painter.hpp"
#include "plot/theme.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace losslab::exporting {

namespace fs = std::filesystem;

namespace {

// A page is 960 x 540 units: PDF points, or pixels times kPngScale for PNG pages.
constexpr double kPageW = 960.0, kPageH = 540.0, kMargin = 36.0;
constexpr double kPngScale = 2.0;
constexpr const char* kFontFamily = "DejaVu Sans";

void set_colour(cairo_t* cr, plot::Rgba c) {
    cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0);
}

void set_font(cairo_t* cr, double size, bool bold) {
    cairo_select_font_face(cr, kFontFamily, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

// Width of `text` in the current font.
double text_width(cairo_t* cr, const std::string& text) {
    cairo_text_extents_t e;
    cairo_text_extents(cr, text.c_str(), &e);
    return e.x_advance;
}

// The plot Painter on a cairo context (figures of the slides).
class CairoPainter final : public plot::Painter {
public:
    explicit CairoPainter(cairo_t* cr) : m_cr(cr) {}

    void polyline(std::span<const plot::Vec2> points, plot::Rgba color, float width,
                  plot::LineStyle style) override {
        if (points.size() < 2) return;
        cairo_save(m_cr);
        set_colour(m_cr, color);
        cairo_set_line_width(m_cr, width);
        cairo_set_line_join(m_cr, CAIRO_LINE_JOIN_ROUND);
        cairo_set_line_cap(m_cr, CAIRO_LINE_CAP_ROUND);
        if (style == plot::LineStyle::Dashed) {
            const double d[] = {4.0 * width, 3.0 * width};
            cairo_set_dash(m_cr, d, 2, 0.0);
        } else if (style == plot::LineStyle::Dotted) {
            const double d[] = {0.01, 2.0 * width};
            cairo_set_dash(m_cr, d, 2, 0.0);
        }
        bool pen_down = false;
        for (const auto& p : points) {
            // A non-finite point breaks the line (a gap, as on screen).
            if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
                pen_down = false;
                continue;
            }
            if (pen_down) cairo_line_to(m_cr, p.x, p.y);
            else cairo_move_to(m_cr, p.x, p.y);
            pen_down = true;
        }
        cairo_stroke(m_cr);
        cairo_restore(m_cr);
    }
    void convex_fill(std::span<const plot::Vec2> points, plot::Rgba color) override {
        if (points.size() < 3) return;
        set_colour(m_cr, color);
        cairo_move_to(m_cr, points[0].x, points[0].y);
        for (size_t i = 1; i < points.size(); ++i) cairo_line_to(m_cr, points[i].x, points[i].y);
        cairo_close_path(m_cr);
        cairo_fill(m_cr);
    }
    void rect_fill(const plot::Rect& r, plot::Rgba color) override {
        set_colour(m_cr, color);
        cairo_rectangle(m_cr, r.x0, r.y0, r.width(), r.height());
        cairo_fill(m_cr);
    }
    void rect_outline(const plot::Rect& r, plot::Rgba color, float width) override {
        set_colour(m_cr, color);
        cairo_set_line_width(m_cr, width);
        cairo_rectangle(m_cr, r.x0, r.y0, r.width(), r.height());
        cairo_stroke(m_cr);
    }
    void circle_fill(plot::Vec2 center, float radius, plot::Rgba color) override {
        set_colour(m_cr, color);
        cairo_new_sub_path(m_cr);
        cairo_arc(m_cr, center.x, center.y, radius, 0.0, 2.0 * M_PI);
        cairo_fill(m_cr);
    }
    void text(plot::Vec2 pos, std::string_view text, float size, plot::Rgba color) override {
        const std::string s(text);
        set_font(m_cr, size, false);
        cairo_font_extents_t fe;
        cairo_font_extents(m_cr, &fe);
        set_colour(m_cr, color);
        cairo_move_to(m_cr, pos.x, pos.y + fe.ascent);
        cairo_show_text(m_cr, s.c_str());
        cairo_new_path(m_cr);
    }
    plot::Vec2 measure(std::string_view text, float size) override {
        const std::string s(text);
        set_font(m_cr, size, false);
        cairo_font_extents_t fe;
        cairo_font_extents(m_cr, &fe);
        return {float(text_width(m_cr, s)), float(fe.ascent + fe.descent)};
    }
    void push_clip(const plot::Rect& r) override {
        cairo_save(m_cr);
        cairo_rectangle(m_cr, r.x0, r.y0, r.width(), r.height());
        cairo_clip(m_cr);
    }
    void pop_clip() override { cairo_restore(m_cr); }

private:
    cairo_t* m_cr;
};

// A run of caption text, bold or not.
struct Run {
    std::string text;
    bool bold = false;
};

// The runs of one caption line: "**" toggles bold.
std::vector<Run> runs_of(const std::string& line) {
    std::vector<Run> runs;
    bool bold = false;
    size_t at = 0;
    while (at <= line.size()) {
        const size_t star = line.find("**", at);
        const std::string part = line.substr(at, star == std::string::npos ? std::string::npos : star - at);
        if (!part.empty()) runs.push_back({part, bold});
        if (star == std::string::npos) break;
        bold = !bold;
        at = star + 2;
    }
    return runs;
}

// Draws `caption` wrapped in `width` from (x, y) at `size`; returns the y below it.
double draw_caption(cairo_t* cr, const std::string& caption, double x, double y, double width,
                    double size, plot::Rgba text, plot::Rgba emphasis) {
    set_font(cr, size, false);
    cairo_font_extents_t fe;
    cairo_font_extents(cr, &fe);
    const double line_h = fe.height * 1.15;
    size_t start = 0;
    while (start <= caption.size()) {
        const size_t nl = caption.find('\n', start);
        const std::string line = caption.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        double cx = x;
        y += line_h;
        for (const auto& run : runs_of(line)) {
            set_font(cr, size, run.bold);
            set_colour(cr, run.bold ? emphasis : text);
            // Word by word, wrapping at the width; spaces stay with the word before them.
            size_t w = 0;
            while (w < run.text.size()) {
                size_t end = run.text.find(' ', w);
                end = end == std::string::npos ? run.text.size() : end + 1;
                const std::string word = run.text.substr(w, end - w);
                const double ww = text_width(cr, word);
                if (cx + ww > x + width && cx > x) {
                    cx = x;
                    y += line_h;
                }
                cairo_move_to(cr, cx, y - fe.descent);
                cairo_show_text(cr, word.c_str());
                cx += ww;
                w = end;
            }
        }
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
    cairo_new_path(cr);
    return y + line_h * 0.5;
}

// Copies the step's notes aimed at `figure` onto it as annotations.

// Paints slide `index` of `slides` on `cr` (page units).
void paint_slide(cairo_t* cr, const model::Lesson& lesson,
                 const std::vector<model::LessonSlide>& slides, size_t index) {
    const auto& slide = slides[index];
    const plot::PlotTheme theme = plot::plot_theme(plot::Theme::Light);
    const plot::Rgba text{20, 20, 20, 255}, muted{90, 90, 100, 255}, emphasis{0, 70, 160, 255};
    set_colour(cr, {255, 255, 255, 255});
    cairo_paint(cr);
    const double width = kPageW - 2.0 * kMargin;
    // Header: the lesson's title on the left, the step number on the right.
    set_font(cr, 13.0, false);
    set_colour(cr, muted);
    cairo_move_to(cr, kMargin, kMargin);
    cairo_show_text(cr, lesson.title.c_str());
    const std::string number = fmt::format("Step {} of {}", index + 1, slides.size());
    cairo_move_to(cr, kPageW - kMargin - text_width(cr, number), kMargin);
    cairo_show_text(cr, number.c_str());
    // The step's title.
    double y = kMargin + 14.0;
    set_font(cr, 26.0, true);
    set_colour(cr, text);
    const std::string title = slide.title.empty() ? fmt::format("Step {}", index + 1) : slide.title;
    cairo_move_to(cr, kMargin, y + 26.0);
    cairo_show_text(cr, title.c_str());
    y += 36.0;
    if (!slide.caption.empty())
        y = draw_caption(cr, slide.caption, kMargin, y, width, 14.0, text, emphasis);
    // The figures, side by side in what is left.
    std::vector<plot::Figure> figures;
    for (const auto& name : slide.figures)
        if (const auto* info = model::find_figure(name)) {
            figures.push_back(info->build(slide.state));
            remove_interface_wording(figures.back());
            model::add_lesson_notes(figures.back(), slide.notes);
        }
    if (figures.empty()) return;
    const double gap = 16.0;
    const double fig_h = kPageH - kMargin * 0.6 - y;
    const double fig_w = (width - gap * double(figures.size() - 1)) / double(figures.size());
    CairoPainter painter(cr);
    for (size_t i = 0; i < figures.size(); ++i) {
        const double x0 = kMargin + double(i) * (fig_w + gap);
        // Laid out at twice the page units and drawn at half, with text and strokes 1.6x those
        // of a 1200x750 export: tick labels about 11 pt on the page, legible on a projector.
        const auto style = model::export_style(int(fig_w * 2.0), int(fig_h * 2.0), 1.6f);
        cairo_save(cr);
        cairo_translate(cr, x0, y);
        cairo_scale(cr, 0.5, 0.5);
        plot::paint_figure_at_default_view(figures[i], {0.0f, 0.0f, float(fig_w * 2.0), float(fig_h * 2.0)},
                                           theme, style, painter);
        cairo_restore(cr);
    }
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

Result<std::vector<model::LessonSlide>> slides_of(const model::Lesson& lesson,
                                                   std::string_view source) {
    auto slides = model::lesson_slides(lesson, source);
    if (!slides) return slides.error();
    if (slides.value().empty())
        return make_error("a lesson deck", "at least one step", "a lesson without steps");
    return slides;
}

} // namespace

Status write_slide_deck_pdf(const fs::path& path, const model::Lesson& lesson,
                            std::string_view source) {
    auto slides = slides_of(lesson, source);
    if (!slides) return slides.error();
    std::string bytes;
    cairo_surface_t* surface =
        cairo_pdf_surface_create_for_stream(append_to_string, &bytes, kPageW, kPageH);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, lesson.title.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "LossLab");
    cairo_t* cr = cairo_create(surface);
    for (size_t i = 0; i < slides.value().size(); ++i) {
        paint_slide(cr, lesson, slides.value(), i);
        cairo_show_page(cr);
    }
    const cairo_status_t drawn = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const cairo_status_t finished = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (drawn != CAIRO_STATUS_SUCCESS || finished != CAIRO_STATUS_SUCCESS)
        return make_error("the PDF deck", "cairo to draw it",
                          cairo_status_to_string(drawn != CAIRO_STATUS_SUCCESS ? drawn : finished));
    return model::write_file_atomic(path, bytes);
}

Status write_slide_deck_pngs(const fs::path& dir, const model::Lesson& lesson,
                             std::string_view source) {
    auto slides = slides_of(lesson, source);
    if (!slides) return slides.error();
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Error{fmt::format("cannot create folder '{}': {}", dir.string(), ec.message())};
    for (size_t i = 0; i < slides.value().size(); ++i) {
        cairo_surface_t* surface = cairo_image_surface_create(
            CAIRO_FORMAT_RGB24, int(kPageW * kPngScale), int(kPageH * kPngScale));
        cairo_t* cr = cairo_create(surface);
        cairo_scale(cr, kPngScale, kPngScale);
        paint_slide(cr, lesson, slides.value(), i);
        cairo_destroy(cr);
        std::string bytes;
        const cairo_status_t st = cairo_surface_write_to_png_stream(surface, append_to_string, &bytes);
        cairo_surface_destroy(surface);
        if (st != CAIRO_STATUS_SUCCESS)
            return make_error("a PNG slide", "cairo to encode it", cairo_status_to_string(st));
        if (auto ok = model::write_file_atomic(dir / fmt::format("step-{:02}.png", i + 1), bytes); !ok)
            return ok;
    }
    return Ok{};
}

bool step_animates(const model::Lesson& lesson, size_t index) {
    return index < lesson.steps.size() && lesson.steps[index].animate.has_value() &&
           model::find_param(lesson.steps[index].animate->key) != nullptr;
}

Status write_step_animation(const fs::path& path, const model::Lesson& lesson,
                            std::string_view source, size_t index, double fps, int width,
                            const AnimationProgress& progress) {
    auto format = animation_format_from_path(path);
    if (!format) return format.error();
    auto slides = slides_of(lesson, source);
    if (!slides) return slides.error();
    if (index >= slides.value().size())
        return make_error("--step", fmt::format("1 to {}", slides.value().size()),
                          fmt::format("{}", index + 1));
    if (!step_animates(lesson, index))
        return make_error("--step", "a step with \"animate\"",
                          fmt::format("step {}, which has none", index + 1));
    const model::ParamSweep& sweep = *lesson.steps[index].animate;
    const auto* param = model::find_param(sweep.key);
    const int forward = std::clamp(int(std::lround(sweep.seconds * fps)), 2, 2000);
    const std::vector<double> values =
        animation_values(*param->spec, sweep.from, sweep.to, forward, sweep.loop);
    const double scale = double(width) / kPageW;
    const int height = int(std::lround(kPageH * scale));
    auto frame_slides = slides.value();
    const model::AppState start = frame_slides[index].state;
    auto frame = [&](int i) -> Result<Image> {
        frame_slides[index].state = start;
        if (auto ok = model::set_param(frame_slides[index].state, *param, values[size_t(i)]); !ok)
            return ok.error();
        cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
        cairo_t* cr = cairo_create(surface);
        cairo_scale(cr, scale, scale);
        paint_slide(cr, lesson, frame_slides, index);
        cairo_destroy(cr);
        cairo_surface_flush(surface);
        Image image;
        image.width = width;
        image.height = height;
        image.rgba.resize(size_t(width) * size_t(height) * 4);
        const unsigned char* data = cairo_image_surface_get_data(surface);
        const int stride = cairo_image_surface_get_stride(surface);
        for (int y = 0; y < height; ++y) {
            const auto* row = reinterpret_cast<const std::uint32_t*>(data + size_t(y) * size_t(stride));
            std::uint8_t* out = image.rgba.data() + size_t(y) * size_t(width) * 4;
            for (int x = 0; x < width; ++x) {
                out[4 * x] = std::uint8_t(row[x] >> 16);
                out[4 * x + 1] = std::uint8_t(row[x] >> 8);
                out[4 * x + 2] = std::uint8_t(row[x]);
                out[4 * x + 3] = 255;
            }
        }
        cairo_surface_destroy(surface);
        return image;
    };
    return write_animation(path, format.value(), width, height, fps, int(values.size()), frame,
                           progress);
}

} // namespace losslab::exporting
