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
    const auto dst = view1d(out);
    using Sample = typename decltype(w)::value_type;
    using Real = typename decltype(dst)::value_type;
    static_assert(std::is_floating_point_v<Real>,
                  "integrate_points: out must be float or double");
    static_assert(detail::is_writable_view_v<decltype(dst)>,
                  "integrate_points: out must be writable");
    static_assert(
            detail::output_element_ok<Labels, detail::LabelCheck>(),
            "integrate_points: labels must be signed integers (or emcf::discard)");
    static_assert(
            detail::output_element_ok<Status, detail::StatusCheck>(),
            "integrate_points: status must hold emcf::PointStatus (or emcf::discard)");
    const std::size_t npoints = graph.npoints();
    const std::size_t nedges = graph.nedges();
    detail::require_size(w.size(), npoints, "wrapped");
    detail::require_size(dst.size(), npoints, "out");
    const detail::FlowInput<Flows> f(flows, nedges);
    const detail::MaskInput<Valid> mask(valid, npoints);
    const detail::PointOutput<Labels> label_out(std::forward<Labels>(labels), npoints,
                                                "labels");
    const detail::PointOutput<Status> status_out(std::forward<Status>(status), npoints,
                                                 "status");
    detail::check_integration_options(options, npoints, true);

    std::vector<double> phase(npoints);
    std::vector<std::uint8_t> point_ok(npoints);
    for (std::size_t p = 0; p < npoints; ++p) {
        const Sample s = w[p];
        const bool ok = mask[p] && detail::is_finite_sample(s);
        point_ok[p] = ok ? 1 : 0;
        phase[p] = ok ? static_cast<double>(phase_of(s)) : 0.0;
    }
    std::vector<double> u(nedges);
    for (std::size_t e = 0; e < nedges; ++e) {
        const auto a = static_cast<std::size_t>(graph.edge(e)[0]);
        const auto b = static_cast<std::size_t>(graph.edge(e)[1]);
        u[e] = wrapped_diff(phase[a], phase[b]) + two_pi<double>() * f[e];
    }
    std::vector<double> value;
    std::vector<std::int32_t> label;
    const auto result = detail::flood_fill(
            graph, u, point_ok, options,
            [&](std::size_t, std::size_t root, std::int64_t) { return phase[root]; },
            value, label);
    for (std::size_t p = 0; p < npoints; ++p) {
        dst[p] = static_cast<Real>(value[p]);
        label_out.set(p, label[p]);
        status_out.set(p, detail::point_status(p, point_ok, label, result));
    }
    return result;
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
