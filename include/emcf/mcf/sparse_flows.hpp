#pragma once
/// @file
/// @brief The non-zero flows of one min-cost-flow solve as a list, for callers that
///        apply a few corrections to many small problems (TemporalSolver::solve_sparse).

#include <cstddef>
#include <cstdint>

#include <emcf/core/config.hpp>
#include <emcf/core/integer_list.hpp>
#include <emcf/graph/planar_graph.hpp>

EMCF_BEGIN_NAMESPACE

/// Flows as two parallel lists: primal edge `edges[q]` carries `values[q]` 2π cycles
/// (non-zero; spurt's sign convention, see FlowNetwork). Every other edge carries none.
/// Edges appear once each, in a deterministic order that depends only on the problem.
/// Reuse one object across solves: the solver clears it and keeps its capacity (it
/// sizes the lists to the problem's units times the longest stored path while it
/// solves), so nothing is allocated once it has solved the largest problem. The lists are
/// IntegerLists (read and copied as std::vectors; copy one into a `std::vector<T>` with
/// `std::vector<T>(list.begin(), list.end())`).
/// @tparam Flow signed integer type of the values
template <class Flow = std::int64_t>
struct SparseFlows {
    /// primal edge indices
    IntegerList<graph_index> edges;
    /// f_e of each listed edge, never zero
    IntegerList<Flow> values;

    [[nodiscard]] std::size_t size() const noexcept { return edges.size(); }
    [[nodiscard]] bool empty() const noexcept { return edges.empty(); }
    void clear() noexcept
    {
        edges.clear();
        values.clear();
    }
};

EMCF_END_NAMESPACE
