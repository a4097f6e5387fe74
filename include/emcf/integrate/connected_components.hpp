#pragma once
/// @file
/// @brief Connected components of a graph's points (dolphin's "conncomp" layer, and
///        the unit of referencing in integration).

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/planar_graph.hpp>
#include <emcf/integrate/detail/arguments.hpp>
#include <emcf/integrate/detail/union_find.hpp>
#include <emcf/integrate/integration.hpp>

EMCF_BEGIN_NAMESPACE

/// @brief Label the connected components of the valid points.
/// @param graph    the graph (its edges; cycles are not used)
/// @param valid    npoints bool/integer values (non-zero = valid), or emcf::all_points;
///                 an edge joins two points only if both are valid
/// @param labels   npoints signed integers, output: 0, 1, ... in order of each
///                 component's lowest point index; -1 for invalid points and points of
///                 components smaller than `min_size`
/// @param min_size smallest component that gets a label (>= 1; 1 labels single points,
///                 2 matches integration, where single points are "isolated")
/// @return the number of labelled components
/// @throws emcf::invalid_argument ('valid', 'labels') on a size mismatch, ('min_size')
///         if 0
/// @note O(V + E α(V)) time, 8 bytes per point of scratch; deterministic.
template <class Valid, class Labels>
std::size_t connected_components(const PlanarGraph& graph, const Valid& valid,
                                 Labels&& labels, std::size_t min_size = 1)
{
    const std::size_t npoints = graph.npoints();
    const detail::MaskInput<Valid> mask(valid, npoints);
    auto out = view1d(labels);
    static_assert(detail::is_writable_view_v<decltype(out)>,
                  "connected_components: labels must be writable");
    static_assert(std::is_integral_v<typename decltype(out)::value_type> &&
                          std::is_signed_v<typename decltype(out)::value_type>,
                  "connected_components: labels must be signed integers");
    detail::require_size(out.size(), npoints, "labels");
    detail::require(min_size >= 1, "min_size", "must be >= 1");
    detail::UnionFind sets(npoints);
    for (const auto& e : graph.edges()) {
        if (mask[static_cast<std::size_t>(e[0])] &&
            mask[static_cast<std::size_t>(e[1])]) {
            sets.unite(e[0], e[1]);
        }
    }
    std::vector<std::size_t> size(npoints, 0);
    for (std::size_t p = 0; p < npoints; ++p) {
        if (mask[p]) {
            ++size[static_cast<std::size_t>(sets.find(static_cast<std::int32_t>(p)))];
        }
    }
    std::vector<std::int32_t> label(npoints);
    const std::size_t count =
            detail::number_components(sets, label, [&](std::size_t p) {
                return mask[p] && size[static_cast<std::size_t>(sets.find(
                                          static_cast<std::int32_t>(p)))] >= min_size;
            });
    using Int = typename decltype(out)::value_type;
    for (std::size_t p = 0; p < npoints; ++p) {
        out[p] = static_cast<Int>(label[p]);
    }
    return count;
}

/// @brief Components of all points (every point valid, single points labelled).
template <class Labels>
std::size_t connected_components(const PlanarGraph& graph, Labels&& labels)
{
    return connected_components(graph, all_points, std::forward<Labels>(labels), 1);
}

EMCF_END_NAMESPACE
