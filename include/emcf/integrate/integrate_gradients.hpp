#pragma once
/// @file
/// @brief Edge-to-point integration of gradients (spurt's `flood_fill` in gradients
///        mode, reference/algorithm.md §3): unwrapped values at the points from the
///        gradients along the edges plus 2π times the integer MCF flows.
///
/// Integration follows a breadth-first spanning tree of each connected component from
/// its reference point; the edges outside the tree are then checked in one O(E) pass
/// (closure). Disconnected graphs are normal input: each component gets its own
/// reference and label. Deterministic (fixed edge order), single-threaded, reentrant.
/// For many fields on one graph, build a SpanningForest once and pass it instead of the
/// graph.

#include <cmath>
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

/// Per-edge values of gradients mode: gradient + 2π·flow, NaN (unusable) where the
/// gradient is not finite.
template <class Gradients>
auto gradient_values(const PlanarGraph& graph, const Gradients& gradients)
{
    const auto g = view1d(gradients);
    static_assert(std::is_floating_point_v<typename decltype(g)::value_type>,
                  "integrate_gradients: gradients must be float or double");
    require_size(g.size(), graph.nedges(), "gradients");
    return [g](const auto& flows, std::vector<double>& u, std::vector<std::uint8_t>&) {
        for (std::size_t e = 0; e < u.size(); ++e) {
            const auto ge = static_cast<double>(g[e]);
            u[e] = std::isfinite(ge) ? ge + two_pi<double>() * flows[e]
                                     : std::numeric_limits<double>::quiet_NaN();
        }
    };
}

/// Value of each component's reference: the caller's reference_values entry for a
/// caller reference, else 0.
inline auto gradient_reference_values(const IntegrationOptions& options)
{
    return [&options](std::size_t, std::size_t, std::int64_t k) {
        return k >= 0 && !options.reference_values.empty()
                       ? options.reference_values[static_cast<std::size_t>(k)]
                       : 0.0;
    };
}

} // namespace detail

/// @brief Integrate gradients + 2π·flows into point values, with a validity mask and
///        per-point labels and status.
/// @param graph     the graph; only its points and edges are used
/// @param gradients nedges real values [rad] (float or double, any storage): the
///                  gradient along each edge from its low to its high point; a
///                  non-finite gradient makes its edge unusable (never fatal)
/// @param flows     nedges integers (any integer type), or emcf::no_flows: edge e
///                  contributes `gradients[e] + 2π·flows[e]` (spurt's sign convention)
/// @param out       npoints real values (float or double), output [rad]: the reference
///                  of each component gets its reference value (0 unless given in
///                  options.reference_values), every other point the reference value
///                  plus the sum of edge contributions along its tree path; NaN for
///                  masked and isolated points
/// @param valid     npoints bool/integer values (non-zero = use the point), or
///                  emcf::all_points; edges touching an invalid point are unusable
/// @param labels    npoints signed integers, output: component label (0, 1, ... in
///                  order of each component's lowest point index), -1 for masked and
///                  isolated points; or emcf::discard
/// @param status    npoints PointStatus values, output (ok / reference / masked /
///                  isolated); or emcf::discard
/// @param options   closure tolerance [rad] (default 1e-3), caller references and
///                  their values
/// @return diagnostics: closure status, closure-error count and maximum, component
///         count and references, masked and isolated counts
/// @throws emcf::invalid_argument naming the argument for size mismatches, a
///         closure_tolerance that is negative or not finite, a reference outside
///         [0, npoints), two references in one component, reference_values of another
///         length than references or not finite
/// @note O(V + E) time; about 30 bytes per point and 24 per edge of scratch (sums in
///       double whatever the output type). A closure error is a data outcome (the MCF
///       flows do not make the field curl-free), reported, never thrown.
template <class Gradients, class Flows, class Out, class Valid, class Labels,
          class Status>
IntegrationResult
integrate_gradients(const PlanarGraph& graph, const Gradients& gradients,
                    const Flows& flows, Out&& out, const Valid& valid, Labels&& labels,
                    Status&& status, const IntegrationOptions& options = {})
{
    auto prepare = detail::gradient_values(graph, gradients);
    const detail::MaskInput<Valid> mask(valid, graph.npoints());
    detail::check_references(options.references, graph.npoints());
    detail::check_reference_values(options, options.references.size(), false);
    std::optional<detail::Forest> built;
    auto forest_for = [&](const std::vector<std::uint8_t>&,
                          const std::vector<double>& u) -> const detail::Forest& {
        std::vector<std::uint8_t> point_ok(graph.npoints());
        for (std::size_t p = 0; p < point_ok.size(); ++p) {
            point_ok[p] = mask[p] ? 1 : 0;
        }
        built.emplace(detail::build_forest(
                graph, std::move(point_ok),
                [&](std::size_t e) { return !std::isnan(u[e]); }, options.references));
        return *built;
    };
    return detail::integrate(graph, flows, std::forward<Out>(out),
                             std::forward<Labels>(labels), std::forward<Status>(status),
                             options, prepare, forest_for,
                             detail::gradient_reference_values(options));
}

/// @brief integrate_gradients() with every point valid and no labels or status output.
template <class Gradients, class Flows, class Out>
IntegrationResult integrate_gradients(const PlanarGraph& graph,
                                      const Gradients& gradients, const Flows& flows,
                                      Out&& out, const IntegrationOptions& options = {})
{
    return integrate_gradients(graph, gradients, flows, std::forward<Out>(out),
                               all_points, discard, discard, options);
}

/// @brief integrate_gradients() over a prepared SpanningForest: the mask and the
///        references are the forest's (options.references must stay empty;
///        options.reference_values refer to the forest's references).
/// @note O(V + E) in two linear passes, no search; scratch 9 bytes per edge and 9 per
///       point. Where the gradients are not finite on an edge the forest uses, a forest
///       without it is rebuilt for this call.
/// @throws as integrate_gradients(graph, ...), and ('forest') for a default-constructed
///         forest, ('references') if options.references is not empty
template <class Gradients, class Flows, class Out, class Labels, class Status>
IntegrationResult integrate_gradients(const SpanningForest& forest,
                                      const Gradients& gradients, const Flows& flows,
                                      Out&& out, Labels&& labels, Status&& status,
                                      const IntegrationOptions& options = {})
{
    const auto& prepared = detail::prepared_forest(forest, options);
    const PlanarGraph& graph = forest.graph();
    auto prepare = detail::gradient_values(graph, gradients);
    detail::check_reference_values(options, prepared.requested.size(), false);
    std::optional<detail::Forest> fallback;
    auto forest_for = [&](const std::vector<std::uint8_t>& data_ok,
                          const std::vector<double>& u) -> const detail::Forest& {
        return detail::forest_for_data(graph, prepared, data_ok, u, fallback);
    };
    return detail::integrate(graph, flows, std::forward<Out>(out),
                             std::forward<Labels>(labels), std::forward<Status>(status),
                             options, prepare, forest_for,
                             detail::gradient_reference_values(options));
}

/// @brief integrate_gradients() over a prepared SpanningForest, without labels or
///        status output.
template <class Gradients, class Flows, class Out>
IntegrationResult integrate_gradients(const SpanningForest& forest,
                                      const Gradients& gradients, const Flows& flows,
                                      Out&& out, const IntegrationOptions& options = {})
{
    return integrate_gradients(forest, gradients, flows, std::forward<Out>(out),
                               discard, discard, options);
}

EMCF_END_NAMESPACE
