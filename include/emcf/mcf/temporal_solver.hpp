#pragma once
/// @file
/// @brief Exact min-cost flow for many small problems on one fixed network (the
///        temporal step: one problem per spatial link, reference/algorithm.md §4.1):
///        all-pairs shortest paths once, then one assignment per residue vector.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/status.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/planar_graph.hpp>
#include <emcf/mcf/detail/assignment.hpp>
#include <emcf/mcf/detail/shortest_path_table.hpp>
#include <emcf/mcf/detail/solver_base.hpp>
#include <emcf/mcf/detail/supplies.hpp>
#include <emcf/mcf/flow_network.hpp>
#include <emcf/mcf/flow_result.hpp>

EMCF_BEGIN_NAMESPACE

/// Min-cost-flow solver for many supply vectors on one small network (56–600 dual
/// nodes for hop-3 graphs of 30–300 epochs). See docs/theory_mcf.md.
///
/// Construction computes all-pairs shortest paths with their trees (one Dijkstra per
/// node) and, per node, the other nodes by increasing distance. With unbounded
/// capacities and non-negative costs an optimal flow decomposes into unit paths from
/// positive to negative residues along shortest paths, so each solve is an assignment
/// between the k unit sources and the k unit sinks (a node with residue ±r, the ground
/// included, counts r times):
/// * all-zero residues: zero flows, nothing else touched;
/// * k = 1, 2, 3: closed form;
/// * larger k: Jonker–Volgenant [Jonker & Volgenant 1987] — column reduction (each sink
///   takes its nearest source, read off its nearest-node list), augmenting row
///   reduction (the free sources' two cheapest sinks, read off their own lists),
///   shortest augmenting paths for what remains (distance-table rows fetched only
///   then);
/// then the flows are accumulated along the stored trees.
///
/// Deterministic: the trees, the lists and the assignment's tie-breaking depend only on
/// the network and the residues, so equal residue vectors give equal flows whatever the
/// thread, the order of calls or the batch they are in.
///
/// @tparam Cost signed integer cost type (default `std::int64_t`)
/// @tparam Flow signed integer type of supplies and internal flow counts
/// @note Construction: O(n · m log n + n² log n) time; 16 bytes per node pair when path
///       costs fit 32 bits (distance and tree edge, nearest-node list; +8 bytes for
///       asymmetric costs), 8 bytes when distances and edge indices fit 16 bits:
///       0.3–0.6 MB for 196 nodes, 2.8–5.7 MB for 596. A solve with total
///       supply k: O(n) to read the residues, O(m) to write the flows, O(k · w) for the
///       reductions (w: list entries walked, a few), O(k²) per shortest augmenting path
///       (rare), O(k · path length) for the flows; no allocation once the workspace has
///       seen a problem of that size. Const member functions are thread-safe; a
///       Workspace serves one thread at a time.
template <class Cost = std::int64_t, class Flow = std::int64_t>
class TemporalSolver
    : public detail::SolverBase<TemporalSolver<Cost, Flow>, Cost, Flow> {
    using Base = detail::SolverBase<TemporalSolver<Cost, Flow>, Cost, Flow>;
    friend Base;

  public:
    /// Per-thread scratch state of solve(); reusable across solves and problems of any
    /// temporal solver (it grows to the largest problem seen).
    class Workspace : public detail::WorkspaceBase<Flow> {
      public:
        Workspace() = default;
        explicit Workspace(const TemporalSolver& /*solver*/) {}

      private:
        friend class TemporalSolver;
        std::vector<graph_index> sources_;
        std::vector<graph_index> sinks_;
        std::size_t nunits_ = 0;
        std::vector<int> first_row_; // node -> first source unit of the block, or -1
        std::vector<int> first_col_; // node -> first sink unit of the block, or -1
        std::vector<int> ncols_;     // node -> sink units of the block
        detail::DenseAssignment<Cost> assignment_;
        detail::DenseAssignment<std::int32_t> assignment32_;
    };

    /// Build the solver (and its shortest-path tables) for a network.
    /// @note see the class note for cost and memory
    explicit TemporalSolver(FlowNetwork<Cost> network) : Base(std::move(network))
    {
        ends_.resize(2 * net_.nedges());
        for (std::size_t e = 0; e < net_.nedges(); ++e) {
            ends_[2 * e] = net_.tail(e);
            ends_[2 * e + 1] = net_.head(e);
        }
        if (net_.path_cost_bound() <= std::numeric_limits<std::int32_t>::max()) {
            table32_ = detail::ShortestPathTable<std::int32_t>(net_);
            max_distance_ = table32_.max_finite();
            // 16-bit entries when everything fits: half the cache footprint
            // of the pairs tables (a 200-node table fits the L2 cache).
            if (Table16::fits(table32_, net_.nedges())) {
                table16_ = Table16::narrowed(table32_);
                table32_ = {};
            }
        } else {
            table_ = detail::ShortestPathTable<Cost>(net_);
            max_distance_ = static_cast<Cost>(table_.max_finite());
        }
    }

    /// Solver for a dual graph with symmetric costs; see FlowNetwork.
    /// @throws emcf::invalid_argument as FlowNetwork(dual, cost)
    template <class Costs>
    TemporalSolver(const DualGraph& dual, const Costs& cost)
        : TemporalSolver(FlowNetwork<Cost>(dual, cost))
    {
    }

    /// Solver for a dual graph with asymmetric costs; see FlowNetwork.
    /// @throws emcf::invalid_argument as FlowNetwork(dual, cost, revcost)
    template <class Costs, class RevCosts>
    TemporalSolver(const DualGraph& dual, const Costs& cost, const RevCosts& revcost)
        : TemporalSolver(FlowNetwork<Cost>(dual, cost, revcost))
    {
    }

    /// A fresh workspace for this solver.
    [[nodiscard]] Workspace make_workspace() const { return Workspace(*this); }

    /// Cost of a cheapest path from node s to node t (the maximum of Cost when t is not
    /// reachable).
    [[nodiscard]] Cost distance(std::size_t s, std::size_t t) const noexcept
    {
        if (!table16_.empty()) {
            const auto d = table16_.row(s)[t].dist;
            return d == std::numeric_limits<std::int16_t>::max()
                           ? std::numeric_limits<Cost>::max()
                           : static_cast<Cost>(d);
        }
        if (!table32_.empty()) {
            const auto d = table32_.row(s)[t].dist;
            return d == std::numeric_limits<std::int32_t>::max()
                           ? std::numeric_limits<Cost>::max()
                           : static_cast<Cost>(d);
        }
        return table_.row(s)[t].dist;
    }

    // solve(residues, flows, workspace), solve(residues, flows) and
    // solve_batch(residues, flows, threads): see detail::SolverBase.

  private:
    using Base::net_;
    static constexpr std::size_t kBatchChunk = 256;

    [[nodiscard]] bool fits(const Workspace& /*workspace*/) const noexcept
    {
        return true;
    }

    // The checked, feasible, non-zero problem (called by SolverBase::solve).
    template <class Out>
    void run(Workspace& workspace, const detail::SupplyList<Flow>& supplies,
             const Out& out, FlowResult<Cost>& result) const
    {
        expand_units(workspace, supplies);
        detail::fill_zero(out);
        if (!table16_.empty()) {
            solve_units(table16_, workspace, out, result);
        } else if (!table32_.empty()) {
            solve_units(table32_, workspace, out, result);
        } else {
            solve_units(table_, workspace, out, result);
        }
    }

    // Expand the supplies into unit sources and sinks (in node order).
    void expand_units(Workspace& ws, const detail::SupplyList<Flow>& sup) const
    {
        const auto k = static_cast<std::size_t>(sup.total());
        // Grows to the largest k seen, then stays; one slot of slack for the
        // branch-free stores below, which write both lists before advancing one.
        if (ws.sources_.size() < k + 1) {
            ws.sources_.resize(k + 1);
            ws.sinks_.resize(k + 1);
        }
        ws.nunits_ = k;
        graph_index* src = ws.sources_.data();
        graph_index* snk = ws.sinks_.data();
        for (std::size_t q = 0; q < sup.size(); ++q) {
            const Flow b = sup.value(q);
            const graph_index u = sup.node(q);
            if (b == 1 || b == -1) { // branch-free: the sign is a coin flip
                *src = u;
                *snk = u;
                src += b > 0 ? 1 : 0;
                snk += b < 0 ? 1 : 0;
            } else if (b > 0) {
                src = std::fill_n(src, static_cast<std::size_t>(b), u);
            } else {
                snk = std::fill_n(snk, static_cast<std::size_t>(-b), u);
            }
        }
        if (net_.ncomponents() > 1) {
            // Solve component by component: distances across components are infinite.
            auto by_component = [&](graph_index a, graph_index b) {
                return net_.component(static_cast<std::size_t>(a)) <
                       net_.component(static_cast<std::size_t>(b));
            };
            std::stable_sort(ws.sources_.begin(),
                             ws.sources_.begin() + static_cast<std::ptrdiff_t>(k),
                             by_component);
            std::stable_sort(ws.sinks_.begin(),
                             ws.sinks_.begin() + static_cast<std::ptrdiff_t>(k),
                             by_component);
        }
    }

    template <class Table, class Out>
    void solve_units(const Table& table, Workspace& ws, const Out& out,
                     FlowResult<Cost>& result) const
    {
        const std::size_t k = ws.nunits_;
        std::size_t begin = 0;
        while (begin < k) {
            std::size_t end = k;
            if (net_.ncomponents() > 1) {
                const auto c = component_of(ws.sources_[begin]);
                end = begin + 1;
                while (end < k && component_of(ws.sources_[end]) == c) {
                    ++end;
                }
            }
            solve_block(table, ws, begin, end, out, result);
            begin = end;
        }
    }

    [[nodiscard]] graph_index component_of(graph_index u) const noexcept
    {
        return net_.component(static_cast<std::size_t>(u));
    }

    // Assignment between sources_[b, e) and sinks_[b, e), then the flows.
    template <class Table, class Out>
    void solve_block(const Table& table, Workspace& ws, std::size_t b, std::size_t e,
                     const Out& out, FlowResult<Cost>& result) const
    {
        const graph_index* src = ws.sources_.data() + b;
        const graph_index* snk = ws.sinks_.data() + b;
        const std::size_t k = e - b;
        auto dist = [&](graph_index s, graph_index t) {
            return static_cast<Cost>(
                    table.row(static_cast<std::size_t>(s))[static_cast<std::size_t>(t)]
                            .dist);
        };
        auto send = [&](graph_index s, graph_index t) {
            route(table, s, t, out, result);
        };
        if (k == 1) {
            send(src[0], snk[0]);
            return;
        }
        if (k == 2) {
            const Cost straight = dist(src[0], snk[0]) + dist(src[1], snk[1]);
            const Cost crossed = dist(src[0], snk[1]) + dist(src[1], snk[0]);
            const bool cross = crossed < straight;
            send(src[0], snk[cross ? 1 : 0]);
            send(src[1], snk[cross ? 0 : 1]);
            return;
        }
        if (k == 3) { // the six permutations, the first cheapest in lexicographic order
            static constexpr int kPerm[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
                                                {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
            Cost d[3][3];
            for (int i = 0; i < 3; ++i) {
                for (int j = 0; j < 3; ++j) {
                    d[i][j] = dist(src[i], snk[j]);
                }
            }
            int best = 0;
            Cost best_cost = std::numeric_limits<Cost>::max();
            for (int p = 0; p < 6; ++p) {
                const Cost c =
                        d[0][kPerm[p][0]] + d[1][kPerm[p][1]] + d[2][kPerm[p][2]];
                if (c < best_cost) {
                    best_cost = c;
                    best = p;
                }
            }
            for (int i = 0; i < 3; ++i) {
                send(src[i], snk[kPerm[best][i]]);
            }
            return;
        }
        // 32-bit costs and duals when k² times the largest distance fits with room to
        // spare (the duals stay within a few k · max distance): twice the vector
        // width of the O(k²) passes.
        const bool narrow =
                sizeof(typename Table::value_type) <= sizeof(std::int32_t) &&
                static_cast<double>(k) * static_cast<double>(k) *
                                static_cast<double>(max_distance_) <
                        static_cast<double>(1 << 28);
        const std::vector<int>& col =
                narrow ? assign(table, ws.assignment32_, ws, src, snk, k)
                       : assign(table, ws.assignment_, ws, src, snk, k);
        result.augmentations += narrow ? ws.assignment32_.augmentations()
                                       : ws.assignment_.augmentations();
        for (std::size_t i = 0; i < k; ++i) {
            send(src[i], snk[static_cast<std::size_t>(col[i])]);
        }
    }

    // Solve the assignment between the k sources and sinks of a block. The column
    // reduction (each sink's nearest source) walks the sink's list of closest nodes,
    // so only the rows the augmenting phases need are read from the distance table.
    template <class Table, class Assignment>
    const std::vector<int>& assign(const Table& table, Assignment& lap, Workspace& ws,
                                   const graph_index* src, const graph_index* snk,
                                   std::size_t k) const
    {
        using Value = std::remove_pointer_t<decltype(lap.column_min())>;
        lap.reset(k);
        auto& first_row = ws.first_row_;
        if (first_row.size() < net_.nnodes()) {
            first_row.assign(net_.nnodes(), -1);
        }
        for (std::size_t i = k; i-- > 0;) {
            first_row[static_cast<std::size_t>(src[i])] = static_cast<int>(i);
        }
        Value* vmin = lap.column_min();
        int* imin = lap.column_argmin();
        for (std::size_t j = 0; j < k; ++j) {
            const auto t = static_cast<std::size_t>(snk[j]);
            for (const auto* c = table.closest_to(t);; ++c) {
                EMCF_DEBUG_ASSERT(c->node >= 0);
                const int r = first_row[static_cast<std::size_t>(c->node)];
                if (r >= 0) {
                    vmin[j] = static_cast<Value>(c->dist);
                    imin[j] = r;
                    break;
                }
            }
        }
        for (std::size_t i = 0; i < k; ++i) {
            first_row[static_cast<std::size_t>(src[i])] = -1;
        }
        // Columns per sink node (sinks are sorted by node): for the free rows' scans.
        auto& first_col = ws.first_col_;
        if (first_col.size() < net_.nnodes()) {
            first_col.assign(net_.nnodes(), -1);
            ws.ncols_.assign(net_.nnodes(), 0);
        }
        for (std::size_t j = k; j-- > 0;) {
            first_col[static_cast<std::size_t>(snk[j])] = static_cast<int>(j);
            ++ws.ncols_[static_cast<std::size_t>(snk[j])];
        }
        using Scan = typename Assignment::TwoSmallest;
        lap.solve(
                [&](int i, Value* out) {
                    const auto* row = table.row(static_cast<std::size_t>(src[i]));
                    for (std::size_t j = 0; j < k; ++j) {
                        out[j] = static_cast<Value>(row[snk[j]].dist);
                    }
                },
                [&](int i, const Value* v, Value vmax) {
                    // Sinks by increasing distance from the row's source: once that
                    // distance minus the largest dual reaches the second smallest
                    // reduced cost, no later column can change the result.
                    constexpr Value big = std::numeric_limits<Value>::max();
                    Scan m{big, -1, big, -1};
                    for (const auto* c =
                                 table.closest_from(static_cast<std::size_t>(src[i]));
                         c->node >= 0; ++c) {
                        const auto d = static_cast<Value>(c->dist);
                        if (m.j2 >= 0 && d - vmax >= m.u2) {
                            break;
                        }
                        const int j0 = first_col[static_cast<std::size_t>(c->node)];
                        if (j0 < 0) {
                            continue;
                        }
                        const int j1 =
                                j0 + ws.ncols_[static_cast<std::size_t>(c->node)];
                        for (int j = j0; j < j1; ++j) {
                            const Value h = d - v[j];
                            if (h < m.u1) {
                                m.u2 = m.u1;
                                m.j2 = m.j1;
                                m.u1 = h;
                                m.j1 = j;
                            } else if (h < m.u2) {
                                m.u2 = h;
                                m.j2 = j;
                            }
                        }
                    }
                    return m;
                },
                true);
        for (std::size_t j = 0; j < k; ++j) {
            first_col[static_cast<std::size_t>(snk[j])] = -1;
            ws.ncols_[static_cast<std::size_t>(snk[j])] = 0;
        }
        return lap.row_to_col();
    }

    // Add one unit along the stored shortest path s -> t; count its steps and add its
    // cost (read from the entry the walk starts at) to the result.
    template <class Table, class Out>
    void route(const Table& table, graph_index s, graph_index t, const Out& out,
               FlowResult<Cost>& result) const
    {
        using T = typename Out::value_type;
        const auto* row = table.row(static_cast<std::size_t>(s));
        result.total_cost += static_cast<Cost>(row[t].dist);
        std::size_t len = 0;
        graph_index v = t;
        while (v != s) {
            // branch-free: the direction of each step is a coin flip
            const graph_index code = row[v].code;
            EMCF_DEBUG_ASSERT(code != 0);
            const bool backward = code < 0;
            const auto e = static_cast<std::size_t>((backward ? -code : code) - 1);
            out[e] = static_cast<T>(out[e] + (backward ? -1 : 1));
            v = ends_[2 * e + (backward ? 1 : 0)];
            ++len;
        }
        result.nodes_scanned += len;
    }

    std::vector<graph_index> ends_; // tail and head of each edge, interleaved
    using Table16 = detail::ShortestPathTable<std::int16_t, std::int16_t>;
    Table16 table16_;
    detail::ShortestPathTable<std::int32_t> table32_;
    detail::ShortestPathTable<Cost> table_;
    Cost max_distance_ = 0;
};

EMCF_END_NAMESPACE
