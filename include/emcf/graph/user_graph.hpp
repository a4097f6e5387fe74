#pragma once
/// @file
/// @brief Planar graphs supplied by the caller as arrays (points, edges, cycles or
///        triangles): converted, validated and assembled into a PlanarGraph.
///
/// Index arrays may use any integer type (int32, int64, unsigned...) and any storage
/// (view, Eigen, xtensor; row- or column-major). Edges keep the caller's order, so
/// per-edge arrays (gradients, flows, costs) line up with the caller's own edge list;
/// cycles keep theirs (cycle c is dual node c + 1).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/detail/graph_assembly.hpp>
#include <emcf/graph/detail/point_input.hpp>
#include <emcf/graph/planar_graph.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

template <class Int>
graph_index checked_vertex(Int value, std::size_t npoints, const char* argument,
                           const std::string& where)
{
    static_assert(std::is_integral_v<Int>,
                  "emcf: graph index arrays must have an integer element type");
    const bool negative = [&] {
        if constexpr (std::is_signed_v<Int>) {
            return value < 0;
        } else {
            return false;
        }
    }();
    if (negative || static_cast<std::uint64_t>(value) >= npoints) {
        throw_invalid(argument, where + " refers to point " + std::to_string(value) +
                                        ", outside [0, " + std::to_string(npoints) +
                                        ")");
    }
    return static_cast<graph_index>(value);
}

template <class Edges>
std::vector<Edge> read_edges(const Edges& edges, std::size_t npoints)
{
    const auto v = view2d(edges);
    require(v.cols() == 2, "edges",
            "expected an E x 2 array of (low, high) point indices, got " +
                    std::to_string(v.rows()) + " x " + std::to_string(v.cols()));
    std::vector<Edge> out(v.rows());
    for (std::size_t e = 0; e < v.rows(); ++e) {
        const std::string where = "edge " + std::to_string(e);
        const auto a = checked_vertex(v(e, 0), npoints, "edges", where);
        const auto b = checked_vertex(v(e, 1), npoints, "edges", where);
        if (a == b) {
            throw_invalid("edges",
                          where + " joins point " + std::to_string(a) + " to itself");
        }
        if (a > b) {
            throw_invalid("edges", where + " is (" + std::to_string(a) + ", " +
                                           std::to_string(b) +
                                           "): edges must be stored low -> high, "
                                           "i.e. (" +
                                           std::to_string(b) + ", " +
                                           std::to_string(a) +
                                           "); swap the columns of such rows "
                                           "(and negate their gradients)");
        }
        out[e] = {a, b};
    }
    return out;
}

/// Cycles from a C x L array: row c lists the vertices of cycle c; a negative entry
/// ends a row early (padding for shorter cycles).
template <class Cycles>
void read_cycles(const Cycles& cycles, std::size_t npoints, const char* argument,
                 std::vector<graph_index>& offsets, std::vector<graph_index>& vertices)
{
    const auto v = view2d(cycles);
    using Int = typename decltype(v)::value_type;
    static_assert(std::is_integral_v<Int>,
                  "emcf: cycle and triangle arrays must have an integer element type");
    require(v.rows() == 0 || v.cols() >= 3, argument,
            "expected a C x L array with L >= 3 vertices per row, got " +
                    std::to_string(v.rows()) + " x " + std::to_string(v.cols()));
    offsets.assign(1, 0);
    vertices.clear();
    vertices.reserve(v.rows() * v.cols());
    for (std::size_t c = 0; c < v.rows(); ++c) {
        for (std::size_t k = 0; k < v.cols(); ++k) {
            const Int value = v(c, k);
            if constexpr (std::is_signed_v<Int>) {
                if (value < 0) {
                    break;
                }
            }
            vertices.push_back(checked_vertex(value, npoints, argument,
                                              "row " + std::to_string(c) + ", column " +
                                                      std::to_string(k)));
        }
        require(vertices.size() <= static_cast<std::size_t>(
                                           std::numeric_limits<graph_index>::max()),
                argument, "more than 2^31 - 1 vertices in total");
        offsets.push_back(static_cast<graph_index>(vertices.size()));
    }
}

template <class Points>
constexpr bool is_point_count_v = std::is_integral_v<Points>;

template <class Points>
std::vector<double> read_points_or_none(const Points& points, std::size_t& npoints)
{
    if constexpr (is_point_count_v<Points>) {
        if constexpr (std::is_signed_v<Points>) {
            require(points >= 0, "npoints", "must be >= 0");
        }
        require(static_cast<std::uint64_t>(points) <=
                        static_cast<std::uint64_t>(
                                std::numeric_limits<graph_index>::max()),
                "npoints", "more than 2^31 - 1 points");
        npoints = static_cast<std::size_t>(points);
        return {};
    } else {
        auto xy = read_points(points, "points");
        npoints = xy.size() / 2;
        return xy;
    }
}

} // namespace detail

/// @brief Planar graph from caller arrays: points, edges and cycles.
/// @param points an N x 2 array of (x, y) (float, double or integers), or just the
///               number of points N (an integer) for a purely combinatorial graph
/// @param edges  E x 2 integer array, row e = (low, high) with low < high, in the
///               caller's order (not re-sorted)
/// @param cycles C x L integer array, row c = the vertices of cycle c in walking order;
///               a negative entry ends a row early, so mixed cycle lengths fit one
///               array; all cycles must be consistently oriented (each interior edge
///               walked once each way), e.g. all counter-clockwise
/// @throws emcf::invalid_argument naming 'points', 'edges' or 'cycles': wrong shape,
///         index outside [0, N), an edge from a point to itself or stored high -> low
///         (the message gives the swapped pair), repeated edges, cycles with fewer than
///         3 vertices or a step that is not an edge, an edge on more than two cycles,
///         inconsistent orientation, non-finite coordinates
/// @note O(N + E log degree + total cycle length).
template <class Points, class Edges, class Cycles>
[[nodiscard]] PlanarGraph make_planar_graph(const Points& points, const Edges& edges,
                                            const Cycles& cycles)
{
    std::size_t npoints = 0;
    auto xy = detail::read_points_or_none(points, npoints);
    auto edge_list = detail::read_edges(edges, npoints);
    std::vector<graph_index> offsets;
    std::vector<graph_index> vertices;
    detail::read_cycles(cycles, npoints, "cycles", offsets, vertices);
    return PlanarGraph(std::move(xy), npoints, std::move(edge_list), std::move(offsets),
                       std::move(vertices));
}

/// @brief Graph without cycles (points and edges only), e.g. for integration or
///        connected components on an arbitrary network. Its dual has only the ground.
/// @throws as make_planar_graph(points, edges, cycles)
template <class Points, class Edges>
[[nodiscard]] PlanarGraph make_planar_graph(const Points& points, const Edges& edges)
{
    std::size_t npoints = 0;
    auto xy = detail::read_points_or_none(points, npoints);
    auto edge_list = detail::read_edges(edges, npoints);
    return PlanarGraph(std::move(xy), npoints, std::move(edge_list), {0}, {});
}

/// @brief Planar graph from a triangle list (e.g. a triangulation made elsewhere):
///        the edges are the triangles' sides, (low, high), sorted lexicographically.
/// @param points    an N x 2 array of (x, y), or the number of points N
/// @param triangles T x 3 integer array, consistently oriented (all counter-clockwise
///                  or all clockwise); kept in the caller's order
/// @throws emcf::invalid_argument ('points', 'triangles') for a wrong shape, an index
///         outside [0, N), a repeated vertex in a triangle, a side shared by more than
///         two triangles or walked twice in the same direction
/// @note O(N + T log degree).
template <class Points, class Triangles>
[[nodiscard]] PlanarGraph planar_graph_from_triangles(const Points& points,
                                                      const Triangles& triangles)
{
    std::size_t npoints = 0;
    auto xy = detail::read_points_or_none(points, npoints);
    std::vector<graph_index> offsets;
    std::vector<graph_index> vertices;
    detail::read_cycles(triangles, npoints, "triangles", offsets, vertices);
    for (std::size_t t = 0; t + 1 < offsets.size(); ++t) {
        const auto b = static_cast<std::size_t>(offsets[t]);
        detail::require(offsets[t + 1] - offsets[t] == 3, "triangles",
                        "row " + std::to_string(t) + " does not have 3 vertices");
        const auto p = vertices[b];
        const auto q = vertices[b + 1];
        const auto r = vertices[b + 2];
        detail::require(p != q && q != r && r != p, "triangles",
                        "row " + std::to_string(t) + " repeats a vertex (" +
                                std::to_string(p) + ", " + std::to_string(q) + ", " +
                                std::to_string(r) + ")");
    }
    auto edge_list = detail::edges_of_cycles(offsets, vertices, npoints);
    try {
        return PlanarGraph(std::move(xy), npoints, std::move(edge_list),
                           std::move(offsets), std::move(vertices));
    } catch (const invalid_argument& e) {
        // The edges were derived here: name the caller's argument instead.
        throw invalid_argument(e.argument() == "cycles" ? "triangles" : e.argument(),
                               e.problem());
    }
}

EMCF_END_NAMESPACE
