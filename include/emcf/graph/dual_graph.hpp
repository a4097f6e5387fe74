#pragma once
/// @file
/// @brief The dual of a planar graph with its grounding node (reference/algorithm.md
///        §1.6): the network on which residues live and min-cost flows run.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/graph/detail/edge_lookup.hpp>
#include <emcf/graph/planar_graph.hpp>

EMCF_BEGIN_NAMESPACE

/// Dual graph of a PlanarGraph, as spurt's `_prepare_dual` builds it.
///
/// Dual node 0 is the **grounding node** (the outer face, and any face that is not a
/// listed cycle); cycle c is dual node c + 1. For primal edge e:
/// * `nodes(e) = {c0, c1}`: the dual nodes of the two cycles that walk e, in order of
///   first appearance; `c1 = 0` (ground) for a boundary edge;
/// * `dirs(e) = {d0, d1}`: +1 if that cycle walks e low → high, -1 if high → low, 0 for
///   the ground slot. Interior edges always have `d1 = -d0`.
/// An edge on no cycle (a bridge between faces of the outer face) gets nodes {0, 0} and
/// dirs {0, 0}: it closes no cycle, so no flow ever uses it.
///
/// Built once per graph and reused for every interferogram or link.
/// @note O(V + E log degree) to build; 10 bytes per primal edge. Immutable, so const
///       use is thread-safe.
class DualGraph {
  public:
    DualGraph() = default;

    /// @throws emcf::invalid_argument if `graph` breaks a PlanarGraph invariant
    explicit DualGraph(const PlanarGraph& graph)
        : nnodes_(graph.ncycles() + 1), nodes_(graph.nedges()), dirs_(graph.nedges())
    {
        const detail::EdgeLookup lookup(graph.npoints(), graph.edges());
        const auto sides = detail::edge_sides(graph, lookup);
        for (std::size_t e = 0; e < graph.nedges(); ++e) {
            const auto& c = sides.cycle[e];
            nodes_[e] = {static_cast<graph_index>(c[0] + 1),
                         static_cast<graph_index>(c[1] + 1)};
            dirs_[e] = sides.dir[e];
            if (c[1] >= 0) {
                ++ninterior_;
            }
        }
    }

    /// Number of dual nodes: cycles + 1 (the ground).
    [[nodiscard]] std::size_t nnodes() const noexcept { return nnodes_; }
    /// Number of dual edges = number of primal edges.
    [[nodiscard]] std::size_t nedges() const noexcept { return nodes_.size(); }
    /// The two dual nodes of primal edge e (ground = 0 in the second slot).
    [[nodiscard]] const std::array<graph_index, 2>& nodes(std::size_t e) const noexcept
    {
        return nodes_[e];
    }
    /// Walk directions (+1 low → high, -1 high → low, 0 ground) of primal edge e.
    [[nodiscard]] const std::array<std::int8_t, 2>& dirs(std::size_t e) const noexcept
    {
        return dirs_[e];
    }
    /// True when e separates a cycle from the ground.
    [[nodiscard]] bool is_boundary(std::size_t e) const noexcept
    {
        return dirs_[e][0] != 0 && nodes_[e][1] == 0;
    }
    /// Number of edges between two cycles.
    [[nodiscard]] std::size_t ninterior() const noexcept { return ninterior_; }

  private:
    std::size_t nnodes_ = 1;
    std::size_t ninterior_ = 0;
    std::vector<std::array<graph_index, 2>> nodes_;
    std::vector<std::array<std::int8_t, 2>> dirs_;
};

EMCF_END_NAMESPACE
