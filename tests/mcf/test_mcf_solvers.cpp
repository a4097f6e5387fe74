// TemporalSolver and SpatialSolver: the worked example of algorithm.md §2.6, optimal
// cost against LEMON NetworkSimplex on random temporal and spatial problems, flow
// conservation and cycle closure, determinism, the two solvers against each other, and
// every bad input.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include <doctest/doctest.h>

#include <emcf/graph/costs.hpp>
#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/grid_graph.hpp>
#include <emcf/graph/hop3_graph.hpp>
#include <emcf/graph/residues.hpp>
#include <emcf/graph/temporal_delaunay.hpp>
#include <emcf/mcf/spatial_solver.hpp>
#include <emcf/mcf/temporal_solver.hpp>

#include "mcf_test_support.hpp"
#include "../support/failing_allocations.hpp"

using emcf_test::view;

namespace {

// The network most tests use: the dual of a hop-3 graph of `epochs` epochs with unit
// costs, and a solver of type Solver on it (bind its members by name).
template <class Solver>
struct UnitHop3 {
    explicit UnitHop3(std::size_t epochs)
        : g(emcf::hop3_graph(epochs)), dual(g), cost(g.nedges(), 1),
          solver(dual, view(cost))
    {
    }
    emcf::PlanarGraph g;
    emcf::DualGraph dual;
    std::vector<std::int64_t> cost;
    Solver solver;
};

// Solve with the solver's own workspace and check the flows (conservation, recomputed
// cost); returns the optimal cost, or -1 if infeasible.
template <class Solver>
std::int64_t solve_checked(const Solver& solver, typename Solver::Workspace& ws,
                           const std::vector<std::int64_t>& residues,
                           std::vector<std::int64_t>& flows)
{
    flows.assign(solver.network().nedges(), 99);
    const auto r = solver.solve(view(residues), view(flows), ws);
    if (r.status == emcf::FlowStatus::infeasible) {
        CHECK(std::all_of(flows.begin(), flows.end(), [](auto f) { return f == 99; }));
        return -1;
    }
    REQUIRE(r.status == emcf::FlowStatus::optimal);
    CHECK(emcf_test::conserves(solver.network(), residues, flows));
    CHECK(emcf_test::flow_cost(solver.network(), flows) == r.total_cost);
    std::int64_t k = 0;
    for (const auto x : residues) {
        k += x > 0 ? x : 0;
    }
    CHECK(r.total_supply == k);
    return r.total_cost;
}

// TemporalSolver::solve_sparse on the non-zero residues listed in a random order (with
// a few explicit zeros) must give exactly the flows `dense` that solve() gave.
template <class Index>
void check_sparse(const emcf::TemporalSolver<>& solver,
                  emcf::TemporalSolver<>::Workspace& ws,
                  const std::vector<std::int64_t>& residues,
                  const std::vector<std::int64_t>& dense, std::int64_t expected_cost,
                  std::mt19937& gen)
{
    std::vector<Index> nodes;
    std::vector<std::int64_t> values;
    for (std::size_t u = 0; u < residues.size(); ++u) {
        if (residues[u] != 0 || gen() % 16 == 0) {
            nodes.push_back(static_cast<Index>(u));
            values.push_back(residues[u]);
        }
    }
    if (gen() % 2 == 0) { // the same problem, listed in another order
        std::vector<std::size_t> order(nodes.size());
        for (std::size_t q = 0; q < order.size(); ++q) {
            order[q] = q;
        }
        std::shuffle(order.begin(), order.end(), gen);
        std::vector<Index> n2;
        std::vector<std::int64_t> v2;
        for (const auto q : order) {
            n2.push_back(nodes[q]);
            v2.push_back(values[q]);
        }
        nodes.swap(n2);
        values.swap(v2);
    }
    emcf::SparseFlows<std::int32_t> sparse;
    sparse.edges.assign(3, 7); // stale content: must be cleared
    const auto r = solver.solve_sparse(view(nodes), view(values), sparse, ws);
    if (expected_cost < 0) {
        CHECK(r.status == emcf::FlowStatus::infeasible);
        CHECK(sparse.empty());
        return;
    }
    REQUIRE(r.status == emcf::FlowStatus::optimal);
    CHECK(r.total_cost == expected_cost);
    REQUIRE(sparse.edges.size() == sparse.values.size());
    std::vector<std::int64_t> from_list(dense.size(), 0);
    std::vector<char> seen(dense.size(), 0);
    for (std::size_t q = 0; q < sparse.size(); ++q) {
        const auto e = static_cast<std::size_t>(sparse.edges[q]);
        REQUIRE(e < dense.size());
        CHECK(seen[e] == 0); // each edge once
        CHECK(sparse.values[q] != 0);
        seen[e] = 1;
        from_list[e] = sparse.values[q];
    }
    CHECK(from_list == dense);
}

// A Delaunay (time, B⊥) temporal graph of `nepochs` SLCs: 6- or 12-day revisits,
// perpendicular baselines N(0, 80 m).
emcf::PlanarGraph revisit_delaunay(std::size_t nepochs, std::mt19937& gen)
{
    std::normal_distribution<double> baseline(0.0, 80.0);
    std::vector<double> t{0.0};
    std::vector<double> b{baseline(gen)};
    while (t.size() < nepochs) {
        t.push_back(t.back() + (gen() % 3 == 0 ? 6.0 : 12.0));
        b.push_back(baseline(gen));
    }
    return emcf::temporal_delaunay_graph(view(t), view(b));
}

std::int64_t total_supply(const std::vector<std::int64_t>& r)
{
    std::int64_t k = 0;
    for (const auto x : r) {
        k += x > 0 ? x : 0;
    }
    return k;
}

} // namespace

TEST_CASE_TEMPLATE("mcf: worked example of algorithm.md §2.6", Solver,
                   emcf::TemporalSolver<>, emcf::SpatialSolver<>)
{
    // hop-3, 4 epochs, one link with true epoch phases 2π·[0, .2, .4, .6]
    const auto g = emcf::hop3_graph(4);
    const emcf::DualGraph dual(g);
    const std::vector<double> truth_cycles{0.2, 0.4, 0.6, 0.2, 0.4, 0.2};
    std::vector<double> wrapped(g.nedges());
    for (std::size_t e = 0; e < g.nedges(); ++e) {
        wrapped[e] = emcf::wrap(emcf::two_pi<double>() * truth_cycles[e]);
    }
    std::vector<std::int64_t> residues(dual.nnodes());
    emcf::residues_from_gradients(dual, view(wrapped), view(residues));
    REQUIRE(residues == std::vector<std::int64_t>{-1, 0, 1, 0});
    const std::vector<std::int64_t> cost(g.nedges(), 1);
    const Solver solver(dual, view(cost));
    std::vector<std::int32_t> flows(g.nedges(), 5);
    const auto r = solver.solve(view(residues), view(flows));
    CHECK(r.status == emcf::FlowStatus::optimal);
    CHECK(r.total_cost == 1);
    CHECK(flows == std::vector<std::int32_t>{0, 0, 1, 0, 0, 0});
    for (std::size_t e = 0; e < g.nedges(); ++e) {
        CHECK(wrapped[e] + emcf::two_pi<double>() * flows[e] ==
              doctest::Approx(emcf::two_pi<double>() * truth_cycles[e]));
    }
}

TEST_CASE("mcf: temporal augmenting paths (conflicting nearest sources) match LEMON")
{
    // Dense residues with repeated nodes (|residue| up to 4) and a busy ground, so
    // that many sinks share a nearest source and the Hungarian searches run: unit
    // costs (long runs of ties), random symmetric costs, asymmetric costs with zeros.
    // Each problem is also solved a second time after others, flows compared: a
    // search leaves nothing behind in the workspace. Both searches, each forced, must
    // give the optimal cost (the dense one's columns: source nodes holding several
    // units, the ground among them).
    std::mt19937 gen(404);
    std::size_t searched = 0;
    std::size_t checked = 0;
    for (const std::size_t nepochs : {6, 20, 45}) {
        const auto g = emcf::hop3_graph(nepochs);
        const emcf::DualGraph dual(g);
        for (int cost_kind = 0; cost_kind < 3; ++cost_kind) {
            std::vector<std::int64_t> cost(g.nedges(), 1);
            std::vector<std::int64_t> revcost = cost;
            if (cost_kind == 1) {
                cost = revcost = emcf_test::random_costs(g.nedges(), 1, 40, gen);
            } else if (cost_kind == 2) {
                cost = emcf_test::random_costs(g.nedges(), 0, 9, gen);
                revcost = emcf_test::random_costs(g.nedges(), 0, 9, gen);
            }
            const emcf::TemporalSolver<> temporal(
                    emcf::FlowNetwork<>(dual, view(cost), view(revcost)),
                    emcf::TemporalSearch::lazy);
            CHECK(temporal.search() == emcf::TemporalSearch::lazy);
            const emcf::TemporalSolver<> dense(
                    emcf::FlowNetwork<>(dual, view(cost), view(revcost)),
                    emcf::TemporalSearch::dense);
            CHECK(dense.search() == emcf::TemporalSearch::dense);
            auto ws = temporal.make_workspace();
            auto dense_ws = dense.make_workspace();
            std::vector<std::int64_t> flows;
            std::vector<std::int64_t> again(g.nedges());
            std::vector<std::int64_t> previous;
            std::vector<std::int64_t> previous_flows;
            for (int p = 0; p < 60; ++p) {
                const std::size_t pairs = 4 + std::size_t(p) % (dual.nnodes() / 2 + 1);
                const auto residues = emcf_test::random_supplies(
                        dual.nnodes(), pairs, std::size_t(p) % 5, gen);
                CAPTURE(nepochs);
                CAPTURE(cost_kind);
                CAPTURE(p);
                const auto expected =
                        emcf_test::lemon_min_cost(temporal.network(), residues);
                CHECK(solve_checked(temporal, ws, residues, flows) == expected);
                CHECK(solve_checked(dense, dense_ws, residues, again) == expected);
                const auto r = temporal.solve(view(residues), view(again), ws);
                searched += r.augmentations > 0;
                CHECK(again == flows);
                if (!previous.empty()) { // the previous problem, after this one
                    temporal.solve(view(previous), view(again), ws);
                    CHECK(again == previous_flows);
                }
                previous = residues;
                previous_flows = flows;
                ++checked;
            }
        }
    }
    CHECK(checked == 540);
    CHECK(searched > 150); // the augmenting paths were exercised
}

TEST_CASE("mcf: temporal problems match LEMON NetworkSimplex (1500 problems)")
{
    // hop-3 graphs of several sizes; unit, spurt-like distance, random symmetric and
    // asymmetric (zero-cost edges included) costs, and costs so large that path costs
    // pass 32 bits (the temporal solver's wide table); residues from noisy link phases
    // and synthetic large-k supplies with a busy ground.
    std::mt19937 gen(2024);
    std::size_t checked = 0;
    std::size_t large_k = 0;
    for (const std::size_t nepochs : {4, 5, 12, 30, 60}) {
        const auto g = emcf::hop3_graph(nepochs);
        const emcf::DualGraph dual(g);
        for (int cost_kind = 0; cost_kind < 6; ++cost_kind) {
            std::vector<std::int64_t> cost(g.nedges(), 1);
            std::vector<std::int64_t> revcost = cost;
            if (cost_kind == 1) { // spurt's distance costs rint(1 + 100 / length)
                for (std::size_t e = 0; e < g.nedges(); ++e) {
                    const auto len = g.edge(e)[1] - g.edge(e)[0];
                    cost[e] = revcost[e] = 1 + (100 + len / 2) / len;
                }
            } else if (cost_kind == 2) {
                cost = revcost = emcf_test::random_costs(g.nedges(), 1, 1000, gen);
            } else if (cost_kind == 3) {
                cost = emcf_test::random_costs(g.nedges(), 0, 50, gen);
                revcost = emcf_test::random_costs(g.nedges(), 0, 50, gen);
            } else if (cost_kind == 4) {
                cost = emcf_test::random_costs(g.nedges(), 1, 1000000, gen);
                revcost = emcf_test::random_costs(g.nedges(), 1, 3, gen);
            } else if (cost_kind == 5) { // a path can cost more than 2^31
                cost = emcf_test::random_costs(g.nedges(), 100000000, 1000000000, gen);
                revcost = emcf_test::random_costs(g.nedges(), 100000000, 1000000000, gen);
                REQUIRE(emcf::FlowNetwork<>(dual, view(cost), view(revcost))
                                .path_cost_bound() >
                        std::numeric_limits<std::int32_t>::max());
            }
            const emcf::TemporalSolver<> temporal(dual, view(cost), view(revcost));
            const emcf::SpatialSolver<> spatial(dual, view(cost), view(revcost));
            auto tws = temporal.make_workspace();
            auto sws = spatial.make_workspace();
            std::vector<std::int64_t> flows;
            for (int p = 0; p < 50; ++p) {
                std::vector<std::int64_t> residues(dual.nnodes());
                std::vector<double> grad;
                if (p % 2 == 0) {
                    grad = emcf_test::noisy_gradients(g, gen, 0.5 + 0.05 * p);
                    emcf::residues_from_gradients(dual, view(grad), view(residues));
                } else {
                    const std::size_t pairs = 1 + std::size_t(p) % dual.nnodes();
                    residues = emcf_test::random_supplies(dual.nnodes(), pairs,
                                                          std::size_t(p) % 7, gen);
                }
                large_k += total_supply(residues) >= 16;
                const auto expected =
                        emcf_test::lemon_min_cost(temporal.network(), residues);
                CAPTURE(nepochs);
                CAPTURE(cost_kind);
                CAPTURE(p);
                CHECK(solve_checked(temporal, tws, residues, flows) == expected);
                if (p % 3 == 0) {
                    check_sparse<std::int32_t>(temporal, tws, residues, flows,
                                               expected, gen);
                } else {
                    check_sparse<std::int64_t>(temporal, tws, residues, flows,
                                               expected, gen);
                }
                if (!grad.empty()) {
                    const auto after = emcf_test::residues_after(dual, grad, flows);
                    CHECK(std::all_of(after.begin(), after.end(),
                                      [](auto x) { return x == 0; }));
                }
                CHECK(solve_checked(spatial, sws, residues, flows) == expected);
                ++checked;
            }
        }
    }
    CHECK(checked == 1500);
    CHECK(large_k > 100);
}

TEST_CASE("mcf: temporal Delaunay (time, B⊥) network with distance costs matches LEMON")
{
    // The network of reference/anchors.md's t_del_100_dist, smaller: with distance
    // costs on a two-dimensional network the lazy searches read far down their lists,
    // so the automatic choice is the dense search. Optimal costs against LEMON,
    // conserved flows, cycle closure, listed and dense input agreeing, a second solve
    // giving the same flows; the lazy search, forced, optimal too.
    std::mt19937 gen(77);
    const auto g = revisit_delaunay(60, gen);
    const emcf::DualGraph dual(g);
    const auto cost = emcf::distance_costs(g);
    const emcf::TemporalSolver<> temporal(dual, view(cost));
    REQUIRE(temporal.search() == emcf::TemporalSearch::dense);
    const emcf::TemporalSolver<> lazy(emcf::FlowNetwork<>(dual, view(cost)),
                                      emcf::TemporalSearch::lazy);
    CHECK(lazy.search() == emcf::TemporalSearch::lazy);
    CHECK_THROWS_WITH_AS(
            emcf::TemporalSolver<>(emcf::FlowNetwork<>(dual, view(cost)),
                                   static_cast<emcf::TemporalSearch>(7)),
            "emcf: invalid argument 'search': not a TemporalSearch value (7)",
            emcf::invalid_argument);
    auto ws = temporal.make_workspace();
    auto lazy_ws = lazy.make_workspace();
    std::vector<std::int64_t> flows;
    std::vector<std::int64_t> again(g.nedges());
    std::vector<std::int64_t> residues(dual.nnodes());
    std::size_t searches = 0;
    std::size_t large_k = 0;
    for (int p = 0; p < 120; ++p) {
        const auto grad = emcf_test::noisy_gradients(g, gen, 0.8 + 0.02 * p);
        emcf::residues_from_gradients(dual, view(grad), view(residues));
        const auto expected = emcf_test::lemon_min_cost(temporal.network(), residues);
        CAPTURE(p);
        CHECK(solve_checked(temporal, ws, residues, flows) == expected);
        check_sparse<std::int32_t>(temporal, ws, residues, flows, expected, gen);
        const auto after = emcf_test::residues_after(dual, grad, flows);
        CHECK(std::all_of(after.begin(), after.end(), [](auto x) { return x == 0; }));
        const auto r = temporal.solve(view(residues), view(again), ws);
        CHECK(again == flows);
        searches += r.augmentations;
        CHECK(solve_checked(lazy, lazy_ws, residues, again) == expected);
        large_k += total_supply(residues) >= 16;
    }
    CHECK(searches > 200);
    CHECK(large_k > 20);
}

TEST_CASE("mcf: the automatic temporal search on spurt's networks and cost models")
{
    // What TemporalSearch::automatic picks for 100 epochs, where the times of both
    // searches on noisy-phase residues tell them apart (docs/performance.md, stop 19):
    // the dense search 3.6x faster with centroid costs on the Delaunay network and 4.2x
    // with distance costs; the lazy one 1.15x faster there with constant costs, 1.3x
    // and 1.17x on hop-3 with constant and distance costs.
    std::mt19937 gen(77);
    const auto delaunay = revisit_delaunay(100, gen);
    const auto hop3 = emcf::hop3_graph(100);
    const emcf::DualGraph delaunay_dual(delaunay);
    const emcf::DualGraph hop3_dual(hop3);
    const auto choice = [](const emcf::DualGraph& dual, const auto& cost) {
        return emcf::TemporalSolver<>(dual, view(cost)).search();
    };
    using emcf::TemporalSearch;
    const std::vector<std::int64_t> unit(delaunay.nedges(), 1);
    CHECK(choice(delaunay_dual, unit) == TemporalSearch::lazy);
    CHECK(choice(delaunay_dual, emcf::distance_costs(delaunay)) ==
          TemporalSearch::dense);
    CHECK(choice(delaunay_dual, emcf::centroid_costs(delaunay)) ==
          TemporalSearch::dense);
    CHECK(choice(hop3_dual, std::vector<std::int64_t>(hop3.nedges(), 1)) ==
          TemporalSearch::lazy);
    CHECK(choice(hop3_dual, emcf::distance_costs(hop3)) == TemporalSearch::lazy);
}

TEST_CASE("mcf: spatial problems match LEMON NetworkSimplex (24 problems)")
{
    // grids and triangulated grids with random diagonals; unit and random costs up to
    // 1e5 (symmetric and not); residue densities from 0.2 % to 10 %.
    std::mt19937 gen(77);
    int checked = 0;
    for (int p = 0; p < 24; ++p) {
        const std::size_t rows = 20 + std::size_t(p) * 3;
        const std::size_t cols = 30 + std::size_t(p % 5) * 9;
        const auto g = p % 2 == 0 ? emcf_test::triangulated_grid(rows, cols, gen)
                                  : emcf::grid_graph(rows, cols);
        const emcf::DualGraph dual(g);
        std::vector<std::int64_t> cost(g.nedges(), 1);
        std::vector<std::int64_t> revcost = cost;
        if (p % 3 == 1) {
            cost = revcost = emcf_test::random_costs(g.nedges(), 1, 100000, gen);
        } else if (p % 3 == 2) {
            cost = emcf_test::random_costs(g.nedges(), 1, 100, gen);
            revcost = emcf_test::random_costs(g.nedges(), 1, 100, gen);
        }
        const emcf::SpatialSolver<> spatial(dual, view(cost), view(revcost));
        auto ws = spatial.make_workspace();
        std::vector<std::int64_t> residues(dual.nnodes());
        std::vector<double> grad;
        const double density = 0.002 + 0.1 * double(p) / 23.0;
        if (p % 4 < 2) {
            // noise tuned until the residue density is in range
            double noise = 0.3;
            for (int attempt = 0; attempt < 40; ++attempt) {
                grad = emcf_test::noisy_gradients(g, gen, noise);
                emcf::residues_from_gradients(dual, view(grad), view(residues));
                const auto nres = std::count_if(residues.begin() + 1, residues.end(),
                                                [](auto x) { return x != 0; });
                const double got = double(nres) / double(dual.nnodes() - 1);
                if (got >= 0.5 * density && got <= 2.0 * density) {
                    break;
                }
                noise *= got < density ? 1.15 : 0.87;
            }
        } else {
            residues = emcf_test::random_supplies(
                    dual.nnodes(), std::size_t(density * double(dual.nnodes()) / 2) + 1,
                    std::size_t(p % 9), gen);
        }
        std::vector<std::int64_t> flows;
        const auto expected = emcf_test::lemon_min_cost(spatial.network(), residues);
        CAPTURE(p);
        REQUIRE(expected >= 0);
        CHECK(solve_checked(spatial, ws, residues, flows) == expected);
        if (!grad.empty()) {
            const auto after = emcf_test::residues_after(dual, grad, flows);
            CHECK(std::all_of(after.begin(), after.end(),
                              [](auto x) { return x == 0; }));
        }
        if (dual.nnodes() < 1500) { // the temporal solver's tables grow as n^2
            const emcf::TemporalSolver<> temporal(dual, view(cost), view(revcost));
            auto tws = temporal.make_workspace();
            CHECK(solve_checked(temporal, tws, residues, flows) == expected);
        }
        ++checked;
    }
    CHECK(checked == 24);
}

TEST_CASE("mcf: a larger spatial problem, both solvers agree with LEMON")
{
    // 20,000 dual nodes: large enough for the spatial solver's locality renumbering.
    std::mt19937 gen(5);
    const auto g = emcf_test::triangulated_grid(80, 126, gen);
    const emcf::DualGraph dual(g);
    REQUIRE(dual.nnodes() > (1U << 14));
    const std::vector<std::int64_t> cost(g.nedges(), 1);
    const emcf::SpatialSolver<> spatial(dual, view(cost));
    auto ws = spatial.make_workspace();
    for (const double noise : {0.5, 0.9}) {
        const auto grad = emcf_test::noisy_gradients(g, gen, noise);
        std::vector<std::int64_t> residues(dual.nnodes());
        emcf::residues_from_gradients(dual, view(grad), view(residues));
        std::vector<std::int64_t> flows;
        const auto expected = emcf_test::lemon_min_cost(spatial.network(), residues);
        CHECK(expected > 0);
        CHECK(solve_checked(spatial, ws, residues, flows) == expected);
        const auto after = emcf_test::residues_after(dual, grad, flows);
        CHECK(std::all_of(after.begin(), after.end(), [](auto x) { return x == 0; }));
    }
}

TEST_CASE_TEMPLATE("mcf: repeated residue rows give identical flows, any thread count",
                   Solver, emcf::TemporalSolver<>, emcf::SpatialSolver<>)
{
    // spurt's test_unwrap_many: one residue vector tiled; plus distinct vectors solved
    // in batches with 1 and 2 threads.
    std::mt19937 gen(9);
    const auto& [g, dual, cost, solver] = UnitHop3<Solver>(40);
    const std::size_t n = dual.nnodes();
    const std::size_t m = dual.nedges();
    const std::size_t nprob = 300;
    std::vector<std::int32_t> residues(n * nprob); // link-major: problem p contiguous
    std::vector<std::int64_t> one(n);
    for (std::size_t p = 0; p < nprob; ++p) {
        if (p % 3 == 0 || p < 3) {
            const auto grad = emcf_test::noisy_gradients(g, gen, 1.2);
            emcf::residues_from_gradients(dual, view(grad), view(one));
        }
        std::copy(one.begin(), one.end(), residues.begin() + std::ptrdiff_t(p * n));
    }
    const auto rv = emcf::col_major_view(
            static_cast<const std::int32_t*>(residues.data()), n, nprob);
    std::vector<std::int16_t> f1(m * nprob);
    std::vector<std::int16_t> f2(m * nprob, 7);
    const auto r1 =
            solver.solve_batch(rv, emcf::col_major_view(f1.data(), m, nprob), 1);
    const auto r2 =
            solver.solve_batch(rv, emcf::col_major_view(f2.data(), m, nprob), 2);
    CHECK(f1 == f2);
    REQUIRE(r1.size() == nprob);
    std::size_t nonzero = 0;
    for (std::size_t p = 0; p < nprob; ++p) {
        CHECK(r1[p].total_cost == r2[p].total_cost);
        nonzero += r1[p].total_supply > 0;
        if (p % 3 != 0 && p >= 3) { // a repeat of the row before
            CHECK(std::equal(f1.begin() + std::ptrdiff_t(p * m),
                             f1.begin() + std::ptrdiff_t((p + 1) * m),
                             f1.begin() + std::ptrdiff_t((p - 1) * m)));
        }
    }
    CHECK(nonzero > 50);
    // single solves with one workspace reproduce the batch
    auto ws = solver.make_workspace();
    std::vector<std::int16_t> single(m);
    for (std::size_t p = 0; p < nprob; p += 7) {
        solver.solve(emcf::view1d(residues.data() + p * n, n), view(single), ws);
        CHECK(std::equal(single.begin(), single.end(),
                         f1.begin() + std::ptrdiff_t(p * m)));
    }
}

TEST_CASE_TEMPLATE("mcf: zero residues, strided and narrow types", Solver,
                   emcf::TemporalSolver<std::int32_t, std::int32_t>,
                   emcf::SpatialSolver<std::int32_t, std::int32_t>)
{
    const auto g = emcf::grid_graph(9, 11);
    const emcf::DualGraph dual(g);
    std::mt19937 gen(3);
    const auto cost = emcf_test::random_costs(g.nedges(), 1, 9, gen);
    const Solver solver(dual, view(cost));
    // all zero: zero flows written, nothing else
    std::vector<std::int8_t> zero(dual.nnodes(), 0);
    std::vector<std::int64_t> flows(g.nedges(), 3);
    auto r = solver.solve(view(zero), view(flows));
    CHECK(r.status == emcf::FlowStatus::optimal);
    CHECK(r.total_cost == 0);
    CHECK(r.total_supply == 0);
    CHECK(std::all_of(flows.begin(), flows.end(), [](auto f) { return f == 0; }));
    // int8 residues in a strided column, int16 flows in a strided column
    const auto grad = emcf_test::noisy_gradients(g, gen, 1.0);
    std::vector<std::int64_t> residues(dual.nnodes());
    emcf::residues_from_gradients(dual, view(grad), view(residues));
    std::vector<std::int8_t> r8(2 * dual.nnodes());
    for (std::size_t u = 0; u < dual.nnodes(); ++u) {
        r8[2 * u + 1] = static_cast<std::int8_t>(residues[u]);
    }
    std::vector<std::int16_t> f16(3 * g.nedges(), 1);
    r = solver.solve(emcf::view1d(r8.data() + 1, dual.nnodes(), 2),
                     emcf::view1d(f16.data() + 2, g.nedges(), 3));
    REQUIRE(r.status == emcf::FlowStatus::optimal);
    std::vector<std::int64_t> f(g.nedges());
    for (std::size_t e = 0; e < g.nedges(); ++e) {
        f[e] = f16[3 * e + 2];
        CHECK(f16[3 * e] == 1); // untouched between the strided elements
    }
    CHECK(emcf_test::conserves(solver.network(), residues, f));
    CHECK(r.total_cost == emcf_test::lemon_min_cost(solver.network(), residues));
}

TEST_CASE_TEMPLATE("mcf: disconnected networks", Solver, emcf::TemporalSolver<>,
                   emcf::SpatialSolver<>)
{
    // Three components: a 4-cycle {0..3}, a triangle {4, 5, 6}, an isolated node 7.
    const std::vector<int> tails{0, 1, 2, 3, 4, 5, 6};
    const std::vector<int> heads{1, 2, 3, 0, 5, 6, 4};
    const std::vector<std::int64_t> cost{1, 2, 3, 4, 5, 6, 7};
    const std::vector<std::int64_t> revcost{7, 6, 5, 4, 3, 2, 1};
    const Solver solver(emcf::FlowNetwork<>::from_edges(8, view(tails), view(heads),
                                                        view(cost), view(revcost)));
    auto ws = solver.make_workspace();
    std::vector<std::int64_t> flows;
    // each component balanced: feasible
    const std::vector<std::int64_t> ok{2, -1, 0, -1, -1, 0, 1, 0};
    CHECK(solve_checked(solver, ws, ok, flows) ==
          emcf_test::lemon_min_cost(solver.network(), ok));
    // a supply whose demand lies in another component: infeasible, flows untouched
    const std::vector<std::int64_t> split{1, 0, 0, 0, 0, -1, 0, 0};
    CHECK(solve_checked(solver, ws, split, flows) == -1);
    CHECK(emcf_test::lemon_min_cost(solver.network(), split) == -1);
    const std::vector<std::int64_t> isolated{0, 0, 0, 0, 0, 0, 0, 0};
    CHECK(solve_checked(solver, ws, isolated, flows) == 0);
    const std::vector<std::int64_t> stuck{0, 0, 0, 1, 0, 0, 0, -1};
    CHECK(solve_checked(solver, ws, stuck, flows) == -1);
    // and the workspace still works after an infeasible problem
    CHECK(solve_checked(solver, ws, ok, flows) ==
          emcf_test::lemon_min_cost(solver.network(), ok));
    if constexpr (std::is_same_v<Solver, emcf::TemporalSolver<>>) {
        std::mt19937 gen(5);
        for (const auto* r : {&ok, &split, &isolated, &stuck}) {
            const auto cost = solve_checked(solver, ws, *r, flows);
            check_sparse<int>(solver, ws, *r, flows, cost, gen);
        }
    }
}

TEST_CASE("mcf: temporal searches in every component of a disconnected network match "
          "LEMON")
{
    // Three copies of a hop-3 dual side by side (node indices shifted), unit and random
    // costs, residues balanced in each copy: the temporal solver assigns one component
    // at a time, each a block of the problem's units with searches of its own, which
    // must read each sink's state at its place within the block.
    std::mt19937 gen(77);
    const auto g = emcf::hop3_graph(20);
    const emcf::DualGraph dual(g);
    const std::size_t n = dual.nnodes();
    std::size_t searched = 0;
    for (int cost_kind = 0; cost_kind < 2; ++cost_kind) {
        const auto cost = cost_kind == 0
                                  ? std::vector<std::int64_t>(g.nedges(), 1)
                                  : emcf_test::random_costs(g.nedges(), 1, 30, gen);
        const emcf::FlowNetwork<> one(dual, view(cost));
        std::vector<int> tails;
        std::vector<int> heads;
        std::vector<std::int64_t> costs;
        std::vector<std::int64_t> revcosts;
        for (std::size_t c = 0; c < 3; ++c) {
            for (std::size_t e = 0; e < one.nedges(); ++e) {
                tails.push_back(static_cast<int>(one.tail(e) + c * n));
                heads.push_back(static_cast<int>(one.head(e) + c * n));
                costs.push_back(one.cost(e));
                revcosts.push_back(one.revcost(e));
            }
        }
        const emcf::TemporalSolver<> solver(emcf::FlowNetwork<>::from_edges(
                3 * n, view(tails), view(heads), view(costs), view(revcosts)));
        REQUIRE(solver.network().ncomponents() == 3);
        auto ws = solver.make_workspace();
        std::vector<std::int64_t> flows;
        for (int p = 0; p < 40; ++p) {
            std::vector<std::int64_t> residues;
            for (std::size_t c = 0; c < 3; ++c) {
                const auto r = emcf_test::random_supplies(
                        n, 3 + std::size_t(p) % 12, std::size_t(p) % 3, gen);
                residues.insert(residues.end(), r.begin(), r.end());
            }
            CAPTURE(cost_kind);
            CAPTURE(p);
            const auto expected = emcf_test::lemon_min_cost(solver.network(), residues);
            CHECK(solve_checked(solver, ws, residues, flows) == expected);
            check_sparse<int>(solver, ws, residues, flows, expected, gen);
            searched += solver.solve(view(residues), view(flows), ws).augmentations > 0;
        }
    }
    CHECK(searched > 20); // the searches ran
}

TEST_CASE("mcf: temporal sparse input, bad lists")
{
    const auto& [g, dual, cost, solver] = UnitHop3<emcf::TemporalSolver<>>(6);
    auto ws = solver.make_workspace();
    emcf::SparseFlows<> flows;
    // (a structured binding is captured by name only from C++20)
    auto solve = [&, &solver = solver](const std::vector<int>& nodes,
                                       const std::vector<std::int64_t>& values) {
        return solver.solve_sparse(view(nodes), view(values), flows, ws);
    };
    CHECK_THROWS_WITH_AS(solve({1, 2}, {1}),
                         "emcf: invalid argument 'nodes': size mismatch: expected 1, "
                         "got 2",
                         emcf::invalid_argument);
    CHECK_THROWS_WITH_AS(solve({1, 8}, {1, -1}),
                         "emcf: invalid argument 'nodes': node 8 (entry 1) is outside "
                         "[0, 8)",
                         emcf::invalid_argument);
    CHECK_THROWS_WITH_AS(solve({-1, 2}, {1, -1}),
                         "emcf: invalid argument 'nodes': node -1 (entry 0) is outside "
                         "[0, 8)",
                         emcf::invalid_argument);
    CHECK_THROWS_WITH_AS(solve({3, 1, 3}, {1, -2, 1}),
                         "emcf: invalid argument 'nodes': node 3 is listed twice",
                         emcf::invalid_argument);
    // a list longer than the network, repeats included
    const std::vector<int> many(3 * dual.nnodes(), 4);
    CHECK_THROWS_WITH_AS(solve(many, std::vector<std::int64_t>(many.size(), 1)),
                         "emcf: invalid argument 'nodes': node 4 is listed twice",
                         emcf::invalid_argument);
    // zeros may repeat and overrun the network's size
    std::vector<int> zeros(3 * dual.nnodes(), 6);
    std::vector<std::int64_t> zero_values(zeros.size(), 0);
    zeros.push_back(1);
    zero_values.push_back(1);
    zeros.push_back(0);
    zero_values.push_back(-1);
    CHECK(solve(zeros, zero_values).total_supply == 1);
    CHECK_THROWS_WITH_AS(solve({1, 2}, {1, 1}),
                         "emcf: invalid argument 'residues': unbalanced: positive "
                         "residues sum to 2, negative ones to -0 (the ground, index 0, "
                         "must balance them)",
                         emcf::invalid_argument);
    const auto big = std::numeric_limits<std::int64_t>::max();
    CHECK_THROWS_AS(solve({1, 2, 3}, {big, big, -1}), emcf::overflow_error);
    CHECK_THROWS_AS(solve({1, 2}, {std::numeric_limits<std::int64_t>::min(), 1}),
                    emcf::overflow_error);
    // after every error the workspace still solves, and gives solve()'s flows
    const std::vector<int> nodes{2, 0, 5};
    const std::vector<std::int64_t> values{1, -2, 1};
    const auto r = solver.solve_sparse(view(nodes), view(values), flows, ws);
    REQUIRE(r.status == emcf::FlowStatus::optimal);
    std::vector<std::int64_t> residues(dual.nnodes(), 0);
    residues[2] = 1;
    residues[0] = -2;
    residues[5] = 1;
    std::vector<std::int64_t> dense(g.nedges());
    CHECK(solver.solve(view(residues), view(dense), ws).total_cost == r.total_cost);
    std::vector<std::int64_t> from_list(g.nedges(), 0);
    for (std::size_t q = 0; q < flows.size(); ++q) {
        from_list[static_cast<std::size_t>(flows.edges[q])] = flows.values[q];
    }
    CHECK(from_list == dense);
    // an empty list: no flows, nothing else touched
    flows.edges.assign(2, 1);
    flows.values.assign(2, 1);
    CHECK(solve({}, {}).total_cost == 0);
    CHECK(flows.empty());
}

TEST_CASE("mcf: a temporal workspace reused over many problems gives a fresh one's flows")
{
    // 1500 lists of a few unit residues (the one-pass reading) through one workspace:
    // its problem stamps wrap several times, and a node that was a source long before
    // (and never since: few residues on 196 nodes) must not count as one now.
    const auto& [g, dual, cost, solver] = UnitHop3<emcf::TemporalSolver<>>(100);
    auto reused = solver.make_workspace();
    emcf::SparseFlows<> flows;
    emcf::SparseFlows<> fresh_flows;
    std::mt19937 gen(11);
    std::vector<int> order(dual.nnodes() - 1);
    std::iota(order.begin(), order.end(), 1);
    int searched = 0;
    for (int p = 0; p < 1500; ++p) {
        std::shuffle(order.begin(), order.end(), gen);
        const std::size_t pairs = 1 + gen() % 8;
        std::vector<std::int64_t> residues(dual.nnodes(), 0);
        for (std::size_t i = 0; i < 2 * pairs; ++i) {
            residues[static_cast<std::size_t>(order[i])] = i < pairs ? 1 : -1;
        }
        if (p % 3 == 0) { // a unit to or from the ground
            residues[static_cast<std::size_t>(order[2 * pairs])] = 1;
            residues[0] = -1;
        }
        std::vector<int> nodes;
        std::vector<std::int64_t> values;
        for (std::size_t u = 0; u < residues.size(); ++u) {
            if (residues[u] != 0) {
                nodes.push_back(static_cast<int>(u));
                values.push_back(residues[u]);
            }
        }
        CAPTURE(p);
        const auto r = solver.solve_sparse(view(nodes), view(values), flows, reused);
        auto fresh = solver.make_workspace();
        const auto f = solver.solve_sparse(view(nodes), view(values), fresh_flows, fresh);
        REQUIRE(r.status == emcf::FlowStatus::optimal);
        CHECK(r.total_cost == f.total_cost);
        CHECK(r.augmentations == f.augmentations);
        CHECK(flows.edges == fresh_flows.edges);
        CHECK(flows.values == fresh_flows.values);
        if (p % 50 == 0) {
            CHECK(r.total_cost == emcf_test::lemon_min_cost(solver.network(), residues));
        }
        searched += r.augmentations > 0;
    }
    CHECK(searched > 50); // the augmenting paths read the marks too
}

TEST_CASE_TEMPLATE("mcf: an allocation failing in a solve leaves the workspace as new",
                   Solver, emcf::TemporalSolver<>, emcf::SpatialSolver<>)
{
    // Each allocation of a solve fails in turn, on a new workspace and on one that has
    // solved a small problem (workspaces grow in steps, some vectors together); the
    // workspace must then solve every problem exactly as a fresh one does.
    std::mt19937 gen(21);
    const auto& [g, dual, cost, solver] = UnitHop3<Solver>(100);
    const std::size_t n = dual.nnodes();
    std::vector<std::vector<std::int64_t>> problems(3, std::vector<std::int64_t>(n));
    const auto grad = emcf_test::noisy_gradients(g, gen, 1.5);
    emcf::residues_from_gradients(dual, view(grad), view(problems[0]));
    problems[1] = emcf_test::random_supplies(n, 25, 3, gen); // multi-unit residues
    problems[2] = emcf_test::random_supplies(n, 1, 0, gen);  // the small one
    REQUIRE(total_supply(problems[0]) > 10);
    std::vector<std::vector<std::int64_t>> expected;
    std::vector<std::int64_t> flows(dual.nedges());
    for (const auto& r : problems) {
        auto fresh = solver.make_workspace();
        REQUIRE(solver.solve(view(r), view(flows), fresh).status ==
                emcf::FlowStatus::optimal);
        expected.push_back(flows);
    }
    for (const bool warm : {false, true}) {
        CAPTURE(warm);
        long failing = 1;
        for (;; ++failing) {
            CAPTURE(failing);
            auto ws = solver.make_workspace();
            if (warm) {
                solver.solve(view(problems[2]), view(flows), ws);
            }
            const bool threw =
                    emcf_test::throws_at_allocation(failing, [&, &solver = solver] {
                        return solver.solve(view(problems[0]), view(flows), ws);
                    });
            for (std::size_t q = 0; q < problems.size(); ++q) {
                solver.solve(view(problems[q]), view(flows), ws);
                CHECK(flows == expected[q]);
            }
            if (!threw) {
                break;
            }
        }
        CHECK(failing > 3); // (the solve allocated: the failures were real)
    }
}

TEST_CASE("mcf: an allocation failing in a listed solve leaves the workspace as new")
{
    // As above for TemporalSolver::solve_sparse: the one-pass reading of unit residues
    // and the general one (multi-unit residues), and the flow list.
    std::mt19937 gen(22);
    const auto& [g, dual, cost, solver] = UnitHop3<emcf::TemporalSolver<>>(100);
    const std::size_t n = dual.nnodes();
    std::vector<std::int64_t> residues(n);
    const auto grad = emcf_test::noisy_gradients(g, gen, 1.5);
    emcf::residues_from_gradients(dual, view(grad), view(residues));
    // unit residues only: the ground's units moved to triangles without a residue
    residues[0] = 0;
    std::int64_t sum = std::accumulate(residues.begin(), residues.end(), std::int64_t{0});
    for (std::size_t u = 1; u < n && sum != 0; ++u) {
        if (residues[u] == 0) {
            residues[u] = sum > 0 ? -1 : 1;
            sum += residues[u];
        }
    }
    REQUIRE(sum == 0);
    const std::vector<std::vector<std::int64_t>> problems = {
            residues, emcf_test::random_supplies(n, 25, 3, gen)};
    using List = std::pair<std::vector<int>, std::vector<std::int64_t>>;
    std::vector<List> lists;
    for (const auto& r : problems) {
        List list;
        for (std::size_t u = 0; u < n; ++u) {
            if (r[u] != 0) {
                list.first.push_back(static_cast<int>(u));
                list.second.push_back(r[u]);
            }
        }
        lists.push_back(list);
    }
    REQUIRE(std::all_of(lists[0].second.begin(), lists[0].second.end(),
                        [](auto x) { return x == 1 || x == -1; }));
    REQUIRE(lists[0].first.size() > 20);
    auto solve = [&, &solver = solver](const List& list, emcf::SparseFlows<>& out,
                                       emcf::TemporalSolver<>::Workspace& ws) {
        return solver.solve_sparse(view(list.first), view(list.second), out, ws);
    };
    std::vector<emcf::SparseFlows<>> expected(lists.size());
    for (std::size_t q = 0; q < lists.size(); ++q) {
        auto fresh = solver.make_workspace();
        REQUIRE(solve(lists[q], expected[q], fresh).status ==
                emcf::FlowStatus::optimal);
    }
    for (std::size_t first = 0; first < lists.size(); ++first) {
        CAPTURE(first);
        long failing = 1;
        for (;; ++failing) {
            CAPTURE(failing);
            auto ws = solver.make_workspace();
            emcf::SparseFlows<> flows;
            const bool threw = emcf_test::throws_at_allocation(
                    failing, [&] { return solve(lists[first], flows, ws); });
            for (std::size_t q = 0; q < lists.size(); ++q) {
                solve(lists[q], flows, ws);
                CHECK(flows.edges == expected[q].edges);
                CHECK(flows.values == expected[q].values);
            }
            if (!threw) {
                break;
            }
        }
        CHECK(failing > 3);
    }
}

TEST_CASE_TEMPLATE("mcf: bad input", Solver, emcf::TemporalSolver<>,
                   emcf::SpatialSolver<>)
{
    const auto& [g, dual, cost, solver] = UnitHop3<Solver>(6);
    auto ws = solver.make_workspace();
    std::vector<std::int64_t> residues(dual.nnodes(), 0);
    std::vector<std::int64_t> flows(g.nedges(), 0);
    residues[2] = 1;
    CHECK_THROWS_WITH_AS(solver.solve(view(residues), view(flows), ws),
                         "emcf: invalid argument 'residues': unbalanced: positive "
                         "residues sum to 1, negative ones to -0 (the ground, index 0, "
                         "must balance them)",
                         emcf::invalid_argument);
    residues[0] = -1;
    CHECK_THROWS_WITH_AS(
            solver.solve(emcf::view1d(residues.data(), 5), view(flows), ws),
            "emcf: invalid argument 'residues': size mismatch: expected 8, got 5",
            emcf::invalid_argument);
    CHECK_THROWS_WITH_AS(
            solver.solve(view(residues), emcf::view1d(flows.data(), 3), ws),
            "emcf: invalid argument 'flows': size mismatch: expected 12, got 3",
            emcf::invalid_argument);
    // flows that cannot hold the total supply
    std::vector<std::int64_t> many(dual.nnodes(), 0);
    many[1] = 200;
    many[0] = -200;
    std::vector<std::int8_t> f8(g.nedges());
    try {
        solver.solve(view(many), view(f8), ws);
        FAIL("expected an overflow error");
    } catch (const emcf::overflow_error& e) {
        CHECK(e.argument() == "flows");
    }
    // a total supply beyond the Flow type
    std::vector<std::int64_t> huge(dual.nnodes(), 0);
    huge[1] = std::numeric_limits<std::int64_t>::max();
    huge[2] = 5;
    huge[0] = std::numeric_limits<std::int64_t>::min() + 1;
    huge[3] = -5;
    try {
        solver.solve(view(huge), view(flows), ws);
        FAIL("expected an overflow error");
    } catch (const emcf::overflow_error& e) {
        CHECK(e.argument() == "residues");
    }
    // a total supply whose path costs could overflow the Cost type (the limit: a
    // quarter of its range over the path-cost bound, 12 unit edges here)
    const std::uintmax_t limit = solver.network().max_total_supply();
    REQUIRE(limit == static_cast<std::uintmax_t>(std::numeric_limits<std::int64_t>::max() /
                                                  4 / 12));
    std::vector<std::int64_t> over(dual.nnodes(), 0);
    over[1] = static_cast<std::int64_t>(limit) + 1;
    over[0] = -over[1];
    CHECK_THROWS_WITH_AS(solver.solve(view(over), view(flows), ws),
                         ("emcf: invalid argument 'residues': total supply " +
                          std::to_string(limit + 1) +
                          " times the path-cost bound could overflow the Cost type")
                                 .c_str(),
                         emcf::overflow_error);
    if constexpr (std::is_same_v<Solver, emcf::TemporalSolver<>>) {
        // within that limit but more units than the temporal solver numbers (int):
        // refused before anything of that size is allocated
        over[1] = 3000000000;
        over[0] = -over[1];
        CHECK_THROWS_WITH_AS(solver.solve(view(over), view(flows), ws),
                             "emcf: invalid argument 'residues': total supply 3000000000 "
                             "exceeds the temporal solver's unit count",
                             emcf::overflow_error);
        const std::vector<std::int64_t> nodes{0, 1};
        const std::vector<std::int64_t> values{over[0], over[1]};
        emcf::SparseFlows<> listed;
        CHECK_THROWS_AS(solver.solve_sparse(view(nodes), view(values), listed, ws),
                        emcf::overflow_error);
    }
    // the workspace is still usable after the exceptions
    CHECK(solver.solve(view(residues), view(flows), ws).total_cost ==
          emcf_test::lemon_min_cost(solver.network(), residues));
    // batch shapes and threads
    std::vector<std::int32_t> rb(dual.nnodes() * 2, 0);
    std::vector<std::int32_t> fb(g.nedges() * 2, 0);
    CHECK_THROWS_WITH_AS(solver.solve_batch(emcf::row_major_view(rb.data(), 2, 8),
                                            emcf::row_major_view(fb.data(), 12, 2)),
                         "emcf: invalid argument 'residues': expected 8 rows (dual "
                         "nodes), got 2",
                         emcf::invalid_argument);
    CHECK_THROWS_WITH_AS(
            solver.solve_batch(emcf::row_major_view(rb.data(), 8, 2),
                               emcf::row_major_view(fb.data(), 2, 12)),
            "emcf: invalid argument 'flows': shape mismatch: expected 12 x "
            "2, got 2 x 12",
            emcf::invalid_argument);
    CHECK_THROWS_AS(solver.solve_batch(emcf::row_major_view(rb.data(), 8, 2),
                                       emcf::row_major_view(fb.data(), 12, 2), -1),
                    emcf::invalid_argument);
}

TEST_CASE("mcf: a spatial workspace belongs to its solver")
{
    const emcf::DualGraph d1(emcf::hop3_graph(6));
    const emcf::DualGraph d2(emcf::hop3_graph(7));
    const std::vector<std::int64_t> c1(d1.nedges(), 1);
    const std::vector<std::int64_t> c2(d2.nedges(), 1);
    const emcf::SpatialSolver<> s1(d1, view(c1));
    const emcf::SpatialSolver<> s2(d2, view(c2));
    auto ws2 = s2.make_workspace();
    std::vector<std::int64_t> r(d1.nnodes(), 0);
    std::vector<std::int64_t> f(d1.nedges(), 0);
    CHECK_THROWS_WITH_AS(s1.solve(view(r), view(f), ws2),
                         "emcf: invalid argument 'workspace': not made for this solver",
                         emcf::invalid_argument);
}
