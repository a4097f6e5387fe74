#pragma once
/// @file
/// @brief A planar graph with its cycles: points, edges stored low → high, and the
///        consistently oriented cycles (faces) that MCF unwrapping works on
///        (reference/algorithm.md §1.3–§1.5).
///
/// Every builder in emcf/graph (hop-3, regular grid, Delaunay, user-supplied) returns a
/// PlanarGraph. Its invariants, checked by validate() and by every builder:
/// * edges are pairs (low, high) with low < high, no duplicates, vertices in range;
/// * every cycle has >= 3 vertices and every consecutive pair (cyclically) is an edge;
/// * every edge lies on one cycle (a boundary edge) or two (an interior edge); an
///   interior edge is walked once in each direction (consistent orientation);
/// * cycles may have different lengths (e.g. triangles next to merged faces).
/// Connectivity is not required: disconnected graphs are normal input (integration
/// works per connected component); edges on no cycle are allowed only where a builder
/// says so.
///
/// Indices are stored as 32-bit signed integers (half the memory of size_t for the
/// 10^6–10^7-point graphs of a tile); builders check the 2^31 − 1 limit.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>

EMCF_BEGIN_NAMESPACE

/// Compact index type of graph storage (points, edges, cycles).
using graph_index = std::int32_t;

/// An undirected edge stored low → high.
using Edge = std::array<graph_index, 2>;

namespace detail {
/// Tag of the PlanarGraph constructor for builders whose output is valid by
/// construction (Delaunay): validation then runs only with debug assertions on.
struct trusted_graph_t {
    explicit trusted_graph_t() = default;
};
} // namespace detail

/// Planar graph: points, edges (low → high) and oriented cycles in CSR form.
class PlanarGraph {
  public:
    PlanarGraph() = default;

    /// Assemble a graph that a builder guarantees to be valid; validated only when
    /// debug assertions are on (`EMCF_ENABLE_DEBUG_ASSERTS` or no `NDEBUG`), which
    /// saves the O(E log degree) check on 10^6-point triangulations.
    PlanarGraph(detail::trusted_graph_t /*tag*/, std::vector<double> xy,
                std::size_t npoints, std::vector<Edge> edges,
                std::vector<graph_index> cycle_offsets,
                std::vector<graph_index> cycle_vertices)
        : xy_(std::move(xy)), npoints_(npoints), edges_(std::move(edges)),
          cycle_offsets_(std::move(cycle_offsets)),
          cycle_vertices_(std::move(cycle_vertices))
    {
#if !defined(NDEBUG) || defined(EMCF_ENABLE_DEBUG_ASSERTS)
        validate();
#endif
    }

    /// Assemble a graph from its parts and validate it.
    /// @param xy            point coordinates, `2 * npoints` values (x0, y0, x1, y1,
    /// ...);
    ///                      may be empty for purely combinatorial graphs
    /// @param npoints       number of points
    /// @param edges         edges (low, high), low < high
    /// @param cycle_offsets CSR offsets, `ncycles + 1` values starting at 0
    /// @param cycle_vertices the vertices of cycle c are
    ///                      `cycle_vertices[cycle_offsets[c] .. cycle_offsets[c + 1])`
    /// @throws emcf::invalid_argument naming the offending part when an invariant fails
    PlanarGraph(std::vector<double> xy, std::size_t npoints, std::vector<Edge> edges,
                std::vector<graph_index> cycle_offsets,
                std::vector<graph_index> cycle_vertices)
        : xy_(std::move(xy)), npoints_(npoints), edges_(std::move(edges)),
          cycle_offsets_(std::move(cycle_offsets)),
          cycle_vertices_(std::move(cycle_vertices))
    {
        validate();
    }

    [[nodiscard]] std::size_t npoints() const noexcept { return npoints_; }
    [[nodiscard]] std::size_t nedges() const noexcept { return edges_.size(); }
    [[nodiscard]] std::size_t ncycles() const noexcept
    {
        return cycle_offsets_.empty() ? 0 : cycle_offsets_.size() - 1;
    }

    /// Edge e as (low, high).
    [[nodiscard]] const Edge& edge(std::size_t e) const noexcept { return edges_[e]; }
    [[nodiscard]] const std::vector<Edge>& edges() const noexcept { return edges_; }

    /// Whether the graph carries coordinates.
    [[nodiscard]] bool has_coordinates() const noexcept { return !xy_.empty(); }
    /// x coordinate of point p (requires has_coordinates()).
    [[nodiscard]] double x(std::size_t p) const noexcept { return xy_[2 * p]; }
    /// y coordinate of point p (requires has_coordinates()).
    [[nodiscard]] double y(std::size_t p) const noexcept { return xy_[2 * p + 1]; }
    /// Coordinates as (x0, y0, x1, y1, ...).
    [[nodiscard]] const std::vector<double>& coordinates() const noexcept
    {
        return xy_;
    }

    /// Number of vertices of cycle c.
    [[nodiscard]] std::size_t cycle_size(std::size_t c) const noexcept
    {
        return static_cast<std::size_t>(cycle_offsets_[c + 1] - cycle_offsets_[c]);
    }
    /// Vertex k (0-based, cyclic order) of cycle c.
    [[nodiscard]] graph_index cycle_vertex(std::size_t c, std::size_t k) const noexcept
    {
        return cycle_vertices_[static_cast<std::size_t>(cycle_offsets_[c]) + k];
    }
    [[nodiscard]] const std::vector<graph_index>& cycle_offsets() const noexcept
    {
        return cycle_offsets_;
    }
    [[nodiscard]] const std::vector<graph_index>& cycle_vertices() const noexcept
    {
        return cycle_vertices_;
    }

    /// Check every invariant listed in the file comment.
    /// @throws emcf::invalid_argument naming the offending part ("edges", "cycles",
    /// ...)
    void validate() const;

  private:
    std::vector<double> xy_;
    std::size_t npoints_ = 0;
    std::vector<Edge> edges_;
    std::vector<graph_index> cycle_offsets_{0};
    std::vector<graph_index> cycle_vertices_;
};

EMCF_END_NAMESPACE

#include <emcf/graph/detail/planar_graph_validate.hpp>
