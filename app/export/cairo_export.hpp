#pragma once
// Exports drawn by cairo (plot/cairo_painter.hpp): PNG images and vector PDF pages, with no
// display, GL or window. A figure is laid out in pixels at the export's dpi; a PDF page
// measures width x height pixels at that dpi in points (72 per inch), its text is real,
// selectable text in embedded DejaVu Sans, and its metadata can carry the session.

#include "export/png_io.hpp"
#include "losslab/result.hpp"
#include "plot/painter.hpp"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace losslab::exporting {

// One page of a PDF: its size in pixels at `dpi`, and what draws it (in pixel coordinates,
// origin top-left, with the painter of the page).
struct PdfPage {
    double width_px = 1600.0;
    double height_px = 1000.0;
    double dpi = 96.0;
    std::function<void(plot::Painter& painter)> paint;
};

// The document information of a PDF (empty fields are left out).
struct PdfMetadata {
    std::string title;
    std::string subject;
    // The session JSON goes here (losslab open reads it back).
    std::string keywords;
};

// Writes `pages` as one multi-page PDF atomically (a slide deck is one page per slide); on
// failure nothing is left at `path`. Errors name the file.
Status write_pdf_pages(const std::filesystem::path& path, const std::vector<PdfPage>& pages,
                       const PdfMetadata& metadata);

// The same document as bytes.
Result<std::string> pdf_pages_bytes(const std::vector<PdfPage>& pages, const PdfMetadata& metadata);

// Draws into a `width` x `height` RGBA image (straight alpha; a transparent background stays
// transparent with clean glyph edges) with `paint`; the image's dpi is recorded for pHYs.
Result<Image> render_image(int width, int height, double dpi,
                           const std::function<void(plot::Painter& painter)>& paint);

// Text measured as the cairo painter measures it (for layouts made before painting, e.g. SVG).
plot::TextMeasure cairo_text_measure();

// Lays out and paints `figure` in a `width` x `height` pixel rectangle (the shared layout).
void paint_export_figure(plot::Painter& painter, const plot::Figure& figure, double width,
                         double height, const plot::PlotTheme& theme, const plot::PlotStyle& style);

} // namespace losslab::exporting
