#pragma once
/// @file
/// @brief Reading an N x 2 coordinate array of any supported storage into doubles.

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/planar_graph.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

/// Copy an N x 2 array of coordinates into (x0, y0, x1, y1, ...), checking the shape,
/// the 2^31 - 1 point limit and that every value is finite. Float, double or integer
/// elements (pixel (row, col) from np.nonzero); integers convert exactly below 2^53.
/// @throws emcf::invalid_argument naming `argument`
template <class Points>
std::vector<double> read_points(const Points& points, const char* argument)
{
    const auto v = view2d(points);
    using Value = typename decltype(v)::value_type;
    static_assert(std::is_arithmetic_v<Value> && !std::is_same_v<Value, bool>,
                  "emcf: point coordinates must be float, double or integers");
    require(v.cols() == 2, argument,
            "expected an N x 2 array of (x, y) coordinates, got " +
                    std::to_string(v.rows()) + " x " + std::to_string(v.cols()));
    require(v.rows() <=
                    static_cast<std::size_t>(std::numeric_limits<graph_index>::max()),
            argument, "more than 2^31 - 1 points");
    std::vector<double> xy(2 * v.rows());
    for (std::size_t p = 0; p < v.rows(); ++p) {
        const auto px = static_cast<double>(v(p, 0));
        const auto py = static_cast<double>(v(p, 1));
        if (!std::isfinite(px) || !std::isfinite(py)) {
            throw_invalid(argument, "coordinates of point " + std::to_string(p) +
                                            " are not finite");
        }
        xy[2 * p] = px;
        xy[2 * p + 1] = py;
    }
    return xy;
}

} // namespace detail
EMCF_END_NAMESPACE
