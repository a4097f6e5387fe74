// User-supplied planar graphs (graph/user_graph.hpp): conversion from any integer type
// and storage, padding of mixed cycle lengths, triangle lists, and every misuse named.
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <doctest/doctest.h>
#include <xtensor/xtensor.hpp>

#include <emcf/adapters/eigen.hpp>
#include <emcf/adapters/xtensor.hpp>
#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/hop3_graph.hpp>
#include <emcf/graph/user_graph.hpp>

#include "../support/errors.hpp"

namespace {

// A unit square split into two counter-clockwise triangles, plus a pendant point 4.
const std::vector<double> kXY{0, 0, 1, 0, 1, 1, 0, 1, 2, 0.5};

using emcf_test::problem_of;

} // namespace

TEST_CASE_TEMPLATE("user graph: points, edges and cycles of any integer type", Int,
                   std::int32_t, std::int64_t, std::uint32_t)
{
    const std::vector<Int> edges{0, 1, 0, 2, 0, 3, 1, 2, 2, 3, 1, 4};
    const std::vector<Int> cycles{0, 1, 2, 0, 2, 3};
    const auto g = emcf::make_planar_graph(emcf::row_major_view(kXY.data(), 5, 2),
                                           emcf::row_major_view(edges.data(), 6, 2),
                                           emcf::row_major_view(cycles.data(), 2, 3));
    CHECK(g.npoints() == 5);
    CHECK(g.nedges() == 6);
    CHECK(g.ncycles() == 2);
    CHECK(g.edge(5) == emcf::Edge{1, 4}); // caller's order kept
    CHECK(g.x(4) == 2.0);
    const emcf::DualGraph d(g);
    CHECK(d.ninterior() == 1);
    CHECK(d.dirs(5)[0] == 0); // the pendant edge (1, 4) lies on no cycle
    // the same from a point count only (combinatorial graph)
    const auto c = emcf::make_planar_graph(5, emcf::row_major_view(edges.data(), 6, 2),
                                           emcf::row_major_view(cycles.data(), 2, 3));
    CHECK(!c.has_coordinates());
    CHECK(c.cycle_vertices() == g.cycle_vertices());
}

TEST_CASE("user graph: Eigen and xtensor arrays, padded mixed cycles, edges only")
{
    // hop-3 with N = 5 rebuilt from its own arrays: identical graph
    const auto h = emcf::hop3_graph(5);
    Eigen::Matrix<long, Eigen::Dynamic, 2> e(h.nedges(), 2); // column-major
    for (std::size_t k = 0; k < h.nedges(); ++k) {
        e(Eigen::Index(k), 0) = h.edge(k)[0];
        e(Eigen::Index(k), 1) = h.edge(k)[1];
    }
    xt::xtensor<int, 2> cyc({h.ncycles(), 3});
    for (std::size_t c = 0; c < h.ncycles(); ++c) {
        for (std::size_t k = 0; k < 3; ++k) {
            cyc(c, k) = h.cycle_vertex(c, k);
        }
    }
    Eigen::MatrixX2d pts(5, 2);
    for (Eigen::Index k = 0; k < 5; ++k) {
        pts(k, 0) = double(k);
        pts(k, 1) = 0;
    }
    const auto g = emcf::make_planar_graph(pts, e, cyc);
    CHECK(g.edges() == h.edges());
    CHECK(g.cycle_vertices() == h.cycle_vertices());
    CHECK(g.coordinates() == h.coordinates());

    // a square next to a triangle: rows padded with -1
    const std::vector<int> edges{0, 1, 0, 3, 1, 2, 1, 4, 2, 3, 2, 4};
    const std::vector<int> cycles{0, 1, 2, 3, 1, 4, 2, -1};
    const auto m = emcf::make_planar_graph(emcf::row_major_view(kXY.data(), 5, 2),
                                           emcf::row_major_view(edges.data(), 6, 2),
                                           emcf::row_major_view(cycles.data(), 2, 4));
    CHECK(m.cycle_size(0) == 4);
    CHECK(m.cycle_size(1) == 3);
    CHECK(emcf::DualGraph(m).ninterior() == 1);

    // edges only: a network for integration, no cycles
    const auto n = emcf::make_planar_graph(5, emcf::row_major_view(edges.data(), 6, 2));
    CHECK(n.ncycles() == 0);
    CHECK(emcf::DualGraph(n).nnodes() == 1);
}

TEST_CASE("user graph: triangle lists")
{
    const std::vector<std::int64_t> tri{0, 1, 2, 0, 2, 3, 1, 4, 2};
    const auto g =
            emcf::planar_graph_from_triangles(emcf::row_major_view(kXY.data(), 5, 2),
                                              emcf::row_major_view(tri.data(), 3, 3));
    CHECK(g.edges() == std::vector<emcf::Edge>{
                               {0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 4}, {2, 3}, {2, 4}});
    CHECK(g.ncycles() == 3);
    CHECK(emcf::DualGraph(g).ninterior() == 2);
    // all clockwise is consistent too
    const std::vector<int> cw{0, 2, 1, 0, 3, 2};
    CHECK(emcf::planar_graph_from_triangles(4, emcf::row_major_view(cw.data(), 2, 3))
                  .ncycles() == 2);
}

TEST_CASE("user graph: misuse is named")
{
    const auto xy = emcf::row_major_view(kXY.data(), 5, 2);
    const std::vector<int> cyc{0, 1, 2};
    auto with_edges = [&](std::vector<int> e) {
        return problem_of([&] {
            return emcf::make_planar_graph(
                    xy, emcf::row_major_view(e.data(), e.size() / 2, 2),
                    emcf::row_major_view(cyc.data(), 1, 3));
        });
    };
    CHECK(with_edges({0, 1, 2, 1, 0, 2}) ==
          "edges: edge 1 is (2, 1): edges must be stored low -> high, i.e. (1, 2); "
          "swap "
          "the columns of such rows (and negate their gradients)");
    CHECK(with_edges({0, 1, 1, 1, 0, 2}) == "edges: edge 1 joins point 1 to itself");
    CHECK(with_edges({0, 1, 1, 7, 0, 2}) ==
          "edges: edge 1 refers to point 7, outside [0, 5)");
    CHECK(with_edges({0, 1, -1, 2, 0, 2}) ==
          "edges: edge 1 refers to point -1, outside [0, 5)");
    CHECK(with_edges({0, 1, 1, 2, 0, 2, 0, 1}) ==
          "edges: duplicate edge (0, 1): edges 0 "
          "and 3");
    CHECK(with_edges({0, 1, 0, 2}) ==
          "cycles: cycle 0: vertices 1 and 2 are not joined by an edge");
    const std::vector<int> edges{0, 1, 1, 2, 0, 2};
    const std::vector<int> three_cols{0, 1, 2, 0, 1, 2};
    CHECK(problem_of([&] {
              return emcf::make_planar_graph(
                      xy, emcf::row_major_view(three_cols.data(), 2, 3),
                      emcf::row_major_view(cyc.data(), 1, 3));
          }) ==
          "edges: expected an E x 2 array of (low, high) point indices, got 2 x 3");
    const std::vector<int> bad_cycle{0, 1, 9};
    CHECK(problem_of([&] {
              return emcf::make_planar_graph(
                      xy, emcf::row_major_view(edges.data(), 3, 2),
                      emcf::row_major_view(bad_cycle.data(), 1, 3));
          }) == "cycles: row 0, column 2 refers to point 9, outside [0, 5)");
    const std::vector<int> short_cycle{0, 1, -1};
    CHECK(problem_of([&] {
              return emcf::make_planar_graph(
                      xy, emcf::row_major_view(edges.data(), 3, 2),
                      emcf::row_major_view(short_cycle.data(), 1, 3));
          }) == "cycles: cycle 0 has fewer than 3 vertices");
    const std::vector<double> nan_xy{0, 0, 1, std::nan(""), 0, 1};
    CHECK(problem_of([&] {
              return emcf::make_planar_graph(emcf::row_major_view(nan_xy.data(), 3, 2),
                                             emcf::row_major_view(edges.data(), 3, 2));
          }) == "points: coordinates of point 1 are not finite");
    CHECK(problem_of([&] {
              return emcf::make_planar_graph(-1,
                                             emcf::row_major_view(edges.data(), 3, 2));
          }) == "npoints: must be >= 0");
    // triangles: the derived edges' problems are reported against 'triangles'
    const std::vector<int> mixed{0, 1, 2,
                                 0, 3, 2}; // second one walks (0, 2) like the first
    CHECK(problem_of([&] {
              return emcf::planar_graph_from_triangles(
                      4, emcf::row_major_view(mixed.data(), 2, 3));
          }) ==
          "triangles: edge (0, 2) is walked in the same direction by cycles 0 and 1 "
          "(cycles must be consistently oriented)");
    const std::vector<int> repeat{0, 1, 1};
    CHECK(problem_of([&] {
              return emcf::planar_graph_from_triangles(
                      4, emcf::row_major_view(repeat.data(), 1, 3));
          }) == "triangles: row 0 repeats a vertex (0, 1, 1)");
    const std::vector<int> padded{0, 1, 2, 3, 0, 1, 2, -1};
    CHECK(problem_of([&] {
              return emcf::planar_graph_from_triangles(
                      4, emcf::row_major_view(padded.data(), 2, 4));
          }) == "triangles: row 0 does not have 3 vertices");
}
