// Delaunay triangulation (graph/delaunay.hpp) and the temporal (time, B⊥) network
// (graph/temporal_delaunay.hpp): spurt's test_delaunay cases (algorithm.md §7.2, the
// dual table of §1.6), the §7.3 fixture counts (from scipy/Qhull), and properties
// checked against independent truths: empty circumcircles by brute force or by the
// local Delaunay lemma, Euler's formula for a triangulation of a point set, convexity
// of the hull, and geometry of degenerate inputs (lattices, co-circular and collinear
// sets).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <doctest/doctest.h>
#include <xtensor/xtensor.hpp>

#include <emcf/adapters/eigen.hpp>
#include <emcf/adapters/xtensor.hpp>
#include <emcf/graph/delaunay.hpp>
#include <emcf/graph/detail/predicates.hpp>
#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/residues.hpp>
#include <emcf/graph/temporal_delaunay.hpp>
#include <emcf/integrate/integrate_points.hpp>

#include "../support/errors.hpp"

#include "../support/spurt_fixture.hpp"

namespace {

using Tri = std::array<int, 3>;

emcf::DelaunayTriangulation triangulate(const std::vector<double>& xy,
                                        const emcf::DelaunayOptions& options = {})
{
    return emcf::delaunay_triangulation(
            emcf::row_major_view(xy.data(), xy.size() / 2, 2), options);
}

double orient(const emcf::PlanarGraph& g, int a, int b, int c)
{
    const auto ua = static_cast<std::size_t>(a);
    const auto ub = static_cast<std::size_t>(b);
    const auto uc = static_cast<std::size_t>(c);
    return emcf::detail::orient2d(g.x(ua), g.y(ua), g.x(ub), g.y(ub), g.x(uc), g.y(uc));
}

double incircle(const emcf::PlanarGraph& g, const Tri& t, std::size_t p)
{
    auto X = [&](int v) { return g.x(static_cast<std::size_t>(v)); };
    auto Y = [&](int v) { return g.y(static_cast<std::size_t>(v)); };
    return emcf::detail::incircle(X(t[0]), Y(t[0]), X(t[1]), Y(t[1]), X(t[2]), Y(t[2]),
                                  g.x(p), g.y(p));
}

Tri triangle(const emcf::PlanarGraph& g, std::size_t c)
{
    return {g.cycle_vertex(c, 0), g.cycle_vertex(c, 1), g.cycle_vertex(c, 2)};
}

// Structural checks that hold for every full triangulation, with `brute` adding the
// O(T N) empty-circumcircle check, and the local Delaunay lemma (every interior edge is
// locally Delaunay) otherwise — locally Delaunay everywhere implies Delaunay.
void check_triangulation(const emcf::DelaunayTriangulation& tr, bool brute)
{
    const auto& g = tr.graph;
    const std::size_t n = g.npoints();
    const std::size_t h = tr.hull.size();
    REQUIRE(h >= 3);
    CHECK(g.nedges() == 3 * n - 3 - h);
    CHECK(g.ncycles() == 2 * n - 2 - h);
    // edges strictly increasing lexicographically, stored low -> high
    for (std::size_t e = 0; e < g.nedges(); ++e) {
        CHECK(g.edge(e)[0] < g.edge(e)[1]);
        if (e > 0) {
            CHECK(g.edge(e - 1) < g.edge(e));
        }
    }
    // counter-clockwise, every point used, edges = the triangles' sides
    std::vector<int> used(n, 0);
    std::set<std::array<int, 2>> sides;
    for (std::size_t c = 0; c < g.ncycles(); ++c) {
        REQUIRE(g.cycle_size(c) == 3);
        const Tri t = triangle(g, c);
        CHECK(orient(g, t[0], t[1], t[2]) > 0);
        for (int k = 0; k < 3; ++k) {
            used[static_cast<std::size_t>(t[static_cast<std::size_t>(k)])] = 1;
            const int a = t[static_cast<std::size_t>(k)];
            const int b = t[static_cast<std::size_t>((k + 1) % 3)];
            sides.insert({std::min(a, b), std::max(a, b)});
        }
    }
    CHECK(std::accumulate(used.begin(), used.end(), std::size_t{0}) == n);
    CHECK(sides.size() == g.nedges());
    // the dual validates consistent orientation; boundary edges = hull sides
    const emcf::DualGraph dual(g);
    CHECK(dual.nedges() - dual.ninterior() == h);
    std::set<std::array<int, 2>> hull_sides;
    for (std::size_t k = 0; k < h; ++k) {
        const int a = tr.hull[k];
        const int b = tr.hull[(k + 1) % h];
        hull_sides.insert({std::min(a, b), std::max(a, b)});
        // convex, counter-clockwise: no point strictly right of a hull side
        for (std::size_t p = 0; p < n; p += (brute ? 1 : 97)) {
            CHECK(orient(g, a, b, static_cast<int>(p)) >= 0);
        }
    }
    for (std::size_t e = 0; e < dual.nedges(); ++e) {
        if (dual.is_boundary(e)) {
            CHECK(hull_sides.count({g.edge(e)[0], g.edge(e)[1]}) == 1);
        }
    }
    CHECK(tr.hull.front() == *std::min_element(tr.hull.begin(), tr.hull.end()));
    if (brute) {
        std::size_t violations = 0;
        for (std::size_t c = 0; c < g.ncycles(); ++c) {
            const Tri t = triangle(g, c);
            for (std::size_t p = 0; p < n; ++p) {
                violations += incircle(g, t, p) > 0 ? 1 : 0;
            }
        }
        CHECK(violations == 0);
    } else {
        std::size_t violations = 0;
        for (std::size_t e = 0; e < dual.nedges(); ++e) {
            const auto& nodes = dual.nodes(e);
            if (nodes[1] == 0) {
                continue;
            }
            const Tri t0 = triangle(g, static_cast<std::size_t>(nodes[0] - 1));
            const Tri t1 = triangle(g, static_cast<std::size_t>(nodes[1] - 1));
            for (const int v : t1) {
                if (v != g.edge(e)[0] && v != g.edge(e)[1]) {
                    violations += incircle(g, t0, static_cast<std::size_t>(v)) > 0;
                }
            }
        }
        CHECK(violations == 0);
    }
}

std::set<Tri> triangle_set(const emcf::PlanarGraph& g, const std::vector<int>& relabel)
{
    std::set<Tri> out;
    for (std::size_t c = 0; c < g.ncycles(); ++c) {
        Tri t = triangle(g, c);
        for (auto& v : t) {
            v = relabel[static_cast<std::size_t>(v)];
        }
        std::rotate(t.begin(), std::min_element(t.begin(), t.end()), t.end());
        out.insert(t);
    }
    return out;
}

std::vector<double> random_points(std::size_t n, unsigned seed)
{
    std::mt19937_64 gen(seed);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    std::vector<double> xy(2 * n);
    for (auto& v : xy) {
        v = u(gen);
    }
    return xy;
}

std::vector<double> lattice(std::size_t nrows, std::size_t ncols, double spacing = 1.0)
{
    std::vector<double> xy;
    for (std::size_t r = 0; r < nrows; ++r) {
        for (std::size_t c = 0; c < ncols; ++c) {
            xy.push_back(spacing * static_cast<double>(c));
            xy.push_back(spacing * static_cast<double>(r));
        }
    }
    return xy;
}

std::string triangulation_problem(const std::vector<double>& xy,
                                  const emcf::DelaunayOptions& options = {})
{
    return emcf_test::problem_of([&] { return triangulate(xy, options); });
}

} // namespace

TEST_CASE("delaunay: spurt's quad (test_quad) and its dual table (§1.6)")
{
    const std::vector<double> xy{0, 0, 0, 1, 1.2, 1.1, 1, 0};
    const auto tr = triangulate(xy);
    const auto& g = tr.graph;
    std::vector<std::array<int, 2>> links;
    for (const auto& e : g.edges()) {
        links.push_back({e[0], e[1]});
    }
    CHECK(links ==
          std::vector<std::array<int, 2>>{{0, 1}, {0, 3}, {1, 2}, {1, 3}, {2, 3}});
    // scipy's cycles [[3,1,0],[1,3,2]] as a set of CCW triangles up to rotation
    const std::vector<int> identity{0, 1, 2, 3};
    CHECK(triangle_set(g, identity) == std::set<Tri>{{0, 3, 1}, {1, 3, 2}});
    // emcf's canonical order happens to match scipy's, so the dual table is spurt's
    const emcf::DualGraph d(g);
    std::vector<std::array<int, 2>> nodes;
    std::vector<std::array<int, 2>> dirs;
    for (std::size_t e = 0; e < d.nedges(); ++e) {
        nodes.push_back({d.nodes(e)[0], d.nodes(e)[1]});
        dirs.push_back({d.dirs(e)[0], d.dirs(e)[1]});
    }
    CHECK(nodes ==
          std::vector<std::array<int, 2>>{{1, 0}, {1, 0}, {2, 0}, {1, 2}, {2, 0}});
    CHECK(dirs ==
          std::vector<std::array<int, 2>>{{-1, 0}, {1, 0}, {-1, 0}, {-1, 1}, {-1, 0}});
    CHECK(tr.hull == std::vector<emcf::graph_index>{0, 3, 2, 1});
    check_triangulation(tr, true);
}

TEST_CASE("delaunay: points of spurt's Reg2DGraph((4, 5)) (test_reg2d on a lattice)")
{
    const auto tr = triangulate(lattice(4, 5));
    CHECK(tr.graph.npoints() == 20);
    CHECK(tr.hull.size() == 14); // every perimeter point, collinear ones included
    CHECK(tr.graph.nedges() == 43);
    CHECK(tr.graph.ncycles() == 24);
    check_triangulation(tr, true);
}

TEST_CASE_TEMPLATE("delaunay: random point sets, brute-force empty circumcircles", Real,
                   float, double)
{
    for (const std::size_t n : {3, 4, 5, 10, 57, 300}) {
        const auto xy = random_points(n, static_cast<unsigned>(n));
        std::vector<Real> in(xy.begin(), xy.end());
        const auto tr =
                emcf::delaunay_triangulation(emcf::row_major_view(in.data(), n, 2));
        CHECK(tr.graph.npoints() == n);
        // coordinates are kept (converted to double)
        CHECK(tr.graph.x(n - 1) == static_cast<double>(in[2 * n - 2]));
        check_triangulation(tr, true);
    }
}

TEST_CASE("delaunay: 256 x 256 lattice (co-circular everywhere) and its use as a graph")
{
    // spurt's test_snaphu_sparse grid: y, x = ogrid[-3:3:256j, -3:3:256j]
    const std::size_t n = 256;
    std::vector<double> xy;
    for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t c = 0; c < n; ++c) {
            xy.push_back(static_cast<double>(c));
            xy.push_back(static_cast<double>(r));
        }
    }
    const auto tr = triangulate(xy);
    const auto& g = tr.graph;
    CHECK(tr.hull.size() == 4 * (n - 1));
    check_triangulation(tr, false);
    // every triangle is half a unit square: area 1/2, two unit legs
    std::size_t bad = 0;
    for (std::size_t c = 0; c < g.ncycles(); ++c) {
        const Tri t = triangle(g, c);
        bad += orient(g, t[0], t[1], t[2]) != 1.0;
    }
    CHECK(bad == 0);
    // the SNAPHU ramp phase = π(x + y) on [-3, 3]^2 has no residue on this graph and
    // integrates back to itself from its wrapped values (flood fill, no flows)
    std::vector<double> phase(n * n);
    std::vector<double> wrapped(n * n);
    for (std::size_t p = 0; p < n * n; ++p) {
        const double x = -3.0 + 6.0 * static_cast<double>(p % n) / double(n - 1);
        const double y = -3.0 + 6.0 * static_cast<double>(p / n) / double(n - 1);
        phase[p] = emcf::pi<double>() * (x + y);
        wrapped[p] = emcf::wrap(phase[p]);
    }
    std::vector<int> residues(g.ncycles() + 1);
    emcf::residues_from_points(g, emcf::view1d(wrapped.data(), wrapped.size()),
                               emcf::view1d(residues.data(), residues.size()));
    CHECK(std::count(residues.begin(), residues.end(), 0) ==
          static_cast<long>(residues.size()));
    std::vector<double> out(n * n);
    const auto res =
            emcf::integrate_points(g, emcf::view1d(wrapped.data(), n * n),
                                   emcf::no_flows, emcf::view1d(out.data(), n * n));
    CHECK(res.closure == emcf::ClosureStatus::closed);
    const double offset = out[0] - phase[0];
    double worst = 0;
    for (std::size_t p = 0; p < n * n; ++p) {
        worst = std::max(worst, std::fabs(out[p] - phase[p] - offset));
    }
    CHECK(worst < 1e-9);
    const double cycles = offset / emcf::two_pi<double>();
    CHECK(std::fabs(cycles - std::nearbyint(cycles)) < 1e-9); // congruent output
}

TEST_CASE("delaunay: co-circular, collinear-on-hull and collinear-inside point sets")
{
    // 12 points on a circle of radius 5 (exact Pythagorean coordinates) + the centre
    std::vector<double> circle{5,  0, 0,  5, -5, 0,  0, -5, 3,  4,  4,  3,
                               -3, 4, -4, 3, 3,  -4, 4, -3, -3, -4, -4, -3};
    {
        const auto tr = triangulate(circle); // convex position: 2N - 3 edges
        CHECK(tr.hull.size() == 12);
        CHECK(tr.graph.nedges() == 21);
        CHECK(tr.graph.ncycles() == 10);
        check_triangulation(tr, true);
    }
    circle.insert(circle.end(), {0, 0});
    check_triangulation(triangulate(circle), true);

    // square outline with 9 points per side (32 in all) + random interior points
    std::vector<double> square;
    for (int k = 0; k < 8; ++k) {
        const double s = -1.0 + 0.25 * k;
        square.insert(square.end(), {s, -1.0, 1.0, s, -s, 1.0, -1.0, -s});
    }
    const auto inner = random_points(40, 5);
    for (const double v : inner) {
        square.push_back(0.9 * v);
    }
    {
        const auto tr = triangulate(square);
        CHECK(tr.hull.size() == 32);
        check_triangulation(tr, true);
    }
    // a line of collinear points through a random cloud, and a collinear start
    std::vector<double> line;
    for (int k = 0; k < 30; ++k) {
        line.insert(line.end(), {-1.0 + k / 15.0, 0.5 * (-1.0 + k / 15.0)});
    }
    const auto cloud = random_points(30, 9);
    line.insert(line.end(), cloud.begin(), cloud.end());
    check_triangulation(triangulate(line), true);
    // collinear points only along a thin "L": hull with many collinear vertices
    std::vector<double> ell;
    for (int k = 0; k < 20; ++k) {
        ell.insert(ell.end(), {double(k), 0.0});
        ell.insert(ell.end(), {0.0, double(k + 1)});
    }
    {
        const auto tr = triangulate(ell);
        CHECK(tr.hull.size() == 40);
        check_triangulation(tr, true);
    }
    // a finer lattice with a scale not representable in binary and a far offset
    auto fine = lattice(13, 17, 0.1);
    for (std::size_t k = 0; k < fine.size(); k += 2) {
        fine[k] += 4.5e6; // UTM-like easting
    }
    check_triangulation(triangulate(fine), true);
}

TEST_CASE("delaunay: fuzz over degenerate integer configurations (brute force)")
{
    // Random subsets of tiny integer grids, points near a line or on the diagonal,
    // shuffled, sometimes far from the origin: collinear runs on the hull and inside,
    // co-circular quadruples everywhere. Each result is checked exhaustively.
    std::size_t runs = 0;
    std::size_t collinear = 0;
    for (unsigned seed = 0; seed < 3000; ++seed) {
        std::mt19937 gen(seed);
        const int range = 2 + static_cast<int>(seed % 9);
        std::uniform_int_distribution<int> coord(0, range - 1);
        const std::size_t target =
                std::min<std::size_t>(3 + gen() % 40, std::size_t(range * range));
        const unsigned mode = seed % 3;
        std::set<std::array<int, 2>> unique;
        while (unique.size() < target &&
               (mode == 0 || unique.size() < std::size_t(2 * range))) {
            const int x = coord(gen);
            int y = coord(gen);
            if (mode == 1) {
                y = 2 * x + coord(gen) % 2; // two parallel lines
            } else if (mode == 2 && gen() % 2 == 0) {
                y = x; // on the diagonal
            }
            unique.insert({x, y});
        }
        std::vector<double> xy;
        for (const auto& p : unique) {
            xy.push_back(0.5 * p[0] + (seed % 5 == 0 ? 1e7 : 0.0));
            xy.push_back(0.5 * p[1]);
        }
        const std::size_t m = xy.size() / 2;
        for (std::size_t k = m; k > 1; --k) {
            const std::size_t j = gen() % k;
            std::swap(xy[2 * (k - 1)], xy[2 * j]);
            std::swap(xy[2 * (k - 1) + 1], xy[2 * j + 1]);
        }
        try {
            const auto tr = triangulate(xy);
            ++runs;
            const auto& g = tr.graph;
            const std::size_t h = tr.hull.size();
            REQUIRE(g.nedges() == 3 * m - 3 - h);
            REQUIRE(g.ncycles() == 2 * m - 2 - h);
            (void)emcf::DualGraph(g);
            std::size_t violations = 0;
            for (std::size_t c = 0; c < g.ncycles(); ++c) {
                const Tri t = triangle(g, c);
                violations += orient(g, t[0], t[1], t[2]) <= 0;
                for (std::size_t p = 0; p < m; ++p) {
                    violations += incircle(g, t, p) > 0;
                }
            }
            REQUIRE(violations == 0);
        } catch (const emcf::invalid_argument& e) {
            REQUIRE(e.problem().find("collinear") != std::string::npos);
            ++collinear;
        }
    }
    CHECK(runs > 2900);
    CHECK(collinear > 0); // all-collinear draws are refused, never mis-triangulated
}

TEST_CASE("delaunay: spurt's §7.3 fixture (scipy/Qhull counts)")
{
    const auto f = emcf_test::spurt_mcf_fixture();
    CHECK(f.graph.npoints() == 1000);
    CHECK(f.graph.x(0) == doctest::Approx(-0.34889445).epsilon(1e-8));
    CHECK(f.graph.y(0) == doctest::Approx(0.98370343).epsilon(1e-8));
    CHECK(f.c == doctest::Approx(3.7731213).epsilon(1e-7));
    CHECK(f.graph.nedges() == 2988);
    CHECK(f.graph.ncycles() == 1989);
    CHECK(f.hull.size() == 9);
    check_triangulation({f.graph, f.hull}, true);
    // 20 non-zero residues of pd: 10 of +1 and 10 of -1, the ground balanced at 0
    std::vector<int> r(f.graph.ncycles() + 1);
    emcf::residues_from_points(f.graph, emcf::view1d(f.pd.data(), f.pd.size()),
                               emcf::view1d(r.data(), r.size()));
    CHECK(r[0] == 0);
    CHECK(std::count(r.begin(), r.end(), 1) == 10);
    CHECK(std::count(r.begin(), r.end(), -1) == 10);
    CHECK(std::count(r.begin(), r.end(), 0) == static_cast<long>(r.size()) - 20);
}

TEST_CASE("delaunay: deterministic, order-independent and storage-independent")
{
    const std::size_t n = 400;
    const auto xy = random_points(n, 77);
    const auto a = triangulate(xy);
    const auto b = triangulate(xy);
    CHECK(a.graph.edges() == b.graph.edges());
    CHECK(a.graph.cycle_vertices() == b.graph.cycle_vertices());
    CHECK(a.hull == b.hull);
    // Random points are in general position: the triangulation is unique, so a
    // permutation of the input gives the same triangles (relabelled).
    std::vector<int> perm(n);
    std::iota(perm.begin(), perm.end(), 0);
    std::shuffle(perm.begin(), perm.end(), std::mt19937(5));
    std::vector<double> shuffled(2 * n);
    for (std::size_t k = 0; k < n; ++k) {
        shuffled[2 * k] = xy[2 * static_cast<std::size_t>(perm[k])];
        shuffled[2 * k + 1] = xy[2 * static_cast<std::size_t>(perm[k]) + 1];
    }
    const auto c = triangulate(shuffled);
    std::vector<int> identity(n);
    std::iota(identity.begin(), identity.end(), 0);
    CHECK(triangle_set(c.graph, perm) == triangle_set(a.graph, identity));
    // Eigen (column-major N x 2) and xtensor give identical graphs
    Eigen::MatrixX2d em(n, 2);
    xt::xtensor<double, 2> xm({n, 2});
    for (std::size_t k = 0; k < n; ++k) {
        em(Eigen::Index(k), 0) = xm(k, 0) = xy[2 * k];
        em(Eigen::Index(k), 1) = xm(k, 1) = xy[2 * k + 1];
    }
    const auto ge = emcf::delaunay_graph(em);
    const auto gx = emcf::delaunay_graph(xm);
    CHECK(ge.edges() == a.graph.edges());
    CHECK(ge.cycle_vertices() == a.graph.cycle_vertices());
    CHECK(gx.cycle_vertices() == a.graph.cycle_vertices());
    // the lattice (many valid triangulations) is reproducible too, and integer pixel
    // coordinates (as np.nonzero gives them) triangulate exactly like their doubles
    const auto l1 = triangulate(lattice(30, 40));
    const auto l2 = triangulate(lattice(30, 40));
    CHECK(l1.graph.cycle_vertices() == l2.graph.cycle_vertices());
    const auto ld = lattice(30, 40);
    const std::vector<std::int32_t> li(ld.begin(), ld.end());
    const auto l3 =
            emcf::delaunay_graph(emcf::row_major_view(li.data(), li.size() / 2, 2));
    CHECK(l3.cycle_vertices() == l1.graph.cycle_vertices());
    CHECK(l3.coordinates() == ld);
}

TEST_CASE("delaunay: long edges removed so that masked areas are not bridged")
{
    // 40 x 40 lattice with a "lake" (disc of radius 8) removed
    std::vector<double> xy;
    for (int r = 0; r < 40; ++r) {
        for (int c = 0; c < 40; ++c) {
            if ((r - 20) * (r - 20) + (c - 18) * (c - 18) >= 64) {
                xy.insert(xy.end(), {double(c), double(r)});
            }
        }
    }
    const auto full = triangulate(xy);
    emcf::DelaunayOptions options;
    options.max_edge_length = 1.5; // keeps the unit sides and diagonals
    const auto cut = triangulate(xy, options);
    const auto& g = cut.graph;
    CHECK(g.npoints() == full.graph.npoints());
    CHECK(cut.hull == full.hull);
    // kept = exactly the full triangulation's triangles with every side <= 1.5
    std::size_t expected = 0;
    for (std::size_t c = 0; c < full.graph.ncycles(); ++c) {
        const Tri t = triangle(full.graph, c);
        bool ok = true;
        for (int k = 0; k < 3; ++k) {
            const auto a = static_cast<std::size_t>(t[static_cast<std::size_t>(k)]);
            const auto b =
                    static_cast<std::size_t>(t[static_cast<std::size_t>((k + 1) % 3)]);
            ok = ok && std::hypot(xy[2 * a] - xy[2 * b],
                                  xy[2 * a + 1] - xy[2 * b + 1]) <= 1.5;
        }
        expected += ok;
    }
    CHECK(g.ncycles() == expected);
    CHECK(g.ncycles() < full.graph.ncycles());
    for (const auto& e : g.edges()) {
        const auto a = static_cast<std::size_t>(e[0]);
        const auto b = static_cast<std::size_t>(e[1]);
        CHECK(std::hypot(g.x(a) - g.x(b), g.y(a) - g.y(b)) <= 1.5);
    }
    // the lake's shore joins the outer face: boundary edges = outer square + shore
    const emcf::DualGraph d(g);
    const std::size_t boundary = d.nedges() - d.ninterior();
    CHECK(boundary > 4 * 39);
    // every point still has an edge (the lattice around the lake stays connected)
    std::vector<int> degree(g.npoints(), 0);
    for (const auto& e : g.edges()) {
        ++degree[static_cast<std::size_t>(e[0])];
        ++degree[static_cast<std::size_t>(e[1])];
    }
    CHECK(std::count(degree.begin(), degree.end(), 0) == 0);
}

TEST_CASE("delaunay: invalid input is rejected with the argument named")
{
    CHECK(triangulation_problem({0, 0, 1, 1}) ==
          "points: a triangulation needs at least 3 points, got 2");
    CHECK(triangulation_problem({0, 0, 1, 1, 2, 2, 3, 3}) ==
          "points: all 4 points are collinear: no triangulation exists (a temporal "
          "network with all-zero baselines needs hop3_graph, a 1-D profile needs a "
          "user-supplied graph)");
    CHECK(triangulation_problem({1, 1, 1, 1, 1, 1}) ==
          "points: all 3 points are identical: no triangulation exists");
    CHECK(triangulation_problem({0, 0, 1, 0, 0, 1, 0.5, 0.5, 1, 0}) ==
          "points: duplicate points 1 and 4 at (1.000000, 0.000000)");
    // a duplicate of the very first point, among otherwise collinear points
    CHECK(triangulation_problem({0, 0, 0, 0, 1, 0, 0, 1}) ==
          "points: duplicate points 0 and 1 at (0.000000, 0.000000)");
    CHECK(triangulation_problem({0, 0, 1, 0, 0, std::nan("")}) ==
          "points: coordinates of point 2 are not finite");
    CHECK(triangulation_problem({0, 0, 1, 0, 0, 1e61}) ==
          "points: coordinate of point 2 exceeds 1e60 in magnitude (exact predicates "
          "would overflow); rescale");
    emcf::DelaunayOptions bad;
    bad.max_edge_length = 0;
    CHECK(triangulation_problem({0, 0, 1, 0, 0, 1}, bad) ==
          "max_edge_length: must be > 0 (or +inf to keep every triangle)");
    // the duplicate pair is found wherever it hides in a large set
    auto many = random_points(5000, 3);
    many[2 * 4321] = many[2 * 17];
    many[2 * 4321 + 1] = many[2 * 17 + 1];
    CHECK(triangulation_problem(many).rfind("points: duplicate points 17 and 4321", 0) == 0);
    std::vector<double> three(9, 0.0);
    CHECK_THROWS_WITH_AS(emcf::delaunay_graph(emcf::row_major_view(three.data(), 3, 3)),
                         "emcf: invalid argument 'points': expected an N x 2 array of "
                         "(x, y) coordinates, got 3 x 3",
                         emcf::invalid_argument);
}

TEST_CASE_TEMPLATE("temporal delaunay: (time, B⊥) network", Real, float, double)
{
    const std::size_t n = 30;
    std::mt19937 gen(4);
    std::normal_distribution<double> bp(0.0, 60.0);
    std::vector<Real> t(n);
    std::vector<Real> b(n);
    for (std::size_t k = 0; k < n; ++k) {
        t[k] = static_cast<Real>(12.0 * double(k) + (k > 10 ? 24.0 : 0.0)); // a gap
        b[k] = static_cast<Real>(bp(gen));
    }
    const auto g = emcf::temporal_delaunay_graph(emcf::view1d(t.data(), n),
                                                 emcf::view1d(b.data(), n));
    // points at (t / 12 days, B⊥ / 25 m); the same as triangulating those directly
    std::vector<double> xy(2 * n);
    for (std::size_t k = 0; k < n; ++k) {
        xy[2 * k] = static_cast<double>(t[k]) / 12.0;
        xy[2 * k + 1] = static_cast<double>(b[k]) / 25.0;
        CHECK(g.x(k) == xy[2 * k]);
        CHECK(g.y(k) == xy[2 * k + 1]);
    }
    const auto direct = triangulate(xy);
    CHECK(g.edges() == direct.graph.edges());
    CHECK(g.cycle_vertices() == direct.graph.cycle_vertices());
    check_triangulation(direct, true);
    // interferograms (i, j), i < j: secondary later than reference
    for (const auto& e : g.edges()) {
        CHECK(t[static_cast<std::size_t>(e[0])] < t[static_cast<std::size_t>(e[1])]);
    }
    // anisotropic scaling changes the network
    emcf::TemporalDelaunayOptions wide;
    wide.meters_per_unit = 1000.0;
    const auto flat = emcf::temporal_delaunay_graph(emcf::view1d(t.data(), n),
                                                    emcf::view1d(b.data(), n), wide);
    CHECK(flat.edges() != g.edges());

    auto problem = [&](std::vector<Real> tt, std::vector<Real> bb,
                       emcf::TemporalDelaunayOptions o = {}) -> std::string {
        try {
            (void)emcf::temporal_delaunay_graph(emcf::view1d(tt.data(), tt.size()),
                                                emcf::view1d(bb.data(), bb.size()), o);
        } catch (const emcf::invalid_argument& e) {
            return e.argument() + ": " + e.problem();
        }
        return "accepted";
    };
    CHECK(problem({0, 12, 12, 36}, {0, 1, 2, 3}) ==
          "times: must be strictly increasing: epoch 2 is not later than epoch 1");
    CHECK(problem({0, 12, 24}, {0, 1}) == "bperp: size mismatch: expected 3, got 2");
    CHECK(problem({0, 12}, {0, 1}) ==
          "times: a temporal triangulation needs at least 3 epochs, got 2");
    CHECK(problem({0, 12, 24, 36}, {0, 0, 0, 0})
                  .rfind("points: all 4 points are "
                         "collinear",
                         0) == 0);
    emcf::TemporalDelaunayOptions zero;
    zero.days_per_unit = 0;
    CHECK(problem({0, 12, 24}, {0, 5, 1}, zero) ==
          "days_per_unit: must be finite and > 0");
    CHECK(problem({0, 12, 24}, {0, std::numeric_limits<Real>::infinity(), 1}) ==
          "bperp: epoch 1 has a non-finite baseline");
    CHECK(problem({0, 12, 24}, {0, 5, 1}) == "accepted");
}
