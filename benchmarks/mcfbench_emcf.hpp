// emcf's TemporalSolver as a solver of the peer harness
// ../shared/bench/mcf/mcfbench.cpp (spec `emcf`), as its README's "Plugging in the
// library's solver" describes: solve() takes the problem's (node, supply) list, as the
// harness gives LEMON, and returns the flows as a list (TemporalSolver::solve_sparse,
// the main row of compare_mcf.sh). `benchmarks/compare_mcf.sh peer` includes this
// file into a copy of the harness, after the harness's Problem, Solver, Clock and
// secs(); the peer's file is not modified.
#include <emcf/mcf/flow_network.hpp>
#include <emcf/mcf/sparse_flows.hpp>
#include <emcf/mcf/temporal_solver.hpp>

struct EmcfSolver : Solver {
    std::unique_ptr<emcf::TemporalSolver<>> solver;
    emcf::TemporalSolver<>::Workspace workspace;
    emcf::SparseFlows<std::int32_t> flows;
    int nedges = 0; // primal edges: the harness's arcs e and nedges + e

    EmcfSolver() { name = "emcf"; }

    void setup(const Problem& P) override
    {
        const auto t0 = Clock::now();
        // The generator writes primal edge e as arc e (c0 -> c1) and arc M/2 + e
        // (c1 -> c0), both of infinite capacity; anything else is not an EMCF problem.
        nedges = P.m / 2;
        bool paired = P.m % 2 == 0;
        for (int e = 0; paired && e < nedges; ++e) {
            paired = P.tail[nedges + e] == P.head[e] &&
                     P.head[nedges + e] == P.tail[e] && P.cap[e] >= kInfCap &&
                     P.cap[nedges + e] >= kInfCap;
        }
        if (!paired) {
            std::fprintf(stderr,
                         "emcf: arcs are not edge pairs of infinite capacity\n");
            std::exit(2);
        }
        const auto m = static_cast<std::size_t>(nedges);
        solver = std::make_unique<emcf::TemporalSolver<>>(
                emcf::FlowNetwork<>::from_edges(
                        static_cast<std::size_t>(P.n), emcf::view1d(P.tail.data(), m),
                        emcf::view1d(P.head.data(), m), emcf::view1d(P.cost.data(), m),
                        emcf::view1d(P.cost.data() + m, m)));
        workspace = solver->make_workspace();
        setup_s = secs(t0, Clock::now());
    }

    i64 solve(const Problem& P, int k, bool& ok) override
    {
        const auto first = static_cast<std::size_t>(P.sup_ptr[k]);
        const auto len = static_cast<std::size_t>(P.sup_ptr[k + 1]) - first;
        const auto result = solver->solve_sparse(
                emcf::view1d(P.sup_node.data() + first, len),
                emcf::view1d(P.sup_val.data() + first, len), flows, workspace);
        ok = result.status == emcf::FlowStatus::optimal;
        return result.total_cost;
    }

    // Conservation and recomputed cost of the last solve's flow list.
    int verify_last(const Problem& P, int k, i64 cost) override
    {
        std::vector<i64> balance(static_cast<std::size_t>(P.n), 0);
        i64 c = 0;
        for (std::size_t q = 0; q < flows.size(); ++q) {
            const int e = flows.edges[q];
            const i64 f = flows.values[q];
            balance[static_cast<std::size_t>(P.tail[e])] += f;
            balance[static_cast<std::size_t>(P.head[e])] -= f;
            c += f > 0 ? f * P.cost[e] : -f * P.cost[nedges + e];
        }
        for (int i = P.sup_ptr[k]; i < P.sup_ptr[k + 1]; ++i) {
            balance[static_cast<std::size_t>(P.sup_node[i])] -= P.sup_val[i];
        }
        for (const i64 b : balance) {
            if (b != 0) {
                return 0;
            }
        }
        return c == cost ? 1 : 0;
    }
};
