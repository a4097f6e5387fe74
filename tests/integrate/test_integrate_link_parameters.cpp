// Link parameters to pixels: weighted least squares, IRLS, spanning tree, references
// per component, per-point coherence and cycle closure (algorithm.md §5.9, spurt
// test_merge).
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include <doctest/doctest.h>

#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/grid_graph.hpp>
#include <emcf/graph/hop3_graph.hpp>
#include <emcf/integrate/integrate_link_parameters.hpp>

#include "../support/numpy_rng.hpp"

namespace {

// A regular grid with one diagonal per square: a triangulation of mean degree ~6, like
// the Delaunay graphs of InSAR points.
emcf::PlanarGraph triangulated_grid(int nr, int nc)
{
    std::vector<double> xy;
    std::vector<emcf::Edge> edges;
    std::vector<emcf::graph_index> off{0};
    std::vector<emcf::graph_index> tri;
    for (int r = 0; r < nr; ++r) {
        for (int c = 0; c < nc; ++c) {
            const int k = r * nc + c;
            xy.insert(xy.end(), {double(c), double(r)});
            if (c + 1 < nc) {
                edges.push_back({k, k + 1});
            }
            if (r + 1 < nr) {
                edges.push_back({k, k + nc});
            }
            if (r + 1 < nr && c + 1 < nc) {
                edges.push_back({k, k + nc + 1});
                tri.insert(tri.end(), {k, k + nc, k + nc + 1});
                off.push_back(emcf::graph_index(tri.size()));
                tri.insert(tri.end(), {k, k + nc + 1, k + 1});
                off.push_back(emcf::graph_index(tri.size()));
            }
        }
    }
    return emcf::PlanarGraph(xy, std::size_t(nr * nc), edges, off, tri);
}

std::vector<double> exact_differences(const emcf::PlanarGraph& g,
                                      const std::vector<double>& pts)
{
    std::vector<double> x(g.nedges());
    for (std::size_t e = 0; e < g.nedges(); ++e) {
        x[e] = pts[std::size_t(g.edge(e)[1])] - pts[std::size_t(g.edge(e)[0])];
    }
    return x;
}

std::vector<double> smooth_field(const emcf::PlanarGraph& g)
{
    std::vector<double> v(g.npoints());
    for (std::size_t p = 0; p < v.size(); ++p) {
        v[p] = 3.0 * std::sin(0.2 * g.x(p)) + 0.1 * g.y(p) * g.y(p) - 7.0;
    }
    return v;
}

template <class V>
auto v1(std::vector<V>& v)
{
    return emcf::view1d(v.data(), v.size());
}

template <class V>
auto c1(const std::vector<V>& v)
{
    return emcf::view1d(v.data(), v.size());
}

} // namespace

TEST_CASE("link integration: spurt's l2_min on the hop3(10) incidence (test_merge)")
{
    const auto g = emcf::hop3_graph(10);
    REQUIRE(g.nedges() == 24);
    emcf_test::NumpyRandom rng(2024);
    const auto b = rng.randn(10);
    const auto rhs = exact_differences(g, b);
    const std::vector<double> w(g.nedges(), 1.0);
    std::vector<double> x(10);
    const auto res = emcf::integrate_link_parameters(g, c1(rhs), c1(w), v1(x));
    CHECK(res.ncomponents == 1);
    CHECK(res.status[0] == emcf::PointStatus::reference);
    for (std::size_t p = 0; p < 10; ++p) {
        CHECK(x[p] - x[0] ==
              doctest::Approx(b[p] - b[0]).epsilon(0).scale(1).epsilon(1e-6));
    }
}

TEST_CASE_TEMPLATE("link integration: exact differences recovered by both methods",
                   Real, float, double)
{
    const auto g = emcf::grid_graph(17, 23);
    const auto truth = smooth_field(g);
    const auto x = exact_differences(g, truth);
    std::vector<Real> w(g.nedges(), Real(0.8));
    std::vector<Real> xr(x.begin(), x.end());
    for (auto method : {emcf::LinkIntegrationMethod::least_squares,
                        emcf::LinkIntegrationMethod::spanning_tree}) {
        emcf::LinkIntegrationOptions opt;
        opt.method = method;
        opt.reference_points = {100};
        std::vector<Real> v(g.npoints());
        const auto res = emcf::integrate_link_parameters(g, c1(xr), c1(w), v1(v), opt);
        CHECK(res.ncomponents == 1);
        CHECK(res.status[100] == emcf::PointStatus::reference);
        CHECK(v[100] == Real(0));
        const double tol = std::is_same_v<Real, float> ? 2e-4 : 1e-9;
        for (std::size_t p = 0; p < g.npoints(); ++p) {
            CHECK(double(v[p]) == doctest::Approx(truth[p] - truth[100])
                                          .epsilon(0)
                                          .scale(1)
                                          .epsilon(tol));
        }
        CHECK(res.rms_link_residual < tol);
        // zero median: the same field shifted so that its median is 0
        opt.reference = emcf::LinkReference::zero_median;
        std::vector<Real> m(g.npoints());
        (void)emcf::integrate_link_parameters(g, c1(xr), c1(w), v1(m), opt);
        std::vector<double> sorted(m.begin(), m.end());
        std::sort(sorted.begin(), sorted.end());
        CHECK(sorted[sorted.size() / 2] == doctest::Approx(0).scale(1).epsilon(tol));
        CHECK(double(m[5] - m[70]) ==
              doctest::Approx(truth[5] - truth[70]).scale(1).epsilon(tol));
    }
}

TEST_CASE("link integration: weights and IRLS suppress outlier links")
{
    const auto g = triangulated_grid(30, 30);
    const auto truth = smooth_field(g);
    auto x = exact_differences(g, truth);
    std::mt19937 gen(4);
    std::normal_distribution<double> noise(0.0, 0.01);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<double> w(g.nedges(), 1.0);
    std::vector<char> outlier(g.nedges(), 0);
    for (std::size_t e = 0; e < g.nedges(); ++e) {
        x[e] += noise(gen);
        if (u(gen) < 0.03) { // gross errors, all of one sign: the worst case for LS
            x[e] += 5.0;
            outlier[e] = 1;
        }
    }
    auto rms_error = [&](const emcf::LinkIntegrationOptions& opt,
                         const std::vector<double>& wt) {
        std::vector<double> v(g.npoints());
        (void)emcf::integrate_link_parameters(g, c1(x), c1(wt), v1(v), opt);
        double s = 0;
        for (std::size_t p = 0; p < v.size(); ++p) {
            const double d = (v[p] - v[0]) - (truth[p] - truth[0]);
            s += d * d;
        }
        return std::sqrt(s / double(v.size()));
    };
    // oracle: the outliers known and given (almost) no weight, as a low link coherence
    // does
    std::vector<double> w_oracle = w;
    for (std::size_t e = 0; e < g.nedges(); ++e) {
        if (outlier[e] != 0) {
            w_oracle[e] = 1e-6;
        }
    }
    emcf::LinkIntegrationOptions huber;
    huber.irls_iterations = 10;
    emcf::LinkIntegrationOptions tukey;
    tukey.irls_iterations = 20;
    tukey.loss = emcf::RobustLoss::tukey;
    const double e_plain = rms_error({}, w);
    const double e_oracle = rms_error({}, w_oracle);
    const double e_huber = rms_error(huber, w);
    const double e_tukey = rms_error(tukey, w);
    CAPTURE(e_plain);
    CAPTURE(e_oracle);
    CAPTURE(e_huber);
    CAPTURE(e_tukey);
    CHECK(e_plain > 1.0);
    CHECK(e_oracle < 0.02);
    CHECK(e_huber < 2 * e_oracle);
    CHECK(e_tukey < 2 * e_oracle);
}

TEST_CASE("link integration: components, isolated and masked points")
{
    const auto g = emcf::grid_graph(8, 10); // points r*10 + c
    const auto truth = smooth_field(g);
    const auto x = exact_differences(g, truth);
    std::vector<double> w(g.nedges(), 1.0);
    for (std::size_t e = 0; e < g.nedges(); ++e) {
        const auto a = g.edge(e)[0] % 10;
        const auto b = g.edge(e)[1] % 10;
        if ((a == 4 && b == 5)) { // cut between columns 4 and 5: two components
            w[e] = 0.0;
        }
        if (g.edge(e)[0] == 79 || g.edge(e)[1] == 79) { // isolate the last point
            w[e] = 0.0;
        }
    }
    std::vector<int> mask(g.npoints(), 1);
    mask[22] = 0; // masked: its links are unused
    emcf::LinkIntegrationOptions opt;
    opt.reference_points = {37}; // column 7: in the right-hand component
    std::vector<double> v(g.npoints());
    const auto res =
            emcf::integrate_link_parameters(g, c1(x), c1(w), v1(v), opt, c1(mask));
    CHECK(res.ncomponents == 2);
    CHECK(res.nisolated == 1);
    CHECK(res.status[79] == emcf::PointStatus::isolated);
    CHECK(std::isnan(v[79]));
    CHECK(res.status[22] == emcf::PointStatus::masked);
    CHECK(std::isnan(v[22]));
    CHECK(res.status[0] == emcf::PointStatus::reference); // left: lowest index
    CHECK(res.status[37] == emcf::PointStatus::reference);
    CHECK(res.component[0] != res.component[37]);
    CHECK(res.component[0] == res.component[74]);
    CHECK(v[0] == 0.0);
    CHECK(v[37] == 0.0);
    CHECK(v[74] == doctest::Approx(truth[74] - truth[0]));
    CHECK(v[58] == doctest::Approx(truth[58] - truth[37]));
}

TEST_CASE("link integration: per-point coherence and cycle closure")
{
    const auto g = emcf::hop3_graph(12);
    std::vector<double> coh(g.nedges());
    for (std::size_t e = 0; e < g.nedges(); ++e) {
        coh[e] = 0.5 + 0.01 * double(e);
    }
    coh[3] = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> pc(g.npoints());
    emcf::point_coherence(g, c1(coh), v1(pc));
    for (std::size_t p = 0; p < g.npoints();
         ++p) { // brute force: mean over incident links
        double s = 0;
        int n = 0;
        for (std::size_t e = 0; e < g.nedges(); ++e) {
            if ((std::size_t(g.edge(e)[0]) == p || std::size_t(g.edge(e)[1]) == p) &&
                std::isfinite(coh[e])) {
                s += coh[e];
                ++n;
            }
        }
        CHECK(pc[p] == doctest::Approx(s / n));
    }

    const auto field = [](std::size_t p) { return 0.3 * double(p * p); };
    std::vector<double> pts(g.npoints());
    for (std::size_t p = 0; p < pts.size(); ++p) {
        pts[p] = field(p);
    }
    auto x = exact_differences(g, pts);
    std::vector<double> closure(g.ncycles());
    emcf::cycle_closure(g, c1(x), v1(closure));
    for (const auto c : closure) {
        CHECK(c == doctest::Approx(0).scale(1));
    }
    const emcf::DualGraph d(g);
    const std::size_t e = 7; // an interior link
    REQUIRE_FALSE(d.is_boundary(e));
    x[e] += 1.0;
    emcf::cycle_closure(g, c1(x), v1(closure));
    for (std::size_t c = 0; c < g.ncycles(); ++c) {
        double expected = 0;
        for (int s = 0; s < 2; ++s) {
            if (std::size_t(d.nodes(e)[std::size_t(s)]) == c + 1) {
                expected = d.dirs(e)[std::size_t(s)];
            }
        }
        CHECK(closure[c] == doctest::Approx(expected).scale(1));
    }
}

TEST_CASE("link integration: bad input")
{
    const auto g = emcf::grid_graph(4, 4);
    std::vector<double> x(g.nedges(), 1.0);
    std::vector<double> w(g.nedges(), 1.0);
    std::vector<double> v(g.npoints());
    std::vector<double> short_x(3);
    CHECK_THROWS_WITH_AS(
            (void)emcf::integrate_link_parameters(g, c1(short_x), c1(w), v1(v)),
            "emcf: invalid argument 'values': size mismatch: expected 24, got 3",
            emcf::invalid_argument);
    w[2] = -1;
    CHECK_THROWS_WITH_AS(
            (void)emcf::integrate_link_parameters(g, c1(x), c1(w), v1(v)),
            "emcf: invalid argument 'weights': weight of link 2 is negative",
            emcf::invalid_argument);
    w[2] = 1;
    emcf::LinkIntegrationOptions opt;
    opt.reference_points = {1, 9};
    CHECK_THROWS_WITH_AS(
            (void)emcf::integrate_link_parameters(g, c1(x), c1(w), v1(v), opt),
            "emcf: invalid argument 'options.reference_points': points 1 and 9 "
            "are in the same connected component",
            emcf::invalid_argument);
    opt.reference_points = {16};
    CHECK_THROWS_AS((void)emcf::integrate_link_parameters(g, c1(x), c1(w), v1(v), opt),
                    emcf::invalid_argument);
    // a reference the mask removes, and one no usable link reaches
    std::vector<int> mask(g.npoints(), 1);
    mask[5] = 0;
    opt.reference_points = {5};
    CHECK_THROWS_WITH_AS(
            (void)emcf::integrate_link_parameters(g, c1(x), c1(w), v1(v), opt, c1(mask)),
            "emcf: invalid argument 'options.reference_points': point 5 is masked",
            emcf::invalid_argument);
    std::vector<double> w_cut = w;
    for (std::size_t e = 0; e < g.nedges(); ++e) {
        if (g.edge(e)[0] == 15 || g.edge(e)[1] == 15) {
            w_cut[e] = 0.0; // point 15 keeps no usable link
        }
    }
    opt.reference_points = {15};
    CHECK_THROWS_WITH_AS(
            (void)emcf::integrate_link_parameters(g, c1(x), c1(w_cut), v1(v), opt),
            "emcf: invalid argument 'options.reference_points': point 15 is not reached "
            "by any usable link",
            emcf::invalid_argument);
    opt.reference_points = {};
    opt.huber_k = 0;
    CHECK_THROWS_AS((void)emcf::integrate_link_parameters(g, c1(x), c1(w), v1(v), opt),
                    emcf::invalid_argument);
    std::vector<double> closure(2);
    CHECK_THROWS_AS(emcf::cycle_closure(g, c1(x), v1(closure)), emcf::invalid_argument);
}
