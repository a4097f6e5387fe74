// Design matrix (algorithm.md §5.1, §7.8), parameter grid and step rule (§5.3), stencil
// fits (§5.5) and the single-link temporal coherence (§5.2).
#include <array>
#include <cmath>
#include <complex>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>
#include <doctest/doctest.h>

#include <emcf/adapters/eigen.hpp>
#include <emcf/graph/hop3_graph.hpp>
#include <emcf/model/design_matrix.hpp>
#include <emcf/model/parameter_grid.hpp>
#include <emcf/model/refine_peak.hpp>
#include <emcf/model/temporal_coherence.hpp>

#include "model_fixtures.hpp"

namespace {

using emcf_test::check_throws_naming;
using emcf_test::kPi;

emcf::RadarGeometry s1_geometry() { return {0.055465, 900e3, 39.0 * kPi / 180.0}; }

} // namespace

TEST_CASE("design_matrix: spurt PR values (§7.8), sin of the look angle")
{
    const auto geo = s1_geometry();
    // 366 days, B⊥ 0 -> 100 m: velocity 4π/λ·366/365.25·1e-3, DEM 4π/λ·100/(R sin 39°)
    const std::vector<double> t{0.0, 366.0};
    const std::vector<double> b{0.0, 100.0};
    const std::vector<std::pair<int, int>> net{{0, 1}};
    const Eigen::MatrixXd a = emcf::design_matrix(emcf::view1d(t.data(), 2),
                                                  emcf::view1d(b.data(), 2), geo, net);
    REQUIRE(a.rows() == 1);
    REQUIRE(a.cols() == 2);
    CHECK(a(0, 0) == doctest::Approx(0.2270292).epsilon(1e-6));
    CHECK(a(0, 1) == doctest::Approx(0.0400015).epsilon(1e-6));
    // cos of the look angle (an intermediate PR version) would give 0.0323926
    CHECK(std::fabs(a(0, 1) - 0.0323926) > 1e-3);
    CHECK(emcf::velocity_sensitivity(geo.wavelength, 0.0) == 0.0); // same dates
    // negative ΔB⊥ -> negative entry; reversed pair -> negated row
    const std::vector<double> bneg{0.0, -100.0};
    const std::vector<std::pair<int, int>> both{{0, 1}, {1, 0}};
    const Eigen::MatrixXd c = emcf::design_matrix(
            emcf::view1d(t.data(), 2), emcf::view1d(bneg.data(), 2), geo, both);
    CHECK(c(0, 1) < 0);
    CHECK(c(0, 1) == doctest::Approx(-0.0400015).epsilon(1e-6));
    CHECK(c(1, 0) == -c(0, 0));
    CHECK(c(1, 1) == -c(0, 1));
}

TEST_CASE("design_matrix: shapes, hop-3 order and ordering checks (§7.8)")
{
    const auto geo = s1_geometry();
    // 4 dates and a 5-interferogram network -> 5 x 2
    const std::vector<double> t4{0, 12, 24, 36};
    const std::vector<double> b4{0, 50, -20, 10};
    const std::vector<std::pair<int, int>> five{{0, 1}, {0, 2}, {1, 2}, {1, 3}, {2, 3}};
    const Eigen::MatrixXd a5 = emcf::design_matrix(
            emcf::view1d(t4.data(), 4), emcf::view1d(b4.data(), 4), geo, five);
    CHECK(a5.rows() == 5);
    CHECK(a5.cols() == 2);
    // Hop3(5), dates 12 days apart: default network, all velocity entries > 0,
    // (0,3) spans three times (0,1)
    const std::vector<double> t5{0, 12, 24, 36, 48};
    const std::vector<double> b5{0, 30, -40, 80, 10};
    const Eigen::MatrixXd h = emcf::design_matrix(emcf::view1d(t5.data(), 5),
                                                  emcf::view1d(b5.data(), 5), geo);
    REQUIRE(h.rows() == 9);
    const auto pairs = emcf_test::hop3_pairs(5);
    const double unit = 4 * kPi / geo.wavelength * 12.0 / 365.25e3;
    for (std::size_t k = 0; k < pairs.size(); ++k) {
        const auto [i, j] = pairs[k];
        const auto row = static_cast<Eigen::Index>(k);
        CHECK(h(row, 0) > 0);
        CHECK(h(row, 0) == doctest::Approx(unit * (j - i)).epsilon(1e-12));
        const double db = b5[std::size_t(j)] - b5[std::size_t(i)];
        CHECK(h(row, 1) == doctest::Approx(4 * kPi / geo.wavelength * db /
                                           (geo.slant_range * std::sin(geo.look_angle)))
                                   .epsilon(1e-12));
    }
    CHECK(h(2, 0) > h(0, 0)); // (0,3) after (0,1),(0,2)
    CHECK(h(2, 0) == doctest::Approx(3 * h(0, 0)));
    // writing into a caller view (row-major) gives the same values
    std::vector<float> out(9 * 2);
    emcf::design_matrix(emcf::view1d(t5.data(), 5), emcf::view1d(b5.data(), 5), geo,
                        emcf::hop3_graph(5), emcf::row_major_view(out.data(), 9, 2));
    for (Eigen::Index k = 0; k < 9; ++k) {
        CHECK(out[std::size_t(2 * k)] == static_cast<float>(h(k, 0)));
        CHECK(out[std::size_t(2 * k + 1)] == static_cast<float>(h(k, 1)));
    }
}

TEST_CASE("design_matrix: extra epoch columns are closure-consistent differences")
{
    const auto geo = s1_geometry();
    const std::size_t n = 8;
    std::vector<double> t(n), b(n);
    Eigen::MatrixXd extra(n, 2); // e.g. temperature and a seasonal sine, per epoch
    for (std::size_t e = 0; e < n; ++e) {
        t[e] = 11.0 * double(e) + (e > 3 ? 5 : 0);
        b[e] = 37.0 * std::sin(double(e));
        extra(Eigen::Index(e), 0) = 20 + 10 * std::cos(double(e));
        extra(Eigen::Index(e), 1) = std::sin(2 * kPi * t[e] / 365.25);
    }
    const auto g = emcf::hop3_graph(n);
    const Eigen::MatrixXd a =
            emcf::design_matrix(emcf::view1d(t.data(), n), emcf::view1d(b.data(), n),
                                geo, g, emcf::epoch_columns(extra));
    REQUIRE(a.cols() == 4);
    for (std::size_t k = 0; k < g.nedges(); ++k) {
        const auto& e = g.edge(k);
        for (Eigen::Index c = 0; c < 2; ++c) {
            CHECK(a(Eigen::Index(k), 2 + c) == extra(e[1], c) - extra(e[0], c));
        }
    }
    // every column sums to zero around every temporal cycle
    for (std::size_t c = 0; c < g.ncycles(); ++c) {
        for (Eigen::Index p = 0; p < a.cols(); ++p) {
            double sum = 0;
            const std::size_t len = g.cycle_size(c);
            for (std::size_t v = 0; v < len; ++v) {
                const auto from = g.cycle_vertex(c, v);
                const auto to = g.cycle_vertex(c, (v + 1) % len);
                for (std::size_t k = 0; k < g.nedges(); ++k) {
                    const auto& e = g.edge(k);
                    if (e[0] == from && e[1] == to) {
                        sum += a(Eigen::Index(k), p);
                    } else if (e[0] == to && e[1] == from) {
                        sum -= a(Eigen::Index(k), p);
                    }
                }
            }
            CHECK(std::fabs(sum) < 1e-9);
        }
    }
}

TEST_CASE("design_matrix: bad inputs name the argument")
{
    const std::vector<double> t{0, 12, 24, 36};
    const std::vector<double> b{0, 10, 20, 30};
    const auto tv = emcf::view1d(t.data(), 4);
    const auto bv = emcf::view1d(b.data(), 4);
    const std::vector<std::pair<int, int>> net{{0, 1}, {1, 2}};
    auto geo = s1_geometry();
    auto call = [&](const emcf::RadarGeometry& g, const auto& times, const auto& bp,
                    const auto& network) {
        (void)emcf::design_matrix(times, bp, g, network);
    };
    geo.wavelength = 0;
    check_throws_naming([&] { call(geo, tv, bv, net); }, "geometry.wavelength");
    geo = s1_geometry();
    geo.slant_range = -1;
    check_throws_naming([&] { call(geo, tv, bv, net); }, "geometry.slant_range");
    for (double look : {0.0, kPi / 2, -0.1, std::nan("")}) {
        geo = s1_geometry();
        geo.look_angle = look;
        check_throws_naming([&] { call(geo, tv, bv, net); }, "geometry.look_angle");
    }
    geo = s1_geometry();
    const std::vector<double> tbad{0, 12, 12, 36};
    check_throws_naming([&] { call(geo, emcf::view1d(tbad.data(), 4), bv, net); },
                        "times");
    const std::vector<double> tnan{0, 12, std::nan(""), 36};
    check_throws_naming([&] { call(geo, emcf::view1d(tnan.data(), 4), bv, net); },
                        "times");
    check_throws_naming([&] { call(geo, tv, emcf::view1d(b.data(), 3), net); },
                        "bperp");
    const std::vector<double> binf{0, 1, std::numeric_limits<double>::infinity(), 3};
    check_throws_naming([&] { call(geo, tv, emcf::view1d(binf.data(), 4), net); },
                        "bperp");
    const std::vector<std::pair<int, int>> out_of_range{{0, 4}};
    check_throws_naming([&] { call(geo, tv, bv, out_of_range); }, "network");
    const std::vector<std::pair<int, int>> negative{{-1, 2}};
    check_throws_naming([&] { call(geo, tv, bv, negative); }, "network");
    const std::vector<std::pair<int, int>> self{{2, 2}};
    check_throws_naming([&] { call(geo, tv, bv, self); }, "network");
    const std::vector<std::pair<int, int>> empty;
    check_throws_naming([&] { call(geo, tv, bv, empty); }, "network");
    std::vector<double> out(2 * 3);
    check_throws_naming(
            [&] {
                emcf::design_matrix(tv, bv, geo, net,
                                    emcf::row_major_view(out.data(), 2, 3));
            },
            "out");
    Eigen::MatrixXd extra(3, 1);
    extra.setZero();
    check_throws_naming(
            [&] {
                (void)emcf::design_matrix(tv, bv, geo, net, emcf::epoch_columns(extra));
            },
            "extra");
}

TEST_CASE("dem_scale: ratio of R sin θ between scene and link geometry")
{
    const emcf::RadarGeometry scene{0.0555, 850e3, 39.0 * kPi / 180};
    const emcf::RadarGeometry link{0.0555, 900e3, 42.0 * kPi / 180};
    const double s = emcf::dem_scale(scene, link, 1.1);
    CHECK(s == doctest::Approx(1.1 * 850e3 * std::sin(39.0 * kPi / 180) /
                               (900e3 * std::sin(42.0 * kPi / 180))));
    // the scaled scene sensitivity equals the link's own sensitivity
    CHECK(s * emcf::dem_sensitivity(scene, 100.0) ==
          doctest::Approx(emcf::dem_sensitivity(link, 110.0)));
    check_throws_naming([&] { (void)emcf::dem_scale(scene, link, std::nan("")); },
                        "baseline_scale");
}

TEST_CASE("parameter_grid: inclusive node counts, order and values (§5.3)")
{
    const emcf::ParameterGrid g{{-100, 100, 5, "velocity"}, {-5, 5, 0.5, "dem_error"}};
    CHECK(g.ndim() == 2);
    CHECK(g.count(0) == 41); // spurt slice(-100, 100.1, 5)
    CHECK(g.count(1) == 21); // spurt slice(-5, 5.5, 0.5)
    CHECK(g.size() == 861);
    CHECK(g.stride(0) == 21); // parameter 0 slowest ('ij' meshgrid)
    CHECK(g.stride(1) == 1);
    CHECK(g.value(0, 22) == 10.0);
    CHECK(g.value(1, 14) == 2.0);
    std::array<double, 2> x{};
    g.node(22 * 21 + 14, emcf::view1d(x.data(), 2));
    CHECK(x[0] == 10.0);
    CHECK(x[1] == 2.0);
    CHECK(g.index(0, 22 * 21 + 14) == 22);
    CHECK(g.index(1, 22 * 21 + 14) == 14);
    CHECK(g.last(0) == 100.0);
    // n = floor((hi - lo)/step + 0.5) + 1: the last node within half a step of hi
    const emcf::ParameterGrid one{{-0.5, 0.08, 0.02}};
    CHECK(one.count(0) == 30);
    const emcf::ParameterGrid rounding{{0, 1, 0.3}};
    CHECK(rounding.count(0) == 4); // 0, 0.3, 0.6, 0.9
    const emcf::ParameterGrid single{{2, 2, 1}};
    CHECK(single.count(0) == 1);
}

TEST_CASE("parameter_grid: bad ranges name the parameter")
{
    check_throws_naming(
            [] { emcf::ParameterGrid g(std::vector<emcf::ParameterRange>{}); },
            "ranges");
    check_throws_naming(
            [] {
                emcf::ParameterGrid g{{0, 1, 0, "velocity"}};
            },
            "velocity");
    check_throws_naming(
            [] {
                emcf::ParameterGrid g{{0, 1, 1}, {0, 1, -1}};
            },
            "ranges[1]");
    check_throws_naming(
            [] {
                emcf::ParameterGrid g{{1, 0, 0.1, "dem_error"}};
            },
            "dem_error");
    check_throws_naming(
            [] {
                emcf::ParameterGrid g{{0, std::nan(""), 0.1}};
            },
            "ranges[0]");
    check_throws_naming(
            [] {
                emcf::ParameterGrid g{{0, 1, std::nan("")}};
            },
            "ranges[0]");
    check_throws_naming([] { emcf::ParameterGrid g{{0, 1, 1e-12, "v"}}; }, "v");
    check_throws_naming(
            [] {
                emcf::ParameterGrid g{{0, 1, 1e-5}, {0, 1, 1e-5}};
            },
            "ranges");
}

TEST_CASE("suggest_grid_steps and check_grid: step rule and velocity aliasing (§5.3)")
{
    const Eigen::MatrixXd a = emcf_test::mission_design(emcf_test::kS1, 30);
    const auto steps = emcf::suggest_grid_steps(a, 1.0 / 12.0);
    REQUIRE(steps.size() == 2);
    for (Eigen::Index p = 0; p < 2; ++p) {
        const double amax = a.col(p).cwiseAbs().maxCoeff();
        CHECK(steps[std::size_t(p)] == doctest::Approx(2 * kPi / 12.0 / amax));
        CHECK(amax * steps[std::size_t(p)] == doctest::Approx(0.5235987756));
    }
    // S1, 12-day repeat: α = 4π/λ·12/365.25e3 and the period 2π/α = 843.8 mm/yr
    const double alpha = 4 * kPi / 0.0555 * 12.0 / 365.25e3;
    CHECK(emcf::aliasing_period(a, 0) == doctest::Approx(2 * kPi / alpha));
    CHECK(emcf::aliasing_period(a, 0) == doctest::Approx(844.64).epsilon(1e-5));
    CHECK(std::isinf(emcf::aliasing_period(a, 1))); // random B⊥: no exact period
    const emcf::ParameterGrid ok{{-200, 200, 10}, {-40, 40, 2}};
    auto c = emcf::check_grid(a, ok);
    CHECK(c[0].status() == emcf::GridAxisStatus::ok);
    CHECK(c[1].status() == emcf::GridAxisStatus::ok);
    CHECK(c[0].max_phase_step == doctest::Approx(3 * alpha * 10));
    const emcf::ParameterGrid wide{{-500, 500, 10}, {-40, 40, 40}};
    c = emcf::check_grid(a, wide);
    CHECK(c[0].status() == emcf::GridAxisStatus::range_exceeds_period);
    CHECK(c[1].status() == emcf::GridAxisStatus::step_too_coarse);
    CHECK(std::string(emcf::to_string(c[0].status())) == "range_exceeds_period");
    // a zero column needs no particular step
    Eigen::MatrixXd z = a;
    z.col(1).setZero();
    CHECK(std::isinf(emcf::suggest_grid_steps(z)[1]));
    check_throws_naming([&] { (void)emcf::suggest_grid_steps(a, 0.6); }, "fraction");
    check_throws_naming(
            [&] {
                (void)emcf::check_grid(a, emcf::ParameterGrid{{0, 1, 1}});
            },
            "grid");
}

TEST_CASE("refine_peak: stencil fits recover exact quadratic peaks")
{
    // f(u, v) = 1 - 0.4 (u - 0.3)² - 0.25 (v + 0.2)² + 0.1 (u - 0.3)(v + 0.2)
    auto f2 = [](double u, double v) {
        return 1 - 0.4 * (u - 0.3) * (u - 0.3) - 0.25 * (v + 0.2) * (v + 0.2) +
               0.1 * (u - 0.3) * (v + 0.2);
    };
    std::array<double, 9> z{};
    for (int s = 0; s < 9; ++s) {
        z[std::size_t(s)] = f2(s / 3 - 1, s % 3 - 1); // spurt's stencil order
    }
    const auto p2 = emcf::quadratic_peak_3x3(z);
    CHECK(p2.concave);
    CHECK(p2.offset[0] == doctest::Approx(0.3).epsilon(1e-12));
    CHECK(p2.offset[1] == doctest::Approx(-0.2).epsilon(1e-12));
    CHECK(p2.value == doctest::Approx(1.0).epsilon(1e-12));
    // the generic least-squares weights equal spurt's closed form (§5.5 table)
    const emcf::QuadraticPeakFit fit(2);
    const double table[6][9] = {
            {-1 / 9., 2 / 9., -1 / 9., 2 / 9., 5 / 9., 2 / 9., -1 / 9., 2 / 9.,
             -1 / 9.},
            {-1 / 6., -1 / 6., -1 / 6., 0, 0, 0, 1 / 6., 1 / 6., 1 / 6.},
            {-1 / 6., 0, 1 / 6., -1 / 6., 0, 1 / 6., -1 / 6., 0, 1 / 6.},
            {1 / 6., 1 / 6., 1 / 6., -2 / 6., -2 / 6., -2 / 6., 1 / 6., 1 / 6., 1 / 6.},
            {1 / 4., 0, -1 / 4., 0, 0, 0, -1 / 4., 0, 1 / 4.},
            {1 / 6., -2 / 6., 1 / 6., 1 / 6., -2 / 6., 1 / 6., 1 / 6., -2 / 6.,
             1 / 6.}};
    // generic order: 1, u, v, u², uv, v²
    for (int r = 0; r < 6; ++r) {
        for (int s = 0; s < 9; ++s) {
            CHECK(fit.weights()(r, s) == doctest::Approx(table[r][s]).epsilon(1e-12));
        }
    }
    const auto g2 = fit.fit(z.data());
    CHECK(g2.offset[0] == doctest::Approx(0.3).epsilon(1e-12));
    // parabola and 3-D fit
    auto f1 = [](double u) { return 0.9 - 0.3 * (u + 0.45) * (u + 0.45); };
    const auto p1 = emcf::parabola_peak(f1(-1), f1(0), f1(1));
    CHECK(p1.concave);
    CHECK(p1.offset[0] == doctest::Approx(-0.45).epsilon(1e-12));
    auto f3 = [](double u, double v, double w) {
        return 2 - (u - 0.1) * (u - 0.1) - 0.5 * (v - 0.6) * (v - 0.6) -
               0.7 * (w + 0.3) * (w + 0.3) + 0.2 * (u - 0.1) * (w + 0.3);
    };
    std::vector<double> z3(27);
    for (int s = 0; s < 27; ++s) {
        z3[std::size_t(s)] = f3(s / 9 - 1, (s / 3) % 3 - 1, s % 3 - 1);
    }
    const auto p3 = emcf::refine_peak(z3.data(), 3);
    CHECK(p3.concave);
    CHECK(p3.offset[0] == doctest::Approx(0.1).epsilon(1e-12));
    CHECK(p3.offset[1] == doctest::Approx(0.6).epsilon(1e-12));
    CHECK(p3.offset[2] == doctest::Approx(-0.3).epsilon(1e-12));
    // the dispatcher on 1 and 2 dimensions: the closed forms, the same peaks
    const double z1[3] = {f1(-1), f1(0), f1(1)};
    const auto r1 = emcf::refine_peak(z1, 1);
    CHECK(r1.concave);
    CHECK(r1.offset[0] == doctest::Approx(-0.45).epsilon(1e-12));
    CHECK(r1.value == doctest::Approx(0.9).epsilon(1e-12));
    const auto r2 = emcf::refine_peak(z.data(), 2);
    CHECK(r2.offset[0] == doctest::Approx(0.3).epsilon(1e-12));
    CHECK(r2.offset[1] == doctest::Approx(-0.2).epsilon(1e-12));
    CHECK(r2.value == doctest::Approx(1.0).epsilon(1e-12));
    // a saddle and a convex bowl are not peaks; offsets beyond the stencil are clipped
    std::array<double, 9> saddle{};
    for (int s = 0; s < 9; ++s) {
        const double u = s / 3 - 1;
        const double v = s % 3 - 1;
        saddle[std::size_t(s)] = u * u - v * v;
    }
    CHECK_FALSE(emcf::quadratic_peak_3x3(saddle).concave);
    CHECK_FALSE(emcf::parabola_peak(1, 0, 1).concave);
    CHECK(emcf::parabola_peak(0, 0.5, 0.9).offset[0] == 1.0);
    check_throws_naming([] { emcf::QuadraticPeakFit bad(6); }, "ndim");
}

TEST_CASE("temporal_coherence: direct evaluation, NaN skipped, weights")
{
    emcf_test::NumpyRandom rng(5);
    const Eigen::MatrixXd a = emcf_test::spurt_grid_search_design(rng);
    const Eigen::Vector2d x(12.5, -1.25);
    Eigen::VectorXd phi = a * x;
    for (Eigen::Index k = 0; k < phi.size(); ++k) {
        phi(k) = emcf_test::wrap_pi(phi(k));
    }
    CHECK(emcf::temporal_coherence(a, phi, x) == doctest::Approx(1.0).epsilon(1e-12));
    const Eigen::Vector2d y(0.0, 0.0);
    const auto bf = emcf_test::brute_force(a, phi, {0.0, 0.0}, {1.0, 1.0}, {1, 1});
    CHECK(emcf::temporal_coherence(a, phi, y) ==
          doctest::Approx(bf.coherence).epsilon(1e-12));
    // complex input: the argument is used, zero amplitude masks
    Eigen::VectorXcd zc(phi.size());
    for (Eigen::Index k = 0; k < phi.size(); ++k) {
        zc(k) = std::polar(2.5, phi(k));
    }
    CHECK(emcf::temporal_coherence(a, zc, y) ==
          doctest::Approx(bf.coherence).epsilon(1e-12));
    // NaN phases are skipped: same as weight 0
    Eigen::VectorXd masked = phi;
    masked(3) = std::nan("");
    Eigen::VectorXd w = Eigen::VectorXd::Ones(phi.size());
    w(3) = 0;
    CHECK(emcf::temporal_coherence(a, masked, y) ==
          doctest::Approx(emcf::temporal_coherence(a, phi, y, w)).epsilon(1e-14));
    const auto bfw = emcf_test::brute_force(a, phi, {0.0, 0.0}, {1.0, 1.0}, {1, 1}, &w);
    CHECK(emcf::temporal_coherence(a, phi, y, w) ==
          doctest::Approx(bfw.coherence).epsilon(1e-12));
    Eigen::VectorXd all_nan = Eigen::VectorXd::Constant(phi.size(), std::nan(""));
    CHECK(std::isnan(emcf::temporal_coherence(a, all_nan, y)));
    w(0) = -1;
    check_throws_naming([&] { (void)emcf::temporal_coherence(a, phi, y, w); },
                        "weights");
    const Eigen::VectorXd shorter = phi.head(5);
    check_throws_naming([&] { (void)emcf::temporal_coherence(a, shorter, y); },
                        "phase");
}
