#pragma once
/// @file
/// @brief Delaunay triangulation of arbitrary 2-D points as a PlanarGraph (the spatial
///        graph of EMCF; spurt's `DelaunayGraph`, reference/algorithm.md §1.4).
///
/// Own implementation, no Qhull: incremental Bowyer-Watson insertion in biased
/// randomized Hilbert order with exact orientation and in-circle predicates (Shewchuk
/// 1997 filters with an exact expansion fallback). Degenerate input is normal: pixel
/// lattices (four co-circular points everywhere), collinear points on the hull or
/// inside, and points far apart in scale all triangulate; the diagonal chosen in a
/// co-circular quadrilateral is arbitrary but deterministic.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/detail/graph_assembly.hpp>
#include <emcf/graph/detail/point_input.hpp>
#include <emcf/graph/detail/predicates.hpp>
#include <emcf/graph/detail/spatial_sort.hpp>
#include <emcf/graph/detail/triangulator.hpp>
#include <emcf/graph/planar_graph.hpp>

EMCF_BEGIN_NAMESPACE

/// Options of delaunay_graph() and delaunay_triangulation().
struct DelaunayOptions {
    /// Drop every triangle that has a side longer than this (coordinate units), and the
    /// edges left on no triangle, so that masked areas (water, shadow) are not bridged
    /// by long links. The holes become part of the outer face (ground node 0 of the
    /// dual); points left without edges stay in the graph, isolated. +inf keeps the
    /// full triangulation.
    double max_edge_length = std::numeric_limits<double>::infinity();
};

/// A triangulation with its convex hull.
struct DelaunayTriangulation {
    /// Points (coordinates as given, in input order), edges (low, high) sorted
    /// lexicographically, counter-clockwise triangles in canonical order (each starts
    /// at its smallest vertex; triangles sorted lexicographically).
    PlanarGraph graph;
    /// Vertices of the convex hull in counter-clockwise order, starting at the
    /// smallest index; collinear points on the hull are included. Always the hull of
    /// the full triangulation, also when max_edge_length removed triangles.
    std::vector<graph_index> hull;
};

namespace detail {

// Exactness of the predicates needs products of four coordinate differences to stay
// finite; 1e60 leaves a wide margin and no real coordinate system comes near it.
inline constexpr double kMaxDelaunayCoordinate = 1e60;

/// Put three non-collinear points first in `order` (keeping the others' relative
/// order). Throws for all-identical or all-collinear input.
inline void choose_initial_triangle(std::vector<std::uint32_t>& order,
                                    const std::vector<double>& xy)
{
    const std::size_t n = order.size();
    auto px = [&](std::size_t k) { return xy[2 * static_cast<std::size_t>(order[k])]; };
    auto py = [&](std::size_t k) {
        return xy[2 * static_cast<std::size_t>(order[k]) + 1];
    };
    std::size_t k1 = 1;
    while (k1 < n && px(k1) == px(0) && py(k1) == py(0)) {
        ++k1;
    }
    if (k1 == n) {
        throw_invalid("points",
                      "all " + std::to_string(n) +
                              " points are identical: no triangulation exists");
    }
    std::rotate(order.begin() + 1, order.begin() + static_cast<std::ptrdiff_t>(k1),
                order.begin() + static_cast<std::ptrdiff_t>(k1) + 1);
    std::size_t k2 = 2;
    while (k2 < n && orient2d(px(0), py(0), px(1), py(1), px(k2), py(k2)) == 0.0) {
        ++k2;
    }
    if (k2 == n) {
        throw_invalid("points",
                      "all " + std::to_string(n) +
                              " points are collinear: no triangulation exists (a "
                              "temporal network with all-zero baselines needs "
                              "hop3_graph, a 1-D profile needs a user-supplied graph)");
    }
    std::rotate(order.begin() + 2, order.begin() + static_cast<std::ptrdiff_t>(k2),
                order.begin() + static_cast<std::ptrdiff_t>(k2) + 1);
}

/// Triangulate coordinates already read and validated (finite, N >= 3).
inline DelaunayTriangulation delaunay_from_coordinates(std::vector<double> xy,
                                                       const DelaunayOptions& options)
{
    const std::size_t n = xy.size() / 2;
    require(n >= 3, "points",
            "a triangulation needs at least 3 points, got " + std::to_string(n));
    require(!(options.max_edge_length <= 0.0) && !std::isnan(options.max_edge_length),
            "max_edge_length", "must be > 0 (or +inf to keep every triangle)");
    for (std::size_t k = 0; k < xy.size(); ++k) {
        if (std::fabs(xy[k]) > kMaxDelaunayCoordinate) {
            throw_invalid("points", "coordinate of point " + std::to_string(k / 2) +
                                            " exceeds 1e60 in magnitude (exact "
                                            "predicates would overflow); rescale");
        }
    }
    std::vector<std::uint32_t> order = insertion_order(xy, n);
    choose_initial_triangle(order, xy);

    std::vector<graph_index> triangles;
    std::vector<Edge> edges;
    std::vector<graph_index> hull;
    {
        std::vector<double> sorted(2 * n);
        for (std::size_t k = 0; k < n; ++k) {
            sorted[2 * k] = xy[2 * static_cast<std::size_t>(order[k])];
            sorted[2 * k + 1] = xy[2 * static_cast<std::size_t>(order[k]) + 1];
        }
        Triangulator tri(std::move(sorted), n);
        const auto failure = tri.run();
        if (failure.kind == Triangulator::Failure::Kind::duplicate) {
            auto a = static_cast<std::size_t>(order[failure.first]);
            auto b = static_cast<std::size_t>(order[failure.second]);
            if (b < a) {
                std::swap(a, b);
            }
            throw_invalid("points", "duplicate points " + std::to_string(a) + " and " +
                                            std::to_string(b) + " at (" +
                                            std::to_string(xy[2 * a]) + ", " +
                                            std::to_string(xy[2 * a + 1]) + ")");
        }
        EMCF_ASSERT(failure.kind == Triangulator::Failure::Kind::none);

        auto orig = [&](std::int32_t rank) {
            return static_cast<graph_index>(order[static_cast<std::size_t>(rank)]);
        };
        const double max_len2 = options.max_edge_length * options.max_edge_length;
        auto too_long = [&](graph_index a, graph_index b) {
            const double dx = xy[2 * static_cast<std::size_t>(a)] -
                              xy[2 * static_cast<std::size_t>(b)];
            const double dy = xy[2 * static_cast<std::size_t>(a) + 1] -
                              xy[2 * static_cast<std::size_t>(b) + 1];
            return dx * dx + dy * dy > max_len2;
        };
        const bool filter = std::isfinite(options.max_edge_length);
        std::vector<std::uint8_t> kept(tri.nslots(), 0);
        std::size_t nkept = 0;
        for (std::size_t t = 0; t < tri.nslots(); ++t) {
            if (!tri.is_live(t) || tri.is_ghost(t)) {
                continue;
            }
            const graph_index a = orig(tri.vertex(t, 0));
            const graph_index b = orig(tri.vertex(t, 1));
            const graph_index c = orig(tri.vertex(t, 2));
            if (filter && (too_long(a, b) || too_long(b, c) || too_long(c, a))) {
                continue;
            }
            kept[t] = 1;
            ++nkept;
        }
        triangles.reserve(3 * nkept);
        edges.reserve(nkept + n + 3);
        for (std::size_t t = 0; t < tri.nslots(); ++t) {
            if (kept[t] == 0) {
                continue;
            }
            for (std::size_t k = 0; k < 3; ++k) {
                triangles.push_back(orig(tri.vertex(t, k)));
            }
            // Emit each edge once: an interior edge by the triangle that walks it
            // low -> high, a border edge by its only kept triangle.
            for (std::size_t i = 0; i < 3; ++i) {
                const graph_index u = orig(tri.vertex(t, (i + 1) % 3));
                const graph_index w = orig(tri.vertex(t, (i + 2) % 3));
                const auto nb = static_cast<std::size_t>(tri.neighbor(t, i));
                if (u < w) {
                    edges.push_back({u, w});
                } else if (kept[nb] == 0) {
                    edges.push_back({w, u});
                }
            }
        }
        for (const auto v : tri.hull()) {
            hull.push_back(orig(v));
        }
    }
    sort_edges(edges, n, false);
    canonical_triangle_order(triangles, n);
    const auto first = std::min_element(hull.begin(), hull.end());
    std::rotate(hull.begin(), first, hull.end());
    auto offsets = triangle_offsets(triangles.size() / 3);
    return {PlanarGraph(trusted_graph_t{}, std::move(xy), n, std::move(edges),
                        std::move(offsets), std::move(triangles)),
            std::move(hull)};
}

} // namespace detail

/// @brief Delaunay triangulation of 2-D points, with its convex hull.
/// @param points N x 2 array (x, y) of float, double or integers (pixel coordinates),
///               any storage (view, Eigen, xtensor; row- or column-major, strided);
///               computed in double
/// @param options see DelaunayOptions (long-edge removal)
/// @return the graph (N points, E = 3N - 3 - h edges, T = 2N - 2 - h triangles for h
///         hull vertices when no triangle is removed) and the hull
/// @throws emcf::invalid_argument ('points') for a shape other than N x 2, N < 3, a
///         non-finite coordinate or one beyond 1e60 in magnitude, duplicate points
///         (the message names both indices), all points identical or collinear;
///         ('max_edge_length') if not > 0
/// @note O(N log N) expected time (sort + O(1) expected work per insertion); about
///       155 bytes per point at the peak, 72 per point in the result. Deterministic:
///       the same points always give the same graph. Not thread-parallel; safe to
///       call concurrently on different inputs.
template <class Points>
[[nodiscard]] DelaunayTriangulation
delaunay_triangulation(const Points& points, const DelaunayOptions& options = {})
{
    return detail::delaunay_from_coordinates(detail::read_points(points, "points"),
                                             options);
}

/// @brief Delaunay graph of 2-D points: delaunay_triangulation() without the hull.
/// The boundary is known through DualGraph::is_boundary (edges next to the ground).
/// @throws as delaunay_triangulation()
template <class Points>
[[nodiscard]] PlanarGraph delaunay_graph(const Points& points,
                                         const DelaunayOptions& options = {})
{
    return delaunay_triangulation(points, options).graph;
}

EMCF_END_NAMESPACE
