#pragma once
// CSV output of a figure: the data of every visible series at full precision.

#include "plot/figure.hpp"

#include <string>

namespace losslab::plot {

// "series,x,y" rows for every visible Line/Markers/Area/Bars series with data, values in
// shortest round-trip form ("inf", "-inf", "nan" for non-finite ones). Reference lines and
// unnamed helper series are left out; series names are quoted when they hold a comma or quote.
std::string figure_to_csv(const Figure& figure);

} // namespace losslab::plot
