#pragma once
/// @file
/// @brief Integer edge costs for min-cost-flow unwrapping (reference/algorithm.md
///        §2.5): constant, distance and centroid models as spurt defines them, and the
///        checked quantisation of caller-given real costs.
///
/// `cost[e]` is the price of one unit of flow (one 2π cycle) across primal edge e, in
/// either direction. All builders write signed 64-bit (or narrower, >= 32-bit) integers
/// in [0, max_edge_cost]. Deviations from spurt, all documented per function:
/// * extreme values are clamped to max_edge_cost instead of dividing by zero or
///   overflowing (spurt: division by zero for coincident points or centroids);
/// * centroid costs give boundary edges a positive cost by default (spurt: 0, i.e.
///   free routing of flow to the ground); BoundaryCost::zero restores spurt's values;
/// * edges that lie on no cycle (possible in user graphs and pruned Delaunay graphs)
///   get cost 1; no flow ever crosses them.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/planar_graph.hpp>

EMCF_BEGIN_NAMESPACE

/// Largest cost any emcf cost builder produces: 2^31 - 1 (so costs also fit int32).
/// A simple path in a dual graph has fewer than 2^31 edges (graph_index), so the cost
/// of any path stays below 2^62 and the sum of two path costs below 2^63: shortest-path
/// and potential arithmetic in int64 cannot overflow. Solvers may rely on this bound.
inline constexpr std::int64_t max_edge_cost = 2147483647;

/// What centroid_costs() gives an edge between a cycle and the ground (outer face).
enum class BoundaryCost : std::uint8_t {
    /// Default: the cost of a virtual neighbour cycle whose centroid is the cycle's
    /// centroid reflected through the edge's midpoint (for a triangle: the centroid of
    /// the triangle that completes the parallelogram), i.e. `rint(1 + scale / (2·d))`
    /// with d the distance from the centroid to the edge midpoint. Well defined also
    /// for collinear (hop-3) geometry, where a reflection across the edge's line is
    /// not.
    reflected = 0,
    /// spurt's behaviour: cost 0, flow to the ground is free.
    zero,
};

/// Options of centroid_costs().
struct CentroidCostOptions {
    double scale = 100.0;                            ///< > 0, spurt's default 100
    BoundaryCost boundary = BoundaryCost::reflected; ///< cost of edges to the ground
};

/// What quantize_costs() does with a scaled cost above max_edge_cost.
enum class CostOverflow : std::uint8_t {
    saturate = 0, ///< clamp to max_edge_cost
    throw_error,  ///< throw emcf::overflow_error naming the edge
};

namespace detail {

// Output overloads take part only for array-likes (not for a scale or a value).
template <class X>
using enable_if_array_t = view1d_t<std::remove_reference_t<X>>;

template <class Costs>
auto cost_output(Costs&& costs, std::size_t nedges)
{
    auto out = view1d(costs);
    using Int = typename decltype(out)::value_type;
    static_assert(is_writable_view_v<decltype(out)>, "emcf: 'costs' must be writable");
    static_assert(std::is_integral_v<Int> && std::is_signed_v<Int> &&
                          std::numeric_limits<Int>::max() >= max_edge_cost,
                  "emcf: costs must be a signed integer type of at least 32 bits");
    require_size(out.size(), nedges, "costs");
    return out;
}

inline void require_scale(double scale)
{
    require(std::isfinite(scale) && scale > 0, "scale",
            "must be finite and > 0, got " + std::to_string(scale));
}

inline void require_coordinates(const PlanarGraph& graph)
{
    require(graph.has_coordinates(), "graph",
            "has no point coordinates (a combinatorial graph): geometric costs need "
            "them");
}

/// Euclidean length; std::hypot (slow) only where the squares could overflow or
/// underflow.
inline double length(double dx, double dy) noexcept
{
    const double s = dx * dx + dy * dy;
    if (s > 1e-290 && s < 1e290) {
        return std::sqrt(s);
    }
    return std::hypot(dx, dy);
}

/// rint(1 + scale / length), clamped to [1, max_edge_cost]; length 0 gives the maximum.
inline std::int64_t inverse_length_cost(double scale, double length) noexcept
{
    const double value = std::nearbyint(1.0 + scale / length); // +inf for length 0
    if (!(value < static_cast<double>(max_edge_cost))) {
        return max_edge_cost;
    }
    return static_cast<std::int64_t>(value);
}

} // namespace detail

/// @brief The same cost on every edge (spurt's `constant`, its default: all ones).
/// @param graph the planar graph
/// @param costs nedges signed integers (>= 32 bits), output
/// @param value the cost, in [0, max_edge_cost]
/// @throws emcf::invalid_argument ('costs') on a size mismatch, ('value') out of range
/// @note O(E), no allocation.
template <class Costs, class = detail::enable_if_array_t<Costs>>
void constant_costs(const PlanarGraph& graph, Costs&& costs, std::int64_t value = 1)
{
    const auto out = detail::cost_output(costs, graph.nedges());
    detail::require(value >= 0 && value <= max_edge_cost, "value",
                    "must lie in [0, max_edge_cost], got " + std::to_string(value));
    using Int = typename decltype(out)::value_type;
    for (std::size_t e = 0; e < out.size(); ++e) {
        out[e] = static_cast<Int>(value);
    }
}

/// @brief Allocating form of constant_costs().
[[nodiscard]] inline std::vector<std::int64_t> constant_costs(const PlanarGraph& graph,
                                                              std::int64_t value = 1)
{
    std::vector<std::int64_t> costs(graph.nedges());
    constant_costs(graph, view1d(costs.data(), costs.size()), value);
    return costs;
}

/// @brief spurt's `distance` costs: `rint(1 + scale / ‖p[high] − p[low]‖)`.
///
/// Despite spurt's docstring ("1 + distance/scale") the code, and this function, use
/// the **inverse** distance: short edges are expensive to cut, long ones cheap. Hop-3
/// with N = 5 and scale 100 gives [101, 51, 34, 101, 51, 34, 101, 51, 101].
/// Deviation: a zero-length edge (coincident points, possible in user graphs) or a
/// value beyond max_edge_cost gets max_edge_cost instead of a division by zero.
/// Rounding is half-to-even, like NumPy's rint.
/// @param graph a graph with coordinates
/// @param costs nedges signed integers (>= 32 bits), output
/// @param scale > 0 (spurt's `s_cost_scale` / `t_cost_scale`, default 100), in the
///              coordinates' length unit
/// @throws emcf::invalid_argument ('graph') without coordinates, ('costs') on a size
///         mismatch, ('scale') unless finite and > 0
/// @note O(E), no allocation.
template <class Costs, class = detail::enable_if_array_t<Costs>>
void distance_costs(const PlanarGraph& graph, Costs&& costs, double scale = 100.0)
{
    const auto out = detail::cost_output(costs, graph.nedges());
    detail::require_scale(scale);
    detail::require_coordinates(graph);
    using Int = typename decltype(out)::value_type;
    for (std::size_t e = 0; e < graph.nedges(); ++e) {
        const auto a = static_cast<std::size_t>(graph.edge(e)[0]);
        const auto b = static_cast<std::size_t>(graph.edge(e)[1]);
        const double len =
                detail::length(graph.x(b) - graph.x(a), graph.y(b) - graph.y(a));
        out[e] = static_cast<Int>(detail::inverse_length_cost(scale, len));
    }
}

/// @brief Allocating form of distance_costs().
[[nodiscard]] inline std::vector<std::int64_t> distance_costs(const PlanarGraph& graph,
                                                              double scale = 100.0)
{
    std::vector<std::int64_t> costs(graph.nedges());
    distance_costs(graph, view1d(costs.data(), costs.size()), scale);
    return costs;
}

/// @brief spurt's `centroid` costs on the dual geometry: for an edge between cycles c0
///        and c1, `rint(1 + scale / ‖centroid(c0) − centroid(c1)‖)`, the centroid
///        being the mean of the cycle's points.
///
/// Boundary edges (a cycle and the ground) follow `options.boundary`: by default a
/// positive cost from the centroid reflected through the edge midpoint (see
/// BoundaryCost::reflected); BoundaryCost::zero gives spurt's 0. With zero boundary
/// costs, hop-3 N = 5 gives [0, 151, 0, 76, 0, 301, 76, 151, 301] and spurt's Delaunay
/// quad gives [0, 0, 0, 185, 0]; reflected gives the boundary edges of that hop-3 graph
/// 101, 301 and 76. Coincident centroids give max_edge_cost (spurt divides by zero);
/// edges on no cycle get 1.
/// @param graph   a graph with coordinates
/// @param dual    its dual graph (DualGraph(graph))
/// @param costs   nedges signed integers (>= 32 bits), output
/// @param options scale (> 0, default 100) and boundary rule
/// @throws emcf::invalid_argument ('graph') without coordinates, ('dual') if it does
///         not match the graph, ('costs') on a size mismatch, ('scale') unless finite
///         and > 0
/// @note O(E + total cycle length); allocates two doubles per cycle.
template <class Costs, class = detail::enable_if_array_t<Costs>>
void centroid_costs(const PlanarGraph& graph, const DualGraph& dual, Costs&& costs,
                    const CentroidCostOptions& options = {})
{
    const auto out = detail::cost_output(costs, graph.nedges());
    detail::require_scale(options.scale);
    detail::require_coordinates(graph);
    detail::require(
            dual.nedges() == graph.nedges() && dual.nnodes() == graph.ncycles() + 1,
            "dual", "does not belong to this graph (edge or cycle count differs)");
    using Int = typename decltype(out)::value_type;
    std::vector<double> centroid(2 * graph.ncycles());
    for (std::size_t c = 0; c < graph.ncycles(); ++c) {
        const std::size_t len = graph.cycle_size(c);
        double sx = 0;
        double sy = 0;
        for (std::size_t k = 0; k < len; ++k) {
            const auto p = static_cast<std::size_t>(graph.cycle_vertex(c, k));
            sx += graph.x(p);
            sy += graph.y(p);
        }
        centroid[2 * c] = sx / static_cast<double>(len);
        centroid[2 * c + 1] = sy / static_cast<double>(len);
    }
    for (std::size_t e = 0; e < graph.nedges(); ++e) {
        const auto& nodes = dual.nodes(e);
        if (dual.dirs(e)[0] == 0) { // on no cycle: never carries flow
            out[e] = Int{1};
            continue;
        }
        const auto c0 = static_cast<std::size_t>(nodes[0] - 1);
        double dx = 0;
        double dy = 0;
        if (nodes[1] != 0) {
            const auto c1 = static_cast<std::size_t>(nodes[1] - 1);
            dx = centroid[2 * c0] - centroid[2 * c1];
            dy = centroid[2 * c0 + 1] - centroid[2 * c1 + 1];
        } else if (options.boundary == BoundaryCost::zero) {
            out[e] = Int{0};
            continue;
        } else {
            const auto a = static_cast<std::size_t>(graph.edge(e)[0]);
            const auto b = static_cast<std::size_t>(graph.edge(e)[1]);
            const double mx = 0.5 * (graph.x(a) + graph.x(b));
            const double my = 0.5 * (graph.y(a) + graph.y(b));
            dx = 2.0 * (centroid[2 * c0] - mx);
            dy = 2.0 * (centroid[2 * c0 + 1] - my);
        }
        out[e] = static_cast<Int>(
                detail::inverse_length_cost(options.scale, detail::length(dx, dy)));
    }
}

/// @brief Allocating form of centroid_costs().
[[nodiscard]] inline std::vector<std::int64_t>
centroid_costs(const PlanarGraph& graph, const DualGraph& dual,
               const CentroidCostOptions& options = {})
{
    std::vector<std::int64_t> costs(graph.nedges());
    centroid_costs(graph, dual, view1d(costs.data(), costs.size()), options);
    return costs;
}

/// @brief Allocating form of centroid_costs() that builds the dual graph itself.
[[nodiscard]] inline std::vector<std::int64_t>
centroid_costs(const PlanarGraph& graph, const CentroidCostOptions& options = {})
{
    return centroid_costs(graph, DualGraph(graph), options);
}

/// @brief Caller-given real costs to integers: `rint(scale · cost[e])`, checked.
///
/// Use it for costs from coherence, SNAPHU-like statistics or any caller model. Choose
/// `scale` so that the costs' useful resolution survives rounding (e.g. 100 for costs
/// of order 1 known to 1 %); costs that round to 0 make flow across the edge free.
/// @param costs  nedges real costs (float or double, any storage), finite and >= 0
/// @param out    nedges signed integers (>= 32 bits), output
/// @param scale  > 0, multiplies every cost before rounding (half-to-even)
/// @param overflow what to do when a scaled cost exceeds max_edge_cost
/// @throws emcf::invalid_argument ('costs') for a negative or non-finite cost (the
///         message names the edge), ('out') on a size mismatch, ('scale') unless finite
///         and > 0; emcf::overflow_error ('costs') for a cost above max_edge_cost when
///         `overflow` is CostOverflow::throw_error
/// @note O(E), no allocation.
template <class In, class Out>
void quantize_costs(const In& costs, Out&& out, double scale = 1.0,
                    CostOverflow overflow = CostOverflow::saturate)
{
    const auto in = view1d(costs);
    auto dst = view1d(out);
    using Real = typename decltype(in)::value_type;
    using Int = typename decltype(dst)::value_type;
    static_assert(std::is_floating_point_v<Real>,
                  "quantize_costs: 'costs' must be float or double");
    static_assert(detail::is_writable_view_v<decltype(dst)>,
                  "quantize_costs: 'out' must be writable");
    static_assert(std::is_integral_v<Int> && std::is_signed_v<Int> &&
                          std::numeric_limits<Int>::max() >= max_edge_cost,
                  "quantize_costs: 'out' must be a signed integer type of >= 32 bits");
    detail::require_scale(scale);
    detail::require_size(dst.size(), in.size(), "out");
    for (std::size_t e = 0; e < in.size(); ++e) {
        const auto c = static_cast<double>(in[e]);
        if (!std::isfinite(c) || c < 0) {
            detail::throw_invalid("costs", "cost of edge " + std::to_string(e) +
                                                   " must be finite and >= 0, got " +
                                                   std::to_string(c));
        }
        const double q = std::nearbyint(c * scale);
        if (!(q <= static_cast<double>(max_edge_cost))) {
            if (overflow == CostOverflow::throw_error) {
                throw overflow_error("costs",
                                     "cost of edge " + std::to_string(e) +
                                             " scaled by " + std::to_string(scale) +
                                             " exceeds max_edge_cost (2^31 - 1)");
            }
            dst[e] = static_cast<Int>(max_edge_cost);
        } else {
            dst[e] = static_cast<Int>(q);
        }
    }
}

EMCF_END_NAMESPACE
