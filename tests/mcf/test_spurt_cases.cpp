// spurt's MCF test cases (reference/algorithm.md §7.3, test/mcf/test_ortools.py): the
// fixture's optimal costs 24 / 5740 / 2739, test_unwrap_one, and the SNAPHU ramp on a
// 256 x 256 grid and on its Delaunay triangulation.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <doctest/doctest.h>

#include <emcf/graph/costs.hpp>
#include <emcf/graph/delaunay.hpp>
#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/grid_graph.hpp>
#include <emcf/graph/residues.hpp>
#include <emcf/integrate/integrate_gradients.hpp>
#include <emcf/integrate/integrate_points.hpp>
#include <emcf/mcf/spatial_solver.hpp>

#include "../support/spurt_fixture.hpp"
#include "mcf_test_support.hpp"

using emcf_test::view;

namespace {

// Wrapped gradient along every edge low -> high (spurt's phase_diff).
std::vector<double> wrapped_gradients(const emcf::PlanarGraph& g,
                                      const std::vector<double>& phase)
{
    std::vector<double> grad(g.nedges());
    for (std::size_t e = 0; e < g.nedges(); ++e) {
        grad[e] = emcf::wrapped_diff(phase[std::size_t(g.edge(e)[0])],
                                     phase[std::size_t(g.edge(e)[1])]);
    }
    return grad;
}

// The fixture's wrapped phases, their residues and spurt's centroid costs (cost 0 to
// the ground).
struct Wrapped {
    emcf_test::SpurtMcfFixture f = emcf_test::spurt_mcf_fixture();
    emcf::DualGraph dual{f.graph};
    std::vector<double> wrapped;
    std::vector<std::int64_t> residues;
    std::vector<std::int64_t> centroid;

    Wrapped() : wrapped(f.pd.size()), residues(dual.nnodes())
    {
        for (std::size_t p = 0; p < wrapped.size(); ++p) {
            wrapped[p] = emcf::wrap(f.pd[p]);
        }
        emcf::residues_from_points(f.graph, view(wrapped), view(residues));
        emcf::CentroidCostOptions spurt;
        spurt.boundary = emcf::BoundaryCost::zero;
        centroid = emcf::centroid_costs(f.graph, dual, spurt);
    }
};

} // namespace

TEST_CASE("mcf: spurt fixture, optimal costs 24 / 5740 / 2739 (test_ortools.py)")
{
    const Wrapped w;
    const auto& f = w.f;
    const auto& dual = w.dual;
    const auto& residues = w.residues;
    REQUIRE(f.graph.npoints() == 1000);
    REQUIRE(f.graph.nedges() == 2988);
    REQUIRE(f.graph.ncycles() == 1989);
    CHECK(std::count(residues.begin() + 1, residues.end(), 1) == 10);
    CHECK(std::count(residues.begin() + 1, residues.end(), -1) == 10);
    CHECK(residues[0] == 0);
    const auto grad = wrapped_gradients(f.graph, w.wrapped);
    const std::vector<std::vector<std::int64_t>> costs{
            emcf::constant_costs(f.graph), w.centroid, emcf::distance_costs(f.graph)};
    const std::int64_t expected[] = {24, 5740, 2739};
    for (std::size_t c = 0; c < costs.size(); ++c) {
        CAPTURE(c);
        const emcf::SpatialSolver<> solver(dual, view(costs[c]));
        std::vector<std::int64_t> flows(f.graph.nedges());
        const auto r = solver.solve(view(residues), view(flows));
        CHECK(r.status == emcf::FlowStatus::optimal);
        CHECK(r.total_cost == expected[c]);
        CHECK(emcf_test::lemon_min_cost(solver.network(), residues) == expected[c]);
        CHECK(emcf_test::flow_cost(solver.network(), flows) == expected[c]);
        const auto after = emcf_test::residues_after(dual, grad, flows);
        CHECK(std::all_of(after.begin(), after.end(), [](auto x) { return x == 0; }));
    }
}

TEST_CASE("mcf: spurt's test_unwrap_one (centroid costs, flows then flood fill)")
{
    const Wrapped w;
    const auto& f = w.f;
    const emcf::SpatialSolver<> solver(w.dual, view(w.centroid));
    std::vector<std::int32_t> flows(f.graph.nedges());
    REQUIRE(solver.solve(view(w.residues), view(flows)).status ==
            emcf::FlowStatus::optimal);
    std::vector<double> uw(f.graph.npoints());
    const auto integ =
            emcf::integrate_points(f.graph, view(w.wrapped), view(flows), view(uw));
    CHECK(integ.closure == emcf::ClosureStatus::closed);
    // diff = Δuw - Δpd on the edges: whole cycles (congruent), not all zero (the noise
    // makes the true field non-conservative in places).
    double max_abs = 0;
    double lo = 1e300;
    double hi = -1e300;
    for (std::size_t e = 0; e < f.graph.nedges(); ++e) {
        const auto a = std::size_t(f.graph.edge(e)[0]);
        const auto b = std::size_t(f.graph.edge(e)[1]);
        const double diff = (uw[b] - uw[a]) - (f.pd[b] - f.pd[a]);
        max_abs = std::max(max_abs, std::abs(diff));
        const double w = emcf::wrap(diff);
        lo = std::min(lo, w);
        hi = std::max(hi, w);
    }
    CHECK(max_abs > 1);
    CHECK(hi - lo < 1e-3);
}

TEST_CASE("mcf: spurt's test_snaphu_data and test_snaphu_sparse (ramp, 256 x 256)")
{
    // y, x = ogrid[-3:3:256j, -3:3:256j]; phase = π (x + y); Reg2DGraph points (c, r)
    const std::size_t n = 256;
    const auto grid = emcf::grid_graph(n, n);
    std::vector<double> phase(n * n);
    for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t c = 0; c < n; ++c) {
            const double x = -3.0 + 6.0 * double(c) / double(n - 1);
            const double y = -3.0 + 6.0 * double(r) / double(n - 1);
            phase[r * n + c] = emcf::pi<double>() * (x + y);
        }
    }
    std::vector<double> wrapped(phase.size());
    for (std::size_t p = 0; p < phase.size(); ++p) {
        wrapped[p] = emcf::wrap(phase[p]);
    }
    const auto tri = emcf::delaunay_graph(emcf::row_major_view(
            static_cast<const double*>(grid.coordinates().data()), n * n, 2));
    for (const emcf::PlanarGraph* g : {&grid, &tri}) {
        const emcf::DualGraph dual(*g);
        std::vector<std::int64_t> residues(dual.nnodes());
        emcf::residues_from_points(*g, view(wrapped), view(residues));
        const auto cost = emcf::constant_costs(*g);
        const emcf::SpatialSolver<> solver(dual, view(cost));
        std::vector<std::int32_t> flows(g->nedges());
        REQUIRE(solver.solve(view(residues), view(flows)).status ==
                emcf::FlowStatus::optimal);
        std::vector<double> uw(g->npoints());
        emcf::integrate_points(*g, view(wrapped), view(flows), view(uw));
        double mean = 0;
        for (std::size_t p = 0; p < uw.size(); ++p) {
            mean += uw[p] - phase[p];
        }
        mean /= double(uw.size());
        const double offset =
                emcf::two_pi<double>() * std::nearbyint(mean / emcf::two_pi<double>());
        double worst = 0;
        for (std::size_t p = 0; p < uw.size(); ++p) {
            worst = std::max(worst, std::abs(uw[p] - (phase[p] + offset)));
        }
        CHECK(worst < 1e-3);
    }
}
