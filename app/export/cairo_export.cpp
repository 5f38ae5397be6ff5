#include "export/cairo_export.hpp"

#include "losslab/version.hpp"
#include "model/io/file_io.hpp"
#include "plot/cairo_painter.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>

#include <memory>

namespace losslab::exporting {

namespace {
// Layout and drawing use unhinted metrics, so a PNG and a PDF of one figure lay out alike.
void unhinted_text(cairo_t* cr) {
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
    cairo_set_font_options(cr, options);
    cairo_font_options_destroy(options);
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}
} // namespace

Result<std::string> pdf_pages_bytes(const std::vector<PdfPage>& pages,
                                    const PdfMetadata& metadata) {
    if (pages.empty()) return Error{"cannot write a PDF: no pages"};
    std::string bytes;
    auto pt = [](const PdfPage& p, double px) { return px * 72.0 / (p.dpi > 0 ? p.dpi : 96.0); };
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(
        append_bytes, &bytes, pt(pages[0], pages[0].width_px), pt(pages[0], pages[0].height_px));
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
                                   fmt::format("{} {}", kProgramName, kVersion).c_str());
    if (!metadata.title.empty())
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, metadata.title.c_str());
    if (!metadata.subject.empty())
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT,
                                       metadata.subject.c_str());
    if (!metadata.keywords.empty())
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS,
                                       metadata.keywords.c_str());
    for (const auto& page : pages) {
        cairo_pdf_surface_set_size(surface, pt(page, page.width_px), pt(page, page.height_px));
        cairo_t* cr = cairo_create(surface);
        const double s = 72.0 / (page.dpi > 0 ? page.dpi : 96.0);
        cairo_scale(cr, s, s);
        unhinted_text(cr);
        {
            plot::CairoPainter painter(cr);
            if (page.paint) page.paint(painter);
        }
        cairo_show_page(cr);
        cairo_destroy(cr);
    }
    cairo_surface_finish(surface);
    const cairo_status_t status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS)
        return Error{fmt::format("cannot draw the PDF: {}", cairo_status_to_string(status))};
    return bytes;
}

Status write_pdf_pages(const std::filesystem::path& path, const std::vector<PdfPage>& pages,
                       const PdfMetadata& metadata) {
    auto bytes = pdf_pages_bytes(pages, metadata);
    if (!bytes) return bytes.error();
    return model::write_file_atomic(path, bytes.value());
}

Result<Image> render_image(int width, int height, double dpi,
                           const std::function<void(plot::Painter& painter)>& paint) {
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        return Error{fmt::format("cannot make a {}x{} image: out of memory", width, height)};
    }
    cairo_t* cr = cairo_create(surface);
    unhinted_text(cr);
    {
        plot::CairoPainter painter(cr);
        paint(painter);
    }
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    Image image;
    image.width = width;
    image.height = height;
    image.dpi = dpi;
    image.rgba.resize(size_t(width) * size_t(height) * 4);
    const unsigned char* data = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    // ARGB32 is premultiplied native-endian 0xAARRGGBB: un-premultiply to straight RGBA.
    for (int y = 0; y < height; ++y) {
        const auto* row = reinterpret_cast<const std::uint32_t*>(data + size_t(y) * size_t(stride));
        std::uint8_t* out = image.rgba.data() + size_t(y) * size_t(width) * 4;
        for (int x = 0; x < width; ++x) {
            const std::uint32_t p = row[x];
            const std::uint32_t a = p >> 24;
            std::uint32_t r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
            if (a != 0 && a != 255) {
                r = (r * 255 + a / 2) / a;
                g = (g * 255 + a / 2) / a;
                b = (b * 255 + a / 2) / a;
            }
            out[4 * x + 0] = std::uint8_t(std::min<std::uint32_t>(r, 255));
            out[4 * x + 1] = std::uint8_t(std::min<std::uint32_t>(g, 255));
            out[4 * x + 2] = std::uint8_t(std::min<std::uint32_t>(b, 255));
            out[4 * x + 3] = std::uint8_t(a);
        }
    }
    cairo_surface_destroy(surface);
    return image;
}

plot::TextMeasure cairo_text_measure() {
    // One small surface and painter kept for measuring, shared by the returned functions.
    struct Measurer {
        cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
        cairo_t* cr = cairo_create(surface);
        std::unique_ptr<plot::CairoPainter> painter;
        Measurer() {
            unhinted_text(cr);
            painter = std::make_unique<plot::CairoPainter>(cr);
        }
        ~Measurer() {
            painter.reset();
            cairo_destroy(cr);
            cairo_surface_destroy(surface);
        }
    };
    auto m = std::make_shared<Measurer>();
    return [m](std::string_view text, float size) { return m->painter->measure(text, size); };
}

void paint_export_figure(plot::Painter& painter, const plot::Figure& figure, double width,
                         double height, const plot::PlotTheme& theme,
                         const plot::PlotStyle& style) {
    plot::paint_figure_at_default_view(figure, plot::Rect{0.0f, 0.0f, float(width), float(height)},
                                       theme, style, painter);
}

} // namespace losslab::exporting
