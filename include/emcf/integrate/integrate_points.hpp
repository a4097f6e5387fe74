#pragma once
/// @file
/// @brief Edge-to-point integration of wrapped point values (spurt's `flood_fill` in
///        points mode, reference/algorithm.md §3): unwrapped values congruent to the
///        wrapped input at every point.
///
/// Edge e = (a, b) contributes `wrapped_diff(w[a], w[b]) + 2π·flows[e]`; each
/// component's reference point keeps its own wrapped phase, so every output value is
/// the input phase plus a multiple of 2π (up to rounding). Same spanning-tree
/// integration, closure check and component handling as integrate_gradients().

#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/math.hpp>
#include <emcf/core/status.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/planar_graph.hpp>
#include <emcf/integrate/detail/arguments.hpp>
#include <emcf/integrate/detail/flood_fill.hpp>
#include <emcf/integrate/integration.hpp>

EMCF_BEGIN_NAMESPACE

namespace detail {
template <class T>
bool is_finite_sample(const T& x) noexcept
{
    if constexpr (std::is_floating_point_v<T>) {
        return std::isfinite(x);
    } else {
        return std::isfinite(x.real()) && std::isfinite(x.imag());
    }
}
} // namespace detail

/// @brief Integrate wrapped point values + 2π·flows, with a validity mask and per-point
///        labels and status.
/// @param graph   the graph; only its points and edges are used
/// @param wrapped npoints wrapped phases [rad] (float or double) or complex samples
///                (their argument is used), any storage; a non-finite sample makes its
///                point masked (never fatal); a zero-amplitude complex sample has
///                phase 0 (mask it)
/// @param flows   nedges integers, or emcf::no_flows
/// @param out     npoints real values, output [rad]: the reference of each component
///                keeps its wrapped phase, every other point gets it plus the sum of
///                edge contributions along its tree path; NaN for masked and isolated
///                points
/// @param valid, labels, status, options as in integrate_gradients(), except that
///                options.reference_values must stay empty
/// @return diagnostics as in integrate_gradients()
/// @throws emcf::invalid_argument as integrate_gradients(), and ('reference_values')
///         if given
/// @note O(V + E) time, one atan2 per point for complex input; scratch as
///       integrate_gradients() plus one double per point.
template <class Wrapped, class Flows, class Out, class Valid, class Labels,
          class Status>
IntegrationResult integrate_points(const PlanarGraph& graph, const Wrapped& wrapped,
                                   const Flows& flows, Out&& out, const Valid& valid,
                                   Labels&& labels, Status&& status,
                                   const IntegrationOptions& options = {})
{
    const auto w = view1d(wrapped);
    using Sample = typename decltype(w)::value_type;
    detail::require_size(w.size(), graph.npoints(), "wrapped");
    std::vector<double> phase(graph.npoints());
    auto prepare = [&](const auto& f, const auto& mask, std::vector<double>& u,
                       std::vector<std::uint8_t>& point_ok) {
        for (std::size_t p = 0; p < point_ok.size(); ++p) {
            const Sample s = w[p];
            const bool ok = mask[p] && detail::is_finite_sample(s);
            point_ok[p] = ok ? 1 : 0;
            phase[p] = ok ? static_cast<double>(phase_of(s)) : 0.0;
        }
        for (std::size_t e = 0; e < u.size(); ++e) {
            const auto a = static_cast<std::size_t>(graph.edge(e)[0]);
            const auto b = static_cast<std::size_t>(graph.edge(e)[1]);
            u[e] = wrapped_diff(phase[a], phase[b]) + two_pi<double>() * f[e];
        }
    };
    auto reference_value = [&](std::size_t, std::size_t root, std::int64_t) {
        return phase[root];
    };
    return detail::integrate(graph, flows, std::forward<Out>(out), valid,
                             std::forward<Labels>(labels), std::forward<Status>(status),
                             options, true, prepare, reference_value);
}

/// @brief integrate_points() with every point valid and no labels or status output.
template <class Wrapped, class Flows, class Out>
IntegrationResult integrate_points(const PlanarGraph& graph, const Wrapped& wrapped,
                                   const Flows& flows, Out&& out,
                                   const IntegrationOptions& options = {})
{
    return integrate_points(graph, wrapped, flows, std::forward<Out>(out), all_points,
                            discard, discard, options);
}

EMCF_END_NAMESPACE
