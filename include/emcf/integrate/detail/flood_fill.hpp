#pragma once
/// @file
/// @brief Core of edge-to-point integration: components, one reference per component,
///        breadth-first spanning forest, separate O(E) closure check.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/status.hpp>
#include <emcf/graph/planar_graph.hpp>
#include <emcf/integrate/detail/arguments.hpp>
#include <emcf/integrate/integration.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

inline void check_integration_options(const IntegrationOptions& options,
                                      std::size_t npoints, bool points_mode)
{
    require(std::isfinite(options.closure_tolerance) && options.closure_tolerance >= 0,
            "closure_tolerance", "must be finite and >= 0");
    for (const auto r : options.references) {
        if (r < 0 || static_cast<std::size_t>(r) >= npoints) {
            throw_invalid("references", "point " + std::to_string(r) +
                                                " is outside [0, " +
                                                std::to_string(npoints) + ")");
        }
    }
    if (points_mode) {
        require(options.reference_values.empty(), "reference_values",
                "not used in points mode: each component is referenced to its "
                "reference point's own phase, so the output stays congruent to the "
                "input");
    } else if (!options.reference_values.empty()) {
        require_size(options.reference_values.size(), options.references.size(),
                     "reference_values");
        for (const double v : options.reference_values) {
            require(std::isfinite(v), "reference_values", "values must be finite");
        }
    }
}

/// Integrate edge values over a spanning forest.
/// @param graph    the graph (edges low -> high)
/// @param u        per edge: the value to add from low to high end [rad]; NaN marks an
///                 unusable edge
/// @param point_ok per point: 1 if it may be integrated (valid, finite input)
/// @param options  validated IntegrationOptions
/// @param ref_value callable (component label, reference point, index in
///                 options.references or -1) -> value at the reference
/// @param value    output per point (NaN where not integrated)
/// @param label    output per point (component label, -1 where not integrated)
template <class RefValue>
IntegrationResult flood_fill(const PlanarGraph& graph, const std::vector<double>& u,
                             const std::vector<std::uint8_t>& point_ok,
                             const IntegrationOptions& options, RefValue&& ref_value,
                             std::vector<double>& value,
                             std::vector<std::int32_t>& label)
{
    const std::size_t npoints = graph.npoints();
    const std::size_t nedges = graph.nedges();
    IntegrationResult result;
    // Per edge: 0 unusable, 1 usable, 2 usable and in the spanning tree.
    std::vector<std::uint8_t> edge_state(nedges);
    for (std::size_t e = 0; e < nedges; ++e) {
        const auto& ed = graph.edge(e);
        edge_state[e] =
                point_ok[static_cast<std::size_t>(ed[0])] != 0 &&
                                point_ok[static_cast<std::size_t>(ed[1])] != 0 &&
                                !std::isnan(u[e])
                        ? 1
                        : 0;
    }
    auto usable = [&](std::size_t e) { return edge_state[e] != 0; };

    // 1. Adjacency over usable edges (CSR of (neighbour, edge) in edge order, so the
    //    search is deterministic). Edges are stored low -> high, so the direction of a
    //    step p -> q is the sign of q - p: no edge lookup during the search.
    struct Step {
        std::int32_t to;
        std::int32_t edge;
    };
    std::vector<std::size_t> offsets(npoints + 1, 0);
    for (std::size_t e = 0; e < nedges; ++e) {
        if (usable(e)) {
            const auto& ed = graph.edge(e);
            ++offsets[static_cast<std::size_t>(ed[0]) + 1];
            ++offsets[static_cast<std::size_t>(ed[1]) + 1];
        }
    }
    for (std::size_t p = 0; p < npoints; ++p) {
        offsets[p + 1] += offsets[p];
    }
    std::vector<Step> adjacency(offsets[npoints]);
    {
        std::vector<std::size_t> fill(offsets.begin(), offsets.end() - 1);
        for (std::size_t e = 0; e < nedges; ++e) {
            if (usable(e)) {
                const auto& ed = graph.edge(e);
                const auto ie = static_cast<std::int32_t>(e);
                adjacency[fill[static_cast<std::size_t>(ed[0])]++] = {ed[1], ie};
                adjacency[fill[static_cast<std::size_t>(ed[1])]++] = {ed[0], ie};
            }
        }
    }
    auto has_edges = [&](std::size_t p) { return offsets[p + 1] > offsets[p]; };

    // 2. Breadth-first spanning forest: first from the caller's references (in their
    //    order), then from the lowest unvisited point index. Each search is one
    //    component; value[root] comes from ref_value.
    value.assign(npoints, std::numeric_limits<double>::quiet_NaN());
    label.assign(npoints, -1);
    std::vector<std::int32_t> queue;
    queue.reserve(npoints);
    std::vector<std::size_t> root_of;          // per search: its root
    std::vector<std::int64_t> reference_index; // per search: index in references or -1
    std::vector<std::size_t> min_point;        // per search: lowest point index
    auto search = [&](std::size_t root, std::int64_t k) {
        const auto c = static_cast<std::int32_t>(root_of.size());
        root_of.push_back(root);
        reference_index.push_back(k);
        std::size_t lowest = root;
        label[root] = c;
        value[root] = 0.0;
        queue.clear();
        queue.push_back(static_cast<std::int32_t>(root));
        for (std::size_t head = 0; head < queue.size(); ++head) {
            const auto p = static_cast<std::size_t>(queue[head]);
            const double vp = value[p];
            for (std::size_t j = offsets[p]; j < offsets[p + 1]; ++j) {
                const Step s = adjacency[j];
                const auto q = static_cast<std::size_t>(s.to);
                if (label[q] >= 0) {
                    continue;
                }
                label[q] = c;
                const double ue = u[static_cast<std::size_t>(s.edge)];
                value[q] = q > p ? vp + ue : vp - ue;
                edge_state[static_cast<std::size_t>(s.edge)] = 2;
                lowest = std::min(lowest, q);
                queue.push_back(s.to);
            }
        }
        min_point.push_back(lowest);
    };
    for (std::size_t k = 0; k < options.references.size(); ++k) {
        const auto r = static_cast<std::size_t>(options.references[k]);
        if (point_ok[r] == 0 || !has_edges(r)) {
            continue; // masked or isolated: no component to reference
        }
        if (label[r] >= 0) {
            const auto other = root_of[static_cast<std::size_t>(label[r])];
            throw_invalid("references",
                          "points " + std::to_string(other) + " and " +
                                  std::to_string(r) +
                                  " lie in the same connected component: give at most "
                                  "one reference per component");
        }
        search(r, static_cast<std::int64_t>(k));
    }
    for (std::size_t p = 0; p < npoints; ++p) {
        if (label[p] < 0 && point_ok[p] != 0 && has_edges(p)) {
            search(p, -1);
        }
    }

    // 3. Labels in order of each component's lowest point index; reference values
    //    shift each component (the search integrated from 0 at its root).
    const std::size_t ncomp = root_of.size();
    std::vector<std::size_t> by_lowest(ncomp);
    for (std::size_t c = 0; c < ncomp; ++c) {
        by_lowest[c] = c;
    }
    std::sort(by_lowest.begin(), by_lowest.end(), [&](std::size_t a, std::size_t b) {
        return min_point[a] < min_point[b];
    });
    std::vector<std::int32_t> relabel(ncomp);
    std::vector<double> shift(ncomp);
    result.ncomponents = ncomp;
    result.references.resize(ncomp);
    for (std::size_t k = 0; k < ncomp; ++k) {
        const std::size_t c = by_lowest[k];
        relabel[c] = static_cast<std::int32_t>(k);
        result.references[k] = static_cast<graph_index>(root_of[c]);
        shift[c] = ref_value(k, root_of[c], reference_index[c]);
    }
    for (std::size_t p = 0; p < npoints; ++p) {
        if (label[p] >= 0) {
            const auto c = static_cast<std::size_t>(label[p]);
            value[p] += shift[c];
            label[p] = relabel[c];
        } else if (point_ok[p] == 0) {
            ++result.nmasked;
        } else {
            ++result.nisolated;
        }
    }

    // 4. Closure: every usable edge outside the tree must agree with its end points.
    const double tol = options.closure_tolerance;
    for (std::size_t e = 0; e < nedges; ++e) {
        if (edge_state[e] != 1) {
            continue; // unusable, or a tree edge (closed by construction)
        }
        const auto a = static_cast<std::size_t>(graph.edge(e)[0]);
        const auto b = static_cast<std::size_t>(graph.edge(e)[1]);
        ++result.nchecked;
        const double mis = std::fabs(value[a] + u[e] - value[b]);
        if (mis > result.max_closure_error) {
            result.max_closure_error = mis;
        }
        if (mis > tol) {
            ++result.nclosure_errors;
        }
    }
    result.closure = result.nclosure_errors > 0 ? ClosureStatus::not_closed
                                                : ClosureStatus::closed;
    return result;
}

/// Per-point status from the integration outcome.
inline PointStatus point_status(std::size_t p,
                                const std::vector<std::uint8_t>& point_ok,
                                const std::vector<std::int32_t>& label,
                                const IntegrationResult& result) noexcept
{
    if (point_ok[p] == 0) {
        return PointStatus::masked;
    }
    if (label[p] < 0) {
        return PointStatus::isolated;
    }
    return result.references[static_cast<std::size_t>(label[p])] ==
                           static_cast<graph_index>(p)
                   ? PointStatus::reference
                   : PointStatus::ok;
}

/// Shared driver of integrate_gradients() and integrate_points(): checks the common
/// arguments, lets `prepare(flows, mask, u, point_ok)` fill the per-edge values and the
/// per-point flags, integrates, and writes the outputs.
template <class Flows, class Out, class Valid, class Labels, class Status,
          class Prepare, class RefValue>
IntegrationResult integrate(const PlanarGraph& graph, const Flows& flows, Out&& out,
                            const Valid& valid, Labels&& labels, Status&& status,
                            const IntegrationOptions& options, bool points_mode,
                            Prepare&& prepare, RefValue&& ref_value)
{
    const auto dst = view1d(out);
    using Real = typename decltype(dst)::value_type;
    static_assert(std::is_floating_point_v<Real>,
                  "emcf integration: out must be float or double");
    static_assert(is_writable_view_v<decltype(dst)>,
                  "emcf integration: out must be writable");
    static_assert(
            output_element_ok<Labels, LabelCheck>(),
            "emcf integration: labels must be signed integers (or emcf::discard)");
    static_assert(output_element_ok<Status, StatusCheck>(),
                  "emcf integration: status must hold emcf::PointStatus (or "
                  "emcf::discard)");
    const std::size_t npoints = graph.npoints();
    const std::size_t nedges = graph.nedges();
    require_size(dst.size(), npoints, "out");
    const FlowInput<Flows> f(flows, nedges);
    const MaskInput<Valid> mask(valid, npoints);
    const PointOutput<Labels> label_out(std::forward<Labels>(labels), npoints,
                                        "labels");
    const PointOutput<Status> status_out(std::forward<Status>(status), npoints,
                                         "status");
    check_integration_options(options, npoints, points_mode);

    std::vector<double> u(nedges);
    std::vector<std::uint8_t> point_ok(npoints);
    prepare(f, mask, u, point_ok);
    std::vector<double> value;
    std::vector<std::int32_t> label;
    const auto result =
            flood_fill(graph, u, point_ok, options, ref_value, value, label);
    for (std::size_t p = 0; p < npoints; ++p) {
        dst[p] = static_cast<Real>(value[p]);
        label_out.set(p, label[p]);
        status_out.set(p, point_status(p, point_ok, label, result));
    }
    return result;
}

} // namespace detail
EMCF_END_NAMESPACE
