#pragma once
/// @file
/// @brief The interface shared by the min-cost-flow solvers (TemporalSolver,
///        SpatialSolver): argument checks, the residue scan, the feasibility test, the
///        allocating and batch entry points. Each solver supplies its algorithm.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/parallel.hpp>
#include <emcf/core/status.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/mcf/detail/supplies.hpp>
#include <emcf/mcf/flow_network.hpp>
#include <emcf/mcf/flow_result.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

template <class Derived, class Cost, class Flow>
class SolverBase;

/// The part of a solver's per-thread workspace the common front end uses.
template <class Flow>
class WorkspaceBase {
  private:
    template <class, class, class>
    friend class SolverBase;
    SupplyList<Flow> supplies_;
    std::vector<std::int64_t> component_sums_;
};

/// Common front end of the solvers (CRTP). `Derived` provides
/// * `class Workspace` deriving from WorkspaceBase<Flow>, constructible from the
/// solver;
/// * `bool fits(const Workspace&) const`: whether the workspace was made for it;
/// * `void run(Workspace&, const SupplyList<Flow>&, const Out& flows,
///   FlowResult<Cost>&) const`: solve the checked, feasible, non-zero problem and write
///   every flow;
/// * `static constexpr std::size_t kBatchChunk`: problems per task of solve_batch().
template <class Derived, class Cost, class Flow>
class SolverBase {
    static_assert(std::is_integral_v<Flow> && std::is_signed_v<Flow>,
                  "min-cost flow solvers: Flow must be a signed integer type");

  public:
    using cost_type = Cost;
    using flow_type = Flow;

    /// The network the solver was built for.
    [[nodiscard]] const FlowNetwork<Cost>& network() const noexcept { return net_; }

    /// Solve one problem.
    /// @param residues  nnodes signed integers, the supplies (index 0 = ground); they
    ///                  must sum to zero
    /// @param flows     nedges signed integers (output): f_e, the number of 2π cycles
    /// to
    ///                  add to edge e low → high (spurt's sign convention, see
    ///                  FlowNetwork); written only when the status is `optimal`
    /// @param workspace scratch state made for this solver, one per thread
    /// @return status (`optimal`, or `infeasible` when a residue cannot reach its
    ///         counterpart), optimal total cost and counters
    /// @throws emcf::invalid_argument ('residues', 'flows', 'workspace') on a size
    ///         mismatch, unbalanced residues or a workspace of another solver;
    ///         emcf::overflow_error if the total supply does not fit `Flow`, the flow
    ///         element type or the cost range (FlowNetwork::max_total_supply())
    /// @note All-zero residues cost a scan of the residues and a write of zero flows:
    ///       no other state is touched. No allocation once the workspace has seen a
    ///       problem of that size. If an allocation fails (std::bad_alloc), the flows
    ///       are unspecified and the workspace stays usable.
    template <class Residues, class Flows, class Workspace>
    FlowResult<Cost> solve(const Residues& residues, Flows&& flows,
                           Workspace& workspace) const
    {
        const auto r = view1d(residues);
        const auto out = view1d(flows);
        using Out = typename decltype(out)::value_type;
        static_assert(is_writable_view_v<decltype(out)>,
                      "min-cost flow solve: 'flows' must be writable");
        require_signed_integer_view<typename decltype(r)::value_type>();
        require_signed_integer_view<Out>();
        require_size(r.size(), net_.nnodes(), "residues");
        require_size(out.size(), net_.nedges(), "flows");
        if (!derived().fits(workspace)) { // (no message string built on the hot path)
            throw_invalid("workspace", "not made for this solver");
        }

        FlowResult<Cost> result;
        if (!workspace.supplies_.collect(r)) {
            fill_zero(out);
            return result;
        }
        if (admit<Out>(workspace, result)) {
            derived().run(workspace, workspace.supplies_, out, result);
        }
        return result;
    }

    /// Solve one problem with a temporary workspace (allocates; prefer the overload
    /// taking a workspace in loops).
    template <class Residues, class Flows>
    FlowResult<Cost> solve(const Residues& residues, Flows&& flows) const
    {
        typename Derived::Workspace workspace(derived());
        return solve(residues, std::forward<Flows>(flows), workspace);
    }

    /// Solve many problems on this network, in parallel over problems.
    /// @param residues nnodes x nproblems signed integers (column p = problem p), e.g.
    ///                 from residues_from_gradients_batch
    /// @param flows    nedges x nproblems signed integers (output, column p)
    /// @param threads  worker threads (1 = inline, 0 = one per hardware thread); each
    ///                 holds a workspace
    /// @return one FlowResult per problem
    /// @throws as solve(); emcf::invalid_argument ('threads') if threads < 0
    /// @note Results are identical for any thread count. Each problem reads a column:
    ///       for row-major arrays that is strided, so link-major storage (a transposed
    ///       or column-major view) reads faster.
    template <class Residues, class Flows>
    std::vector<FlowResult<Cost>> solve_batch(const Residues& residues, Flows&& flows,
                                              int threads = 1) const
    {
        const auto r = view2d(residues);
        const auto f = view2d(flows);
        static_assert(is_writable_view_v<decltype(f)>,
                      "solve_batch: 'flows' must be writable");
        require(r.rows() == net_.nnodes(), "residues",
                "expected " + std::to_string(net_.nnodes()) +
                        " rows (dual nodes), got " + std::to_string(r.rows()));
        require_shape(f.rows(), f.cols(), net_.nedges(), r.cols(), "flows");
        const std::size_t nprob = r.cols();
        std::vector<FlowResult<Cost>> results(nprob);
        constexpr std::size_t chunk = Derived::kBatchChunk;
        const std::size_t nchunks = (nprob + chunk - 1) / chunk;
        const std::size_t workers = std::min<std::size_t>(
                resolve_thread_count(threads), std::max<std::size_t>(nchunks, 1));
        std::vector<typename Derived::Workspace> workspaces;
        workspaces.reserve(workers);
        for (std::size_t w = 0; w < workers; ++w) {
            workspaces.emplace_back(derived());
        }
        parallel_for(nprob, threads, chunk,
                     [&](std::size_t begin, std::size_t end, unsigned worker) {
                         auto& ws = workspaces[worker];
                         for (std::size_t p = begin; p < end; ++p) {
                             results[p] = solve(r.col(p), f.col(p), ws);
                         }
                     });
        return results;
    }

  protected:
    explicit SolverBase(FlowNetwork<Cost> network) : net_(std::move(network)) {}

    // The checks of a collected, non-zero problem: its total supply in the result, then
    // false (status `infeasible`) if some component does not balance; throws if flows
    // of that size could overflow `Out` or the costs.
    template <class Out, class Workspace>
    bool admit(Workspace& workspace, FlowResult<Cost>& result) const
    {
        const auto& sup = workspace.supplies_;
        result.total_supply = static_cast<std::int64_t>(sup.total());
        if (!sup.feasible(net_, workspace.component_sums_)) {
            result.status = FlowStatus::infeasible;
            return false;
        }
        check_flow_ranges<Out>(sup.total(), net_.max_total_supply());
        return true;
    }

    // The supply list of a workspace (filled by the entry points).
    static SupplyList<Flow>& supplies(WorkspaceBase<Flow>& workspace) noexcept
    {
        return workspace.supplies_;
    }

    [[nodiscard]] const Derived& derived() const noexcept
    {
        return static_cast<const Derived&>(*this);
    }

    FlowNetwork<Cost> net_; // NOLINT: shared with the derived solver by design
};

} // namespace detail
EMCF_END_NAMESPACE
