// How footprint marks and writes numbers, shared by every output so that
// text, CSV, JSON, HTML and messages agree digit for digit.
#pragma once

#include <limits>
#include <string>

namespace fp {

// A quantity that was not measured (an area in membership mode, a
// population share when nothing is weighted). Writers show it as empty,
// "-" or null, never as a number.
inline constexpr double not_measured = std::numeric_limits<double>::quiet_NaN();

// Fixed-point with `decimals` digits after the point, independent of the C
// locale; "-0.0" is written "0.0". Non-finite numbers are written "nan",
// "inf" or "-inf".
std::string format_fixed(double number, int decimals);

} // namespace fp
