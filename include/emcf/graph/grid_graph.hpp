#pragma once
/// @file
/// @brief Regular 2-D grid graph with square cycles (spurt's `Reg2DGraph`,
///        reference/algorithm.md §1.4).

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/graph/planar_graph.hpp>

EMCF_BEGIN_NAMESPACE

/// Regular `nrows x ncols` grid, identical to spurt's `Reg2DGraph((nrows, ncols))`.
///
/// * point index `r * ncols + c` at coordinates (x, y) = (c, r);
/// * edges: all horizontal (k, k+1) row by row, then all vertical (k, k+ncols) row by
///   row: `2V - nrows - ncols` edges;
/// * cycles: for each top-left corner (r, c) the square [(r,c), (r+1,c), (r+1,c+1),
///   (r,c+1)], `(nrows-1)(ncols-1)` of them, consistently oriented.
/// @throws emcf::invalid_argument if a dimension is < 2 or the grid exceeds 2^31 - 1
///         points
/// @note O(V) time and memory.
[[nodiscard]] inline PlanarGraph grid_graph(std::size_t nrows, std::size_t ncols)
{
    detail::require(nrows >= 2, "nrows", "must be >= 2, got " + std::to_string(nrows));
    detail::require(ncols >= 2, "ncols", "must be >= 2, got " + std::to_string(ncols));
    detail::require(
            nrows <= static_cast<std::size_t>(std::numeric_limits<graph_index>::max()) /
                             ncols,
            "nrows", "grid exceeds 2^31 - 1 points");
    const auto nr = static_cast<graph_index>(nrows);
    const auto nc = static_cast<graph_index>(ncols);
    const std::size_t npoints = nrows * ncols;
    std::vector<double> xy(2 * npoints);
    for (std::size_t p = 0; p < npoints; ++p) {
        xy[2 * p] = static_cast<double>(p % ncols);
        xy[2 * p + 1] = static_cast<double>(p / ncols);
    }
    std::vector<Edge> edges;
    edges.reserve(2 * npoints - nrows - ncols);
    for (graph_index r = 0; r < nr; ++r) {
        for (graph_index c = 0; c + 1 < nc; ++c) {
            edges.push_back({r * nc + c, r * nc + c + 1});
        }
    }
    for (graph_index r = 0; r + 1 < nr; ++r) {
        for (graph_index c = 0; c < nc; ++c) {
            edges.push_back({r * nc + c, (r + 1) * nc + c});
        }
    }
    std::vector<graph_index> offsets;
    offsets.reserve((nrows - 1) * (ncols - 1) + 1);
    offsets.push_back(0);
    std::vector<graph_index> vertices;
    vertices.reserve(4 * (nrows - 1) * (ncols - 1));
    for (graph_index r = 0; r + 1 < nr; ++r) {
        for (graph_index c = 0; c + 1 < nc; ++c) {
            const graph_index k = r * nc + c;
            vertices.insert(vertices.end(), {k, k + nc, k + nc + 1, k + 1});
            offsets.push_back(static_cast<graph_index>(vertices.size()));
        }
    }
    return PlanarGraph(std::move(xy), npoints, std::move(edges), std::move(offsets),
                       std::move(vertices));
}

EMCF_END_NAMESPACE
