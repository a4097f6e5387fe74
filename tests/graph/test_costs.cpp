// Edge costs (graph/costs.hpp): spurt's asserted vectors (algorithm.md §2.5, §7.3
// test_distance_costs), hand-computed geometry for the deviations (reflected boundary
// costs, clamping), and the checked quantisation of caller costs.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <doctest/doctest.h>

#include <emcf/adapters/eigen.hpp>
#include <emcf/graph/costs.hpp>
#include <emcf/graph/delaunay.hpp>
#include <emcf/graph/grid_graph.hpp>
#include <emcf/graph/hop3_graph.hpp>
#include <emcf/graph/user_graph.hpp>

#include "../support/errors.hpp"

namespace {
using Costs = std::vector<std::int64_t>;
using emcf_test::problem_of;
} // namespace

TEST_CASE("costs: spurt's distance and centroid vectors")
{
    const auto h = emcf::hop3_graph(5);
    CHECK(emcf::distance_costs(h) == Costs{101, 51, 34, 101, 51, 34, 101, 51, 101});
    emcf::CentroidCostOptions spurt;
    spurt.boundary = emcf::BoundaryCost::zero;
    CHECK(emcf::centroid_costs(h, spurt) == Costs{0, 151, 0, 76, 0, 301, 76, 151, 301});
    const std::vector<double> quad{0, 0, 0, 1, 1.2, 1.1, 1, 0};
    const auto q = emcf::delaunay_graph(emcf::row_major_view(quad.data(), 4, 2));
    CHECK(emcf::centroid_costs(q, spurt) == Costs{0, 0, 0, 185, 0});
    CHECK(emcf::constant_costs(h) == Costs(9, 1));
    CHECK(emcf::constant_costs(h, 7) == Costs(9, 7));
}

TEST_CASE("costs: reflected boundary costs (the default) by hand")
{
    // Hop-3 N = 5 boundary edges: (0,1) of [0,1,2]: centroid (1, 0), midpoint (0.5, 0),
    // 2·0.5 = 1 -> 101; (0,3) of [0,2,3]: centroid 5/3, midpoint 1.5 -> 2/6 -> 301;
    // (1,3) of [1,3,4]: centroid 8/3, midpoint 2 -> 4/3 -> 76.
    const auto h = emcf::hop3_graph(5);
    CHECK(emcf::centroid_costs(h) == Costs{101, 151, 301, 76, 76, 301, 76, 151, 301});
    // A unit grid: neighbouring centroids are 1 apart, and a boundary square's centroid
    // reflected through its outer side's midpoint is the missing neighbour's centroid:
    // every edge costs 1 + 100 / 1.
    const auto g = emcf::grid_graph(4, 6);
    const emcf::DualGraph d(g);
    CHECK(emcf::centroid_costs(g, d) == Costs(g.nedges(), 101));
    // scale and int32 output
    std::vector<std::int32_t> c32(g.nedges());
    emcf::CentroidCostOptions o;
    o.scale = 10;
    emcf::centroid_costs(g, d, emcf::view1d(c32.data(), c32.size()), o);
    CHECK(c32 == std::vector<std::int32_t>(g.nedges(), 11));
}

TEST_CASE("costs: degenerate geometry is clamped to max_edge_cost")
{
    // points 0 and 1 coincide; triangles (0,1,2) and (1,3,2) in a user graph
    const std::vector<double> xy{0, 0, 0, 0, 1, 0, 1, 1};
    const std::vector<int> edges{0, 1, 0, 2, 1, 2, 1, 3, 2, 3};
    const std::vector<int> tri{0, 2, 1, 1, 2, 3};
    const auto g = emcf::make_planar_graph(emcf::row_major_view(xy.data(), 4, 2),
                                           emcf::row_major_view(edges.data(), 5, 2),
                                           emcf::row_major_view(tri.data(), 2, 3));
    const auto dist = emcf::distance_costs(g);
    CHECK(dist[0] == emcf::max_edge_cost);
    CHECK(dist[1] == 101);
    CHECK(dist[2] == 101);
    CHECK(dist[3] ==
          static_cast<std::int64_t>(std::nearbyint(1 + 100 / std::sqrt(2.0))));
    // a huge scale saturates instead of overflowing
    CHECK(emcf::distance_costs(g, 1e300)[1] == emcf::max_edge_cost);
    // coincident centroids: two copies of one triangle walked both ways
    const std::vector<int> e3{0, 1, 0, 2, 1, 2};
    const std::vector<int> twin{0, 1, 2, 0, 2, 1};
    const auto t = emcf::make_planar_graph(emcf::row_major_view(xy.data(), 3, 2),
                                           emcf::row_major_view(e3.data(), 3, 2),
                                           emcf::row_major_view(twin.data(), 2, 3));
    CHECK(emcf::centroid_costs(t) == Costs(3, emcf::max_edge_cost));
    // an edge on no cycle costs 1
    const std::vector<int> e4{0, 1, 0, 2, 1, 2, 2, 3};
    const std::vector<int> one{0, 1, 2};
    const auto p = emcf::make_planar_graph(emcf::row_major_view(xy.data(), 4, 2),
                                           emcf::row_major_view(e4.data(), 4, 2),
                                           emcf::row_major_view(one.data(), 1, 3));
    CHECK(emcf::centroid_costs(p)[3] == 1);
}

TEST_CASE_TEMPLATE("costs: quantize_costs", Real, float, double)
{
    const std::vector<Real> in{Real(0), Real(0.25), Real(1.5), Real(2.5), Real(3e9)};
    Costs out(in.size());
    emcf::quantize_costs(emcf::view1d(in.data(), in.size()),
                         emcf::view1d(out.data(), out.size()), 2.0);
    // rint(2·c), half-to-even: 0, 0.5 -> 0, 3, 5, saturated
    CHECK(out == Costs{0, 0, 3, 5, emcf::max_edge_cost});
    Eigen::Matrix<std::int32_t, Eigen::Dynamic, 1> e32(3);
    emcf::quantize_costs(emcf::view1d(in.data(), 3), e32, 100.0);
    CHECK(e32(2) == 150);
    CHECK_THROWS_AS(emcf::quantize_costs(emcf::view1d(in.data(), in.size()),
                                         emcf::view1d(out.data(), out.size()), 1.0,
                                         emcf::CostOverflow::throw_error),
                    emcf::overflow_error);
    const std::vector<Real> neg{Real(1), Real(-0.5)};
    const std::vector<Real> nan{Real(1), std::numeric_limits<Real>::quiet_NaN()};
    CHECK(problem_of([&] {
              emcf::quantize_costs(emcf::view1d(neg.data(), 2),
                                   emcf::view1d(out.data(), 2));
          }) == "costs: cost of edge 1 must be finite and >= 0, got -0.500000");
    CHECK(problem_of([&] {
              emcf::quantize_costs(emcf::view1d(nan.data(), 2),
                                   emcf::view1d(out.data(), 2));
          }) == "costs: cost of edge 1 must be finite and >= 0, got nan");
    CHECK(problem_of([&] {
              emcf::quantize_costs(emcf::view1d(in.data(), 2),
                                   emcf::view1d(out.data(), 3));
          }) == "out: size mismatch: expected 2, got 3");
    CHECK(problem_of([&] {
              emcf::quantize_costs(emcf::view1d(in.data(), 2),
                                   emcf::view1d(out.data(), 2), 0.0);
          }) == "scale: must be finite and > 0, got 0.000000");
}

TEST_CASE("costs: misuse is named")
{
    const auto h = emcf::hop3_graph(5);
    Costs short_out(3);
    CHECK(problem_of([&] {
              emcf::distance_costs(h, emcf::view1d(short_out.data(), 3));
          }) == "costs: size mismatch: expected 9, got 3");
    CHECK(problem_of([&] { (void)emcf::distance_costs(h, -1.0); }) ==
          "scale: must be finite and > 0, got -1.000000");
    CHECK(problem_of([&] { (void)emcf::constant_costs(h, -2); }) ==
          "value: must lie in [0, max_edge_cost], got -2");
    const std::vector<int> edges{0, 1, 1, 2, 0, 2};
    const std::vector<int> tri{0, 1, 2};
    const auto bare =
            emcf::make_planar_graph(3, emcf::row_major_view(edges.data(), 3, 2),
                                    emcf::row_major_view(tri.data(), 1, 3));
    CHECK(problem_of([&] { (void)emcf::distance_costs(bare); }) ==
          "graph: has no point coordinates (a combinatorial graph): geometric costs "
          "need them");
    CHECK(problem_of([&] {
              (void)emcf::centroid_costs(h, emcf::DualGraph(emcf::hop3_graph(6)));
          }) == "dual: does not belong to this graph (edge or cycle count differs)");
}
