#pragma once
/// @file
/// @brief The successive-shortest-path engine of the spatial solver: a residual graph
///        laid out for cache locality, and the search / augment loop with node
///        potentials and early-terminating Dijkstra.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include <emcf/core/assert.hpp>
#include <emcf/core/config.hpp>
#include <emcf/graph/planar_graph.hpp>
#include <emcf/mcf/detail/bucket_queue.hpp>
#include <emcf/mcf/detail/locality_order.hpp>
#include <emcf/mcf/detail/supplies.hpp>
#include <emcf/mcf/flow_network.hpp>
#include <emcf/mcf/flow_result.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

/// Immutable residual-graph layout of a FlowNetwork: nodes renumbered by
/// locality_order(), CSR entries carrying both unit costs, and each entry's mirror
/// (the same edge seen from the other end), so a search reads one entry array
/// sequentially and one node record per neighbour.
/// @tparam Dist type of costs, potentials and distances (32-bit where path costs fit)
template <class Dist>
class ResidualGraph {
  public:
    /// One direction of an active edge, owned by node u.
    struct Entry {
        graph_index to;   ///< the other end v (internal index)
        graph_index code; ///< 2 · edge + (1 if u is the edge's head)
        Dist cost;        ///< unit cost of new flow u → v
        Dist back;        ///< unit cost of new flow v → u (refunded when cancelling)
    };

    ResidualGraph() = default;

    /// @param reorder renumber nodes for locality (large graphs); identity otherwise
    template <class Cost>
    ResidualGraph(const FlowNetwork<Cost>& net, bool reorder)
    {
        const std::size_t n = net.nnodes();
        if (reorder) {
            external_ = locality_order(net, kCluster);
        } else {
            external_.resize(n);
            for (std::size_t u = 0; u < n; ++u) {
                external_[u] = static_cast<graph_index>(u);
            }
        }
        internal_.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            internal_[static_cast<std::size_t>(external_[i])] =
                    static_cast<graph_index>(i);
        }
        const auto& offsets = net.offsets();
        const auto& adjacency = net.adjacency();
        begin_.resize(n + 1);
        entries_.resize(adjacency.size());
        mirror_.resize(adjacency.size());
        std::uint32_t k = 0;
        for (std::size_t i = 0; i < n; ++i) {
            begin_[i] = k;
            const auto u = static_cast<std::size_t>(external_[i]);
            for (std::size_t a = offsets[u]; a < offsets[u + 1]; ++a) {
                const auto& adj = adjacency[a];
                const auto e = static_cast<std::size_t>(adj.code >> 1);
                const bool head = (adj.code & 1) != 0;
                const Cost forward = head ? net.revcost(e) : net.cost(e);
                const Cost backward = head ? net.cost(e) : net.revcost(e);
                entries_[k++] = {internal_[static_cast<std::size_t>(adj.node)],
                                 adj.code, static_cast<Dist>(forward),
                                 static_cast<Dist>(backward)};
            }
        }
        begin_[n] = k;
        // The mirror of an entry is the entry of the same edge at the other end.
        std::vector<std::uint32_t> first_side(net.nedges());
        for (std::uint32_t q = 0; q < k; ++q) {
            if ((entries_[q].code & 1) == 0) {
                first_side[static_cast<std::size_t>(entries_[q].code >> 1)] = q;
            }
        }
        for (std::uint32_t q = 0; q < k; ++q) {
            if ((entries_[q].code & 1) != 0) {
                const std::uint32_t t =
                        first_side[static_cast<std::size_t>(entries_[q].code >> 1)];
                mirror_[q] = t;
                mirror_[t] = q;
            }
        }
        max_step_ = static_cast<Dist>(net.max_cycle_cost());
        // Typical cost of one step, the first search radius of the solver's rounds.
        long double sum = 0;
        for (std::uint32_t q = 0; q < k; ++q) {
            sum += static_cast<long double>(entries_[q].cost);
        }
        unit_ = k > 0 ? static_cast<Dist>(std::max<long double>(1, sum / k)) : Dist{1};
    }

    [[nodiscard]] std::size_t nnodes() const noexcept { return internal_.size(); }
    [[nodiscard]] std::size_t nentries() const noexcept { return entries_.size(); }
    [[nodiscard]] graph_index internal(std::size_t u) const noexcept
    {
        return internal_[u];
    }
    [[nodiscard]] const std::uint32_t* begin() const noexcept { return begin_.data(); }
    [[nodiscard]] const Entry* entries() const noexcept { return entries_.data(); }
    [[nodiscard]] const std::uint32_t* mirror() const noexcept
    {
        return mirror_.data();
    }
    /// Largest reduced cost of any residual arc under feasible potentials.
    [[nodiscard]] Dist max_step() const noexcept { return max_step_; }
    [[nodiscard]] bool empty() const noexcept { return internal_.empty(); }
    /// Mean unit cost of an entry (at least 1).
    [[nodiscard]] Dist unit() const noexcept { return unit_; }

  private:
    static constexpr std::size_t kCluster = 1024;

    std::vector<graph_index> internal_; // node -> internal index
    std::vector<graph_index> external_; // internal index -> node
    std::vector<std::uint32_t> begin_;
    std::vector<Entry> entries_;
    std::vector<std::uint32_t> mirror_;
    Dist max_step_ = 0;
    Dist unit_ = 1;
};

/// Search record of one node, packed so that a relaxation touches one cache line.
template <class Dist>
struct NodeState {
    Dist distance;       ///< tentative reduced distance in the current search
    Dist potential;      ///< node potential (0 outside the touched set)
    std::uint32_t stamp; ///< 2·search: reached, 2·search + 1: settled
    /// Bits 0–30: entry through which the current search reached the node; bit 31:
    /// the node still has a deficit (checked on every pop, so kept in this line).
    std::uint32_t link;

    static constexpr std::uint32_t kDeficit = 0x80000000U;
    [[nodiscard]] std::uint32_t pred() const noexcept { return link & ~kDeficit; }
    [[nodiscard]] bool deficit() const noexcept { return (link & kDeficit) != 0; }
    void set_pred(std::uint32_t k) noexcept { link = (link & kDeficit) | k; }
};

/// Hint the cache to fetch the line at p (no-op where unsupported).
inline void prefetch(const void* p) noexcept
{
#if defined(__GNUC__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
}

/// Mutable state of the engine for one graph; all flows, excesses and potentials are
/// zero between solves.
template <class Dist, class Flow>
class AugmentingState {
  public:
    AugmentingState() = default;
    explicit AugmentingState(const ResidualGraph<Dist>& g)
        : node_(g.nnodes(), NodeState<Dist>{0, 0, 0, 0}), excess_(g.nnodes(), 0),
          flow_(g.nentries(), 0)
    {
    }

    [[nodiscard]] bool fits(const ResidualGraph<Dist>& g) const noexcept
    {
        return node_.size() == g.nnodes() && flow_.size() == g.nentries();
    }

    /// Send the supplies to the demands at minimum cost, then write the flows to `out`
    /// (nedges, spurt's convention) and reset the state. If an allocation fails on the
    /// way, the whole state is reset (O(n + m)) before the exception goes on.
    template <class Cost, class Out>
    void solve(const ResidualGraph<Dist>& g, const SupplyList<Flow>& sup,
               const Out& out, FlowResult<Cost>& result)
    {
        try {
            solve_touched(g, sup, out, result);
        } catch (...) { // (the touched lists may miss what was being recorded)
            reset();
            throw;
        }
    }

  private:
    static constexpr Dist kMaxBuckets = 4096;
    static constexpr Dist kLimitCap = std::numeric_limits<Dist>::max();

    template <class Cost, class Out>
    void solve_touched(const ResidualGraph<Dist>& g, const SupplyList<Flow>& sup,
                       const Out& out, FlowResult<Cost>& result)
    {
        sources_.clear();
        for (std::size_t q = 0; q < sup.size(); ++q) {
            const auto u = static_cast<std::size_t>(
                    g.internal(static_cast<std::size_t>(sup.node(q))));
            excess_[u] = sup.value(q);
            if (sup.value(q) > 0) {
                sources_.push_back(static_cast<graph_index>(u));
            } else {
                node_[u].link |= NodeState<Dist>::kDeficit;
            }
        }
        // Internal order is spatially coherent: consecutive searches share the cache.
        std::sort(sources_.begin(), sources_.end());
        if (g.max_step() <= kMaxBuckets) {
            buckets_.reset(g.max_step());
            run(g, buckets_, result);
        } else {
            heap_.reset(g.max_step());
            run(g, heap_, result);
        }
        write_flows(g, out);
    }

    // Every node record, excess and flow back to zero, the lists emptied.
    void reset() noexcept
    {
        std::fill(node_.begin(), node_.end(), NodeState<Dist>{0, 0, 0, 0});
        std::fill(excess_.begin(), excess_.end(), Flow{0});
        std::fill(flow_.begin(), flow_.end(), Flow{0});
        sources_.clear();
        settled_.clear();
        touched_nodes_.clear();
        touched_entries_.clear();
        search_ = 0;
    }

    template <class Queue, class Cost>
    void run(const ResidualGraph<Dist>& g, Queue& queue, FlowResult<Cost>& result)
    {
        // Rounds with a growing search radius: sources whose partner is near are
        // served first, so that far ones do not take their partners (any order is
        // exact; this one keeps the searches small).
        Dist limit = g.unit();
        while (!sources_.empty()) {
            const bool last = limit >= kLimitCap || sources_.size() < 2;
            std::size_t kept = 0;
            for (const auto s : sources_) {
                while (excess_[static_cast<std::size_t>(s)] > 0) {
                    if (!augment_from(g, queue, s, last ? kLimitCap : limit, result)) {
                        break;
                    }
                }
                if (excess_[static_cast<std::size_t>(s)] > 0) {
                    sources_[kept++] = s;
                }
            }
            sources_.resize(kept);
            limit = limit > kLimitCap / 2 ? kLimitCap : static_cast<Dist>(2 * limit);
        }
        for (const auto u : touched_nodes_) {
            node_[static_cast<std::size_t>(u)].potential = 0;
        }
        touched_nodes_.clear();
    }

    // One search from s; returns false (changing nothing) if no deficit lies within
    // reduced distance `limit`.
    template <class Queue, class Cost>
    bool augment_from(const ResidualGraph<Dist>& g, Queue& queue, graph_index s,
                      Dist limit, FlowResult<Cost>& result)
    {
        const std::uint32_t* begin = g.begin();
        const auto* entries = g.entries();
        const std::uint32_t* mirror = g.mirror();
        NodeState<Dist>* node = node_.data();
        const Flow* flow = flow_.data();
        if (search_ >= std::numeric_limits<std::uint32_t>::max() / 2 - 1) {
            for (auto& st : node_) {
                st.stamp = 0;
            }
            search_ = 0;
        }
        const std::uint32_t reached = 2 * ++search_;
        const std::uint32_t settled = reached + 1;
        queue.clear();
        settled_.clear();
        node[s].distance = 0;
        node[s].stamp = reached;
        queue.push(0, s);
        graph_index t = -1;
        Dist reach = 0;
        while (!queue.empty()) {
            const auto [du, ui] = queue.pop();
            NodeState<Dist>& su = node[ui];
            if (su.stamp == settled || du != su.distance) {
                continue;
            }
            if (du > limit) {
                break;
            }
            su.stamp = settled;
            settled_.push_back(ui);
            if (su.deficit()) {
                t = ui;
                reach = du;
                break;
            }
            const Dist pu = su.potential + du;
            const std::uint32_t kb = begin[ui];
            const std::uint32_t ke = begin[ui + 1];
            for (std::uint32_t k = kb; k < ke; ++k) { // start the neighbours' misses
                prefetch(node + entries[k].to);
            }
            for (std::uint32_t k = kb; k < ke; ++k) {
                const auto& a = entries[k];
                NodeState<Dist>& sv = node[a.to];
                if (sv.stamp == settled) {
                    continue;
                }
                // Cancelling flow that runs v -> u refunds its cost.
                const Dist c = flow[k] >= 0 ? a.cost : static_cast<Dist>(-a.back);
                const Dist nd = static_cast<Dist>(pu + c - sv.potential);
                EMCF_DEBUG_ASSERT(nd >= du);
                if (sv.stamp != reached || nd < sv.distance) {
                    sv.distance = nd;
                    sv.stamp = reached;
                    sv.set_pred(k);
                    queue.push(nd, a.to);
                }
            }
        }
        result.nodes_scanned += settled_.size();
        if (t < 0) {
            EMCF_ASSERT(limit < kLimitCap); // feasibility was checked per component
            return false;
        }
        ++result.augmentations;

        // Bottleneck: the supply left, the deficit, and flow being cancelled.
        Flow delta = std::min<Flow>(
                excess_[static_cast<std::size_t>(s)],
                static_cast<Flow>(-excess_[static_cast<std::size_t>(t)]));
        for (graph_index v = t; v != s;) {
            const std::uint32_t k = node[v].pred();
            if (flow[k] < 0) {
                delta = std::min<Flow>(delta, static_cast<Flow>(-flow[k]));
            }
            v = entries[mirror[k]].to;
        }
        Cost cost = 0;
        for (graph_index v = t; v != s;) {
            const std::uint32_t k = node[v].pred();
            const auto& a = entries[k];
            cost += flow_[k] >= 0 ? static_cast<Cost>(a.cost)
                                  : static_cast<Cost>(-static_cast<Cost>(a.back));
            if (flow_[k] == 0) {
                touched_entries_.push_back(k);
            }
            flow_[k] = static_cast<Flow>(flow_[k] + delta);
            flow_[mirror[k]] = static_cast<Flow>(flow_[mirror[k]] - delta);
            v = entries[mirror[k]].to;
        }
        result.total_cost += static_cast<Cost>(delta) * cost;
        excess_[static_cast<std::size_t>(s)] -= delta;
        excess_[static_cast<std::size_t>(t)] += delta;
        if (excess_[static_cast<std::size_t>(t)] == 0) {
            node[t].link &= ~NodeState<Dist>::kDeficit;
        }
        // New potentials π + min(d, reach) (shifted by -reach): reduced costs stay >= 0
        // and the path just used is tight.
        for (const auto ui : settled_) {
            NodeState<Dist>& su = node[ui];
            if (su.distance < reach) {
                if (su.potential == 0) {
                    touched_nodes_.push_back(ui);
                }
                su.potential = static_cast<Dist>(su.potential + su.distance - reach);
            }
        }
        return true;
    }

    template <class Out>
    void write_flows(const ResidualGraph<Dist>& g, const Out& out)
    {
        using T = typename Out::value_type;
        const auto* entries = g.entries();
        const std::uint32_t* mirror = g.mirror();
        fill_zero(out);
        // An entry is listed again each time its flow left zero: write all, then clear.
        for (const auto k : touched_entries_) {
            const graph_index code = entries[k].code;
            const Flow f = (code & 1) == 0 ? flow_[k] : static_cast<Flow>(-flow_[k]);
            out[static_cast<std::size_t>(code >> 1)] = static_cast<T>(f);
        }
        for (const auto k : touched_entries_) {
            flow_[k] = 0;
            flow_[mirror[k]] = 0;
        }
        touched_entries_.clear();
    }

    std::vector<NodeState<Dist>> node_;
    std::vector<Flow> excess_;
    std::vector<Flow> flow_; // per entry: net flow from its owner to `to`
    std::vector<graph_index> sources_;
    std::vector<graph_index> settled_;
    std::vector<graph_index> touched_nodes_;
    std::vector<std::uint32_t> touched_entries_;
    BucketQueue<Dist> buckets_;
    HeapQueue<Dist> heap_;
    std::uint32_t search_ = 0;
};

} // namespace detail
EMCF_END_NAMESPACE
