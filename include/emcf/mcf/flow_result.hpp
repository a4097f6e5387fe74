#pragma once
/// @file
/// @brief What a min-cost-flow solve reports besides the flows: its status, the optimal
///        total cost and a few work counters.

#include <cstddef>
#include <cstdint>

#include <emcf/core/config.hpp>
#include <emcf/core/status.hpp>

EMCF_BEGIN_NAMESPACE

/// Outcome of one min-cost-flow solve (TemporalSolver::solve, SpatialSolver::solve).
/// @tparam Cost the network's cost type
template <class Cost = std::int64_t>
struct FlowResult {
    /// `optimal`: the flows are written and optimal (all zero without residues);
    /// `infeasible`: some residue cannot reach its counterpart (disconnected dual), the
    /// flows are untouched.
    FlowStatus status = FlowStatus::optimal;
    /// Optimal cost: Σ_e cost(e)·f_e over f_e > 0 plus revcost(e)·|f_e| over f_e < 0.
    Cost total_cost = 0;
    /// Total positive supply k (Σ of the positive residues, the ground included): the
    /// number of unit paths the flow decomposes into.
    std::int64_t total_supply = 0;
    /// Shortest-path searches (spatial: Dijkstra runs, each ending in one augmentation;
    /// temporal: assignment augmentations after the greedy initialisation).
    std::size_t augmentations = 0;
    /// Nodes settled by the spatial solver's searches; path steps walked by the
    /// temporal solver to rebuild its flows.
    std::size_t nodes_scanned = 0;
};

EMCF_END_NAMESPACE
