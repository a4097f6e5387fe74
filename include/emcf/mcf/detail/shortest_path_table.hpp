#pragma once
/// @file
/// @brief All-pairs shortest paths of a small flow network with their shortest-path
///        trees (one Dijkstra per source), for the temporal solver.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <queue>
#include <utility>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/graph/planar_graph.hpp>
#include <emcf/mcf/flow_network.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

/// Distances `dist(s, t)` (cost of a cheapest path s → t, with the costs of the
/// direction travelled on each edge) and, per source s, the tree of those paths.
///
/// `step(s, v)` is the edge entering v on the path from s, signed: `+(e + 1)` when the
/// path crosses e tail → head (so the previous node is tail(e)), `-(e + 1)` when it
/// crosses head → tail, 0 for v = s or v unreachable.
///
/// Ties: Dijkstra pops (distance, node) in lexicographic order and a node keeps the
/// first edge that reached its final distance, scanning edges in CSR order: the trees
/// depend only on the network.
/// @tparam Dist distance type; unreachable pairs hold its maximum
template <class Dist>
class ShortestPathTable {
  public:
    ShortestPathTable() = default;

    template <class Cost>
    explicit ShortestPathTable(const FlowNetwork<Cost>& net)
        : n_(net.nnodes()), dist_(n_ * n_, std::numeric_limits<Dist>::max()),
          step_(n_ * n_, 0)
    {
        using Entry = std::pair<Cost, graph_index>;
        std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
        std::vector<Cost> d(n_);
        const auto& offsets = net.offsets();
        const auto& adjacency = net.adjacency();
        constexpr Cost unreached = std::numeric_limits<Cost>::max();
        for (std::size_t s = 0; s < n_; ++s) {
            std::fill(d.begin(), d.end(), unreached);
            graph_index* step = step_.data() + s * n_;
            d[s] = 0;
            queue.push({Cost{0}, static_cast<graph_index>(s)});
            while (!queue.empty()) {
                const auto [du, ui] = queue.top();
                queue.pop();
                const auto u = static_cast<std::size_t>(ui);
                if (du != d[u]) {
                    continue;
                }
                for (std::size_t k = offsets[u]; k < offsets[u + 1]; ++k) {
                    const auto& a = adjacency[k];
                    const auto e = static_cast<std::size_t>(a.code >> 1);
                    const bool forward = (a.code & 1) == 0; // u is the tail
                    const Cost nd = du + (forward ? net.cost(e) : net.revcost(e));
                    const auto v = static_cast<std::size_t>(a.node);
                    if (nd < d[v]) {
                        d[v] = nd;
                        const auto code = static_cast<graph_index>(e + 1);
                        step[v] = forward ? code : static_cast<graph_index>(-code);
                        queue.push({nd, a.node});
                    }
                }
            }
            Dist* row = dist_.data() + s * n_;
            for (std::size_t v = 0; v < n_; ++v) {
                if (d[v] != unreached) {
                    row[v] = static_cast<Dist>(d[v]);
                }
            }
        }
    }

    [[nodiscard]] std::size_t nnodes() const noexcept { return n_; }
    /// Row s of the distance table (n entries).
    [[nodiscard]] const Dist* row(std::size_t s) const noexcept
    {
        return dist_.data() + s * n_;
    }
    /// Row s of the tree table (n entries).
    [[nodiscard]] const graph_index* steps(std::size_t s) const noexcept
    {
        return step_.data() + s * n_;
    }
    [[nodiscard]] bool empty() const noexcept { return dist_.empty(); }

  private:
    std::size_t n_ = 0;
    std::vector<Dist> dist_;
    std::vector<graph_index> step_;
};

} // namespace detail
EMCF_END_NAMESPACE
