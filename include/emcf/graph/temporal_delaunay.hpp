#pragma once
/// @file
/// @brief Temporal network as a Delaunay triangulation in the (time, B⊥) plane: the
///        original EMCF temporal graph (Pepe & Lanari 2006), spurt's
///        `DelaunayGraph(xy, scaling)` on (t, B⊥) columns (reference/algorithm.md
///        §1.3).

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/delaunay.hpp>
#include <emcf/graph/planar_graph.hpp>

EMCF_BEGIN_NAMESPACE

/// Scaling and pruning of temporal_delaunay_graph().
///
/// The triangulation is computed on (t / days_per_unit, B⊥ / meters_per_unit): one
/// unit of time weighs as much as one unit of baseline. The defaults (12 days, 25 m)
/// make a Sentinel-1 revisit step and a 25 m baseline change equally "long", the
/// scaling of the benchmark problems in reference/anchors.md.
struct TemporalDelaunayOptions {
    double days_per_unit = 12.0;   ///< time span of one unit [days], > 0
    double meters_per_unit = 25.0; ///< perpendicular-baseline span of one unit [m], > 0
    /// Drop triangles with a side longer than this, in scaled units (long temporal or
    /// baseline spans decorrelate); +inf keeps all. See DelaunayOptions.
    double max_edge_length = std::numeric_limits<double>::infinity();
};

/// @brief Delaunay triangulation of the epochs in the scaled (time, B⊥) plane.
/// @param times  N acquisition times [days], any origin, strictly increasing (float or
///               double, any 1-D storage)
/// @param bperp  N perpendicular baselines [m] relative to any common reference
/// @param options scaling of the two axes and optional long-edge pruning
/// @return a PlanarGraph whose points are the epochs at the **scaled** coordinates
///         (t / days_per_unit, B⊥ / meters_per_unit), as spurt keeps them (so distance
///         and centroid costs use the same metric); edges (i, j), i < j, are the
///         interferograms "secondary j minus reference i", sorted lexicographically;
///         triangles counter-clockwise
/// @throws emcf::invalid_argument ('times', 'bperp') for sizes that differ, N < 3,
///         non-finite values, times not strictly increasing; ('days_per_unit',
///         'meters_per_unit') unless finite and > 0; ('points') when every epoch lies
///         on one line in the plane (e.g. all-zero or time-proportional baselines: use
///         hop3_graph)
/// @note O(N log N); see delaunay_triangulation().
template <class Times, class Baselines>
[[nodiscard]] PlanarGraph
temporal_delaunay_graph(const Times& times, const Baselines& bperp,
                        const TemporalDelaunayOptions& options = {})
{
    const auto t = view1d(times);
    const auto b = view1d(bperp);
    static_assert(std::is_floating_point_v<typename decltype(t)::value_type> &&
                          std::is_floating_point_v<typename decltype(b)::value_type>,
                  "temporal_delaunay_graph: times and bperp must be float or double");
    detail::require(std::isfinite(options.days_per_unit) && options.days_per_unit > 0,
                    "days_per_unit", "must be finite and > 0");
    detail::require(std::isfinite(options.meters_per_unit) &&
                            options.meters_per_unit > 0,
                    "meters_per_unit", "must be finite and > 0");
    detail::require_size(b.size(), t.size(), "bperp");
    detail::require(t.size() >= 3, "times",
                    "a temporal triangulation needs at least 3 epochs, got " +
                            std::to_string(t.size()));
    std::vector<double> xy(2 * t.size());
    for (std::size_t k = 0; k < t.size(); ++k) {
        const auto tk = static_cast<double>(t[k]);
        const auto bk = static_cast<double>(b[k]);
        detail::require(std::isfinite(tk), "times",
                        "epoch " + std::to_string(k) + " has a non-finite time");
        detail::require(std::isfinite(bk), "bperp",
                        "epoch " + std::to_string(k) + " has a non-finite baseline");
        if (k > 0 && !(tk > static_cast<double>(t[k - 1]))) {
            detail::throw_invalid("times", "must be strictly increasing: epoch " +
                                                   std::to_string(k) +
                                                   " is not later "
                                                   "than epoch " +
                                                   std::to_string(k - 1));
        }
        xy[2 * k] = tk / options.days_per_unit;
        xy[2 * k + 1] = bk / options.meters_per_unit;
    }
    DelaunayOptions delaunay;
    delaunay.max_edge_length = options.max_edge_length;
    return detail::delaunay_from_coordinates(std::move(xy), delaunay).graph;
}

EMCF_END_NAMESPACE
