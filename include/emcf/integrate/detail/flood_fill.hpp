#pragma once
/// @file
/// @brief Core of edge-to-point integration: a breadth-first spanning forest (one tree
///        per connected component, rooted at its reference), the pass that integrates
///        edge values along it, and the separate O(E) closure check.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
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

inline void check_closure_tolerance(double tolerance)
{
    require(std::isfinite(tolerance) && tolerance >= 0, "closure_tolerance",
            "must be finite and >= 0");
}

inline void check_references(const std::vector<graph_index>& references,
                             std::size_t npoints)
{
    for (const auto r : references) {
        if (r < 0 || static_cast<std::size_t>(r) >= npoints) {
            throw_invalid("references", "point " + std::to_string(r) +
                                                " is outside [0, " +
                                                std::to_string(npoints) + ")");
        }
    }
}

inline void check_reference_values(const IntegrationOptions& options,
                                   std::size_t nreferences, bool points_mode)
{
    if (points_mode) {
        require(options.reference_values.empty(), "reference_values",
                "not used in points mode: each component is referenced to its "
                "reference point's own phase, so the output stays congruent to the "
                "input");
    } else if (!options.reference_values.empty()) {
        require_size(options.reference_values.size(), nreferences, "reference_values");
        for (const double v : options.reference_values) {
            require(std::isfinite(v), "reference_values", "values must be finite");
        }
    }
}

/// Spanning forest of the usable part of a graph.
struct Forest {
    std::vector<std::int32_t> order;      ///< integrated points, parents first
    std::vector<std::int32_t> parent;     ///< per point: tree parent, -1 for roots
    std::vector<std::int32_t> via;        ///< per point: tree edge to the parent
    std::vector<std::uint8_t> edge_state; ///< per edge: 0 unusable, 1 checked, 2 tree
    std::vector<std::uint8_t> point_ok;   ///< per point: may be integrated
    std::vector<std::int32_t> label;      ///< per point: component, -1 if none
    std::vector<graph_index> references;  ///< per component: its root
    std::vector<std::int64_t> reference_index; ///< per component: caller index or -1
    std::vector<graph_index> requested;        ///< the caller's reference list
    std::size_t nmasked = 0;
    std::size_t nisolated = 0;
};

/// Build the forest over the edges for which `usable(e)` holds and the points with
/// `point_ok[p] != 0`. Trees grow breadth-first (neighbours in edge order) from the
/// caller's references first, in their order, then from the lowest unvisited point;
/// components are then labelled in order of their lowest point index.
/// @throws emcf::invalid_argument ('references') for two references in one component
template <class Usable>
Forest build_forest(const PlanarGraph& graph, std::vector<std::uint8_t> point_ok,
                    Usable&& usable, const std::vector<graph_index>& references)
{
    const std::size_t npoints = graph.npoints();
    const std::size_t nedges = graph.nedges();
    Forest f;
    f.point_ok = std::move(point_ok);
    f.requested = references;
    f.edge_state.assign(nedges, 0);
    // Adjacency over usable edges: CSR of (neighbour, edge) in edge order. Edges are
    // stored low -> high, so the direction of a step follows from the two indices.
    struct Step {
        std::int32_t to;
        std::int32_t edge;
    };
    std::vector<std::size_t> offsets(npoints + 1, 0);
    for (std::size_t e = 0; e < nedges; ++e) {
        const auto& ed = graph.edge(e);
        if (f.point_ok[static_cast<std::size_t>(ed[0])] != 0 &&
            f.point_ok[static_cast<std::size_t>(ed[1])] != 0 && usable(e)) {
            f.edge_state[e] = 1;
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
            if (f.edge_state[e] != 0) {
                const auto& ed = graph.edge(e);
                const auto ie = static_cast<std::int32_t>(e);
                adjacency[fill[static_cast<std::size_t>(ed[0])]++] = {ed[1], ie};
                adjacency[fill[static_cast<std::size_t>(ed[1])]++] = {ed[0], ie};
            }
        }
    }
    auto has_edges = [&](std::size_t p) { return offsets[p + 1] > offsets[p]; };

    f.parent.assign(npoints, -1);
    f.via.assign(npoints, -1);
    f.label.assign(npoints, -1);
    f.order.reserve(npoints);
    std::vector<std::size_t> lowest;
    auto grow = [&](std::size_t root, std::int64_t k) {
        const auto c = static_cast<std::int32_t>(f.references.size());
        f.references.push_back(static_cast<graph_index>(root));
        f.reference_index.push_back(k);
        std::size_t low = root;
        f.label[root] = c;
        std::size_t head = f.order.size();
        f.order.push_back(static_cast<std::int32_t>(root));
        for (; head < f.order.size(); ++head) {
            const auto p = static_cast<std::size_t>(f.order[head]);
            for (std::size_t j = offsets[p]; j < offsets[p + 1]; ++j) {
                const Step s = adjacency[j];
                const auto q = static_cast<std::size_t>(s.to);
                if (f.label[q] >= 0) {
                    continue;
                }
                f.label[q] = c;
                f.parent[q] = static_cast<std::int32_t>(p);
                f.via[q] = s.edge;
                f.edge_state[static_cast<std::size_t>(s.edge)] = 2;
                low = std::min(low, q);
                f.order.push_back(s.to);
            }
        }
        lowest.push_back(low);
    };
    for (std::size_t k = 0; k < references.size(); ++k) {
        const auto r = static_cast<std::size_t>(references[k]);
        if (f.point_ok[r] == 0 || !has_edges(r)) {
            continue; // masked or isolated: no component to reference
        }
        if (f.label[r] >= 0) {
            throw_invalid("references",
                          "points " +
                                  std::to_string(f.references[static_cast<std::size_t>(
                                          f.label[r])]) +
                                  " and " + std::to_string(r) +
                                  " lie in the same connected component: give at most "
                                  "one reference per component");
        }
        grow(r, static_cast<std::int64_t>(k));
    }
    for (std::size_t p = 0; p < npoints; ++p) {
        if (f.label[p] < 0 && f.point_ok[p] != 0 && has_edges(p)) {
            grow(p, -1);
        }
    }
    // Relabel by lowest point index.
    const std::size_t ncomp = f.references.size();
    std::vector<std::size_t> by_lowest(ncomp);
    for (std::size_t c = 0; c < ncomp; ++c) {
        by_lowest[c] = c;
    }
    std::sort(by_lowest.begin(), by_lowest.end(),
              [&](std::size_t a, std::size_t b) { return lowest[a] < lowest[b]; });
    std::vector<std::int32_t> relabel(ncomp);
    std::vector<graph_index> refs(ncomp);
    std::vector<std::int64_t> ref_index(ncomp);
    for (std::size_t k = 0; k < ncomp; ++k) {
        relabel[by_lowest[k]] = static_cast<std::int32_t>(k);
        refs[k] = f.references[by_lowest[k]];
        ref_index[k] = f.reference_index[by_lowest[k]];
    }
    f.references = std::move(refs);
    f.reference_index = std::move(ref_index);
    for (std::size_t p = 0; p < npoints; ++p) {
        if (f.label[p] >= 0) {
            f.label[p] = relabel[static_cast<std::size_t>(f.label[p])];
        } else if (f.point_ok[p] == 0) {
            ++f.nmasked;
        } else {
            ++f.nisolated;
        }
    }
    return f;
}

/// Integrate edge values u (low -> high, finite on every edge the forest uses) along
/// the forest, then check closure on its non-tree edges.
/// @param ref_value callable (component label, reference point, caller index or -1)
///                  -> value at the reference
/// @param value     output per point (NaN where not integrated)
template <class RefValue>
IntegrationResult run_forest(const PlanarGraph& graph, const Forest& f,
                             const std::vector<double>& u, RefValue&& ref_value,
                             double tolerance, std::vector<double>& value)
{
    IntegrationResult result;
    result.ncomponents = f.references.size();
    result.references = f.references;
    result.nmasked = f.nmasked;
    result.nisolated = f.nisolated;
    value.assign(graph.npoints(), std::numeric_limits<double>::quiet_NaN());
    for (const auto sp : f.order) {
        const auto p = static_cast<std::size_t>(sp);
        const std::int32_t parent = f.parent[p];
        if (parent < 0) {
            const auto c = static_cast<std::size_t>(f.label[p]);
            value[p] = ref_value(c, p, f.reference_index[c]);
            continue;
        }
        const double ue = u[static_cast<std::size_t>(f.via[p])];
        const double vp = value[static_cast<std::size_t>(parent)];
        value[p] = sp > parent ? vp + ue : vp - ue;
    }
    for (std::size_t e = 0; e < graph.nedges(); ++e) {
        if (f.edge_state[e] != 1) {
            continue; // unusable, or a tree edge (closed by construction)
        }
        const auto a = static_cast<std::size_t>(graph.edge(e)[0]);
        const auto b = static_cast<std::size_t>(graph.edge(e)[1]);
        ++result.nchecked;
        const double mis = std::fabs(value[a] + u[e] - value[b]);
        result.max_closure_error = std::max(result.max_closure_error, mis);
        if (mis > tolerance) {
            ++result.nclosure_errors;
        }
    }
    result.closure = result.nclosure_errors > 0 ? ClosureStatus::not_closed
                                                : ClosureStatus::closed;
    return result;
}

/// Per-point status from a forest.
inline PointStatus point_status(std::size_t p, const Forest& f) noexcept
{
    if (f.point_ok[p] == 0) {
        return PointStatus::masked;
    }
    if (f.label[p] < 0) {
        return PointStatus::isolated;
    }
    return f.references[static_cast<std::size_t>(f.label[p])] ==
                           static_cast<graph_index>(p)
                   ? PointStatus::reference
                   : PointStatus::ok;
}

/// The forest for one field: `prepared` itself when the data are finite wherever it
/// integrates, otherwise a forest rebuilt without the points and edges whose data are
/// not finite (stored in `fallback`).
inline const Forest& forest_for_data(const PlanarGraph& graph, const Forest& prepared,
                                     const std::vector<std::uint8_t>& data_ok,
                                     const std::vector<double>& u,
                                     std::optional<Forest>& fallback)
{
    bool clean = true;
    for (std::size_t p = 0; p < data_ok.size() && clean; ++p) {
        clean = prepared.point_ok[p] == 0 || data_ok[p] != 0;
    }
    for (std::size_t e = 0; e < u.size() && clean; ++e) {
        clean = prepared.edge_state[e] == 0 || !std::isnan(u[e]);
    }
    if (clean) {
        return prepared;
    }
    std::vector<std::uint8_t> point_ok(data_ok.size());
    for (std::size_t p = 0; p < point_ok.size(); ++p) {
        point_ok[p] = prepared.point_ok[p] != 0 && data_ok[p] != 0 ? 1 : 0;
    }
    fallback.emplace(build_forest(
            graph, std::move(point_ok),
            [&](std::size_t e) {
                return prepared.edge_state[e] != 0 && !std::isnan(u[e]);
            },
            prepared.requested));
    return *fallback;
}

/// A forest over all edges of the graph between points with `valid` set.
template <class Valid>
Forest full_forest(const PlanarGraph& graph, const Valid& valid,
                   const std::vector<graph_index>& references)
{
    const MaskInput<Valid> mask(valid, graph.npoints());
    check_references(references, graph.npoints());
    std::vector<std::uint8_t> point_ok(graph.npoints());
    for (std::size_t p = 0; p < point_ok.size(); ++p) {
        point_ok[p] = mask[p] ? 1 : 0;
    }
    return build_forest(
            graph, std::move(point_ok), [](std::size_t) { return true; }, references);
}

/// Shared driver of every integration entry point: checks the common arguments, lets
/// `prepare(flows, u, data_ok)` fill the per-edge values u (NaN = unusable) and the
/// per-point data flags, obtains a forest from `forest_for(data_ok, u)`, integrates,
/// and writes the outputs.
template <class Flows, class Out, class Labels, class Status, class Prepare,
          class ForestFor, class RefValue>
IntegrationResult integrate(const PlanarGraph& graph, const Flows& flows, Out&& out,
                            Labels&& labels, Status&& status,
                            const IntegrationOptions& options, Prepare&& prepare,
                            ForestFor&& forest_for, RefValue&& ref_value)
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
    require_size(dst.size(), npoints, "out");
    const FlowInput<Flows> f(flows, graph.nedges());
    const PointOutput<Labels> label_out(std::forward<Labels>(labels), npoints,
                                        "labels");
    const PointOutput<Status> status_out(std::forward<Status>(status), npoints,
                                         "status");
    check_closure_tolerance(options.closure_tolerance);

    std::vector<double> u(graph.nedges());
    std::vector<std::uint8_t> data_ok(npoints, 1);
    prepare(f, u, data_ok);
    const Forest& forest = forest_for(data_ok, u);
    std::vector<double> value;
    const auto result =
            run_forest(graph, forest, u, ref_value, options.closure_tolerance, value);
    for (std::size_t p = 0; p < npoints; ++p) {
        dst[p] = static_cast<Real>(value[p]);
        label_out.set(p, forest.label[p]);
        status_out.set(p, point_status(p, forest));
    }
    return result;
}

} // namespace detail
EMCF_END_NAMESPACE
