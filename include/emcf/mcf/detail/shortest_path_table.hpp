#pragma once
/// @file
/// @brief All-pairs shortest paths of a small flow network with their shortest-path
///        trees (one Dijkstra per source), for the temporal solver.

#include <algorithm>
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
/// Entry (s, v) holds the distance and `code`, the edge entering v on the path from s,
/// signed: `+(e + 1)` when the path crosses e tail → head (so the previous node is
/// tail(e)), `-(e + 1)` when it crosses head → tail, 0 for v = s or v unreachable.
/// Both sit side by side, so rebuilding a path reads the lines the assignment's cost
/// matrix has just read.
///
/// Ties: Dijkstra pops (distance, node) in lexicographic order and a node keeps the
/// first edge that reached its final distance, scanning edges in CSR order: the trees
/// depend only on the network.
/// @tparam Dist distance type; unreachable pairs hold its maximum
/// @tparam Index type of node indices and edge codes (16 bits keep a 200-node table
///         in a few hundred kilobytes)
template <class Dist, class Index = graph_index>
class ShortestPathTable {
  public:
    using value_type = Dist;

    struct Entry {
        Dist dist;  ///< cost of a cheapest path s -> v (max of Dist: unreachable)
        Index code; ///< signed edge entering v on that path
    };

    /// A node and its distance to a given target.
    struct Closest {
        Index node; ///< -1 past the reachable nodes
        Dist dist;
    };

    /// Entries in a near block.
    static constexpr std::size_t kNear = 8;

    /// The first kNear entries of closest_to(t) with the last step of each path, side
    /// by side in one small block per target: what matching a residue to its nearest
    /// counterpart reads, compact enough to stay in the L1 cache for a 200-node graph.
    struct NearBlock {
        Index node[kNear]; ///< nearest nodes from which t is reachable; padding: n
        Dist dist[kNear];  ///< their distances to t; padding: max of Dist
        Index code[kNear]; ///< signed edge entering t on the path (see Entry::code)
        /// one past the last entry at the distance of entry w (kNear if that distance
        /// may go on past the block)
        std::uint8_t run_end[kNear];
    };

    ShortestPathTable() = default;

    template <class Cost>
    explicit ShortestPathTable(const FlowNetwork<Cost>& net)
        : n_(net.nnodes()), table_(n_ * n_, Entry{std::numeric_limits<Dist>::max(), 0})
    {
        using Queued = std::pair<Cost, graph_index>;
        std::priority_queue<Queued, std::vector<Queued>, std::greater<>> queue;
        std::vector<Cost> d(n_);
        std::vector<graph_index> step(n_);
        std::vector<std::size_t> hops(n_); // edges on the tree path
        const auto& offsets = net.offsets();
        const auto& adjacency = net.adjacency();
        constexpr Cost unreached = std::numeric_limits<Cost>::max();
        for (std::size_t s = 0; s < n_; ++s) {
            std::fill(d.begin(), d.end(), unreached);
            std::fill(step.begin(), step.end(), 0);
            d[s] = 0;
            hops[s] = 0;
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
                        hops[v] = hops[u] + 1;
                        queue.push({nd, a.node});
                    }
                }
            }
            Entry* row = table_.data() + s * n_;
            for (std::size_t v = 0; v < n_; ++v) {
                if (d[v] != unreached) {
                    row[v] = {static_cast<Dist>(d[v]), static_cast<Index>(step[v])};
                    max_steps_ = std::max(max_steps_, hops[v]);
                }
            }
        }
        // For each t, the other nodes that reach it, nearest first (ties: lower node).
        closest_to_ = sorted_lists();
        near_ = near_blocks();
    }

    [[nodiscard]] std::size_t nnodes() const noexcept { return n_; }
    /// Row s of the table (n entries).
    [[nodiscard]] const Entry* row(std::size_t s) const noexcept
    {
        return table_.data() + s * n_;
    }
    /// The other nodes from which t is reachable with their distances, by increasing
    /// distance to t (ties: lower node first), then node -1 padding up to n entries.
    [[nodiscard]] const Closest* closest_to(std::size_t t) const noexcept
    {
        return closest_to_.data() + t * n_;
    }
    /// The near block of t.
    [[nodiscard]] const NearBlock& near_to(std::size_t t) const noexcept
    {
        return near_[t];
    }
    [[nodiscard]] bool empty() const noexcept { return table_.empty(); }
    /// Edges on the longest stored path.
    [[nodiscard]] std::size_t max_steps() const noexcept { return max_steps_; }

    /// Whether `other` fits this table's types: nodes and edge codes in Index, finite
    /// distances below the maximum of Dist.
    template <class D2, class I2>
    [[nodiscard]] static bool fits(const ShortestPathTable<D2, I2>& other,
                                   std::size_t nedges)
    {
        constexpr auto imax =
                static_cast<std::uintmax_t>(std::numeric_limits<Index>::max());
        constexpr auto dmax =
                static_cast<std::uintmax_t>(std::numeric_limits<Dist>::max());
        return other.nnodes() < imax && nedges < imax &&
               static_cast<std::uintmax_t>(other.max_finite()) < dmax;
    }

    /// The same table in narrower types (requires fits(other, nedges)).
    template <class D2, class I2>
    [[nodiscard]] static ShortestPathTable
    narrowed(const ShortestPathTable<D2, I2>& other)
    {
        ShortestPathTable t;
        const std::size_t n = other.nnodes();
        t.n_ = n;
        t.max_steps_ = other.max_steps();
        t.table_.resize(n * n);
        t.closest_to_.resize(n * n);
        constexpr D2 unreached = std::numeric_limits<D2>::max();
        for (std::size_t u = 0; u < n; ++u) {
            for (std::size_t v = 0; v < n; ++v) {
                const auto& e = other.row(u)[v];
                t.table_[u * n + v] = {e.dist == unreached
                                               ? std::numeric_limits<Dist>::max()
                                               : static_cast<Dist>(e.dist),
                                       static_cast<Index>(e.code)};
                const auto& c = other.closest_to(u)[v];
                t.closest_to_[u * n + v] = {static_cast<Index>(c.node),
                                            c.node < 0
                                                    ? std::numeric_limits<Dist>::max()
                                                    : static_cast<Dist>(c.dist)};
            }
        }
        t.near_ = t.near_blocks();
        return t;
    }
    /// Largest finite distance.
    [[nodiscard]] Dist max_finite() const noexcept
    {
        Dist m = 0;
        for (const auto& x : table_) {
            if (x.dist != std::numeric_limits<Dist>::max() && x.dist > m) {
                m = x.dist;
            }
        }
        return m;
    }

  private:
    std::vector<NearBlock> near_blocks() const
    {
        std::vector<NearBlock> blocks(n_);
        for (std::size_t t = 0; t < n_; ++t) {
            const Closest* c = closest_to(t);
            NearBlock& b = blocks[t];
            for (std::size_t w = 0; w < kNear; ++w) {
                const bool listed = w < n_ && c[w].node >= 0;
                const auto u = listed ? static_cast<std::size_t>(c[w].node) : n_;
                b.node[w] = static_cast<Index>(u);
                b.dist[w] = listed ? c[w].dist : std::numeric_limits<Dist>::max();
                b.code[w] = listed ? table_[u * n_ + t].code : Index{0};
            }
            for (std::size_t w = kNear; w-- > 0;) {
                const bool same = w + 1 < kNear && b.dist[w + 1] == b.dist[w];
                b.run_end[w] = static_cast<std::uint8_t>(
                        same ? b.run_end[w + 1] : (w + 1 < kNear ? w + 1 : kNear));
            }
        }
        return blocks;
    }

    // Per node x, the other nodes y with a path y -> x, sorted by its distance, then by
    // node.
    std::vector<Closest> sorted_lists() const
    {
        std::vector<Closest> lists(n_ * n_,
                                   Closest{-1, std::numeric_limits<Dist>::max()});
        std::vector<Closest> order(n_);
        for (std::size_t x = 0; x < n_; ++x) {
            std::size_t count = 0;
            for (std::size_t y = 0; y < n_; ++y) {
                const Dist d = table_[y * n_ + x].dist;
                if (y != x && d != std::numeric_limits<Dist>::max()) {
                    order[count++] = {static_cast<Index>(y), d};
                }
            }
            std::sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count),
                      [](const Closest& a, const Closest& b) {
                          return a.dist < b.dist ||
                                 (a.dist == b.dist && a.node < b.node);
                      });
            std::copy(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count),
                      lists.begin() + static_cast<std::ptrdiff_t>(x * n_));
        }
        return lists;
    }

    std::size_t n_ = 0;
    std::size_t max_steps_ = 0;
    std::vector<Entry> table_;
    std::vector<Closest> closest_to_;
    std::vector<NearBlock> near_;
};

} // namespace detail
EMCF_END_NAMESPACE
