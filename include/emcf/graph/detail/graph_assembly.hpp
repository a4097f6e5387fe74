#pragma once
/// @file
/// @brief Shared steps of the graph builders: lexicographic edge sorting by buckets,
///        canonical triangle order, edges of a triangle list.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/graph/planar_graph.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

/// Sort edges (low, high) lexicographically in O(E + V) plus tiny per-vertex sorts
/// (a counting sort on the low vertex); optionally drop repeated edges.
/// @pre every edge has low < high < npoints
inline void sort_edges(std::vector<Edge>& edges, std::size_t npoints, bool unique)
{
    std::vector<std::size_t> offsets(npoints + 1, 0);
    for (const auto& e : edges) {
        ++offsets[static_cast<std::size_t>(e[0]) + 1];
    }
    for (std::size_t v = 0; v < npoints; ++v) {
        offsets[v + 1] += offsets[v];
    }
    std::vector<graph_index> high(edges.size());
    {
        std::vector<std::size_t> fill(offsets.begin(), offsets.end() - 1);
        for (const auto& e : edges) {
            high[fill[static_cast<std::size_t>(e[0])]++] = e[1];
        }
    }
    std::size_t out = 0;
    for (std::size_t v = 0; v < npoints; ++v) {
        const auto first = high.begin() + static_cast<std::ptrdiff_t>(offsets[v]);
        const auto last = high.begin() + static_cast<std::ptrdiff_t>(offsets[v + 1]);
        std::sort(first, last);
        for (auto it = first; it != last; ++it) {
            if (unique && it != first && *it == *(it - 1)) {
                continue;
            }
            edges[out++] = {static_cast<graph_index>(v), *it};
        }
    }
    edges.resize(out);
}

/// Rotate every triangle so that its smallest vertex comes first (orientation kept),
/// then sort triangles lexicographically: an order that depends only on the triangle
/// set, not on how it was built.
inline void canonical_triangle_order(std::vector<graph_index>& tri, std::size_t npoints)
{
    const std::size_t ntri = tri.size() / 3;
    for (std::size_t t = 0; t < ntri; ++t) {
        graph_index* v = tri.data() + 3 * t;
        const graph_index a = v[0];
        const graph_index b = v[1];
        const graph_index c = v[2];
        if (b < a && b < c) {
            v[0] = b;
            v[1] = c;
            v[2] = a;
        } else if (c < a && c < b) {
            v[0] = c;
            v[1] = a;
            v[2] = b;
        }
    }
    std::vector<std::size_t> offsets(npoints + 1, 0);
    for (std::size_t t = 0; t < ntri; ++t) {
        ++offsets[static_cast<std::size_t>(tri[3 * t]) + 1];
    }
    for (std::size_t v = 0; v < npoints; ++v) {
        offsets[v + 1] += offsets[v];
    }
    std::vector<std::array<graph_index, 3>> sorted(ntri);
    {
        std::vector<std::size_t> fill(offsets.begin(), offsets.end() - 1);
        for (std::size_t t = 0; t < ntri; ++t) {
            sorted[fill[static_cast<std::size_t>(tri[3 * t])]++] = {
                    tri[3 * t], tri[3 * t + 1], tri[3 * t + 2]};
        }
    }
    for (std::size_t v = 0; v < npoints; ++v) {
        std::sort(sorted.begin() + static_cast<std::ptrdiff_t>(offsets[v]),
                  sorted.begin() + static_cast<std::ptrdiff_t>(offsets[v + 1]));
    }
    for (std::size_t t = 0; t < ntri; ++t) {
        tri[3 * t] = sorted[t][0];
        tri[3 * t + 1] = sorted[t][1];
        tri[3 * t + 2] = sorted[t][2];
    }
}

/// CSR offsets 0, 3, 6, ... for `ntri` triangles.
inline std::vector<graph_index> triangle_offsets(std::size_t ntri)
{
    std::vector<graph_index> offsets(ntri + 1);
    for (std::size_t t = 0; t <= ntri; ++t) {
        offsets[t] = static_cast<graph_index>(3 * t);
    }
    return offsets;
}

/// Every side of every cycle as (low, high), sorted, without repeats.
/// @pre vertices in [0, npoints), consecutive cycle vertices distinct
inline std::vector<Edge> edges_of_cycles(const std::vector<graph_index>& offsets,
                                         const std::vector<graph_index>& vertices,
                                         std::size_t npoints)
{
    std::vector<Edge> edges;
    edges.reserve(vertices.size());
    for (std::size_t c = 0; c + 1 < offsets.size(); ++c) {
        const auto b = static_cast<std::size_t>(offsets[c]);
        const auto len = static_cast<std::size_t>(offsets[c + 1]) - b;
        for (std::size_t k = 0; k < len; ++k) {
            const graph_index u = vertices[b + k];
            const graph_index w = vertices[b + (k + 1) % len];
            edges.push_back({std::min(u, w), std::max(u, w)});
        }
    }
    sort_edges(edges, npoints, true);
    return edges;
}

} // namespace detail
EMCF_END_NAMESPACE
