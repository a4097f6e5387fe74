// Min-cost flow: emcf's TemporalSolver and SpatialSolver side by side with LEMON 1.3.1
// CapacityScaling (the anchors of ../shared/reference/anchors.md, solver object reused)
// on identical problems: the peer harness's generated DIMACS files
// (../shared/bench/mcf/gen_problems.py), read from the directory in $EMCF_MCF_DATA.
// Cases whose files are absent are not registered, so the binary runs (and CI passes)
// without the data. benchmarks/compare_mcf.sh generates the data, runs this and prints
// the ratio table.
//
// Timing rules, as in the peer harness: parsing, graph construction and solver set-up
// are outside the timed loop; temporal: one iteration solves every supply vector of the
// case, items = problems; emcf reads the same (node, supply) lists LEMON is given, in
// the same loop (empty lists skipped, as spurt skips zero-residue links), and returns
// its flows as a list; emcf_dense gets every residue vector, zero or not (its scan is
// the library's), and writes a flow per edge. Spatial: one solve per iteration.
// Before timing, every
// problem is solved by both and the optimal costs must agree (the benchmark fails
// otherwise); emcf's flows are also checked (conservation and recomputed cost).
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
// GCC 12 flags LEMON's SmartDigraph::addNode/addArc (value-initialised PODs pushed
// into a vector, inlined here) as maybe-uninitialised: a false positive in a peer.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <lemon/capacity_scaling.h>
#include <lemon/smart_graph.h>

#include <emcf/mcf/flow_network.hpp>
#include <emcf/mcf/sparse_flows.hpp>
#include <emcf/mcf/spatial_solver.hpp>
#include <emcf/mcf/temporal_solver.hpp>

#include "mcf_problems.hpp"

namespace {

using emcf_bench::McfProblems;
using Clock = std::chrono::steady_clock;

std::string data_dir()
{
    const char* d = std::getenv("EMCF_MCF_DATA");
    return d != nullptr ? std::string(d) : std::string();
}

bool file_exists(const std::string& path)
{
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f != nullptr) {
        std::fclose(f);
        return true;
    }
    return false;
}

// One case in memory at a time (the 2·10^6-node files are large).
const McfProblems* load(const std::string& name, bool batch, std::string& error)
{
    static std::string loaded;
    static std::unique_ptr<McfProblems> problems;
    if (loaded != name) {
        problems = std::make_unique<McfProblems>();
        loaded.clear();
        error = emcf_bench::read_mcf_problems(data_dir() + "/" + name, batch,
                                              *problems);
        if (!error.empty()) {
            return nullptr;
        }
        loaded = name;
    }
    return problems.get();
}

// Optimal costs per case and solver, to cross-check whichever runs second.
std::map<std::string, std::vector<std::int64_t>>& reference_costs()
{
    static std::map<std::string, std::vector<std::int64_t>> costs;
    return costs;
}

bool costs_agree(const std::string& name, const std::vector<std::int64_t>& costs)
{
    auto& ref = reference_costs();
    const auto it = ref.find(name);
    if (it == ref.end()) {
        ref[name] = costs;
        return true;
    }
    return it->second == costs;
}

emcf::FlowNetwork<> make_network(const McfProblems& p)
{
    return emcf::FlowNetwork<>::from_edges(p.nnodes,
                                           emcf::view1d(p.tail.data(), p.nedges()),
                                           emcf::view1d(p.head.data(), p.nedges()),
                                           emcf::view1d(p.cost.data(), p.nedges()),
                                           emcf::view1d(p.revcost.data(), p.nedges()));
}

// Run the timed loop, one call of `fn` per iteration, and report the median of the
// iterations' process CPU times as the counter "median_ms" (robust against the other
// processes of a shared machine; the table of compare_mcf.sh uses it). The iteration
// time given to Google Benchmark is the same CPU time (manual timing).
template <class Fn>
void timed_loop(benchmark::State& state, Fn&& fn)
{
    std::vector<double> times;
    for (auto _ : state) {
        const std::clock_t t0 = std::clock();
        fn();
        benchmark::ClobberMemory();
        const double t = double(std::clock() - t0) / CLOCKS_PER_SEC;
        state.SetIterationTime(t);
        times.push_back(t);
    }
    std::sort(times.begin(), times.end());
    state.counters["median_ms"] = times.empty() ? 0.0 : 1e3 * times[times.size() / 2];
}

// Supply buckets of the anchors' tables: k = 1, 2-3, 4-7, 8-15, 16+.
int bucket_of(std::int64_t k)
{
    return k <= 1 ? 0 : k <= 3 ? 1 : k <= 7 ? 2 : k <= 15 ? 3 : 4;
}
const char* const kBucketName[5] = {"us_k1", "us_k2-3", "us_k4-7", "us_k8-15",
                                    "us_k16+"};

// Mean microseconds per problem of `solve_one(p)` over the problems of each bucket.
template <class Fn>
void bucket_counters(benchmark::State& state, const McfProblems& p, Fn&& solve_one)
{
    for (int b = 0; b < 5; ++b) {
        std::vector<std::size_t> ids;
        for (std::size_t q = 0; q < p.nproblems(); ++q) {
            if (p.ptr[q + 1] > p.ptr[q] && bucket_of(p.supply(q)) == b) {
                ids.push_back(q);
            }
        }
        if (ids.empty()) {
            continue;
        }
        constexpr int kPasses = 5;
        std::vector<double> times;
        for (int pass = 0; pass < kPasses; ++pass) {
            const auto t0 = Clock::now();
            for (const auto q : ids) {
                solve_one(q);
            }
            times.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
        }
        std::sort(times.begin(), times.end());
        state.counters[kBucketName[b]] = 1e6 * times[kPasses / 2] / double(ids.size());
    }
}

// Solve every problem once (`solve(q, cost)` returns false on a failure, reported as
// `failure`) and compare the optimal costs with the other solver's; false, with the
// error reported, if anything is wrong.
template <class Solve>
bool cross_check(benchmark::State& state, const std::string& name, std::size_t np,
                 const char* failure, Solve&& solve)
{
    std::vector<std::int64_t> costs(np, 0);
    for (std::size_t q = 0; q < np; ++q) {
        if (!solve(q, costs[q])) {
            state.SkipWithError(failure);
            return false;
        }
    }
    if (!costs_agree(name, costs)) {
        state.SkipWithError("optimal costs differ between emcf and LEMON");
        return false;
    }
    return true;
}

// Time a temporal case (`all` solves every problem once) and report problems/s and the
// time per problem by supply bucket (`one` solves problem q).
template <class All, class One>
void report_temporal(benchmark::State& state, const McfProblems& p, All&& all,
                     One&& one)
{
    timed_loop(state, all);
    const auto np = p.nproblems();
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * np));
    state.counters["problems"] = double(np);
    bucket_counters(state, p, one);
}

// Link-major residues (each problem contiguous), as a pipeline holds them per link, in
// 16 bits (a triangle's residue is -1, 0 or 1; the ground's fits up to 32767 cycles).
std::vector<std::int16_t> link_major_residues(const McfProblems& p)
{
    std::vector<std::int16_t> residues(p.nproblems() * p.nnodes);
    for (std::size_t q = 0; q < p.nproblems(); ++q) {
        p.dense(q, residues.data() + q * p.nnodes);
    }
    return residues;
}

// LEMON CapacityScaling on the same network; the object is built once and re-run with
// new supplies, as a library user would.
class Lemon {
  public:
    using Graph = lemon::SmartDigraph;
    using Solver = lemon::CapacityScaling<Graph, std::int64_t, std::int64_t>;

    explicit Lemon(const McfProblems& p) : cost_(graph_), supply_(graph_, 0)
    {
        graph_.reserveNode(static_cast<int>(p.nnodes));
        graph_.reserveArc(static_cast<int>(2 * p.nedges()));
        for (std::size_t u = 0; u < p.nnodes; ++u) {
            nodes_.push_back(graph_.addNode());
        }
        for (std::size_t e = 0; e < p.nedges(); ++e) {
            cost_.set(graph_.addArc(nodes_[std::size_t(p.tail[e])],
                                    nodes_[std::size_t(p.head[e])]),
                      p.cost[e]);
        }
        for (std::size_t e = 0; e < p.nedges(); ++e) {
            cost_.set(graph_.addArc(nodes_[std::size_t(p.head[e])],
                                    nodes_[std::size_t(p.tail[e])]),
                      p.revcost[e]);
        }
        solver_ = std::make_unique<Solver>(graph_);
        solver_->costMap(cost_); // no upper map: unbounded capacities
    }

    std::int64_t solve(const McfProblems& p, std::size_t q, int factor, bool& ok)
    {
        for (const auto u : last_) {
            supply_[nodes_[u]] = 0;
        }
        last_.clear();
        for (std::size_t i = p.ptr[q]; i < p.ptr[q + 1]; ++i) {
            supply_[nodes_[std::size_t(p.node[i])]] = p.value[i];
            last_.push_back(std::size_t(p.node[i]));
        }
        solver_->supplyMap(supply_);
        ok = solver_->run(factor) == Solver::OPTIMAL;
        return solver_->totalCost();
    }

  private:
    Graph graph_;
    std::vector<Graph::Node> nodes_;
    Graph::ArcMap<std::int64_t> cost_;
    Graph::NodeMap<std::int64_t> supply_;
    std::unique_ptr<Solver> solver_;
    std::vector<std::size_t> last_;
};

// Conservation and recomputed cost of emcf's flows for problem q.
bool flows_valid(const McfProblems& p, std::size_t q, const std::int32_t* flows,
                 std::int64_t cost)
{
    std::vector<std::int64_t> balance(p.nnodes, 0);
    std::int64_t c = 0;
    for (std::size_t e = 0; e < p.nedges(); ++e) {
        const std::int64_t f = flows[e];
        balance[std::size_t(p.tail[e])] += f;
        balance[std::size_t(p.head[e])] -= f;
        c += f > 0 ? f * p.cost[e] : -f * p.revcost[e];
    }
    for (std::size_t i = p.ptr[q]; i < p.ptr[q + 1]; ++i) {
        balance[std::size_t(p.node[i])] -= p.value[i];
    }
    return c == cost && std::all_of(balance.begin(), balance.end(),
                                    [](std::int64_t b) { return b == 0; });
}

void BM_temporal_lemon(benchmark::State& state, const std::string& name)
{
    std::string error;
    const McfProblems* p = load(name, true, error);
    if (p == nullptr) {
        state.SkipWithError(error.c_str());
        return;
    }
    Lemon lemon(*p);
    const std::size_t np = p->nproblems();
    bool ok = true;
    if (!cross_check(state, name, np, "LEMON failed",
                     [&](std::size_t q, std::int64_t& c) {
                         c = p->ptr[q + 1] > p->ptr[q] ? lemon.solve(*p, q, 1, ok) : 0;
                         return ok;
                     })) {
        return;
    }
    report_temporal(
            state, *p,
            [&] {
                for (std::size_t q = 0; q < np; ++q) {
                    if (p->ptr[q + 1] > p->ptr[q]) { // spurt skips zero-residue links
                        benchmark::DoNotOptimize(lemon.solve(*p, q, 1, ok));
                    }
                }
            },
            [&](std::size_t q) {
                benchmark::DoNotOptimize(lemon.solve(*p, q, 1, ok));
            });
}

// emcf on the problem lists LEMON gets (TemporalSolver::solve_sparse: residues as
// (node, value) lists, flows returned as a list), or, with `dense`, on link-major
// residue vectors with a flow per edge written (solve()).
void run_temporal_emcf(benchmark::State& state, const std::string& name, bool dense)
{
    std::string error;
    const McfProblems* p = load(name, true, error);
    if (p == nullptr) {
        state.SkipWithError(error.c_str());
        return;
    }
    const auto t0 = Clock::now();
    const emcf::TemporalSolver<> solver(make_network(*p));
    state.counters["setup_ms"] =
            1e3 * std::chrono::duration<double>(Clock::now() - t0).count();
    auto ws = solver.make_workspace();
    const std::size_t n = p->nnodes;
    const std::size_t m = p->nedges();
    const std::size_t np = p->nproblems();
    const auto residues = link_major_residues(*p);
    std::vector<std::int32_t> flows(m);
    emcf::SparseFlows<std::int32_t> sparse;
    auto solve = [&](std::size_t q) {
        if (dense) {
            return solver.solve(emcf::view1d(residues.data() + q * n, n),
                                emcf::view1d(flows.data(), m), ws);
        }
        const std::size_t len = p->ptr[q + 1] - p->ptr[q];
        return solver.solve_sparse(emcf::view1d(p->node.data() + p->ptr[q], len),
                                   emcf::view1d(p->value.data() + p->ptr[q], len),
                                   sparse, ws);
    };
    if (!cross_check(state, name, np, "emcf flows invalid",
                     [&](std::size_t q, std::int64_t& c) {
                         const auto r = solve(q);
                         c = r.total_cost;
                         if (!dense) { // the list, spread out, for the check
                             std::fill(flows.begin(), flows.end(), 0);
                             for (std::size_t i = 0; i < sparse.size(); ++i) {
                                 flows[std::size_t(sparse.edges[i])] =
                                         sparse.values[i];
                             }
                         }
                         return r.status == emcf::FlowStatus::optimal &&
                                flows_valid(*p, q, flows.data(), r.total_cost);
                     })) {
        return;
    }
    report_temporal(
            state, *p,
            [&] {
                for (std::size_t q = 0; q < np; ++q) {
                    if (dense || p->ptr[q + 1] > p->ptr[q]) { // lists: as LEMON
                        benchmark::DoNotOptimize(solve(q));
                    }
                }
            },
            [&](std::size_t q) { benchmark::DoNotOptimize(solve(q)); });
}

void BM_temporal_emcf(benchmark::State& state, const std::string& name)
{
    run_temporal_emcf(state, name, false);
}

void BM_temporal_emcf_dense(benchmark::State& state, const std::string& name)
{
    run_temporal_emcf(state, name, true);
}

// The batch entry point: all problems of the case in one call, link-major residues
// (an nnodes x nproblems column-major view), `threads` workers.
void BM_temporal_emcf_batch(benchmark::State& state, const std::string& name)
{
    std::string error;
    const McfProblems* p = load(name, true, error);
    if (p == nullptr) {
        state.SkipWithError(error.c_str());
        return;
    }
    const emcf::TemporalSolver<> solver(make_network(*p));
    const std::size_t n = p->nnodes;
    const std::size_t m = p->nedges();
    const std::size_t np = p->nproblems();
    const auto residues = link_major_residues(*p);
    std::vector<std::int32_t> flows(np * m);
    const auto r = emcf::col_major_view(residues.data(), n, np);
    const auto f = emcf::col_major_view(flows.data(), m, np);
    const int threads = static_cast<int>(state.range(0));
    for (auto _ : state) {
        benchmark::DoNotOptimize(solver.solve_batch(r, f, threads));
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * np));
    state.counters["problems"] = double(np);
}

void BM_spatial_lemon(benchmark::State& state, const std::string& name)
{
    std::string error;
    const McfProblems* p = load(name, false, error);
    if (p == nullptr) {
        state.SkipWithError(error.c_str());
        return;
    }
    Lemon lemon(*p);
    bool ok = true;
    const auto t0 = Clock::now();
    if (!cross_check(state, name, 1, "LEMON failed", [&](std::size_t, std::int64_t& c) {
            c = lemon.solve(*p, 0, 4, ok);
            return ok;
        })) {
        return;
    }
    state.counters["cold_ms"] =
            1e3 * std::chrono::duration<double>(Clock::now() - t0).count();
    timed_loop(state, [&] { benchmark::DoNotOptimize(lemon.solve(*p, 0, 4, ok)); });
    state.counters["supply"] = double(p->supply(0));
}

void BM_spatial_emcf(benchmark::State& state, const std::string& name)
{
    std::string error;
    const McfProblems* p = load(name, false, error);
    if (p == nullptr) {
        state.SkipWithError(error.c_str());
        return;
    }
    const auto t0 = Clock::now();
    const emcf::SpatialSolver<> solver(make_network(*p));
    auto ws = solver.make_workspace();
    state.counters["setup_ms"] =
            1e3 * std::chrono::duration<double>(Clock::now() - t0).count();
    std::vector<std::int32_t> residues(p->nnodes);
    p->dense(0, residues.data());
    std::vector<std::int32_t> flows(p->nedges());
    auto solve = [&] {
        return solver.solve(emcf::view1d(residues.data(), residues.size()),
                            emcf::view1d(flows.data(), flows.size()), ws);
    };
    emcf::FlowResult<> first;
    if (!cross_check(state, name, 1, "emcf flows invalid",
                     [&](std::size_t, std::int64_t& c) {
                         first = solve();
                         c = first.total_cost;
                         return first.status == emcf::FlowStatus::optimal &&
                                flows_valid(*p, 0, flows.data(), first.total_cost);
                     })) {
        return;
    }
    timed_loop(state, [&] { benchmark::DoNotOptimize(solve()); });
    state.counters["supply"] = double(first.total_supply);
    state.counters["scanned_per_path"] =
            double(first.nodes_scanned) /
            double(std::max<std::size_t>(first.augmentations, 1));
}

int register_all()
{
    const std::string dir = data_dir();
    if (dir.empty()) {
        return 0;
    }
    const char* const temporal[] = {"t_hop3_30", "t_hop3_100", "t_hop3_300",
                                    "t_hop3_100_dist", "t_del_100_dist"};
    for (const char* c : temporal) {
        const std::string name = c;
        if (!file_exists(dir + "/" + name + ".min") ||
            !file_exists(dir + "/" + name + ".sup")) {
            continue;
        }
        // Fixed iteration counts: one invocation per benchmark (set-up and the
        // cross-check run once), about a second each.
        benchmark::RegisterBenchmark(("temporal/lemon_cap1/" + name).c_str(),
                                     BM_temporal_lemon, name)
                ->Unit(benchmark::kMillisecond)
                ->Iterations(15)
                ->UseManualTime();
        benchmark::RegisterBenchmark(("temporal/emcf/" + name).c_str(),
                                     BM_temporal_emcf, name)
                ->Unit(benchmark::kMillisecond)
                ->Iterations(100)
                ->UseManualTime();
        benchmark::RegisterBenchmark(("temporal/emcf_dense/" + name).c_str(),
                                     BM_temporal_emcf_dense, name)
                ->Unit(benchmark::kMillisecond)
                ->Iterations(100)
                ->UseManualTime();
        if (name == "t_hop3_100") {
            benchmark::RegisterBenchmark(("temporal/emcf_batch/" + name).c_str(),
                                         BM_temporal_emcf_batch, name)
                    ->Unit(benchmark::kMillisecond)
                    ->Iterations(200)
                    ->ArgName("threads")
                    ->Arg(1)
                    ->Arg(2)
                    ->UseRealTime();
        }
    }
    const char* const spatial[] = {"s_1e5_lo",      "s_1e5_hi",  "s_1e5_lo_dist",
                                   "s_1e5_hi_dist", "s_1e6_vlo", "s_1e6_lo",
                                   "s_1e6_hi"};
    for (const char* c : spatial) {
        const std::string name = c;
        if (!file_exists(dir + "/" + name + ".min")) {
            continue;
        }
        const bool big = name.rfind("s_1e6", 0) == 0;
        benchmark::RegisterBenchmark(("spatial/lemon_cap/" + name).c_str(),
                                     BM_spatial_lemon, name)
                ->Unit(benchmark::kMillisecond)
                ->Iterations(big ? 3 : 15)
                ->UseManualTime();
        benchmark::RegisterBenchmark(("spatial/emcf/" + name).c_str(), BM_spatial_emcf,
                                     name)
                ->Unit(benchmark::kMillisecond)
                ->Iterations(big ? 10 : 50)
                ->UseManualTime();
    }
    return 0;
}

const int registered = register_all();

} // namespace
