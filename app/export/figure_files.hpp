#pragma once
// Writing figures to files: the format from the file's extension, SVG and CSV (no GL needed),
// and the PNG text metadata. Every write is atomic: a failure leaves no file behind and keeps
// what was there.

#include "losslab/result.hpp"
#include "model/export_sizes.hpp"
#include "plot/figure.hpp"
#include "plot/layout_report.hpp"
#include "plot/plot_layout.hpp"
#include "plot/theme.hpp"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace losslab::exporting {

// The file formats a figure exports to.
enum class FigureFormat { Png, Svg, Csv };

// The format named by `path`'s extension (.png, .svg, .csv, any case); the error lists them.
Result<FigureFormat> format_from_path(const std::filesystem::path& path);

// Writes the SVG of `figure` (laid out with `measure`) atomically.
Status write_figure_svg(const std::filesystem::path& path, const plot::Figure& figure, int width,
                        int height, plot::Theme theme, float scale,
                        const plot::TextMeasure& measure);

// The layout report (plot/layout_report.hpp) of `figure` exported at `width` x `height`: the
// figure's rectangle and every text item with its box, as laid out with `measure` (the font's
// real metrics, as for SVG).
plot::LayoutReport figure_layout_report(const plot::Figure& figure, int width, int height,
                                        plot::Theme theme, float scale,
                                        const plot::TextMeasure& measure);

// Writes the CSV of `figure` atomically.
Status write_figure_csv(const std::filesystem::path& path, const plot::Figure& figure);

// The text chunks of an exported PNG: Software, the program version, the figure's name, the
// title, and the complete session as JSON (key "losslab:session").
std::vector<std::pair<std::string, std::string>> png_metadata(const plot::Figure& figure,
                                                              const std::string& session_json);

} // namespace losslab::exporting
