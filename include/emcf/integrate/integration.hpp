#pragma once
/// @file
/// @brief Options, result and argument tags shared by the integration kernels
///        (integrate_gradients(), integrate_points(), connected_components()).

#include <cstddef>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/status.hpp>
#include <emcf/graph/planar_graph.hpp>

EMCF_BEGIN_NAMESPACE

/// Tag: no integer flows (all zero), in place of a flows array.
struct no_flows_t {
    explicit constexpr no_flows_t() = default;
};
/// Pass `emcf::no_flows` to integrate wrapped data or gradients as they are.
inline constexpr no_flows_t no_flows{};

/// Tag: every point is valid, in place of a mask array.
struct all_points_t {
    explicit constexpr all_points_t() = default;
};
/// Pass `emcf::all_points` where a validity mask is expected.
inline constexpr all_points_t all_points{};

/// Tag: an optional output the caller does not want.
struct discard_t {
    explicit constexpr discard_t() = default;
};
/// Pass `emcf::discard` for an unwanted output (labels, status).
inline constexpr discard_t discard{};

/// Options of integrate_gradients() and integrate_points().
struct IntegrationOptions {
    /// A non-tree edge whose value differs from the difference of its integrated end
    /// points by more than this [rad] counts as a closure error (spurt: 1e-3).
    double closure_tolerance = 1e-3;
    /// Reference points chosen by the caller, at most one per connected component.
    /// A component without one is referenced to its lowest point index. A listed point
    /// that ends up in no component (masked, isolated, or non-finite in points mode) is
    /// ignored.
    std::vector<graph_index> references{};
    /// Gradients mode only: the value given to each listed reference (same length as
    /// `references`; empty = all 0). Components referenced by default get 0.
    std::vector<double> reference_values{};
};

/// Outcome of one integration: diagnostics, never an exception for data.
struct IntegrationResult {
    /// closed, or not_closed when nclosure_errors > 0 (the integrated values are still
    /// written: they follow the spanning tree, and the caller decides).
    ClosureStatus closure = ClosureStatus::closed;
    /// Connected components of at least two points (labels 0 .. ncomponents - 1, in
    /// order of their lowest point index).
    std::size_t ncomponents = 0;
    /// Reference point of each component, indexed by label.
    std::vector<graph_index> references{};
    std::size_t nchecked = 0;        ///< usable non-tree edges checked for closure
    std::size_t nclosure_errors = 0; ///< of those, misclosure > closure_tolerance
    double max_closure_error = 0;    ///< largest |misclosure| over checked edges [rad]
    std::size_t nmasked = 0;   ///< points excluded by the mask (or non-finite input)
    std::size_t nisolated = 0; ///< valid points without any usable edge
};

EMCF_END_NAMESPACE
