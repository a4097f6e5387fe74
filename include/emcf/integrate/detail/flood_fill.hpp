#pragma once
/// @file
/// @brief Core of edge-to-point integration: components, one reference per component,
///        breadth-first spanning forest, separate O(E) closure check.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/status.hpp>
#include <emcf/graph/planar_graph.hpp>
#include <emcf/integrate/detail/union_find.hpp>
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
    auto usable = [&](std::size_t e) {
        const auto& ed = graph.edge(e);
        return point_ok[static_cast<std::size_t>(ed[0])] != 0 &&
               point_ok[static_cast<std::size_t>(ed[1])] != 0 && !std::isnan(u[e]);
    };

    // 1. Components over usable edges, and the adjacency of the spanning search (CSR of
    //    edge ids, in edge order, so the search is deterministic).
    UnionFind sets(npoints);
    std::vector<std::size_t> offsets(npoints + 1, 0);
    for (std::size_t e = 0; e < nedges; ++e) {
        if (usable(e)) {
            const auto& ed = graph.edge(e);
            sets.unite(ed[0], ed[1]);
            ++offsets[static_cast<std::size_t>(ed[0]) + 1];
            ++offsets[static_cast<std::size_t>(ed[1]) + 1];
        }
    }
    for (std::size_t p = 0; p < npoints; ++p) {
        offsets[p + 1] += offsets[p];
    }
    label.assign(npoints, -1);
    result.ncomponents = number_components(sets, label, [&](std::size_t p) {
        return point_ok[p] != 0 && offsets[p + 1] > offsets[p];
    });
    for (std::size_t p = 0; p < npoints; ++p) {
        if (point_ok[p] == 0) {
            ++result.nmasked;
        } else if (label[p] < 0) {
            ++result.nisolated;
        }
    }
    std::vector<std::int32_t> adjacency(offsets[npoints]);
    {
        std::vector<std::size_t> fill(offsets.begin(), offsets.end() - 1);
        for (std::size_t e = 0; e < nedges; ++e) {
            if (usable(e)) {
                const auto& ed = graph.edge(e);
                adjacency[fill[static_cast<std::size_t>(ed[0])]++] =
                        static_cast<std::int32_t>(e);
                adjacency[fill[static_cast<std::size_t>(ed[1])]++] =
                        static_cast<std::int32_t>(e);
            }
        }
    }

    // 2. One reference per component: the caller's, else the lowest index.
    result.references.assign(result.ncomponents, -1);
    std::vector<std::int64_t> chosen(result.ncomponents, -1); // index in references
    for (std::size_t k = 0; k < options.references.size(); ++k) {
        const auto r = static_cast<std::size_t>(options.references[k]);
        const auto c = label[r];
        if (c < 0) {
            continue; // masked or isolated: no component to reference
        }
        const auto uc = static_cast<std::size_t>(c);
        if (chosen[uc] >= 0) {
            throw_invalid("references",
                          "points " + std::to_string(result.references[uc]) + " and " +
                                  std::to_string(r) +
                                  " lie in the same connected component: give at most "
                                  "one reference per component");
        }
        chosen[uc] = static_cast<std::int64_t>(k);
        result.references[uc] = static_cast<graph_index>(r);
    }
    for (std::size_t p = 0; p < npoints; ++p) {
        const auto c = label[p];
        if (c >= 0 && result.references[static_cast<std::size_t>(c)] < 0) {
            result.references[static_cast<std::size_t>(c)] =
                    static_cast<graph_index>(p);
        }
    }

    // 3. Breadth-first spanning forest from each reference, in label order.
    value.assign(npoints, std::numeric_limits<double>::quiet_NaN());
    std::vector<std::int32_t> parent_edge(npoints, -1);
    std::vector<std::uint8_t> visited(npoints, 0);
    std::vector<std::int32_t> queue;
    queue.reserve(npoints);
    for (std::size_t c = 0; c < result.ncomponents; ++c) {
        const auto root = static_cast<std::size_t>(result.references[c]);
        value[root] = ref_value(c, root, chosen[c]);
        visited[root] = 1;
        queue.clear();
        queue.push_back(static_cast<std::int32_t>(root));
        for (std::size_t head = 0; head < queue.size(); ++head) {
            const auto p = static_cast<std::size_t>(queue[head]);
            const double vp = value[p];
            for (std::size_t k = offsets[p]; k < offsets[p + 1]; ++k) {
                const auto e = static_cast<std::size_t>(adjacency[k]);
                const auto& ed = graph.edge(e);
                const bool forward = static_cast<std::size_t>(ed[0]) == p;
                const auto q = static_cast<std::size_t>(forward ? ed[1] : ed[0]);
                if (visited[q] != 0) {
                    continue;
                }
                visited[q] = 1;
                value[q] = forward ? vp + u[e] : vp - u[e];
                parent_edge[q] = static_cast<std::int32_t>(e);
                queue.push_back(static_cast<std::int32_t>(q));
            }
        }
    }

    // 4. Closure: every usable edge outside the tree must agree with its end points.
    const double tol = options.closure_tolerance;
    for (std::size_t e = 0; e < nedges; ++e) {
        if (!usable(e)) {
            continue;
        }
        const auto a = static_cast<std::size_t>(graph.edge(e)[0]);
        const auto b = static_cast<std::size_t>(graph.edge(e)[1]);
        const auto ie = static_cast<std::int32_t>(e);
        if (parent_edge[a] == ie || parent_edge[b] == ie) {
            continue;
        }
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

} // namespace detail
EMCF_END_NAMESPACE
