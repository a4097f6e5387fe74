#pragma once
/// @file
/// @brief The non-zero flows of one min-cost-flow solve as a list, for callers that
///        apply a few corrections to many small problems (TemporalSolver::solve_sparse).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/graph/planar_graph.hpp>

EMCF_BEGIN_NAMESPACE

namespace detail {
/// std::allocator whose construction without arguments default-initialises: growing
/// a list of integers the solver is about to overwrite writes nothing (std::vector's
/// resize() would zero it first).
template <class T>
struct UninitializedAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = UninitializedAllocator<U>;
    };
    UninitializedAllocator() = default;
    template <class U>
    UninitializedAllocator(const UninitializedAllocator<U>& /*other*/) noexcept
    {
    }
    template <class U>
    void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>)
    {
        ::new (static_cast<void*>(p)) U;
    }
    template <class U, class... Args>
    void construct(U* p, Args&&... args)
    {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};
} // namespace detail

/// Flows as two parallel lists: primal edge `edges[q]` carries `values[q]` 2π cycles
/// (non-zero; spurt's sign convention, see FlowNetwork). Every other edge carries none.
/// Edges appear once each, in a deterministic order that depends only on the problem.
/// Reuse one object across solves: the solver clears it and keeps its capacity (it
/// sizes the lists to the problem's units times the longest stored path while it
/// solves), so nothing is allocated once it has solved the largest problem. The lists are
/// std::vectors whose allocator leaves new elements of resize() uninitialised (every
/// element the solver returns is written); copy them into plain vectors with
/// `assign(begin(), end())` where a `std::vector<T>` is needed.
/// @tparam Flow signed integer type of the values
template <class Flow = std::int64_t>
struct SparseFlows {
    /// primal edge indices
    std::vector<graph_index, detail::UninitializedAllocator<graph_index>> edges;
    /// f_e of each listed edge, never zero
    std::vector<Flow, detail::UninitializedAllocator<Flow>> values;

    [[nodiscard]] std::size_t size() const noexcept { return edges.size(); }
    [[nodiscard]] bool empty() const noexcept { return edges.empty(); }
    void clear() noexcept
    {
        edges.clear();
        values.clear();
    }
};

EMCF_END_NAMESPACE
