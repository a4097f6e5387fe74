#pragma once
/// @file
/// @brief Exact min-cost flow for many small problems on one fixed network (the
///        temporal step: one problem per spatial link, reference/algorithm.md §4.1):
///        all-pairs shortest paths once, then one assignment per residue vector.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/status.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/planar_graph.hpp>
#include <emcf/mcf/detail/shortest_path_table.hpp>
#include <emcf/mcf/detail/solver_base.hpp>
#include <emcf/mcf/detail/supplies.hpp>
#include <emcf/mcf/flow_network.hpp>
#include <emcf/mcf/flow_result.hpp>
#include <emcf/mcf/sparse_flows.hpp>

EMCF_BEGIN_NAMESPACE

/// How TemporalSolver finishes an assignment its greedy matching left incomplete: one
/// shortest augmenting path per unmatched sink, searched one of two ways.
enum class TemporalSearch {
    /// lazy on networks where a search ends near its sinks (hop-3 graphs of 100
    /// epochs or more, constant costs), dense where the lazy searches read far down
    /// their lists (distance or centroid costs on a two-dimensional network, small
    /// networks); decided at construction by the searches' work on a fixed set of
    /// synthetic problems, so it depends only on the network
    automatic,
    /// Dijkstra reading each reached sink's list of closest nodes lazily, nearest
    /// first
    lazy,
    /// Dijkstra over the k × k distances between the problem's sinks and its distinct
    /// source nodes, read from the table as the search reaches the sinks
    dense,
};

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
/// * larger k: each sink takes its nearest source (the column reduction of the
///   assignment, with duals v(j) = that distance), read off a small block of its
///   nearest nodes without a branch per entry; among equally near sources the first
///   with a unit left. If every sink is matched the assignment is optimal (every pair
///   is tight for the duals); else the Hungarian method [Kuhn 1955] finishes it, one
///   shortest augmenting path per unmatched sink, with each sink's edges read lazily
///   from its list of closest nodes in order of distance (no k × k matrix: a search
///   reads a few near sources, not all of them); or, on networks where those searches
///   would read far down the lists (distance or centroid costs on a two-dimensional
///   network), by a Dijkstra over the k × k distances of the problem's source nodes
///   (see TemporalSearch);
/// then the flows are accumulated along the stored trees (a one-step path from the
/// sink's near block alone).
///
/// solve_sparse() takes the non-zero residues as a list and returns the non-zero flows
/// as one: nothing proportional to the network's size is read or written, the form for
/// streams of small problems.
///
/// Deterministic: the trees, the lists and the assignment's tie-breaking depend only on
/// the network and the residues, so equal residue vectors give equal flows whatever the
/// thread, the order of calls, the batch they are in or the entry point (dense or
/// listed residues, in any order).
///
/// @tparam Cost signed integer cost type (default `std::int64_t`)
/// @tparam Flow signed integer type of supplies and internal flow counts
/// @note Construction: O(n · m log n + n² log n) time; 16 bytes per node pair when path
///       costs fit 32 bits (distance and tree edge, nearest-node list), 8 bytes when
///       distances and edge indices fit 16 bits: 0.3–0.6 MB for 196 nodes, 2.8–5.7 MB
///       for 596; plus a near block of 8 entries per node (56–104 bytes). A solve with
///       total supply k: O(n) to read dense residues and O(m) to write dense flows
///       (solve_sparse: O(listed residues) and O(path steps)), O(k · w) for the
///       nearest sources (w: entries walked, usually within the near block), per
///       unmatched sink O(r log r) for its augmenting path (r: list entries and
///       sinks the search reaches before a free source: a few with residues mostly
///       paired with neighbours; at most k · n; dense searches: O(k) per sink reached
///       and per source node settled, O(k²) a search), O(k · path length) for the
///       flows; the workspace holds O(n + m + k) (solve_sparse's flow list: k times
///       the longest stored path, in the caller's SparseFlows), and allocates nothing
///       once it has seen a problem of that size. Const member functions are
///       thread-safe; a Workspace serves one thread at a time.
template <class Cost = std::int64_t, class Flow = std::int64_t>
class TemporalSolver
    : public detail::SolverBase<TemporalSolver<Cost, Flow>, Cost, Flow> {
    using Base = detail::SolverBase<TemporalSolver<Cost, Flow>, Cost, Flow>;
    friend Base;
    // duals of the assignment: a few times k times the largest distance
    using Dual = std::common_type_t<Cost, std::int64_t>;

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
        struct SourceUnits { // valid while mark_ holds the problem's stamp
            int first;      // first source unit of the node
            int count;      // its source units
            int taken;      // of those, matched to a sink (the first ones)
        };
        std::vector<SourceUnits> units_;  // per node (+ 2, as mark_)
        std::vector<std::uint8_t> mark_;  // per node (+ 1 never marked, + 1 where the
                                          // one-pass reading stores what is not a
                                          // source): the stamp of the problem it is
                                          // a source in, + 1 once its units are all
                                          // taken (a byte: 8 read in one word)
        unsigned stamp_ = 0;              // the current problem (even, 2 to 254; all
                                          // marks cleared when it wraps)
        unsigned search_ = 0;             // the current augmenting path search
        std::vector<int> pick_;           // sink unit -> its source unit
        std::vector<Cost> near_;          // sink unit -> distance to its nearest source
        std::vector<int> tie_;            // sink unit -> its first nearest source's
                                          // position in its list of closest nodes
        std::vector<int> code_;           // sink unit -> last step of its path, or 0
        std::vector<std::uint8_t> in_block_; // sink unit -> the sources in its near
                                             // block (bit w: entry w)
        std::vector<int> owner_;          // source unit -> matched sink unit
        std::vector<int> unmatched_;      // sink units left to the assignment
        // shortest_paths(): duals, labels and queue of the augmenting paths
        std::vector<Dual> sink_dual_;     // per sink unit
        std::vector<Dual> sink_label_;    // per sink unit
        std::vector<int> cursor_;         // per sink unit: next entry of its list
        std::vector<Dual> source_dual_;   // per node (sources of the problem)
        std::vector<Dual> source_label_;  // per node, valid when reached_ is search_;
                                          // lowest once settled
        std::vector<int> pred_;           // per node: the sink that labelled it
        std::vector<unsigned> reached_;   // per node: the search that labelled it
        std::vector<int> scanned_;        // sinks of the search
        std::vector<std::pair<graph_index, Dual>> settled_; // sources of the search,
                                                            // with their labels
        std::vector<std::pair<Dual, int>> queue_; // items after the current label
        std::vector<int> now_;                     // items at the current label
        // dense_paths(): per column (distinct source node of the block)
        std::vector<graph_index> column_node_;
        std::vector<Dual> column_label_;
        std::vector<Dual> column_dual_;
        std::vector<std::uint8_t> column_open_; // not settled in this search
        std::vector<int> column_pred_; // the sink that labelled it
        std::vector<int> unit_column_; // source unit -> its column
        std::vector<std::uint8_t> edge_mark_; // per edge: stamp of the last problem
                                              // whose flow list had it
        std::vector<Flow> acc_; // per edge: sums of merge_repeated(), zero between
                                // solves
        std::size_t dense_work_ = 0; // shortest_paths<true>(): the dense searches' cost
    };

    /// Build the solver (and its shortest-path tables) for a network.
    /// @param network the dual graph with its arc costs (see FlowNetwork)
    /// @param search how the assignments' augmenting paths are searched (the default
    ///        decides from the network; the flows' costs are optimal either way)
    /// @throws emcf::invalid_argument ('search') if it is none of TemporalSearch's
    ///         values
    /// @note see the class note for cost and memory; `automatic` adds 64 synthetic
    ///       solves of k ≤ 64 units
    explicit TemporalSolver(FlowNetwork<Cost> network,
                            TemporalSearch search = TemporalSearch::automatic)
        : Base(std::move(network))
    {
        if (search != TemporalSearch::automatic && search != TemporalSearch::lazy &&
            search != TemporalSearch::dense) {
            throw invalid_argument("search",
                                   "not a TemporalSearch value (" +
                                           std::to_string(static_cast<int>(search)) +
                                           ")");
        }
        ends_.resize(2 * net_.nedges());
        for (std::size_t e = 0; e < net_.nedges(); ++e) {
            ends_[2 * e] = net_.tail(e);
            ends_[2 * e + 1] = net_.head(e);
        }
        if (net_.path_cost_bound() <= std::numeric_limits<std::int32_t>::max()) {
            table32_ = detail::ShortestPathTable<std::int32_t>(net_);
            // 16-bit entries when everything fits: half the cache footprint
            // of the pairs tables (a 200-node table fits the L2 cache).
            if (Table16::fits(table32_, net_.nedges())) {
                table16_ = Table16::narrowed(table32_);
                table32_ = {};
            }
        } else {
            table_ = detail::ShortestPathTable<Cost>(net_);
        }
        const auto prefer_dense = [&](const auto& table) {
            return dense_searches_cheaper(table);
        };
        dense_ = search == TemporalSearch::dense ||
                 (search == TemporalSearch::automatic && with_table(prefer_dense));
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

    /// How the augmenting paths are searched (`lazy` or `dense`; `automatic` resolved).
    [[nodiscard]] TemporalSearch search() const noexcept
    {
        return dense_ ? TemporalSearch::dense : TemporalSearch::lazy;
    }

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

    /// Solve one problem given by its non-zero residues, with the flows returned as a
    /// list: the form for streams of small problems with a few residues each, as
    /// nothing proportional to the network's size is read or written.
    /// @param nodes     dual node of each listed residue (1-D integers in [0, nnodes),
    ///                  any order, each node at most once)
    /// @param residues  residue at each of those nodes (1-D signed integers, the same
    ///                  length; zeros allowed); unlisted nodes have none, and all must
    ///                  sum to zero (the ground, node 0, included)
    /// @param flows     output: the non-zero flows, cleared first; filled only when
    ///                  the status is `optimal` (unspecified after an exception)
    /// @param workspace scratch state, one per thread
    /// @return as solve(residues, flows, workspace)
    /// @throws emcf::invalid_argument ('nodes') on a length mismatch, a node out of
    ///         range or listed twice, ('residues') if unbalanced; emcf::overflow_error
    ///         as solve()
    /// @note The same problem gives the same flows as solve(), whichever the order of
    ///       the list. O(k) to read the list plus the solve itself (class note).
    template <class Nodes, class Residues, class F>
    FlowResult<Cost> solve_sparse(const Nodes& nodes, const Residues& residues,
                                  SparseFlows<F>& flows, Workspace& workspace) const
    {
        const auto nv = view1d(nodes);
        const auto rv = view1d(residues);
        detail::require_signed_integer_view<typename decltype(rv)::value_type>();
        detail::require_signed_integer_view<F>();
        flows.clear();
        FlowResult<Cost> result;
        const Listed listed = expand_listed(workspace, nv, rv);
        if (listed == Listed::none) {
            return result;
        }
        if (listed == Listed::units) {
            result.total_supply = static_cast<std::int64_t>(workspace.nunits_);
            detail::check_flow_ranges<F>(static_cast<Flow>(workspace.nunits_),
                                         net_.max_total_supply());
        } else { // the general reading: sorted, multi-unit residues, components
            auto& sup = Base::supplies(workspace);
            if (!sup.collect_sparse(nv, rv, net_.nnodes()) ||
                !Base::template admit<F>(workspace, result)) {
                return result;
            }
            check_unit_count(static_cast<std::uintmax_t>(sup.total()));
            expand_units(workspace, sup);
        }
        // Each unit step is written straight into the list; an edge stepped on twice
        // (rare: optimal paths seldom share an edge) has its entries merged after.
        const std::size_t steps = workspace.nunits_ * max_steps();
        if (workspace.edge_mark_.size() < net_.nedges()) {
            workspace.edge_mark_.assign(net_.nedges(), std::uint8_t{0});
        }
        // (no handler here: one costs ~7 % of these solves in code generation; a
        // throw leaves the workspace valid, as nothing above needs undoing)
        flows.edges.resize(steps);
        flows.values.resize(steps);
        ListSink<F> sink{flows.edges.data(), flows.values.data()};
        solve_expanded(workspace, sink, result);
        // Two unit paths share an edge only if a node has two units or more, or if
        // one of the paths has two steps or more: a one-step path joins a source and
        // a sink, and no node is both.
        const bool may_repeat =
                listed != Listed::units || sink.used != workspace.nunits_;
        if (may_repeat && repeats_an_edge(workspace, flows.edges.data(), sink.used)) {
            merge_repeated(workspace, flows, sink.used);
        } else {
            flows.edges.resize(sink.used);
            flows.values.resize(sink.used);
        }
        return result;
    }

  private:
    using Base::net_;
    static constexpr std::size_t kBatchChunk = 256;
    // TemporalSearch::automatic weighs a lazy search's queue item as this many list
    // entries (its heap push and pop, the branches of both): fitted to measured times
    // of both searches on hop-3 and Delaunay (time, B⊥) networks of 30–300 epochs with
    // constant, distance, centroid and random costs (docs/performance.md, stop 19)
    static constexpr std::size_t kItemReads = 8;

    [[nodiscard]] bool fits(const Workspace& /*workspace*/) const noexcept
    {
        return true;
    }

    // Where route() puts its unit flows: the caller's dense flows...
    template <class Out>
    struct DenseSink {
        const Out& out;
        void operator()(std::size_t e, int delta) const
        {
            out[e] = static_cast<typename Out::value_type>(out[e] + delta);
        }
    };

    // ... or the caller's flow list, one entry per unit step (sized by the caller for
    // the problem: its units times the longest path).
    template <class F>
    struct ListSink {
        graph_index* edges;
        F* values;
        std::size_t used = 0;

        void operator()(std::size_t e, int delta)
        {
            edges[used] = static_cast<graph_index>(e);
            values[used] = static_cast<F>(delta);
            ++used;
        }
    };

    // Whether an edge appears twice among the first `used` of a flow list. An edge's
    // mark holds the stamp of the problem that last listed it (a stale mark would
    // only cost a merge). A pass of its own: marking the edges as the paths are
    // walked costs more, as each step's mark load then waits on the previous store.
    static bool repeats_an_edge(Workspace& ws, const graph_index* edges,
                                std::size_t used) noexcept
    {
        const auto stamp = static_cast<std::uint8_t>(ws.stamp_);
        std::uint8_t* mark = ws.edge_mark_.data();
        bool repeated = false;
        for (std::size_t q = 0; q < used; ++q) {
            const auto e = static_cast<std::size_t>(edges[q]);
            repeated |= mark[e] == stamp;
            mark[e] = stamp;
        }
        return repeated;
    }

    // The list's first `used` entries merged into one per edge, where it first
    // appears, with those whose sum is zero dropped (the accumulator back to zero).
    template <class F>
    void merge_repeated(Workspace& ws, SparseFlows<F>& flows, std::size_t used) const
    {
        auto& acc = ws.acc_;
        if (acc.size() < net_.nedges()) {
            acc.resize(net_.nedges(), Flow{0});
        }
        graph_index* edges = flows.edges.data();
        F* values = flows.values.data();
        for (std::size_t q = 0; q < used; ++q) {
            acc[static_cast<std::size_t>(edges[q])] += values[q];
        }
        std::size_t count = 0;
        for (std::size_t q = 0; q < used; ++q) { // the first visit takes the sum
            const graph_index e = edges[q];
            Flow& f = acc[static_cast<std::size_t>(e)];
            edges[count] = e;
            values[count] = static_cast<F>(f);
            count += f != 0 ? 1 : 0;
            f = 0;
        }
        flows.edges.resize(count);
        flows.values.resize(count);
    }

    // The checked, feasible, non-zero problem (called by SolverBase::solve).
    template <class Out>
    void run(Workspace& workspace, const detail::SupplyList<Flow>& supplies,
             const Out& out, FlowResult<Cost>& result) const
    {
        detail::fill_zero(out);
        DenseSink<Out> sink{out};
        solve_all(workspace, supplies, sink, result);
    }

    // Solve a checked, feasible, non-zero problem; `add(e, ±1)` receives the flows.
    template <class Add>
    void solve_all(Workspace& workspace, const detail::SupplyList<Flow>& supplies,
                   Add& add, FlowResult<Cost>& result) const
    {
        check_unit_count(static_cast<std::uintmax_t>(supplies.total()));
        expand_units(workspace, supplies);
        solve_expanded(workspace, add, result);
    }

    // Units are numbered with int.
    static void check_unit_count(std::uintmax_t total)
    {
        if (total > static_cast<std::uintmax_t>(std::numeric_limits<int>::max())) {
            throw_unit_count(total);
        }
    }

    [[noreturn]] static void throw_unit_count(std::uintmax_t total)
    {
        throw overflow_error("residues", "total supply " + std::to_string(total) +
                                                 " exceeds the temporal solver's unit "
                                                 "count");
    }

    // Solve the problem expand_units() or expand_listed() left in the workspace.
    template <class Add>
    void solve_expanded(Workspace& workspace, Add& add, FlowResult<Cost>& result) const
    {
        if (!table16_.empty()) {
            solve_units(table16_, workspace, add, result);
        } else if (!table32_.empty()) {
            solve_units(table32_, workspace, add, result);
        } else {
            solve_units(table_, workspace, add, result);
        }
    }

    // f(the table in use): the narrowest that holds the network's paths.
    template <class F>
    decltype(auto) with_table(F&& f) const
    {
        if (!table16_.empty()) {
            return f(table16_);
        }
        if (!table32_.empty()) {
            return f(table32_);
        }
        return f(table_);
    }

    enum class Listed { none, units, general };

    // The listed residues read straight into unit sources and sinks, checked on the
    // way (collect_sparse() and expand_units() in one pass), for the usual list: nodes
    // increasing, residues -1, 0 or 1, summing to zero, on a connected network.
    // Returns `none` when every residue is zero, `general` when the list is anything
    // else: the general reading then sorts it, reports its errors or expands its
    // multi-unit residues (with the same units: the outcome is the same).
    template <class NodeView, class ValueView>
    Listed expand_listed(Workspace& ws, const NodeView& nodes,
                         const ValueView& values) const
    {
        detail::require_size(nodes.size(), values.size(), "nodes");
        const std::size_t len = nodes.size();
        const std::size_t n = net_.nnodes();
        if (net_.ncomponents() > 1) {
            return Listed::general;
        }
        const unsigned stamp = begin_problem(ws, len);
        std::uint8_t* mark = ws.mark_.data();
        auto* units = ws.units_.data();
        const auto* node_in = nodes.data();
        const auto* value_in = values.data();
        const std::ptrdiff_t node_stride = nodes.stride();
        const std::ptrdiff_t value_stride = values.stride();
        graph_index* const src = ws.sources_.data();
        graph_index* const snk = ws.sinks_.data();
        const std::size_t scratch = n + 1; // where the others' stores go
        std::size_t ns = 0;
        std::size_t nt = 0;
        bool usual = true; // in range, increasing, -1 <= residue <= 1
        std::intmax_t previous = -1;
        // branch-free (the sign is a coin flip): a source's mark and units, the
        // others' to a scratch slot (a sink's mark is never read: older stamps differ
        // from this one and its + 1 in two bits or more)
        for (std::size_t q = 0; q < len; ++q) {
            const auto u = node_in[static_cast<std::ptrdiff_t>(q) * node_stride];
            const auto x = value_in[static_cast<std::ptrdiff_t>(q) * value_stride];
            const bool ok = detail::index_in_range(u, n);
            const auto v = static_cast<std::intmax_t>(ok ? u : 0);
            usual = usual & ok & (v > previous) & (x >= -1) & (x <= 1);
            previous = v;
            const std::size_t slot = x > 0 ? static_cast<std::size_t>(v) : scratch;
            mark[slot] = static_cast<std::uint8_t>(stamp);
            units[slot] = {static_cast<int>(ns), 1, 0};
            src[ns] = static_cast<graph_index>(v);
            snk[nt] = static_cast<graph_index>(v);
            ns += x > 0 ? 1 : 0;
            nt += x < 0 ? 1 : 0;
        }
        if (!usual || ns != nt) { // (errors: named by the general path)
            return Listed::general;
        }
        check_unit_count(ns);
        ws.nunits_ = ns;
        return ns == 0 ? Listed::none : Listed::units;
    }

    // A new stamp for a problem of at most k units, with room for them (the lists grow
    // to the largest k seen, then stay; one slot of slack for the branch-free stores of
    // the expansions, which write both lists before advancing one).
    unsigned begin_problem(Workspace& ws, std::size_t k) const
    {
        grow(k + 1, ws.sources_, ws.sinks_);
        const std::size_t n = net_.nnodes();
        if (ws.mark_.size() < n + 2) { // (mark_ last, as in grow())
            ws.units_.assign(n + 2, {0, 0, 0});
            ws.mark_.assign(n + 2, std::uint8_t{0});
        }
        ws.stamp_ += 2;
        if (ws.stamp_ > 254U) { // wrapped: forget every stamp
            std::fill(ws.mark_.begin(), ws.mark_.end(), std::uint8_t{0});
            std::fill(ws.edge_mark_.begin(), ws.edge_mark_.end(), std::uint8_t{0});
            ws.stamp_ = 2;
        }
        return ws.stamp_;
    }

    // Every vector at least n long. The first is the one whose size is tested, so it
    // grows last: if an allocation fails, the next problem grows them all again.
    template <class Tested, class... Others>
    static void grow(std::size_t n, Tested& tested, Others&... others)
    {
        if (tested.size() < n) {
            (others.resize(n), ...);
            tested.resize(n);
        }
    }

    // Whether a node's mark says it is a source of the problem with this stamp.
    static bool is_source(unsigned mark, unsigned stamp) noexcept
    {
        return (mark ^ stamp) <= 1U;
    }

    // Expand the supplies into unit sources and sinks (in node order), and stamp the
    // source nodes with their units for nearest_sources().
    void expand_units(Workspace& ws, const detail::SupplyList<Flow>& sup) const
    {
        const auto k = static_cast<std::size_t>(sup.total());
        const unsigned stamp = begin_problem(ws, k);
        std::uint8_t* mark = ws.mark_.data();
        auto* units = ws.units_.data();
        ws.nunits_ = k;
        graph_index* const src0 = ws.sources_.data();
        graph_index* src = src0;
        graph_index* snk = ws.sinks_.data();
        for (std::size_t q = 0; q < sup.size(); ++q) {
            const Flow b = sup.value(q);
            const graph_index u = sup.node(q);
            const auto ui = static_cast<std::size_t>(u);
            // branch-free (the sign is a coin flip), by masks: compilers turn the
            // conditional expressions here into jumps
            const unsigned source = 0U - static_cast<unsigned>(b > 0);
            mark[ui] = static_cast<std::uint8_t>(stamp & source);
            units[ui].first = static_cast<int>(src - src0);
            units[ui].count = static_cast<int>(b) & static_cast<int>(source);
            units[ui].taken = 0;
            if (b == 1 || b == -1) {
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
            std::stable_sort(src0, src0 + k, by_component);
            std::stable_sort(ws.sinks_.begin(),
                             ws.sinks_.begin() + static_cast<std::ptrdiff_t>(k),
                             by_component);
            for (std::size_t i = k; i-- > 0;) {
                units[static_cast<std::size_t>(src0[i])].first = static_cast<int>(i);
            }
        }
    }

    template <class Table, class Add>
    void solve_units(const Table& table, Workspace& ws, Add& add,
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
            solve_block(table, ws, begin, end, add, result);
            begin = end;
        }
    }

    [[nodiscard]] graph_index component_of(graph_index u) const noexcept
    {
        return net_.component(static_cast<std::size_t>(u));
    }

    // Assignment between sources_[b, e) and sinks_[b, e), then the flows.
    template <class Table, class Add>
    void solve_block(const Table& table, Workspace& ws, std::size_t b, std::size_t e,
                     Add& add, FlowResult<Cost>& result) const
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
            route(table, s, t, add, result);
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
        const std::size_t unmatched = nearest_sources(table, ws, b, k);
        // (every sink got a nearest source of its own: with the duals v(j) = that
        // distance and u(i) = 0 the pairs are tight, so the assignment is optimal)
        if (unmatched != 0) {
            if (dense_) {
                dense_paths(table, ws, b, k, unmatched);
            } else {
                shortest_paths(table, ws, b, k, unmatched);
            }
            result.augmentations += unmatched;
        }
        for (std::size_t j = 0; j < k; ++j) {
            route_near(table, src[ws.pick_[j]], snk[j], ws.near_[j], ws.code_[j], add,
                       result);
        }
    }

    // The column reduction of the assignment, v(j) = distance from sink j to its
    // nearest source (near_), and a greedy matching of sinks to sources at exactly
    // that distance (pick_): each sink to the first equally near source with a unit
    // left, most found in the sink's near block without a branch per entry. Returns
    // the number of sinks left unmatched, listed in unmatched_.
    template <class Table>
    std::size_t nearest_sources(const Table& table, Workspace& ws, std::size_t b,
                                std::size_t k) const
    {
        grow(k, ws.pick_, ws.near_, ws.tie_, ws.code_, ws.in_block_, ws.owner_,
             ws.unmatched_);
        const graph_index* snk = ws.sinks_.data() + b;
        const unsigned stamp = ws.stamp_;
        const std::uint8_t* mark = ws.mark_.data();
        // Two passes: the sources in each sink's near block (kept for the searches
        // too), then the units taken in sink order. (In one pass, a unit taken for a
        // sink changes a mark that the next sink's block often holds, as neighbouring
        // sinks share sources, and the loads the processor ran ahead of that store
        // are replayed: ~2 % of a solve.)
        std::uint8_t* in_block = ws.in_block_.data();
        for (std::size_t j = 0; j < k; ++j) {
            const auto& block = table.near_to(static_cast<std::size_t>(snk[j]));
            in_block[j] = static_cast<std::uint8_t>(block_sources(block, mark, stamp));
        }
        std::size_t nunmatched = 0;
        for (std::size_t j = 0; j < k; ++j) {
            const auto t = static_cast<std::size_t>(snk[j]);
            const auto& block = table.near_to(t);
            const auto sources = static_cast<unsigned>(in_block[j]);
            if (sources != 0) { // the usual case
                const std::size_t pos = detail::lowest_bit(sources);
                ws.tie_[j] = static_cast<int>(pos);
                ws.near_[j] = static_cast<Cost>(block.dist[pos]);
                // the block's sources at that distance (none are before pos), in
                // order, until one has a unit left
                const unsigned run = sources & ((1U << block.run_end[pos]) - 1U);
                if (take_from_block(ws, block, run, b, static_cast<int>(j))) {
                    continue;
                }
                if (block.run_end[pos] == Table::kNear &&
                    take_free_unit(table, ws, b, static_cast<int>(j))) {
                    continue;
                }
            } else { // beyond the block (rare)
                const auto* list = table.closest_to(t);
                std::size_t pos = Table::kNear;
                for (;
                     !is_source(mark[static_cast<std::size_t>(list[pos].node)], stamp);
                     ++pos) {
                    EMCF_DEBUG_ASSERT(list[pos].node >= 0);
                }
                ws.tie_[j] = static_cast<int>(pos);
                ws.near_[j] = static_cast<Cost>(list[pos].dist);
                if (take_free_unit(table, ws, b, static_cast<int>(j))) {
                    continue;
                }
            }
            ws.code_[j] = 0;
            ws.unmatched_[nunmatched++] = static_cast<int>(j);
        }
        return nunmatched;
    }

    // Shortest augmenting paths (the Hungarian method as successive shortest paths)
    // for the sinks nearest_sources() left unmatched, from its matching and duals (v =
    // nearest distance, u = 0: every matched pair tight). A sink's edges are its list
    // of closest nodes, read lazily: its near block at once (the sources in it by one
    // mask), then runs of equal distance c, queued at the bound d + c - v of the labels
    // they give (d: the sink's label; source duals only decrease from 0), so a run is
    // read only once its bound is the smallest in the search and nothing of size k² is
    // built. Items at the current label wait on a stack, only later ones in a heap:
    // with unit costs most of a search is at one label.
    // Count (for the automatic choice): returns its estimate of the lazy searches'
    // cost, the entries read past the near blocks plus kItemReads per queue item, and
    // adds the dense searches' (k per sink and per source reached) to ws.dense_work_.
    template <bool Count = false, class Table>
    std::size_t shortest_paths(const Table& table, Workspace& ws, std::size_t b,
                               std::size_t k, std::size_t nunmatched) const
    {
        std::size_t work = 0;
        const std::size_t n = net_.nnodes();
        grow(k, ws.sink_dual_, ws.sink_label_, ws.cursor_);
        if (ws.source_dual_.size() < n) { // (source_dual_ last, as in grow())
            ws.source_label_.resize(n);
            ws.pred_.resize(n);
            ws.reached_.assign(n, 0U);
            ws.source_dual_.resize(n);
        }
        const graph_index* src = ws.sources_.data() + b;
        const graph_index* snk = ws.sinks_.data() + b;
        Dual* sink_dual = ws.sink_dual_.data();
        Dual* sink_label = ws.sink_label_.data();
        Dual* source_dual = ws.source_dual_.data();
        Dual* source_label = ws.source_label_.data();
        unsigned* reached = ws.reached_.data();
        for (std::size_t j = 0; j < k; ++j) {
            sink_dual[j] = static_cast<Dual>(ws.near_[j]);
            source_dual[static_cast<std::size_t>(src[j])] = 0;
        }
        const unsigned stamp = ws.stamp_;
        const std::uint8_t* mark = ws.mark_.data();
        grow(k + 1, ws.scanned_, ws.settled_); // (a search reaches each node once)
        int* scanned = ws.scanned_.data();
        auto* settled_list = ws.settled_.data();
        std::size_t nscanned = 0;
        std::size_t nsettled = 0;
        // the stack and the heap grow by hand: the searches are too small for calls
        auto& heap = ws.queue_;
        auto& now = ws.now_;
        std::size_t nheap = 0;
        std::size_t nnow = 0;
        auto stack = [&](int item) {
            if (nnow == now.size()) {
                now.resize(2 * nnow + 16);
            }
            now[nnow++] = item;
        };
        constexpr auto later = std::greater<>();
        Dual level = 0; // label of the items on the stack
        // Items: a source node s as -(s + 1), sink j's next run as j.
        auto push = [&](Dual key, int item) {
            if (key <= level) {
                stack(item);
            } else {
                if (nheap == heap.size()) {
                    heap.resize(2 * nheap + 16);
                }
                heap[nheap++] = {key, item};
                std::push_heap(heap.begin(),
                               heap.begin() + static_cast<std::ptrdiff_t>(nheap),
                               later);
            }
        };
        for (std::size_t q = 0; q < nunmatched; ++q) {
            const int j0 = ws.unmatched_[q];
            if (++ws.search_ == 0) { // wrapped: forget every search
                std::fill(ws.reached_.begin(), ws.reached_.end(), 0U);
                ws.search_ = 1;
            }
            const unsigned search = ws.search_;
            nheap = 0;
            nnow = 0;
            nscanned = 0;
            nsettled = 0;
            level = 0;
            sink_label[j0] = 0;
            ws.cursor_[static_cast<std::size_t>(j0)] = 0;
            scanned[nscanned++] = j0;
            stack(j0);
            graph_index free_source = -1;
            for (;;) {
                int item = 0;
                if (nnow != 0) {
                    item = now[--nnow];
                } else if (nheap != 0) {
                    std::pop_heap(heap.begin(),
                                  heap.begin() + static_cast<std::ptrdiff_t>(nheap),
                                  later);
                    --nheap;
                    level = heap[nheap].first;
                    item = heap[nheap].second;
                } else { // (a block is one balanced component: not reached)
                    throw std::logic_error("emcf::TemporalSolver: no free source left");
                }
                if constexpr (Count) {
                    work += kItemReads;
                }
                if (item < 0) { // a source node, settled at its first pop
                    const auto s = static_cast<std::size_t>(-item - 1);
                    // (queued only once reached in this search: the lowest label
                    // marks it settled, a stale entry)
                    constexpr Dual kSettled = std::numeric_limits<Dual>::lowest();
                    if (source_label[s] == kSettled) {
                        continue;
                    }
                    settled_list[nsettled++] = {static_cast<graph_index>(s), level};
                    // (no later label is lower: reach() leaves it, and its pred, alone)
                    source_label[s] = kSettled;
                    auto& units = ws.units_[s];
                    if (units.taken < units.count) {
                        free_source = static_cast<graph_index>(s);
                        break;
                    }
                    const int first = units.first - static_cast<int>(b);
                    for (int r = first; r < first + units.count; ++r) { // matched: tight
                        const int j = ws.owner_[static_cast<std::size_t>(r)];
                        sink_label[j] = level;
                        ws.cursor_[static_cast<std::size_t>(j)] = 0;
                        scanned[nscanned++] = j;
                        stack(j);
                    }
                    continue;
                }
                // sink j's runs, while their bound is the current label
                const auto j = static_cast<std::size_t>(item);
                const auto t = static_cast<std::size_t>(snk[j]);
                const auto* list = table.closest_to(t);
                int pos = ws.cursor_[j];
                const Dual offset = sink_label[j] - sink_dual[j];
                auto reach = [&](std::size_t s, Dual label) {
                    if (reached[s] != search || label < source_label[s]) {
                        reached[s] = search;
                        source_label[s] = label;
                        ws.pred_[s] = item;
                        push(label, -static_cast<int>(s) - 1);
                    }
                };
                if (pos == 0) { // the near block at once: its sources by one mask
                    const auto& block = table.near_to(t);
                    for (unsigned sources = ws.in_block_[j];
                         sources != 0; sources &= sources - 1) {
                        const std::size_t w = detail::lowest_bit(sources);
                        const auto s = static_cast<std::size_t>(block.node[w]);
                        reach(s, offset + static_cast<Dual>(block.dist[w]) -
                                         source_dual[s]);
                    }
                    // past the block (its padding, if any, is past the list: a
                    // list has at most n - 1 entries and its terminator)
                    pos = static_cast<int>(std::min(Table::kNear, n - 1));
                }
                Dual bound = 0;
                while (list[pos].node >= 0 &&
                       (bound = offset + static_cast<Dual>(list[pos].dist)) <= level) {
                    for (const auto run = list[pos].dist; list[pos].dist == run;
                         ++pos) {
                        if constexpr (Count) {
                            ++work;
                        }
                        const auto s = static_cast<std::size_t>(list[pos].node);
                        if (!is_source(mark[s], stamp)) {
                            continue;
                        }
                        reach(s, bound - source_dual[s]);
                    }
                }
                if (list[pos].node >= 0) {
                    ws.cursor_[j] = pos;
                    push(bound, item);
                }
            }
            if constexpr (Count) {
                ws.dense_work_ += k * (nscanned + nsettled);
            }
            // duals: every pair stays feasible, the path's pairs become tight
            for (std::size_t q = 0; q < nscanned; ++q) {
                sink_dual[scanned[q]] += level - sink_label[scanned[q]];
            }
            for (std::size_t q = 0; q < nsettled; ++q) {
                const auto& [s, label] = settled_list[q];
                source_dual[s] -= level - label;
            }
            // flip the path: each sink on it takes the unit it reached
            int r = take_unit(ws, static_cast<std::size_t>(free_source), b);
            int j = ws.pred_[static_cast<std::size_t>(free_source)];
            while (j != j0) {
                const int previous = ws.pick_[static_cast<std::size_t>(j)];
                match(ws, j, r);
                r = previous;
                j = ws.pred_[static_cast<std::size_t>(src[r])];
            }
            match(ws, j0, r);
        }
        return work;
    }

    // What shortest_paths() does, as Dijkstra over the block's distinct source nodes
    // (the columns) with their distances read from the table [Jonker & Volgenant
    // 1987]: O(columns) per sink reached and per column settled, with no branch per
    // column. Where the lazy searches read far down their sinks' lists (distance costs
    // on a two-dimensional network: ~130 entries and ~50 queue items a search on
    // t_del_100_dist) this costs less; with unit costs they end in the near blocks.
    // Chosen for the network at construction (TemporalSearch). Out of line: inlined
    // into solve_block(), it would grow every problem's hot path for the networks
    // that never take it.
    template <class Table>
    EMCF_NOINLINE void dense_paths(const Table& table, Workspace& ws, std::size_t b,
                                   std::size_t k, std::size_t nunmatched) const
    {
        grow(k, ws.column_pred_, ws.column_node_, ws.column_label_, ws.column_dual_,
             ws.column_open_, ws.unit_column_);
        grow(k, ws.sink_dual_, ws.sink_label_, ws.cursor_); // (as shortest_paths())
        grow(k + 1, ws.scanned_, ws.settled_);
        const graph_index* src = ws.sources_.data() + b;
        const graph_index* snk = ws.sinks_.data() + b;
        graph_index* node = ws.column_node_.data();
        Dual* label = ws.column_label_.data();
        Dual* dual = ws.column_dual_.data();
        std::uint8_t* open = ws.column_open_.data();
        int* pred = ws.column_pred_.data();
        int* unit_column = ws.unit_column_.data();
        Dual* sink_dual = ws.sink_dual_.data();
        Dual* sink_label = ws.sink_label_.data();
        int* scanned = ws.scanned_.data();
        auto* settled = ws.settled_.data();
        // the columns: a block's source units are grouped by node
        std::size_t m = 0;
        for (std::size_t i = 0; i < k; ++i) {
            const bool fresh = i == 0 || src[i] != src[i - 1];
            node[m] = src[i];
            dual[m] = 0;
            m += fresh ? 1 : 0;
            unit_column[i] = static_cast<int>(m) - 1;
        }
        for (std::size_t j = 0; j < k; ++j) { // the duals of nearest_sources()
            sink_dual[j] = static_cast<Dual>(ws.near_[j]);
        }
        constexpr Dual kSettled = std::numeric_limits<Dual>::max(); // (no argmin)
        auto relax = [&](int j, Dual level, bool first_sink) {
            const auto t = static_cast<std::size_t>(snk[j]);
            const Dual base = level - sink_dual[j];
            for (std::size_t c = 0; c < m; ++c) {
                const auto* row = table.row(static_cast<std::size_t>(node[c]));
                const Dual d = base + static_cast<Dual>(row[t].dist) - dual[c];
                const bool lower = open[c] != 0 && (first_sink || d < label[c]);
                label[c] = lower ? d : label[c];
                pred[c] = lower ? j : pred[c];
            }
        };
        for (std::size_t q = 0; q < nunmatched; ++q) {
            const int j0 = ws.unmatched_[q];
            std::size_t nscanned = 0;
            std::size_t nsettled = 0;
            sink_label[j0] = 0;
            scanned[nscanned++] = j0;
            std::fill(open, open + m, std::uint8_t{1});
            relax(j0, 0, true);
            Dual level = 0;
            std::size_t free_column = 0;
            for (;;) { // (a block is one balanced component: a free column is reached)
                std::size_t best = 0;
                for (std::size_t c = 1; c < m; ++c) {
                    best = label[c] < label[best] ? c : best;
                }
                level = label[best];
                settled[nsettled++] = {static_cast<graph_index>(best), level};
                label[best] = kSettled;
                open[best] = 0;
                const auto u = static_cast<std::size_t>(node[best]);
                if (ws.mark_[u] == ws.stamp_) { // a unit left
                    free_column = best;
                    break;
                }
                const auto& units = ws.units_[u];
                const int r0 = units.first - static_cast<int>(b);
                for (int r = r0; r < r0 + units.count; ++r) { // matched: tight
                    const int j = ws.owner_[static_cast<std::size_t>(r)];
                    sink_label[j] = level;
                    scanned[nscanned++] = j;
                    relax(j, level, false);
                }
            }
            // duals as in shortest_paths()
            for (std::size_t i = 0; i < nscanned; ++i) {
                sink_dual[scanned[i]] += level - sink_label[scanned[i]];
            }
            for (std::size_t i = 0; i < nsettled; ++i) {
                const auto& [c, at] = settled[i];
                dual[c] -= level - at;
            }
            int r = take_unit(ws, static_cast<std::size_t>(node[free_column]), b);
            int j = pred[free_column];
            while (j != j0) {
                const int previous = ws.pick_[static_cast<std::size_t>(j)];
                match(ws, j, r);
                r = previous;
                j = pred[unit_column[r]];
            }
            match(ws, j0, r);
        }
    }

    // Bit w set iff entry w of a near block is a source of the problem (with or
    // without a unit left): the eight marks in one word, compared with the stamp
    // bytewise (no branch, no compare per entry).
    template <class Block>
    static unsigned block_sources(const Block& block, const std::uint8_t* mark,
                                  unsigned stamp) noexcept
    {
        static_assert(std::extent_v<decltype(Block::node)> == 8, "a byte per entry");
        std::uint64_t word = 0; // the entries' marks, byte w for entry w
        for (std::size_t w = 0; w < 8; ++w) {
            word |= std::uint64_t{mark[static_cast<std::size_t>(block.node[w])]}
                    << (8 * w);
        }
        constexpr std::uint64_t kLow = 0x0101010101010101ULL;
        constexpr std::uint64_t kSeven = 0x7F7F7F7F7F7F7F7FULL;
        constexpr std::uint64_t kGather = 0x0102040810204080ULL; // bit 8w -> bit 56 + w
        // a source's mark is the stamp, or the stamp + 1 once its units are taken:
        // byte w of y is zero iff entry w is a source
        const std::uint64_t y = (word ^ (kLow * stamp)) & ~kLow;
        // bit 8w set iff byte w is zero (exact: no carry crosses bytes)
        const std::uint64_t zero = (~(((y & kSeven) + kSeven) | y | kSeven)) >> 7;
        return static_cast<unsigned>((zero * kGather) >> 56);
    }

    // Give sink j a unit of the first source of `run` (bits of near-block entries, in
    // order) with one left; the path's last edge is then known from the block.
    template <class Block>
    static bool take_from_block(Workspace& ws, const Block& block, unsigned run,
                                std::size_t b, int j)
    {
        for (; run != 0; run &= run - 1) {
            const std::size_t w = detail::lowest_bit(run);
            const auto u = static_cast<std::size_t>(block.node[w]);
            if (ws.mark_[u] == ws.stamp_) { // a source with a unit left
                match(ws, j, take_unit(ws, u, b));
                ws.code_[static_cast<std::size_t>(j)] = block.code[w];
                return true;
            }
        }
        return false;
    }

    // The first of sink j's equally near sources in its list of closest nodes; the
    // entries after it, while their distance is the same, are the others (the padding
    // after the list has an infinite distance: never equal).
    template <class Table>
    static auto nearest_entry(const Table& table, const Workspace& ws, std::size_t b,
                              std::size_t j)
    {
        return table.closest_to(static_cast<std::size_t>(ws.sinks_[b + j])) +
               ws.tie_[j];
    }

    // Take the next unit of source node u (numbered from the block's first, b); its
    // mark says so once none is left.
    static int take_unit(Workspace& ws, std::size_t u, std::size_t b)
    {
        auto& units = ws.units_[u];
        const int r = units.first - static_cast<int>(b) + units.taken++;
        ws.mark_[u] = static_cast<std::uint8_t>(
                ws.stamp_ + static_cast<unsigned>(units.taken == units.count));
        return r;
    }

    // Match sink j to source unit r (its path is looked up by route()).
    static void match(Workspace& ws, int j, int r)
    {
        ws.owner_[static_cast<std::size_t>(r)] = j;
        ws.pick_[static_cast<std::size_t>(j)] = r;
        ws.code_[static_cast<std::size_t>(j)] = 0;
    }

    // Give sink j a unit left at an equally near source, if there is one.
    template <class Table>
    static bool take_free_unit(const Table& table, Workspace& ws, std::size_t b, int j)
    {
        const auto* c = nearest_entry(table, ws, b, static_cast<std::size_t>(j));
        for (const auto d = c->dist; c->dist == d; ++c) {
            const auto v = static_cast<std::size_t>(c->node);
            if (ws.mark_[v] == ws.stamp_) { // a source with a unit left
                match(ws, j, take_unit(ws, v, b));
                return true;
            }
        }
        return false;
    }

    // route() when the path's last step (code, 0 if unknown) and cost may be known
    // (from the sink's near block): a path of one step then needs nothing else.
    template <class Table, class Add>
    void route_near(const Table& table, graph_index s, graph_index t, Cost cost,
                    int code, Add& add, FlowResult<Cost>& result) const
    {
        // (branch-free: whether the step is known is a coin flip; the table's entry
        // is read either way)
        const auto* row = table.row(static_cast<std::size_t>(s));
        const auto& entry = row[static_cast<std::size_t>(t)];
        const bool known = code != 0;
        result.total_cost += known ? cost : static_cast<Cost>(entry.dist);
        const graph_index v = step(known ? code : static_cast<int>(entry.code), add);
        result.nodes_scanned += 1;
        walk(row, s, v, add, result.nodes_scanned);
    }

    // Add one unit along the stored shortest path s -> t; count its steps and add its
    // cost (read from the entry the walk starts at) to the result.
    template <class Table, class Add>
    void route(const Table& table, graph_index s, graph_index t, Add& add,
               FlowResult<Cost>& result) const
    {
        const auto* row = table.row(static_cast<std::size_t>(s));
        result.total_cost += static_cast<Cost>(row[t].dist);
        walk(row, s, t, add, result.nodes_scanned);
    }

    // The steps of the path s -> v, from v back to s along row s of the table.
    template <class Entry, class Add>
    void walk(const Entry* row, graph_index s, graph_index v, Add& add,
              std::size_t& steps) const
    {
        while (v != s) {
            EMCF_DEBUG_ASSERT(row[v].code != 0);
            v = step(row[v].code, add);
            ++steps;
        }
    }

    // One unit over the edge of a signed code (see detail::ShortestPathTable); returns
    // the node the path came from. Branch-free, by masks: the direction of each step
    // is a coin flip, and compilers turn conditional expressions into jumps.
    template <class Add>
    graph_index step(int code, Add& add) const
    {
        const int backward = -static_cast<int>(code < 0); // all ones when backward
        const auto e = static_cast<std::size_t>(((code ^ backward) - backward) - 1);
        add(e, 1 + 2 * backward);
        return ends_[2 * e + static_cast<std::size_t>(backward & 1)];
    }

    // Edges on the longest stored path.
    [[nodiscard]] std::size_t max_steps() const noexcept
    {
        return !table16_.empty()   ? table16_.max_steps()
               : !table32_.empty() ? table32_.max_steps()
                                   : table_.max_steps();
    }

    // TemporalSearch::automatic: whether dense searches would cost less than the lazy
    // ones on 64 synthetic problems, each of k = n / 8 (4 to 64) dipoles: a unit
    // source, and a unit sink one to three steps of a random walk away (as phase
    // errors on one edge or a few neighbouring ones leave them; never on the ground),
    // drawn by a fixed generator. The lazy searches run and are counted: their cost
    // is the list entries they read plus kItemReads per queue item; a dense search
    // would spend k per sink and per source it reaches (its relaxations and its
    // argmins over k columns).
    template <class Table>
    bool dense_searches_cheaper(const Table& table) const
    {
        const std::size_t n = net_.nnodes();
        if (net_.ncomponents() > 1 || n < 32) {
            return false;
        }
        const std::size_t k = std::clamp<std::size_t>(n / 8, 4, 64);
        Workspace ws;
        std::vector<std::int8_t> residue(n);
        std::vector<graph_index> nodes;
        std::vector<std::int8_t> values;
        std::uint64_t state = 0x9E3779B97F4A7C15ULL;
        const auto draw = [&state] {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            return static_cast<std::size_t>(state >> 33);
        };
        const auto& offsets = net_.offsets();
        const auto& adjacency = net_.adjacency();
        std::size_t lazy_work = 0;
        for (int p = 0; p < 64; ++p) {
            std::fill(residue.begin(), residue.end(), std::int8_t{0});
            for (std::size_t placed = 0, tries = 0; placed < k && tries < 64 * k;
                 ++tries) {
                const std::size_t u = 1 + draw() % (n - 1);
                std::size_t v = u;
                for (std::size_t steps = 1 + draw() % 3; steps > 0; --steps) {
                    const std::size_t degree = offsets[v + 1] - offsets[v];
                    if (degree == 0) {
                        break;
                    }
                    v = static_cast<std::size_t>(
                            adjacency[offsets[v] + draw() % degree].node);
                }
                if (v != 0 && v != u && residue[u] == 0 && residue[v] == 0) {
                    residue[u] = 1;
                    residue[v] = -1;
                    ++placed;
                }
            }
            nodes.clear();
            values.clear();
            for (std::size_t u = 1; u < n; ++u) {
                if (residue[u] != 0) {
                    nodes.push_back(static_cast<graph_index>(u));
                    values.push_back(residue[u]);
                }
            }
            if (expand_listed(ws, view1d(nodes.data(), nodes.size()),
                              view1d(values.data(), values.size())) != Listed::units) {
                continue;
            }
            const std::size_t units = ws.nunits_;
            const std::size_t unmatched =
                    units < 4 ? 0 : nearest_sources(table, ws, 0, units);
            if (unmatched != 0) {
                lazy_work += shortest_paths<true>(table, ws, 0, units, unmatched);
            }
        }
        return lazy_work > ws.dense_work_;
    }

    bool dense_ = false;            // dense_paths() instead of shortest_paths()
    std::vector<graph_index> ends_; // tail and head of each edge, interleaved
    using Table16 = detail::ShortestPathTable<std::int16_t, std::int16_t>;
    Table16 table16_;
    detail::ShortestPathTable<std::int32_t> table32_;
    detail::ShortestPathTable<Cost> table_;
};

EMCF_END_NAMESPACE
