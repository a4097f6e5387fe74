#pragma once
/// @file
/// @brief The min-cost-flow network of a dual graph (reference/algorithm.md §2.4):
///        immutable, built once per graph and cost vector, shared by every solve and
///        every thread.
///
/// One undirected edge per primal edge e joins two dual nodes `tail(e)` and `head(e)`.
/// Its integer flow `f_e` is the net number of units sent tail → head; sending one unit
/// tail → head costs `cost(e)`, head → tail costs `revcost(e)`. Capacities are
/// unbounded. The node supplies are the residues (positive = source), so a feasible
/// flow satisfies, for every node u,
///   `Σ_{e: tail(e) = u} f_e − Σ_{e: head(e) = u} f_e = R[u]`.
///
/// Built from a DualGraph, tail and head are chosen so that `f_e` is exactly spurt's
/// flow `d0 · (x_{b→a} − x_{a→b})` for `(a, b) = dual.nodes(e)`, `d0 =
/// dual.dirs(e)[0]`, and `cost[e]` prices `f_e = +1` (adding +2π to edge e low → high),
/// `revcost[e]` prices `f_e = −1`: d0 = +1 gives tail = b, head = a; d0 = −1 gives tail
/// = a, head = b. Edges with d0 = 0 (on no cycle) and self-loops are inactive: they
/// never carry flow.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/planar_graph.hpp>

EMCF_BEGIN_NAMESPACE

/// Uncapacitated min-cost-flow network on the dual nodes, in compressed sparse row
/// (CSR) form with 32-bit node and edge indices.
///
/// @tparam Cost signed integer type of the unit costs and of every cost sum (default
///              `std::int64_t`)
/// @note Memory: 2 · 4 B (tail, head) + 2 · sizeof(Cost) (costs) + 2 · 8 B (two CSR
///       entries) per edge, 8 B (offset) + 4 B (component) per node. Immutable after
///       construction: const use from many threads is safe.
template <class Cost = std::int64_t>
class FlowNetwork {
    static_assert(std::is_integral_v<Cost> && std::is_signed_v<Cost>,
                  "FlowNetwork: Cost must be a signed integer type");

  public:
    using cost_type = Cost;

    /// One CSR entry of node u: the other end of an edge and how u sits on it.
    struct Adjacent {
        graph_index node; ///< the neighbour
        graph_index code; ///< 2 · edge + (1 if u is the edge's head, 0 if its tail)
    };

    FlowNetwork() = default;

    /// Network of a dual graph with symmetric costs (`revcost = cost`).
    /// @param dual the dual graph (node 0 = ground)
    /// @param cost nedges non-negative integer costs, one per primal edge
    /// @throws emcf::invalid_argument if `cost` has the wrong size, a negative value,
    ///         or values so large that a path cost could overflow `Cost`
    /// @note O(V + E) time and memory.
    template <class Costs>
    FlowNetwork(const DualGraph& dual, const Costs& cost)
        : FlowNetwork(dual, cost, cost, "cost")
    {
    }

    /// Network of a dual graph with asymmetric costs.
    /// @param dual    the dual graph (node 0 = ground)
    /// @param cost    nedges costs of adding +2π to each edge (low → high), >= 0
    /// @param revcost nedges costs of adding −2π to each edge, >= 0
    /// @throws emcf::invalid_argument naming `cost` or `revcost` on a wrong size, a
    ///         negative value, or values so large that a path cost could overflow
    /// @note O(V + E) time and memory.
    template <class Costs, class RevCosts>
    FlowNetwork(const DualGraph& dual, const Costs& cost, const RevCosts& revcost)
        : FlowNetwork(dual, cost, revcost, "revcost")
    {
    }

    /// General network: `nnodes` nodes and one undirected edge per entry of `tails`.
    /// @param nnodes  number of nodes
    /// @param tails   nedges node indices in [0, nnodes)
    /// @param heads   nedges node indices in [0, nnodes); tail == head is an inactive
    ///                self-loop
    /// @param cost    nedges costs of one unit tail → head, >= 0
    /// @param revcost nedges costs of one unit head → tail, >= 0
    /// @throws emcf::invalid_argument naming the argument on a wrong size, an index out
    ///         of range, a negative cost or a possible cost overflow
    /// @note O(V + E) time and memory.
    template <class Tails, class Heads, class Costs, class RevCosts>
    [[nodiscard]] static FlowNetwork from_edges(std::size_t nnodes, const Tails& tails,
                                                const Heads& heads, const Costs& cost,
                                                const RevCosts& revcost)
    {
        const auto t = view1d(tails);
        const auto h = view1d(heads);
        detail::require(nnodes >= 1 && nnodes <= kMaxIndex, "nnodes",
                        "must be in [1, 2^31 - 1], got " + std::to_string(nnodes));
        detail::require(t.size() <= kMaxIndex / 2, "tails", "more than 2^30 edges");
        detail::require_size(h.size(), t.size(), "heads");
        FlowNetwork net;
        net.nnodes_ = nnodes;
        net.tail_.resize(t.size());
        net.head_.resize(t.size());
        for (std::size_t e = 0; e < t.size(); ++e) {
            net.tail_[e] = checked_node(t[e], nnodes, "tails", e);
            net.head_[e] = checked_node(h[e], nnodes, "heads", e);
        }
        net.set_costs(cost, revcost, "cost", "revcost");
        net.build_adjacency();
        return net;
    }

    [[nodiscard]] std::size_t nnodes() const noexcept { return nnodes_; }
    [[nodiscard]] std::size_t nedges() const noexcept { return tail_.size(); }
    /// Start node of edge e (positive flow leaves it).
    [[nodiscard]] graph_index tail(std::size_t e) const noexcept { return tail_[e]; }
    /// End node of edge e (positive flow enters it).
    [[nodiscard]] graph_index head(std::size_t e) const noexcept { return head_[e]; }
    /// Whether edge e can carry flow (it joins two different nodes).
    [[nodiscard]] bool is_active(std::size_t e) const noexcept
    {
        return tail_[e] != head_[e];
    }
    /// Unit cost of flow tail → head (f_e > 0).
    [[nodiscard]] Cost cost(std::size_t e) const noexcept { return cost_[e]; }
    /// Unit cost of flow head → tail (f_e < 0).
    [[nodiscard]] Cost revcost(std::size_t e) const noexcept { return revcost_[e]; }

    /// CSR adjacency: the entries of node u are those of adjacency() from
    /// `offsets()[u]` up to (not including) `offsets()[u + 1]`, in increasing edge
    /// order; inactive edges are left out.
    [[nodiscard]] const std::vector<std::size_t>& offsets() const noexcept
    {
        return offsets_;
    }
    [[nodiscard]] const std::vector<Adjacent>& adjacency() const noexcept
    {
        return adjacency_;
    }

    /// Number of connected components (over active edges).
    [[nodiscard]] std::size_t ncomponents() const noexcept { return ncomponents_; }
    /// Component label of node u, in [0, ncomponents()), numbered by smallest node.
    [[nodiscard]] graph_index component(std::size_t u) const noexcept
    {
        return component_[u];
    }

    /// Upper bound on the cost of any simple path: Σ_e max(cost, revcost) over active
    /// edges. Every distance, potential and per-unit path cost is at most this.
    [[nodiscard]] Cost path_cost_bound() const noexcept { return path_bound_; }
    /// Largest `cost(e) + revcost(e)`: bounds every reduced arc cost of a solver that
    /// keeps feasible node potentials.
    [[nodiscard]] Cost max_cycle_cost() const noexcept { return max_pair_; }
    /// Largest total positive supply a solve accepts: k · path_cost_bound() stays
    /// within a quarter of the Cost range, so costs and dual values cannot overflow.
    [[nodiscard]] std::uintmax_t max_total_supply() const noexcept
    {
        return supply_limit_;
    }

  private:
    static constexpr std::size_t kMaxIndex =
            static_cast<std::size_t>(std::numeric_limits<graph_index>::max());

    template <class Costs, class RevCosts>
    FlowNetwork(const DualGraph& dual, const Costs& cost, const RevCosts& revcost,
                const char* revcost_name)
        : nnodes_(dual.nnodes()), tail_(dual.nedges()), head_(dual.nedges())
    {
        detail::require(dual.nnodes() <= kMaxIndex && dual.nedges() <= kMaxIndex / 2,
                        "dual", "graph too large for 32-bit indices");
        for (std::size_t e = 0; e < dual.nedges(); ++e) {
            const auto& ab = dual.nodes(e);
            switch (dual.dirs(e)[0]) {
            case 1:
                tail_[e] = ab[1];
                head_[e] = ab[0];
                break;
            case -1:
                tail_[e] = ab[0];
                head_[e] = ab[1];
                break;
            default: // on no cycle: an inactive self-loop at the ground
                tail_[e] = 0;
                head_[e] = 0;
                break;
            }
        }
        set_costs(cost, revcost, "cost", revcost_name);
        build_adjacency();
    }

    template <class Int>
    static graph_index checked_node(Int v, std::size_t nnodes, const char* argument,
                                    std::size_t e)
    {
        static_assert(std::is_integral_v<Int>, "node indices must be integers");
        bool negative = false;
        if constexpr (std::is_signed_v<Int>) {
            negative = v < 0;
        }
        if (negative || static_cast<std::size_t>(v) >= nnodes) {
            detail::throw_invalid(argument, "edge " + std::to_string(e) + ": node " +
                                                    std::to_string(v) +
                                                    " outside [0, " +
                                                    std::to_string(nnodes) + ")");
        }
        return static_cast<graph_index>(v);
    }

    template <class Int>
    static Cost checked_cost(Int c, const char* argument, std::size_t e)
    {
        static_assert(std::is_integral_v<Int>,
                      "FlowNetwork: costs must be integers (quantise them first)");
        bool negative = false;
        if constexpr (std::is_signed_v<Int>) {
            negative = c < 0;
        }
        if (negative) {
            detail::throw_invalid(argument, "negative cost " + std::to_string(c) +
                                                    " on edge " + std::to_string(e));
        }
        if (static_cast<std::uintmax_t>(c) >
            static_cast<std::uintmax_t>(std::numeric_limits<Cost>::max())) {
            throw overflow_error(argument, "cost " + std::to_string(c) + " on edge " +
                                                   std::to_string(e) +
                                                   " does not fit the Cost type");
        }
        return static_cast<Cost>(c);
    }

    template <class Costs, class RevCosts>
    void set_costs(const Costs& cost, const RevCosts& revcost, const char* cost_name,
                   const char* revcost_name)
    {
        const auto c = view1d(cost);
        const auto rc = view1d(revcost);
        const std::size_t m = tail_.size();
        detail::require_size(c.size(), m, cost_name);
        detail::require_size(rc.size(), m, revcost_name);
        cost_.resize(m);
        revcost_.resize(m);
        // Distances, potentials and reduced costs of the solvers stay within a few
        // path-cost bounds; a quarter of the type's range leaves room for all of them.
        constexpr Cost limit = std::numeric_limits<Cost>::max() / 4;
        Cost bound = 0;
        Cost pair = 0;
        for (std::size_t e = 0; e < m; ++e) {
            cost_[e] = checked_cost(c[e], cost_name, e);
            revcost_[e] = checked_cost(rc[e], revcost_name, e);
            if (!is_active(e)) {
                continue;
            }
            const Cost hi = std::max(cost_[e], revcost_[e]);
            const Cost lo = std::min(cost_[e], revcost_[e]);
            if (hi > limit - bound || lo > limit - hi) {
                throw overflow_error(cost_name,
                                     "costs too large: the sum of edge costs (a bound "
                                     "on any path cost) exceeds a quarter of the Cost "
                                     "range, so path costs could overflow");
            }
            bound = static_cast<Cost>(bound + hi);
            pair = std::max(pair, static_cast<Cost>(hi + lo));
        }
        path_bound_ = bound;
        max_pair_ = pair;
        const auto room = static_cast<std::uintmax_t>(limit);
        supply_limit_ = bound > 0 ? room / static_cast<std::uintmax_t>(bound) : room;
    }

    void build_adjacency()
    {
        const std::size_t m = tail_.size();
        offsets_.assign(nnodes_ + 1, 0);
        for (std::size_t e = 0; e < m; ++e) {
            if (is_active(e)) {
                ++offsets_[static_cast<std::size_t>(tail_[e]) + 1];
                ++offsets_[static_cast<std::size_t>(head_[e]) + 1];
            }
        }
        for (std::size_t u = 0; u < nnodes_; ++u) {
            offsets_[u + 1] += offsets_[u];
        }
        adjacency_.resize(offsets_[nnodes_]);
        std::vector<std::size_t> fill(offsets_.begin(), offsets_.end() - 1);
        for (std::size_t e = 0; e < m; ++e) {
            if (!is_active(e)) {
                continue;
            }
            const auto code = static_cast<graph_index>(2 * e);
            const auto t = static_cast<std::size_t>(tail_[e]);
            const auto h = static_cast<std::size_t>(head_[e]);
            adjacency_[fill[t]++] = {head_[e], code};
            adjacency_[fill[h]++] = {tail_[e], static_cast<graph_index>(code + 1)};
        }
        label_components();
    }

    void label_components()
    {
        component_.assign(nnodes_, -1);
        std::vector<graph_index> stack;
        graph_index label = 0;
        for (std::size_t s = 0; s < nnodes_; ++s) {
            if (component_[s] >= 0) {
                continue;
            }
            component_[s] = label;
            stack.push_back(static_cast<graph_index>(s));
            while (!stack.empty()) {
                const auto u = static_cast<std::size_t>(stack.back());
                stack.pop_back();
                for (std::size_t k = offsets_[u]; k < offsets_[u + 1]; ++k) {
                    const auto v = static_cast<std::size_t>(adjacency_[k].node);
                    if (component_[v] < 0) {
                        component_[v] = label;
                        stack.push_back(static_cast<graph_index>(v));
                    }
                }
            }
            ++label;
        }
        ncomponents_ = static_cast<std::size_t>(label);
    }

    std::size_t nnodes_ = 0;
    std::vector<graph_index> tail_;
    std::vector<graph_index> head_;
    std::vector<Cost> cost_;
    std::vector<Cost> revcost_;
    std::vector<std::size_t> offsets_{0};
    std::vector<Adjacent> adjacency_;
    std::vector<graph_index> component_;
    std::size_t ncomponents_ = 0;
    Cost path_bound_ = 0;
    Cost max_pair_ = 0;
    std::uintmax_t supply_limit_ = 0;
};

EMCF_END_NAMESPACE
