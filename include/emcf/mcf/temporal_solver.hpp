#pragma once
/// @file
/// @brief Exact min-cost flow for many small problems on one fixed network (the
///        temporal step: one problem per spatial link, reference/algorithm.md §4.1):
///        all-pairs shortest paths once, then one assignment per residue vector.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
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
#include <emcf/mcf/detail/assignment.hpp>
#include <emcf/mcf/detail/shortest_path_table.hpp>
#include <emcf/mcf/detail/solver_base.hpp>
#include <emcf/mcf/detail/supplies.hpp>
#include <emcf/mcf/flow_network.hpp>
#include <emcf/mcf/flow_result.hpp>
#include <emcf/mcf/sparse_flows.hpp>

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
/// * larger k: each sink takes its nearest source (the column reduction of the
///   assignment, with duals v(j) = that distance), read off a small block of its
///   nearest nodes without a branch per entry; among equally near sources the first
///   with a unit left, then short augmenting paths among equally near pairs, so that
///   ties (frequent with unit costs) leave as few sinks unmatched as possible. If every
///   sink is matched the assignment is optimal (every pair is tight for the duals);
///   else Jonker–Volgenant [Jonker & Volgenant 1987] finishes it: augmenting row
///   reduction (the free sources' two cheapest sinks, read off their lists), shortest
///   augmenting paths for what remains (distance-table rows fetched only then);
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
///       costs fit 32 bits (distance and tree edge, nearest-node list; +8 bytes for
///       asymmetric costs), 8 bytes when distances and edge indices fit 16 bits:
///       0.3–0.6 MB for 196 nodes, 2.8–5.7 MB for 596; plus a near block of 8 entries
///       per node (48–96 bytes). A solve with total supply k: O(n) to read dense
///       residues and O(m) to write dense flows (solve_sparse: O(listed residues) and
///       O(path steps)), O(k · w) for the nearest sources (w: entries walked, usually
///       within the near block), O(k) per free row of the reductions and O(k²) per
///       shortest augmenting path (rare), O(k · path length) for the flows; the
///       workspace holds O(n + m + k) and allocates nothing once it has seen a problem
///       of that size. Const member functions are thread-safe; a
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
        struct SourceUnits { // valid while mark_ holds the problem's stamp
            int first;      // first source unit of the node
            int count;      // its source units
            int taken;      // of those, matched to a sink (the first ones)
            unsigned seen;  // the last augmenting search through it
        };
        std::vector<SourceUnits> units_;  // per node
        std::vector<unsigned> mark_;      // per node (+ 1 never marked): the stamp of
                                          // the problem it is a source in
        unsigned stamp_ = 0;              // the current problem
        unsigned search_ = 0;             // the current augmenting search
        std::vector<int> first_col_;      // node -> first sink unit of the block, or -1
        std::vector<int> ncols_;          // node -> sink units of the block
        std::vector<int> pick_;           // sink unit -> its source unit
        std::vector<Cost> near_;          // sink unit -> distance to its nearest source
        std::vector<int> tie_;            // sink unit -> its first nearest source's
                                          // position in its list of closest nodes
        std::vector<int> code_;           // sink unit -> last step of its path, or 0
        std::vector<int> owner_;          // source unit -> matched sink unit
        std::vector<int> unmatched_;      // sink units left to the assignment
        std::vector<Flow> acc_;          // per edge: flows of solve_sparse(), zero
                                         // between solves
        std::vector<graph_index> touched_; // edges acc_ was changed on
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

    /// Solve one problem given by its non-zero residues, with the flows returned as a
    /// list: the form for streams of small problems with a few residues each, as
    /// nothing proportional to the network's size is read or written.
    /// @param nodes     dual node of each listed residue (1-D integers in [0, nnodes),
    ///                  any order, each node at most once)
    /// @param residues  residue at each of those nodes (1-D signed integers, the same
    ///                  length; zeros allowed); unlisted nodes have none, and all must
    ///                  sum to zero (the ground, node 0, included)
    /// @param flows     output: the non-zero flows, cleared first; filled only when
    ///                  the status is `optimal`
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
        auto& sup = Base::supplies(workspace);
        if (!sup.collect_sparse(nv, rv, net_.nnodes()) ||
            !Base::template admit<F>(workspace, result)) {
            return result;
        }
        auto& acc = workspace.acc_;
        if (acc.size() < net_.nedges()) {
            acc.resize(net_.nedges(), Flow{0});
        }
        ListSink sink{acc.data(), workspace.touched_, net_.nnodes()};
        try {
            solve_all(workspace, sup, sink, result);
            // (one slot of slack: the loop below stores before it knows whether to
            // keep)
            const std::size_t room = std::min(sink.used, net_.nedges()) + 1;
            flows.edges.resize(room);
            flows.values.resize(room);
        } catch (...) { // (allocation failure) keep the accumulator all zero
            std::fill(acc.begin(), acc.end(), Flow{0});
            flows.clear();
            throw;
        }
        // Each edge once, where it was first touched; the accumulator back to zero.
        graph_index* edge_out = flows.edges.data();
        F* value_out = flows.values.data();
        const graph_index* touched = workspace.touched_.data();
        Flow* a = acc.data();
        std::size_t count = 0;
        for (std::size_t q = 0; q < sink.used; ++q) { // branch-free: stores always
            const graph_index e = touched[q];
            Flow& f = a[static_cast<std::size_t>(e)];
            edge_out[count] = e;
            value_out[count] = static_cast<F>(f);
            count += f != 0 ? 1 : 0;
            f = 0;
        }
        flows.edges.resize(count);
        flows.values.resize(count);
        return result;
    }

  private:
    using Base::net_;
    static constexpr std::size_t kBatchChunk = 256;

    [[nodiscard]] bool fits(const Workspace& /*workspace*/) const noexcept
    {
        return true;
    }

    // Where route() puts its unit flows: the caller's dense flows...
    template <class Out>
    struct DenseSink {
        const Out& out;
        static void before_path() noexcept {}
        void operator()(std::size_t e, int delta) const
        {
            out[e] = static_cast<typename Out::value_type>(out[e] + delta);
        }
    };

    // ... or the workspace's accumulator, with the edges touched listed (room for a
    // whole path made before each: a path has fewer steps than the network has nodes).
    struct ListSink {
        Flow* acc;
        std::vector<graph_index>& touched;
        std::size_t max_steps;
        std::size_t used = 0;

        void before_path()
        {
            if (touched.size() < used + max_steps) {
                touched.resize(2 * (used + max_steps));
            }
        }
        void operator()(std::size_t e, int delta)
        {
            acc[e] += delta;
            touched[used++] = static_cast<graph_index>(e);
        }
    };

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
        // units are numbered with int
        if (static_cast<std::uintmax_t>(supplies.total()) >
            static_cast<std::uintmax_t>(std::numeric_limits<int>::max())) {
            throw overflow_error("residues", "total supply " +
                                                     std::to_string(supplies.total()) +
                                                     " exceeds the temporal solver's "
                                                     "unit count");
        }
        expand_units(workspace, supplies);
        if (!table16_.empty()) {
            solve_units(table16_, workspace, add, result);
        } else if (!table32_.empty()) {
            solve_units(table32_, workspace, add, result);
        } else {
            solve_units(table_, workspace, add, result);
        }
    }

    // Expand the supplies into unit sources and sinks (in node order), and stamp the
    // source nodes with their units for nearest_sources().
    void expand_units(Workspace& ws, const detail::SupplyList<Flow>& sup) const
    {
        const auto k = static_cast<std::size_t>(sup.total());
        // Grows to the largest k seen, then stays; one slot of slack for the
        // branch-free stores below, which write both lists before advancing one.
        if (ws.sources_.size() < k + 1) {
            ws.sources_.resize(k + 1);
            ws.sinks_.resize(k + 1);
        }
        const std::size_t n = net_.nnodes();
        if (ws.mark_.size() < n + 1) {
            ws.mark_.assign(n + 1, 0U);
            ws.units_.assign(n, {0, 0, 0, 0U});
        }
        if (++ws.stamp_ == 0) { // wrapped: forget every stamp
            std::fill(ws.mark_.begin(), ws.mark_.end(), 0U);
            ws.stamp_ = 1;
        }
        const unsigned stamp = ws.stamp_;
        unsigned* mark = ws.mark_.data();
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
            mark[ui] = stamp & source;
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
        if (nearest_sources(table, ws, b, k)) {
            // Every sink got a nearest source of its own: with the duals v(j) = that
            // distance and u(i) = 0 the pairs are tight, so the assignment is optimal.
            for (std::size_t j = 0; j < k; ++j) {
                route_near(table, src[ws.pick_[j]], snk[j], ws.near_[j], ws.code_[j],
                           add, result);
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
            const auto j = static_cast<std::size_t>(col[i]);
            if (ws.pick_[j] == static_cast<int>(i)) { // kept its nearest source
                route_near(table, src[i], snk[j], ws.near_[j], ws.code_[j], add, result);
            } else {
                route(table, src[i], snk[j], add, result);
            }
        }
    }

    // The column reduction of the assignment, v(j) = distance from sink j to its
    // nearest source (near_), and a matching of sinks to sources at exactly that
    // distance (pick_): greedily, each sink to the first equally near source with a
    // unit left (most are found in the sink's near block, without a branch per
    // entry), then augmenting paths among such pairs (short ones: the assignment
    // finishes what they miss). Returns whether every sink is matched; if not, an
    // unmatched sink's pick_ is a nearest source's first unit, as the assignment's
    // column reduction expects.
    template <class Table>
    bool nearest_sources(const Table& table, Workspace& ws, std::size_t b,
                         std::size_t k) const
    {
        if (ws.pick_.size() < k) {
            ws.pick_.resize(k);
            ws.near_.resize(k);
            ws.tie_.resize(k);
            ws.code_.resize(k);
            ws.owner_.resize(k);
            ws.unmatched_.resize(k);
        }
        const graph_index* snk = ws.sinks_.data() + b;
        const unsigned stamp = ws.stamp_;
        const unsigned* mark = ws.mark_.data();
        std::size_t nunmatched = 0;
        for (std::size_t j = 0; j < k; ++j) {
            const auto t = static_cast<std::size_t>(snk[j]);
            const auto& block = table.near_to(t);
            unsigned sources = 0;
            for (std::size_t w = 0; w < Table::kNear; ++w) {
                sources |= static_cast<unsigned>(
                                   mark[static_cast<std::size_t>(block.node[w])] ==
                                   stamp)
                           << w;
            }
            const auto* list = table.closest_to(t);
            std::size_t pos = Table::kNear;
            if (sources != 0) {
                pos = detail::lowest_bit(sources);
            } else { // beyond the block (rare)
                for (; mark[static_cast<std::size_t>(list[pos].node)] != stamp; ++pos) {
                    EMCF_DEBUG_ASSERT(list[pos].node >= 0);
                }
            }
            const bool in_block = pos < Table::kNear;
            const auto u = static_cast<std::size_t>(in_block ? block.node[pos]
                                                             : list[pos].node);
            ws.tie_[j] = static_cast<int>(pos);
            ws.near_[j] = static_cast<Cost>(in_block ? block.dist[pos] : list[pos].dist);
            auto& units = ws.units_[u];
            if (units.taken < units.count) { // the usual case
                match(ws, static_cast<int>(j),
                      units.first - static_cast<int>(b) + units.taken++);
                ws.code_[j] = in_block ? block.code[pos] : 0;
            } else if (!take_free_unit(table, ws, b, static_cast<int>(j))) {
                ws.code_[j] = 0;
                ws.unmatched_[nunmatched++] = static_cast<int>(j);
            }
        }
        std::size_t left = 0;
        for (std::size_t q = 0; q < nunmatched; ++q) {
            const int j = ws.unmatched_[q];
            if (++ws.search_ == 0) { // wrapped: forget every search
                for (auto& u : ws.units_) {
                    u.seen = 0;
                }
                ws.search_ = 1;
            }
            if (!augment_tight(table, ws, b, j, 0)) {
                ws.unmatched_[left++] = j;
                const auto* c = nearest_entry(table, ws, b, static_cast<std::size_t>(j));
                ws.pick_[static_cast<std::size_t>(j)] =
                        ws.units_[static_cast<std::size_t>(c->node)].first -
                        static_cast<int>(b);
            }
        }
        return left == 0;
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
            auto& u = ws.units_[v];
            if (ws.mark_[v] == ws.stamp_ && u.taken < u.count) {
                match(ws, j, u.first - static_cast<int>(b) + u.taken++);
                return true;
            }
        }
        return false;
    }

    // Augmenting path from unmatched sink j through equally near sources (depth-first,
    // each node once per search, at most kTightDepth sinks deep).
    template <class Table>
    static bool augment_tight(const Table& table, Workspace& ws, std::size_t b, int j,
                              int depth)
    {
        constexpr int kTightDepth = 8;
        if (take_free_unit(table, ws, b, j)) {
            return true;
        }
        if (depth == kTightDepth) {
            return false;
        }
        const auto* c = nearest_entry(table, ws, b, static_cast<std::size_t>(j));
        for (const auto d = c->dist; c->dist == d; ++c) {
            const auto v = static_cast<std::size_t>(c->node);
            auto& u = ws.units_[v];
            if (ws.mark_[v] != ws.stamp_ || u.seen == ws.search_) {
                continue;
            }
            u.seen = ws.search_;
            const int first = u.first - static_cast<int>(b);
            for (int r = first; r < first + u.count; ++r) {
                if (augment_tight(table, ws, b, ws.owner_[static_cast<std::size_t>(r)],
                                  depth + 1)) {
                    match(ws, j, r);
                    return true;
                }
            }
        }
        return false;
    }

    // Solve the assignment between the k sources and sinks of a block, from the column
    // reduction of nearest_sources(): only the rows the augmenting phases need are
    // read from the distance table.
    template <class Table, class Assignment>
    const std::vector<int>& assign(const Table& table, Assignment& lap, Workspace& ws,
                                   const graph_index* src, const graph_index* snk,
                                   std::size_t k) const
    {
        using Value = std::remove_pointer_t<decltype(lap.column_min())>;
        lap.reset(k);
        std::copy(ws.pick_.begin(), ws.pick_.begin() + static_cast<std::ptrdiff_t>(k),
                  lap.column_argmin());
        Value* vmin = lap.column_min();
        for (std::size_t j = 0; j < k; ++j) {
            vmin[j] = static_cast<Value>(ws.near_[j]);
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

    // route() when the path's last step (code, 0 if unknown) and cost are known: a
    // path of one step then needs nothing from the tables.
    template <class Table, class Add>
    void route_near(const Table& table, graph_index s, graph_index t, Cost cost,
                    int code, Add& add, FlowResult<Cost>& result) const
    {
        if (code == 0) {
            route(table, s, t, add, result);
            return;
        }
        result.total_cost += cost;
        add.before_path();
        const graph_index v = step(code, add);
        if (v == s) {
            result.nodes_scanned += 1;
            return;
        }
        walk(table.row(static_cast<std::size_t>(s)), s, v, add, result.nodes_scanned);
        result.nodes_scanned += 1;
    }

    // Add one unit along the stored shortest path s -> t; count its steps and add its
    // cost (read from the entry the walk starts at) to the result.
    template <class Table, class Add>
    void route(const Table& table, graph_index s, graph_index t, Add& add,
               FlowResult<Cost>& result) const
    {
        const auto* row = table.row(static_cast<std::size_t>(s));
        result.total_cost += static_cast<Cost>(row[t].dist);
        add.before_path();
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

    std::vector<graph_index> ends_; // tail and head of each edge, interleaved
    using Table16 = detail::ShortestPathTable<std::int16_t, std::int16_t>;
    Table16 table16_;
    detail::ShortestPathTable<std::int32_t> table32_;
    detail::ShortestPathTable<Cost> table_;
    Cost max_distance_ = 0;
};

EMCF_END_NAMESPACE
