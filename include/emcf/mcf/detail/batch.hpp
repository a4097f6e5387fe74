#pragma once
/// @file
/// @brief Batch driver shared by the min-cost-flow solvers: one problem per column,
///        parallel over problems with one workspace per worker.

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/parallel.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/mcf/flow_result.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

template <class Solver, class Residues, class Flows>
auto solve_columns(const Solver& solver, const Residues& residues, Flows& flows,
                   int threads, std::size_t chunk)
{
    using Result = FlowResult<typename Solver::cost_type>;
    const auto r = view2d(residues);
    const auto f = view2d(flows);
    static_assert(is_writable_view_v<decltype(f)>,
                  "solve_batch: 'flows' must be writable");
    const auto& net = solver.network();
    require(r.rows() == net.nnodes(), "residues",
            "expected " + std::to_string(net.nnodes()) + " rows (dual nodes), got " +
                    std::to_string(r.rows()));
    require_shape(f.rows(), f.cols(), net.nedges(), r.cols(), "flows");
    const std::size_t nprob = r.cols();
    std::vector<Result> results(nprob);
    const std::size_t nchunks = (nprob + chunk - 1) / chunk;
    const std::size_t workers = std::min<std::size_t>(
            resolve_thread_count(threads), std::max<std::size_t>(nchunks, 1));
    std::vector<typename Solver::Workspace> workspaces;
    workspaces.reserve(workers);
    for (std::size_t w = 0; w < workers; ++w) {
        workspaces.emplace_back(solver);
    }
    parallel_for(nprob, threads, chunk,
                 [&](std::size_t begin, std::size_t end, unsigned worker) {
                     auto& ws = workspaces[worker];
                     for (std::size_t p = begin; p < end; ++p) {
                         results[p] = solver.solve(r.col(p), f.col(p), ws);
                     }
                 });
    return results;
}

} // namespace detail
EMCF_END_NAMESPACE
