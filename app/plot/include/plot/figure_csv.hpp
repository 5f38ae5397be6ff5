#pragma once
// CSV output of a figure: the data of every visible series at full precision.

#include "plot/figure.hpp"

#include <string>

namespace losslab::plot {

// "series,x,y,category" rows for every visible series, values in shortest round-trip form
// ("inf", "-inf", "nan" for non-finite ones): vertical reference lines have only x,
// horizontal ones only y, a bar segment with a base (y_base) gives its length y − base,
// points on a categorical x axis name their category, unnamed series
// go by their id or "series N", and each band gives two rows (its x edges) named "band: ...".
// Hidden series are left out; fields are quoted when they hold a comma or quote.
std::string figure_to_csv(const Figure& figure);

} // namespace losslab::plot
