#pragma once
/// @file
/// @brief Exact min-cost flow on one large network reused for many supply vectors (the
///        spatial step: one problem per interferogram, reference/algorithm.md §4.2):
///        successive shortest paths with node potentials and early-terminating
///        Dijkstra searches that touch only a neighbourhood of each residue.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include <emcf/core/assert.hpp>
#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/status.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/planar_graph.hpp>
#include <emcf/mcf/detail/shortest_augmenting_paths.hpp>
#include <emcf/mcf/detail/solver_base.hpp>
#include <emcf/mcf/detail/supplies.hpp>
#include <emcf/mcf/flow_network.hpp>
#include <emcf/mcf/flow_result.hpp>

EMCF_BEGIN_NAMESPACE

/// Min-cost-flow solver for supply vectors on one large network (10^4–10^7 dual nodes,
/// residues on a small fraction of them). See docs/theory_mcf.md.
///
/// Successive shortest paths (primal–dual) [Ahuja, Magnanti & Orlin 1993]: from a node
/// with excess, a Dijkstra search in reduced costs `c(u, v) + π(u) − π(v)` stops at the
/// first node with a deficit, one unit (or the bottleneck) is sent along the path, and
/// the potentials of the nodes settled closer than that deficit are lowered so that all
/// reduced costs stay non-negative. Sources are served in rounds with a doubling search
/// radius (near partners first); a search that finds no deficit within the radius
/// changes nothing. Only the touched nodes and edges are reset for the next problem;
/// the potentials start from zero for every problem (warm starts from another
/// interferogram distort the reduced costs and make the searches grow). Integer reduced
/// costs are at most max_e (cost + revcost), so a bucket queue serves small costs and a
/// binary heap large ones. Nodes are renumbered once for memory locality.
///
/// Deterministic: fixed source order, CSR order and queues.
///
/// @tparam Cost signed integer cost type (default `std::int64_t`)
/// @tparam Flow signed integer type of supplies and edge flows
/// @note Construction O(n + m); about 40 bytes per edge and 12 per node on top of the
///       network (32-bit layout when path costs allow). A solve costs O(n) to read the
///       residues, O(m) to write the flows and O(1) (bucket queue) or O(log) (heap) per
///       node of the neighbourhoods searched; the per-thread Workspace holds about 36
///       bytes per node and 2 · sizeof(Flow) per edge. Const member functions are
///       thread-safe; a Workspace serves one thread at a time.
template <class Cost = std::int64_t, class Flow = std::int64_t>
class SpatialSolver : public detail::SolverBase<SpatialSolver<Cost, Flow>, Cost, Flow> {
    using Base = detail::SolverBase<SpatialSolver<Cost, Flow>, Cost, Flow>;
    friend Base;

  public:
    /// Per-thread scratch state of solve(), sized for the network (O(n + m)); all zero
    /// between solves.
    class Workspace : public detail::WorkspaceBase<Flow> {
      public:
        Workspace() = default;
        explicit Workspace(const SpatialSolver& solver)
        {
            if (!solver.graph32_.empty()) {
                state32_ = detail::AugmentingState<std::int32_t, Flow>(solver.graph32_);
            } else {
                state_ = detail::AugmentingState<Cost, Flow>(solver.graph_);
            }
        }

      private:
        friend class SpatialSolver;
        detail::AugmentingState<std::int32_t, Flow> state32_;
        detail::AugmentingState<Cost, Flow> state_;
    };

    /// Build the solver for a network (kept by value): its residual-graph layout,
    /// renumbered for locality, with 32-bit costs and distances where path costs fit.
    /// @note O(n + m) time; memory about 40 bytes per edge (32-bit layout) on top of
    ///       the network.
    explicit SpatialSolver(FlowNetwork<Cost> network) : Base(std::move(network))
    {
        // Distances and potentials stay within a few path-cost bounds.
        const bool reorder = net_.nnodes() > kReorderAbove;
        if (net_.path_cost_bound() <= std::numeric_limits<std::int32_t>::max() / 4) {
            graph32_ = detail::ResidualGraph<std::int32_t>(net_, reorder);
        } else {
            graph_ = detail::ResidualGraph<Cost>(net_, reorder);
        }
    }

    /// Solver for a dual graph with symmetric costs; see FlowNetwork.
    /// @throws emcf::invalid_argument as FlowNetwork(dual, cost)
    template <class Costs>
    SpatialSolver(const DualGraph& dual, const Costs& cost)
        : SpatialSolver(FlowNetwork<Cost>(dual, cost))
    {
    }

    /// Solver for a dual graph with asymmetric costs; see FlowNetwork.
    /// @throws emcf::invalid_argument as FlowNetwork(dual, cost, revcost)
    template <class Costs, class RevCosts>
    SpatialSolver(const DualGraph& dual, const Costs& cost, const RevCosts& revcost)
        : SpatialSolver(FlowNetwork<Cost>(dual, cost, revcost))
    {
    }

    /// A fresh workspace for this solver (allocates O(n + m)).
    [[nodiscard]] Workspace make_workspace() const { return Workspace(*this); }

    // solve(residues, flows, workspace), solve(residues, flows) and
    // solve_batch(residues, flows, threads): see detail::SolverBase; solve_batch hands
    // one problem (interferogram) at a time to each worker.

  private:
    using Base::net_;
    static constexpr std::size_t kBatchChunk = 1;

    [[nodiscard]] bool fits(const Workspace& workspace) const noexcept
    {
        return graph32_.empty() ? workspace.state_.fits(graph_)
                                : workspace.state32_.fits(graph32_);
    }

    // The checked, feasible, non-zero problem (called by SolverBase::solve).
    template <class Out>
    void run(Workspace& workspace, const detail::SupplyList<Flow>& supplies,
             const Out& out, FlowResult<Cost>& result) const
    {
        if (!graph32_.empty()) {
            workspace.state32_.solve(graph32_, supplies, out, result);
        } else {
            workspace.state_.solve(graph_, supplies, out, result);
        }
    }

    // Small networks fit the cache whatever their order.
    static constexpr std::size_t kReorderAbove = 1U << 14;

    detail::ResidualGraph<std::int32_t> graph32_;
    detail::ResidualGraph<Cost> graph_;
};

EMCF_END_NAMESPACE
