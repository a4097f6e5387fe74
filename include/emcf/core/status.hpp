#pragma once
/// @file
/// @brief Status codes for data outcomes (tier 3 of the error model).
///
/// Data outcomes are normal: a link whose observations are all masked, a grid peak on
/// the search-box edge, a min-cost-flow problem whose supplies do not balance, a point
/// that no valid link reaches. They are reported per call, per link or per point with
/// these enums, and the matching numeric outputs are set to NaN (never dropped).
/// `to_string` gives a stable lower-case name for logs and bindings.

#include <cstdint>

#include <emcf/core/config.hpp>

EMCF_BEGIN_NAMESPACE

/// Outcome of the per-link model estimate (velocity, DEM error, ...).
enum class LinkStatus : std::uint8_t {
    ok = 0,          ///< estimated; refined where refinement was possible and better
    on_grid_edge,    ///< best node lies on the search-box edge: the node is returned
                     ///< unrefined and the true peak may lie outside the box
    too_few_samples, ///< fewer valid (finite, unmasked, positive-weight) observations
                     ///< than required: parameters and coherence are NaN
    masked,          ///< excluded by the caller (e.g. an end point is masked): NaN
};

/// Outcome of one min-cost-flow solve.
enum class FlowStatus : std::uint8_t {
    optimal = 0, ///< optimal flows returned (all-zero when there is no residue)
    unbalanced,  ///< supplies do not sum to zero: flows untouched
    infeasible,  ///< some supply cannot reach a demand (disconnected dual): flows
                 ///< untouched
    cancelled,   ///< stopped by the caller's progress callback: flows untouched
};

/// Outcome for one point of an integration (edges to points).
enum class PointStatus : std::uint8_t {
    ok = 0,    ///< integrated
    reference, ///< the reference point of its connected component (value fixed)
    masked,    ///< excluded by the caller's mask: value NaN
    isolated,  ///< no usable edge reaches it: value NaN
};

/// Outcome of integrating one field (e.g. one interferogram) over a graph.
enum class ClosureStatus : std::uint8_t {
    closed = 0, ///< every cycle closes within the tolerance
    not_closed, ///< some non-tree edges disagree with the integrated values by more
                ///< than the tolerance (counted in the result's diagnostics)
};

/// Stable lower-case name of a status value.
[[nodiscard]] constexpr const char* to_string(LinkStatus s) noexcept
{
    switch (s) {
    case LinkStatus::ok:
        return "ok";
    case LinkStatus::on_grid_edge:
        return "on_grid_edge";
    case LinkStatus::too_few_samples:
        return "too_few_samples";
    case LinkStatus::masked:
        return "masked";
    }
    return "unknown";
}

/// Stable lower-case name of a status value.
[[nodiscard]] constexpr const char* to_string(FlowStatus s) noexcept
{
    switch (s) {
    case FlowStatus::optimal:
        return "optimal";
    case FlowStatus::unbalanced:
        return "unbalanced";
    case FlowStatus::infeasible:
        return "infeasible";
    case FlowStatus::cancelled:
        return "cancelled";
    }
    return "unknown";
}

/// Stable lower-case name of a status value.
[[nodiscard]] constexpr const char* to_string(PointStatus s) noexcept
{
    switch (s) {
    case PointStatus::ok:
        return "ok";
    case PointStatus::reference:
        return "reference";
    case PointStatus::masked:
        return "masked";
    case PointStatus::isolated:
        return "isolated";
    }
    return "unknown";
}

/// Stable lower-case name of a status value.
[[nodiscard]] constexpr const char* to_string(ClosureStatus s) noexcept
{
    switch (s) {
    case ClosureStatus::closed:
        return "closed";
    case ClosureStatus::not_closed:
        return "not_closed";
    }
    return "unknown";
}

EMCF_END_NAMESPACE
