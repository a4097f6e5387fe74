#pragma once
/// @file
/// @brief The non-zero flows of one min-cost-flow solve as a list, for callers that
///        apply a few corrections to many small problems (TemporalSolver::solve_sparse).

#include <cstddef>
#include <cstdint>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/graph/planar_graph.hpp>

EMCF_BEGIN_NAMESPACE

/// Flows as two parallel lists: primal edge `edges[q]` carries `values[q]` 2π cycles
/// (non-zero; spurt's sign convention, see FlowNetwork). Every other edge carries none.
/// Edges appear once each, in a deterministic order that depends only on the problem.
/// Reuse one object across solves: the solver clears it and keeps its capacity, so
/// nothing is allocated once it has held the largest result.
/// @tparam Flow signed integer type of the values
template <class Flow = std::int64_t>
struct SparseFlows {
    std::vector<graph_index> edges; ///< primal edge indices
    std::vector<Flow> values;       ///< f_e of each listed edge, never zero

    [[nodiscard]] std::size_t size() const noexcept { return edges.size(); }
    [[nodiscard]] bool empty() const noexcept { return edges.empty(); }
    void clear() noexcept
    {
        edges.clear();
        values.clear();
    }
};

EMCF_END_NAMESPACE
