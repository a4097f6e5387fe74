#pragma once
/// @file
/// @brief Edge-to-point integration of wrapped point values (spurt's `flood_fill` in
///        points mode, reference/algorithm.md §3): unwrapped values congruent to the
///        wrapped input at every point.
///
/// Edge e = (a, b) contributes `wrapped_diff(w[a], w[b]) + 2π·flows[e]`; each
/// component's reference point keeps its own wrapped phase, so every output value is
/// the input phase plus a multiple of 2π (up to rounding). Same spanning-tree
/// integration, closure check and component handling as integrate_gradients(), also
/// over a prepared SpanningForest.

#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
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
#include <emcf/integrate/spanning_forest.hpp>

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

/// Per-point phases and per-edge values of points mode. A non-finite sample clears its
/// point's data flag and has phase NaN, so its edges become unusable. The phases stay
/// in `phase` (owned by the caller) for the reference values.
template <class Wrapped>
auto point_values(const PlanarGraph& graph, const Wrapped& wrapped,
                  std::vector<double>& phase)
{
    const auto w = view1d(wrapped);
    require_size(w.size(), graph.npoints(), "wrapped");
    phase.resize(graph.npoints());
    return [w, &phase, &graph](const auto& flows, std::vector<double>& u,
                               std::vector<std::uint8_t>& data_ok) {
        auto& ph = phase;
        for (std::size_t p = 0; p < ph.size(); ++p) {
            const auto s = w[p];
            data_ok[p] = is_finite_sample(s) ? 1 : 0;
            ph[p] = data_ok[p] != 0 ? static_cast<double>(phase_of(s))
                                    : std::numeric_limits<double>::quiet_NaN();
        }
        for (std::size_t e = 0; e < u.size(); ++e) {
            const auto a = static_cast<std::size_t>(graph.edge(e)[0]);
            const auto b = static_cast<std::size_t>(graph.edge(e)[1]);
            u[e] = wrapped_diff(ph[a], ph[b]) + two_pi<double>() * flows[e];
        }
    };
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
    std::vector<double> phase;
    auto prepare = detail::point_values(graph, wrapped, phase);
    const detail::MaskInput<Valid> mask(valid, graph.npoints());
    detail::check_references(options.references, graph.npoints());
    detail::check_reference_values(options, options.references.size(), true);
    std::optional<detail::Forest> built;
    auto forest_for = [&](const std::vector<std::uint8_t>& data_ok,
                          const std::vector<double>& u) -> const detail::Forest& {
        std::vector<std::uint8_t> point_ok(graph.npoints());
        for (std::size_t p = 0; p < point_ok.size(); ++p) {
            point_ok[p] = mask[p] && data_ok[p] != 0 ? 1 : 0;
        }
        built.emplace(detail::build_forest(
                graph, std::move(point_ok),
                [&](std::size_t e) { return !std::isnan(u[e]); }, options.references));
        return *built;
    };
    return detail::integrate(
            graph, flows, std::forward<Out>(out), std::forward<Labels>(labels),
            std::forward<Status>(status), options, prepare, forest_for,
            [&](std::size_t, std::size_t root, std::int64_t) { return phase[root]; });
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

/// @brief integrate_points() over a prepared SpanningForest (mask and references are
///        the forest's; options.references and reference_values must stay empty).
/// @note Two linear passes, no search; a sample that is not finite on a point the
///       forest uses makes this call rebuild a forest without it.
/// @throws as integrate_points(graph, ...), and ('forest') for a default-constructed
///         forest, ('references') if options.references is not empty
template <class Wrapped, class Flows, class Out, class Labels, class Status>
IntegrationResult integrate_points(const SpanningForest& forest, const Wrapped& wrapped,
                                   const Flows& flows, Out&& out, Labels&& labels,
                                   Status&& status,
                                   const IntegrationOptions& options = {})
{
    const auto& prepared = detail::prepared_forest(forest, options);
    const PlanarGraph& graph = forest.graph();
    std::vector<double> phase;
    auto prepare = detail::point_values(graph, wrapped, phase);
    detail::check_reference_values(options, prepared.requested.size(), true);
    std::optional<detail::Forest> fallback;
    auto forest_for = [&](const std::vector<std::uint8_t>& data_ok,
                          const std::vector<double>& u) -> const detail::Forest& {
        return detail::forest_for_data(graph, prepared, data_ok, u, fallback);
    };
    return detail::integrate(
            graph, flows, std::forward<Out>(out), std::forward<Labels>(labels),
            std::forward<Status>(status), options, prepare, forest_for,
            [&](std::size_t, std::size_t root, std::int64_t) { return phase[root]; });
}

/// @brief integrate_points() over a prepared SpanningForest, without labels or status.
template <class Wrapped, class Flows, class Out>
IntegrationResult integrate_points(const SpanningForest& forest, const Wrapped& wrapped,
                                   const Flows& flows, Out&& out,
                                   const IntegrationOptions& options = {})
{
    return integrate_points(forest, wrapped, flows, std::forward<Out>(out), discard,
                            discard, options);
}

EMCF_END_NAMESPACE
