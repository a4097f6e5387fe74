#pragma once
/// @file
/// @brief The hop-3 temporal network: every interferogram (i, j) with 1 <= j - i <= 3
///        (reference/algorithm.md §1.3, spurt's `Hop3Graph`).

#include <cstddef>
#include <string>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/graph/planar_graph.hpp>

EMCF_BEGIN_NAMESPACE

/// Hop-3 temporal graph of `nepochs` SLCs, identical to spurt's `Hop3Graph`.
///
/// * points: epoch k at (k, 0) (the embedding is combinatorial);
/// * edges (interferograms): all (i, j) with 1 <= j - i <= 3, lexicographic order,
///   3N - 6 of them;
/// * cycles, 2N - 5 triangles in spurt's order: [0,1,2], [0,2,3], then for i = 1..N-4
///   [i, i+2, i+3] and [i, i+3, i+1], then [N-3, N-1, N-2]; consistently oriented, with
///   the outer face (0, 1, 3): boundary edges (0,1), (1,3), (0,3).
/// @param nepochs number of epochs N (SLCs), N >= 4
/// @throws emcf::invalid_argument if N < 4
/// @note O(N) time and memory.
[[nodiscard]] inline PlanarGraph hop3_graph(std::size_t nepochs)
{
    detail::require(nepochs >= 4, "nepochs",
                    "the hop-3 graph needs at least 4 epochs, got " +
                            std::to_string(nepochs));
    const auto n = static_cast<graph_index>(nepochs);
    std::vector<double> xy(2 * nepochs, 0.0);
    for (std::size_t k = 0; k < nepochs; ++k) {
        xy[2 * k] = static_cast<double>(k);
    }
    std::vector<Edge> edges;
    edges.reserve(3 * nepochs - 6);
    for (graph_index i = 0; i < n; ++i) {
        for (graph_index j = i + 1; j < n && j <= i + 3; ++j) {
            edges.push_back({i, j});
        }
    }
    std::vector<graph_index> offsets{0};
    std::vector<graph_index> vertices;
    auto add = [&](graph_index a, graph_index b, graph_index c) {
        vertices.insert(vertices.end(), {a, b, c});
        offsets.push_back(static_cast<graph_index>(vertices.size()));
    };
    add(0, 1, 2);
    add(0, 2, 3);
    for (graph_index i = 1; i <= n - 4; ++i) {
        add(i, i + 2, i + 3);
        add(i, i + 3, i + 1);
    }
    add(n - 3, n - 1, n - 2);
    return PlanarGraph(std::move(xy), nepochs, std::move(edges), std::move(offsets),
                       std::move(vertices));
}

EMCF_END_NAMESPACE
