#pragma once
// Writing figures to files: the format from the file's extension, SVG and CSV (no GL needed),
// and the PNG text metadata. Every write is atomic: a failure leaves no file behind and keeps
// what was there.

#include "losslab/result.hpp"
#include "model/io/export_sizes.hpp"
#include "plot/figure.hpp"
#include "plot/layout_report.hpp"
#include "plot/painter.hpp"
#include "plot/plot_layout.hpp"
#include "plot/theme.hpp"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace losslab::exporting {

// The file formats a figure exports to.
enum class FigureFormat { Png, Svg, Csv, Pdf };

// The format named by `path`'s extension (.png, .svg, .csv, .pdf, any case); the error lists
// them.
Result<FigureFormat> format_from_path(const std::filesystem::path& path);

// Figures written to one file: one panel each, `columns` to a row (a grid filled row by row).
struct Panels {
    std::vector<plot::Figure> figures;
    int columns = 1;
};

// The layout report (plot/layout_report.hpp) of `figure` exported at `width` x `height`: the
// figure's rectangle and every text item with its box, as laid out with `measure` (the font's
// real metrics, as for SVG).
plot::LayoutReport figure_layout_report(const plot::Figure& figure, int width, int height,
                                        plot::Theme theme, float scale,
                                        const plot::TextMeasure& measure);

// The same with the export's own style and colours (e.g. the print style of --font-size).
plot::LayoutReport figure_layout_report(const plot::Figure& figure, int width, int height,
                                        const plot::PlotTheme& theme, const plot::PlotStyle& style,
                                        const plot::TextMeasure& measure);

// Writes the SVG of `panels` atomically, laid out with the cairo painter's metrics so a
// browser draws it like the PNG and PDF (font-size is the em size, as there).
Status write_figure_svg(const std::filesystem::path& path, const Panels& panels, int width,
                        int height, const plot::PlotTheme& theme, const plot::PlotStyle& style);

// The plot style of a print export: tick labels `font_px` pixels (em), axis labels the same,
// the title 1.2 times, padding in proportion. Strokes: with `points_dpi` > 0 (a size in
// points, cm or inches), in points at that dpi as matplotlib draws them: a series line of the
// default width 1.5 pt, the frame 0.6 pt, major ticks 3.5 pt long (minor 2.1 pt) and 0.8 pt wide, all grown in
// proportion above 10 pt text (a poster); else in proportion to the text (a slide in pixels).
plot::PlotStyle print_style(float font_px, double points_dpi = 0.0);

// The colours of an export in `theme`: the light theme prints on plain white.
plot::PlotTheme export_theme(plot::Theme theme);

// Writes the PNG of `panels` drawn by cairo (no display), `dpi` in its pHYs chunk and
// `texts` as its metadata, atomically.
Status write_figure_png(const std::filesystem::path& path, const Panels& panels, int width,
                        int height, double dpi, const plot::PlotTheme& theme,
                        const plot::PlotStyle& style, 
                        const std::vector<std::pair<std::string, std::string>>& texts);

// Writes the one-page vector PDF of `panels` (`width` x `height` pixels at `dpi`, so the page
// is width/dpi inches wide) with the first title and `session_json` in the metadata, atomically.
Status write_figure_pdf(const std::filesystem::path& path, const Panels& panels, int width,
                        int height, double dpi, const plot::PlotTheme& theme,
                        const plot::PlotStyle& style, const std::string& session_json);

// Removes the window's interface wording from a figure meant for a file: a legend's "yours: "
// prefix, and a parenthesised hint that starts with drag, click, hover, press or scroll in the
// title, axis labels or legends ("(drag a bar's top to edit it)").
void remove_interface_wording(plot::Figure& figure);

// Writes the CSV of `panels` atomically (with several panels, series names start with the
// figure's name).
Status write_figure_csv(const std::filesystem::path& path, const Panels& panels);

// Lays out and paints every panel in its cell of a `width` x `height` pixel page.
void paint_panels(plot::Painter& painter, const Panels& panels, double width, double height,
                  const plot::PlotTheme& theme, const plot::PlotStyle& style);

// The text chunks of an exported PNG: Software, the program version, the figure's name, the
// title, and the complete session as JSON (key "losslab:session").
std::vector<std::pair<std::string, std::string>> png_metadata(const plot::Figure& figure,
                                                              const std::string& session_json);

} // namespace losslab::exporting
