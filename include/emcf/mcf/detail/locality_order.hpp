#pragma once
/// @file
/// @brief A node order with memory locality for searches on large planar duals: nodes
///        are numbered cluster by cluster, each cluster a breadth-first ball.

#include <cstddef>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/graph/planar_graph.hpp>
#include <emcf/mcf/flow_network.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

/// Permutation `order` (new index → node) such that a small shortest-path search, which
/// visits a ball of nearby nodes, touches few memory pages: breadth-first clusters of
/// up to `cluster` nodes, each seeded from the frontier left by the clusters before it,
/// so consecutive clusters are neighbours too. Uses only the graph (no coordinates), so
/// any input order (e.g. Qhull's triangle order) gets the same treatment. Node 0 (the
/// ground, adjacent to the whole boundary) keeps index 0 and is never expanded.
/// Deterministic, O(n + m).
template <class Cost>
std::vector<graph_index> locality_order(const FlowNetwork<Cost>& net,
                                        std::size_t cluster)
{
    const std::size_t n = net.nnodes();
    const auto& offsets = net.offsets();
    const auto& adjacency = net.adjacency();
    std::vector<graph_index> order;
    order.reserve(n);
    std::vector<char> placed(n, 0);
    order.push_back(0);
    placed[0] = 1;
    std::vector<graph_index> seeds; // frontier of earlier clusters, oldest first
    std::size_t next_seed = 0;
    std::size_t next_unplaced = 1;
    std::vector<graph_index> ball;
    while (order.size() < n) {
        graph_index seed = -1;
        while (next_seed < seeds.size() && seed < 0) {
            const graph_index s = seeds[next_seed++];
            if (placed[static_cast<std::size_t>(s)] == 0) {
                seed = s;
            }
        }
        if (seed < 0) {
            while (placed[next_unplaced] != 0) {
                ++next_unplaced;
            }
            seed = static_cast<graph_index>(next_unplaced);
        }
        // Breadth-first ball around the seed; what does not fit seeds later clusters.
        ball.clear();
        ball.push_back(seed);
        placed[static_cast<std::size_t>(seed)] = 1;
        for (std::size_t head = 0; head < ball.size(); ++head) {
            const auto u = static_cast<std::size_t>(ball[head]);
            order.push_back(ball[head]);
            for (std::size_t k = offsets[u]; k < offsets[u + 1]; ++k) {
                const auto v = static_cast<std::size_t>(adjacency[k].node);
                if (placed[v] != 0) {
                    continue;
                }
                if (ball.size() < cluster) {
                    placed[v] = 1;
                    ball.push_back(adjacency[k].node);
                } else {
                    seeds.push_back(adjacency[k].node);
                }
            }
        }
        if (next_seed > seeds.size() / 2 && next_seed > 4096) {
            seeds.erase(seeds.begin(),
                        seeds.begin() + static_cast<std::ptrdiff_t>(next_seed));
            next_seed = 0;
        }
    }
    return order;
}

} // namespace detail
EMCF_END_NAMESPACE
