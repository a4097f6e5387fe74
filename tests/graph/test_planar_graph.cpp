// Planar graphs (hop-3, regular grid, user-supplied) and their duals: spurt's structure
// tests (algorithm.md §7.1, §7.2) and the reference dual tables of §1.6.
#include <array>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/grid_graph.hpp>
#include <emcf/graph/hop3_graph.hpp>
#include <emcf/graph/planar_graph.hpp>

namespace {

std::vector<std::array<int, 2>> dual_nodes(const emcf::DualGraph& d)
{
    std::vector<std::array<int, 2>> out;
    for (std::size_t e = 0; e < d.nedges(); ++e) {
        out.push_back({d.nodes(e)[0], d.nodes(e)[1]});
    }
    return out;
}

std::vector<std::array<int, 2>> dual_dirs(const emcf::DualGraph& d)
{
    std::vector<std::array<int, 2>> out;
    for (std::size_t e = 0; e < d.nedges(); ++e) {
        out.push_back({d.dirs(e)[0], d.dirs(e)[1]});
    }
    return out;
}

std::vector<std::array<int, 2>> edge_list(const emcf::PlanarGraph& g)
{
    std::vector<std::array<int, 2>> out;
    for (const auto& e : g.edges()) {
        out.push_back({e[0], e[1]});
    }
    return out;
}

std::vector<std::vector<int>> cycle_list(const emcf::PlanarGraph& g)
{
    std::vector<std::vector<int>> out(g.ncycles());
    for (std::size_t c = 0; c < g.ncycles(); ++c) {
        for (std::size_t k = 0; k < g.cycle_size(c); ++k) {
            out[c].push_back(g.cycle_vertex(c, k));
        }
    }
    return out;
}

using Pairs = std::vector<std::array<int, 2>>;

} // namespace

TEST_CASE("hop3: spurt's Hop3Graph(5) (test_hop3)")
{
    const auto g = emcf::hop3_graph(5);
    CHECK(g.npoints() == 5);
    CHECK(edge_list(g) == Pairs{{0, 1},
                                {0, 2},
                                {0, 3},
                                {1, 2},
                                {1, 3},
                                {1, 4},
                                {2, 3},
                                {2, 4},
                                {3, 4}});
    CHECK(g.ncycles() == 5);
    CHECK(cycle_list(g) ==
          std::vector<std::vector<int>>{
                  {0, 1, 2}, {0, 2, 3}, {1, 3, 4}, {1, 4, 2}, {2, 4, 3}});
    // Euler for a connected planar graph: V - E + F = 2 (cycles + the outer face)
    CHECK(static_cast<long>(g.npoints()) - static_cast<long>(g.nedges()) +
                  static_cast<long>(g.ncycles()) + 1 ==
          2);
    // boundary [[0,1],[1,3],[3,0]]: the edges on exactly one cycle
    const emcf::DualGraph d(g);
    Pairs boundary;
    for (std::size_t e = 0; e < d.nedges(); ++e) {
        if (d.is_boundary(e)) {
            boundary.push_back({g.edge(e)[0], g.edge(e)[1]});
        }
    }
    CHECK(boundary == Pairs{{0, 1}, {0, 3}, {1, 3}});
}

TEST_CASE("hop3: sizes, Euler and orientation for N = 4 .. 59")
{
    for (std::size_t n = 4; n < 60; ++n) {
        const auto g = emcf::hop3_graph(n);
        CHECK(g.nedges() == 3 * n - 6);
        CHECK(g.ncycles() == 2 * n - 5);
        const emcf::DualGraph d(g); // validates consistent orientation
        CHECK(d.ninterior() == g.nedges() - 3);
    }
    CHECK(emcf::hop3_graph(11).nedges() == 27);
    CHECK(emcf::hop3_graph(11).ncycles() == 17);
    CHECK(emcf::hop3_graph(20).nedges() == 54);
    CHECK(emcf::hop3_graph(21).ncycles() == 37);
    CHECK_THROWS_WITH_AS(
            emcf::hop3_graph(3),
            "emcf: invalid argument 'nepochs': the hop-3 graph needs at least 4 "
            "epochs, got 3",
            emcf::invalid_argument);
}

TEST_CASE("dual: reference tables for hop3 N = 4 and N = 5")
{
    const emcf::DualGraph d4(emcf::hop3_graph(4));
    CHECK(d4.nnodes() == 4);
    CHECK(dual_nodes(d4) == Pairs{{1, 0}, {1, 2}, {2, 0}, {1, 3}, {3, 0}, {2, 3}});
    CHECK(dual_dirs(d4) == Pairs{{1, 0}, {-1, 1}, {-1, 0}, {1, -1}, {1, 0}, {1, -1}});
    const emcf::DualGraph d5(emcf::hop3_graph(5));
    CHECK(dual_nodes(d5) == Pairs{{1, 0},
                                  {1, 2},
                                  {2, 0},
                                  {1, 4},
                                  {3, 0},
                                  {3, 4},
                                  {2, 5},
                                  {4, 5},
                                  {3, 5}});
    CHECK(dual_dirs(d5) == Pairs{{1, 0},
                                 {-1, 1},
                                 {-1, 0},
                                 {1, -1},
                                 {1, 0},
                                 {-1, 1},
                                 {1, -1},
                                 {-1, 1},
                                 {1, -1}});
}

TEST_CASE("grid: spurt's Reg2DGraph, 3 x 3 dual table and 4 x 5 counts")
{
    const auto g = emcf::grid_graph(3, 3);
    CHECK(edge_list(g) == Pairs{{0, 1},
                                {1, 2},
                                {3, 4},
                                {4, 5},
                                {6, 7},
                                {7, 8},
                                {0, 3},
                                {1, 4},
                                {2, 5},
                                {3, 6},
                                {4, 7},
                                {5, 8}});
    CHECK(cycle_list(g) ==
          std::vector<std::vector<int>>{
                  {0, 3, 4, 1}, {1, 4, 5, 2}, {3, 6, 7, 4}, {4, 7, 8, 5}});
    CHECK(g.x(5) == 2.0); // point index r * ncols + c at (x, y) = (c, r)
    CHECK(g.y(5) == 1.0);
    const emcf::DualGraph d(g);
    CHECK(dual_nodes(d) == Pairs{{1, 0},
                                 {2, 0},
                                 {1, 3},
                                 {2, 4},
                                 {3, 0},
                                 {4, 0},
                                 {1, 0},
                                 {1, 2},
                                 {2, 0},
                                 {3, 0},
                                 {3, 4},
                                 {4, 0}});
    CHECK(dual_dirs(d) == Pairs{{-1, 0},
                                {-1, 0},
                                {1, -1},
                                {1, -1},
                                {1, 0},
                                {1, 0},
                                {1, 0},
                                {-1, 1},
                                {-1, 0},
                                {1, 0},
                                {-1, 1},
                                {-1, 0}});
    const auto g45 = emcf::grid_graph(4, 5); // spurt test_reg2d
    CHECK(g45.npoints() == 20);
    CHECK(g45.ncycles() == 12);
    CHECK(g45.nedges() == 31);
    const emcf::DualGraph d45(g45);
    CHECK(d45.nedges() - d45.ninterior() == 14); // boundary (14, 2)
    CHECK_THROWS_AS(emcf::grid_graph(1, 5), emcf::invalid_argument);
}

TEST_CASE("planar graph: user-supplied graphs are validated")
{
    // two triangles sharing the edge (1, 2), both counter-clockwise
    const std::vector<double> xy{0, 0, 1, 0, 0, 1, 1, 1};
    const std::vector<emcf::Edge> edges{{0, 1}, {0, 2}, {1, 2}, {1, 3}, {2, 3}};
    const std::vector<emcf::graph_index> off{0, 3, 6};
    const std::vector<emcf::graph_index> tri{0, 1, 2, 1, 3, 2};
    const emcf::PlanarGraph g(xy, 4, edges, off, tri);
    CHECK(emcf::DualGraph(g).ninterior() == 1);

    auto problem = [&](std::vector<emcf::Edge> e, std::vector<emcf::graph_index> o,
                       std::vector<emcf::graph_index> v) -> std::string {
        try {
            emcf::PlanarGraph bad(xy, 4, std::move(e), std::move(o), std::move(v));
        } catch (const emcf::invalid_argument& ex) {
            return ex.argument() + ": " + ex.problem();
        }
        return "accepted";
    };
    CHECK(problem({{0, 1}, {2, 0}, {1, 2}, {1, 3}, {2, 3}}, off, tri) ==
          "edges: edge 1 (2, 0) is not stored low -> high");
    CHECK(problem({{0, 1}, {0, 2}, {1, 2}, {1, 3}, {2, 3}, {0, 1}}, off, tri) ==
          "edges: duplicate edge (0, 1): edges 0 and 5");
    CHECK(problem({{0, 1}, {0, 2}, {1, 2}, {1, 3}, {2, 9}}, off, tri) ==
          "edges: edge 4 (2, 9) has a vertex outside [0, npoints)");
    CHECK(problem({{0, 1}, {0, 2}, {1, 2}, {1, 3}}, off, tri) ==
          "cycles: cycle 1: vertices 3 and 2 are not joined by an edge");
    // second triangle clockwise: (1, 2) walked twice in the same direction
    CHECK(problem(edges, off, {0, 1, 2, 1, 2, 3}) ==
          "cycles: edge (1, 2) is walked in the same direction by cycles 0 and 1 "
          "(cycles "
          "must be consistently oriented)");
    CHECK(problem(edges, {0, 3, 6, 9}, {0, 1, 2, 1, 3, 2, 2, 1, 3}) ==
          "cycles: edge (1, 2) lies on more than two cycles (0, 1, 2)");
    CHECK(problem(edges, {0, 2}, {0, 1}) ==
          "cycles: cycle 0 has fewer than 3 vertices");
    CHECK(problem(edges, {0, 3, 5}, tri) ==
          "cycle_offsets: last offset must equal the number of cycle vertices");
    // mixed cycle lengths are fine: a square next to a triangle
    const std::vector<double> xy5{0, 0, 1, 0, 1, 1, 0, 1, 2, 0.5};
    const emcf::PlanarGraph mixed(xy5, 5,
                                  {{0, 1}, {0, 3}, {1, 2}, {1, 4}, {2, 3}, {2, 4}},
                                  {0, 4, 7}, {0, 1, 2, 3, 1, 4, 2});
    const emcf::DualGraph dm(mixed);
    CHECK(dm.nnodes() == 3);
    CHECK(dm.ninterior() == 1);
}
