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
#include <emcf/mcf/detail/batch.hpp>
#include <emcf/mcf/detail/shortest_augmenting_paths.hpp>
#include <emcf/mcf/detail/supplies.hpp>
#include <emcf/mcf/flow_network.hpp>
#include <emcf/mcf/flow_result.hpp>

EMCF_BEGIN_NAMESPACE

/// Min-cost-flow solver for supply vectors on one large network (10^4–10^7 dual nodes,
/// residues on a small fraction of them).
///
/// Successive shortest paths (primal–dual): for each positive residue in node order, a
/// Dijkstra search in reduced costs `c(u, v) + π(u) − π(v)` stops at the first node
/// with a deficit, one unit (or the bottleneck) is sent along the path, and the
/// potentials of the nodes settled closer than that deficit are lowered so that all
/// reduced costs stay non-negative. Only the touched nodes and edges are reset for the
/// next problem; the potentials start from zero for every problem (warm starts from
/// another interferogram distort the reduced costs and make the searches grow).
/// Integer reduced costs are at most max_e (cost + revcost), so a bucket queue serves
/// small costs and a binary heap large ones.
///
/// Deterministic: sources in node order, fixed CSR order, deterministic queues.
///
/// @tparam Cost signed integer cost type (default `std::int64_t`)
/// @tparam Flow signed integer type of supplies and edge flows
/// @note A solve costs O(Σ over augmentations of the searched neighbourhood · log) plus
///       O(m) to write the flows; the per-thread Workspace holds
///       n · (3 sizeof(Cost) + 8) + m · sizeof(Flow) bytes. Const member functions are
///       thread-safe; a Workspace serves one thread at a time.
template <class Cost = std::int64_t, class Flow = std::int64_t>
class SpatialSolver {
    static_assert(std::is_integral_v<Flow> && std::is_signed_v<Flow>,
                  "SpatialSolver: Flow must be a signed integer type");

  public:
    using cost_type = Cost;
    using flow_type = Flow;

    /// Per-thread scratch state of solve(), sized for the network (O(n + m)); all zero
    /// between solves.
    class Workspace {
      public:
        Workspace() = default;
        explicit Workspace(const SpatialSolver& solver)
        {
            supplies_.reserve(solver.net_.nnodes());
            if (!solver.graph32_.empty()) {
                state32_ = detail::AugmentingState<std::int32_t, Flow>(solver.graph32_);
            } else {
                state_ = detail::AugmentingState<Cost, Flow>(solver.graph_);
            }
        }

      private:
        friend class SpatialSolver;
        detail::SupplyList<Flow> supplies_;
        std::vector<std::int64_t> component_sums_;
        detail::AugmentingState<std::int32_t, Flow> state32_;
        detail::AugmentingState<Cost, Flow> state_;
    };

    /// Build the solver for a network (kept by value): its residual-graph layout,
    /// renumbered for locality, with 32-bit costs and distances where path costs fit.
    /// @note O(n + m) time; memory about 40 bytes per edge (32-bit layout) on top of
    ///       the network.
    explicit SpatialSolver(FlowNetwork<Cost> network) : net_(std::move(network))
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

    [[nodiscard]] const FlowNetwork<Cost>& network() const noexcept { return net_; }

    /// A fresh workspace for this solver (allocates O(n + m)).
    [[nodiscard]] Workspace make_workspace() const { return Workspace(*this); }

    /// Solve one problem; same contract as TemporalSolver::solve().
    /// @param residues  nnodes signed integers summing to zero (index 0 = ground)
    /// @param flows     nedges signed integers (output), spurt's sign convention;
    ///                  written only when the status is `optimal`
    /// @param workspace scratch state made for this solver, one per thread
    /// @throws emcf::invalid_argument ('residues', 'flows', 'workspace') on a size
    ///         mismatch, unbalanced residues or a workspace of another solver;
    ///         emcf::overflow_error if the total supply does not fit `Flow`, the flow
    ///         element type or the cost range
    template <class Residues, class Flows>
    FlowResult<Cost> solve(const Residues& residues, Flows&& flows,
                           Workspace& workspace) const
    {
        const auto r = view1d(residues);
        const auto out = view1d(flows);
        using Out = typename decltype(out)::value_type;
        static_assert(detail::is_writable_view_v<decltype(out)>,
                      "SpatialSolver::solve: 'flows' must be writable");
        detail::require_signed_integer_view<typename decltype(r)::value_type>();
        detail::require_signed_integer_view<Out>();
        detail::require_size(r.size(), net_.nnodes(), "residues");
        detail::require_size(out.size(), net_.nedges(), "flows");
        const bool narrow = !graph32_.empty();
        detail::require(narrow ? workspace.state32_.fits(graph32_)
                               : workspace.state_.fits(graph_),
                        "workspace", "not made for this solver");

        FlowResult<Cost> result;
        auto& sup = workspace.supplies_;
        if (!sup.collect(r)) {
            detail::fill_zero(out);
            return result;
        }
        result.total_supply = static_cast<std::int64_t>(sup.total());
        if (!sup.feasible(net_, workspace.component_sums_)) {
            result.status = FlowStatus::infeasible;
            return result;
        }
        detail::check_flow_ranges<Out>(sup.total(), net_.max_total_supply());
        if (narrow) {
            workspace.state32_.solve(graph32_, sup, out, result);
        } else {
            workspace.state_.solve(graph_, sup, out, result);
        }
        return result;
    }

    /// Solve one problem with a temporary workspace (allocates O(n + m)).
    template <class Residues, class Flows>
    FlowResult<Cost> solve(const Residues& residues, Flows&& flows) const
    {
        Workspace workspace(*this);
        return solve(residues, std::forward<Flows>(flows), workspace);
    }

    /// Solve many problems (e.g. interferograms) on this network, in parallel over
    /// problems; same contract as TemporalSolver::solve_batch().
    /// @param residues nnodes x nproblems signed integers (column p = problem p)
    /// @param flows    nedges x nproblems signed integers (output)
    /// @param threads  worker threads (1 = inline, 0 = one per hardware thread); each
    ///                 holds a Workspace
    template <class Residues, class Flows>
    std::vector<FlowResult<Cost>> solve_batch(const Residues& residues, Flows&& flows,
                                              int threads = 1) const
    {
        return detail::solve_columns(*this, residues, flows, threads, 1);
    }

  private:
    // Small networks fit the cache whatever their order.
    static constexpr std::size_t kReorderAbove = 1U << 14;

    FlowNetwork<Cost> net_;
    detail::ResidualGraph<std::int32_t> graph32_;
    detail::ResidualGraph<Cost> graph_;
};

EMCF_END_NAMESPACE
