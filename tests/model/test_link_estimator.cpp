// Per-link estimator: spurt's grid-search cases (algorithm.md §7.7–§7.8), brute-force
// grid argmax, separable vs general paths, refinement precision and monotonicity,
// 1-D and n-D models, ties, edges, weights and per-link column scales.
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include <Eigen/Core>
#include <doctest/doctest.h>

#include <emcf/adapters/eigen.hpp>
#include <emcf/model/estimate_links.hpp>

#include "model_fixtures.hpp"

namespace {

using emcf_test::kPi;

emcf::ParameterGrid spurt_grid()
{
    return emcf::ParameterGrid{{-100, 100, 5, "velocity"}, {-5, 5, 0.5, "dem_error"}};
}

// Runs the estimator with full outputs.
template <class Real, class Phase>
emcf::LinkEstimates run(const Eigen::MatrixXd& a, const emcf::ParameterGrid& grid,
                        const Phase& phi, emcf::EstimatorOptions opt = {})
{
    return emcf::estimate_links<Real>(a, grid, phi, opt);
}

bool inside(const emcf::ParameterGrid& g, std::size_t p, double x)
{
    return x >= g.lo(p) + g.step(p) && x <= g.last(p) - g.step(p);
}

// Each link's grid result in r against the brute-force evaluation of its phases
// (regular grid lo, step, count; optional weights): the node coherence is recomputed in
// double, so it equals the brute force's at that node; the node is the brute force's
// maximum, or (search in float) a near-tie with it.
template <class Real>
void check_brute_force(const emcf::LinkEstimates& r, const Eigen::MatrixXd& a,
                       const Eigen::MatrixXd& phi, const std::vector<double>& lo,
                       const std::vector<double>& step,
                       const std::vector<std::size_t>& count,
                       const Eigen::VectorXd* weights = nullptr)
{
    const double tol = std::is_same_v<Real, float> ? 2e-6 : 1e-12;
    for (Eigen::Index l = 0; l < phi.cols(); ++l) {
        const Eigen::VectorXd col = phi.col(l);
        const auto bf = emcf_test::brute_force(a, col, lo, step, count, weights);
        const auto g = std::size_t(r.best_node[std::size_t(l)]);
        CHECK(r.node_coherence(l) == doctest::Approx(bf.surface[g]).epsilon(1e-12));
        CHECK(bf.coherence - bf.surface[g] <= tol);
        if (std::is_same_v<Real, double>) {
            CHECK(r.best_node[std::size_t(l)] == bf.best);
        }
    }
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

TEST_CASE_TEMPLATE("estimator: spurt test_grid_estimate and _many (§7.7)", Real, float,
                   double)
{
    emcf_test::NumpyRandom rng(32);
    const Eigen::MatrixXd a = emcf_test::spurt_grid_search_design(rng);
    const auto grid = spurt_grid();
    // test_grid_estimate: vel in grid[5:-5:2], dem in grid[5:-5:2], perturbed truths
    // (truths outside the box, possible for the DEM draw, are left out: §7.7 caveat);
    // then test_grid_estimate_many: every node plus the same perturbations.
    std::vector<double> vt;
    std::vector<double> ht;
    std::vector<double> noise;
    for (std::size_t i = 5; i + 5 < 41; i += 2) {
        for (std::size_t j = 5; j + 5 < 21; j += 2) {
            vt.push_back(grid.value(0, i) + 2 * rng.randn());
            ht.push_back(grid.value(1, j) + rng.randn());
            for (Eigen::Index k = 0; k < a.rows(); ++k) {
                noise.push_back(0.01 * rng.randn());
            }
        }
    }
    for (std::size_t i = 0; i < 41; ++i) {
        for (std::size_t j = 0; j < 21; ++j) {
            vt.push_back(grid.value(0, i) + 2 * rng.randn());
            ht.push_back(grid.value(1, j) + rng.randn());
            for (Eigen::Index k = 0; k < a.rows(); ++k) {
                noise.push_back(0.01 * rng.randn());
            }
        }
    }
    std::vector<std::size_t> keep;
    for (std::size_t l = 0; l < vt.size(); ++l) {
        if (inside(grid, 0, vt[l]) && inside(grid, 1, ht[l])) {
            keep.push_back(l);
        }
    }
    REQUIRE(keep.size() > 500);
    Eigen::MatrixXd phi(a.rows(), Eigen::Index(keep.size()));
    for (std::size_t c = 0; c < keep.size(); ++c) {
        const std::size_t l = keep[c];
        for (Eigen::Index k = 0; k < a.rows(); ++k) {
            const double model = a(k, 0) * vt[l] + a(k, 1) * ht[l];
            phi(k, Eigen::Index(c)) =
                    std::arg(std::polar(1.0, model + noise[l * 54 + std::size_t(k)]));
        }
    }
    for (auto path : {emcf::SearchPath::automatic, emcf::SearchPath::general}) {
        emcf::EstimatorOptions opt;
        opt.search.path = path;
        const auto r = run<Real>(a, grid, phi, opt);
        for (std::size_t c = 0; c < keep.size(); ++c) {
            const auto cc = Eigen::Index(c);
            CHECK(std::fabs(vt[keep[c]] - r.params(0, cc)) < 15.0);
            CHECK(std::fabs(ht[keep[c]] - r.params(1, cc)) < 0.5);
            CHECK(r.coherence(cc) > 0.99);
        }
    }
}

TEST_CASE_TEMPLATE(
        "estimator: noiseless truths at nodes are recovered exactly (PR tests)", Real,
        float, double)
{
    emcf_test::NumpyRandom rng(32);
    const Eigen::MatrixXd a = emcf_test::spurt_grid_search_design(rng);
    const auto grid = spurt_grid();
    Eigen::MatrixXd x(2, 2);
    x << 10, -15, 2, 1.5;
    const Eigen::MatrixXd phi = emcf_test::simulate_phases(a, x, 0.0, 1);
    const Eigen::VectorXd w = Eigen::VectorXd::Constant(a.rows(), 1.0 / 54.0);
    for (int weighted = 0; weighted < 2; ++weighted) {
        const auto r = weighted ? emcf::estimate_links<Real>(a, grid, phi, w)
                                : emcf::estimate_links<Real>(a, grid, phi);
        for (Eigen::Index l = 0; l < 2; ++l) {
            CHECK(std::fabs(r.params(0, l) - x(0, l)) < 1e-10);
            CHECK(std::fabs(r.params(1, l) - x(1, l)) < 1e-10);
            CHECK(r.coherence(l) == doctest::Approx(1.0).epsilon(1e-12));
            CHECK(r.status[std::size_t(l)] == emcf::LinkStatus::ok);
            const auto g = std::size_t(r.best_node[std::size_t(l)]);
            CHECK(grid.value(0, grid.index(0, g)) == x(0, l));
            CHECK(grid.value(1, grid.index(1, g)) == x(1, l));
        }
    }
}

TEST_CASE_TEMPLATE("estimator: grid argmax equals a brute-force evaluation", Real,
                   float, double)
{
    // X-band geometry, small grids, noisy links, per-interferogram weights
    const Eigen::MatrixXd a = emcf_test::mission_design(emcf_test::kXband, 12, 3);
    const emcf::ParameterGrid grid{{-60, 60, 6}, {-20, 20, 1}};
    const Eigen::MatrixXd x = emcf_test::random_params({{-50, 50}, {-17, 17}}, 40, 9);
    Eigen::MatrixXd phi = emcf_test::simulate_phases(a, x, 0.6, 4);
    phi(2, 5) = std::nan(""); // a masked observation
    Eigen::VectorXd w(a.rows());
    for (Eigen::Index k = 0; k < w.size(); ++k) {
        w(k) = 0.5 + 0.05 * double(k % 7);
    }
    for (auto path : {emcf::SearchPath::separable, emcf::SearchPath::general}) {
        emcf::EstimatorOptions opt;
        opt.search.path = path;
        const auto r = emcf::estimate_links<Real>(a, grid, phi, w, opt);
        check_brute_force<Real>(r, a, phi, {-60, -20}, {6, 1}, {21, 41}, &w);
    }
}

TEST_CASE_TEMPLATE("estimator: every separable form equals a brute-force evaluation",
                   Real, float, double)
{
    // Irregular acquisition intervals give other group counts r on the velocity column
    // than the regular cycle's 3, and so the other forms of the separable evaluation
    // (§5.12): r = 2 (one difference), {1, 2, 4} (three differences), {1, 2, 4, 8} (six,
    // the generic power form), and six values with all fifteen differences distinct (a
    // Golomb ruler: more than 2r, the direct form). Column 1 (B⊥-like) has a distinct
    // value per row, so the search groups column 0.
    const std::vector<std::vector<double>> sets{
            {1, 2}, {1, 2, 4}, {1, 2, 4, 8}, {1, 2, 5, 10, 16, 23}};
    std::mt19937 gen(77);
    std::uniform_real_distribution<double> bperp(-1.0, 1.0);
    for (const auto& set : sets) {
        CAPTURE(set.size());
        const Eigen::Index nobs = 48;
        Eigen::MatrixXd a(nobs, 2);
        for (Eigen::Index k = 0; k < nobs; ++k) {
            a(k, 0) = 0.02 * set[std::size_t(k) % set.size()];
            a(k, 1) = 0.3 * bperp(gen);
        }
        const emcf::ParameterGrid grid{{-60, 60, 4}, {-10, 10, 1}};
        const Eigen::MatrixXd x =
                emcf_test::random_params({{-55, 55}, {-9, 9}}, 30, unsigned(set.size()));
        const Eigen::MatrixXd phi = emcf_test::simulate_phases(a, x, 0.4, 5);
        emcf::EstimatorOptions opt;
        opt.search.path = emcf::SearchPath::separable;
        const emcf::LinkEstimator<Real> est(a, grid, opt);
        REQUIRE(est.coherence_grid().path() == emcf::SearchPath::separable);
        REQUIRE(est.coherence_grid().group_column() == 0);
        REQUIRE(est.coherence_grid().distinct_values() == set.size());
        const auto r = emcf::estimate_links<Real>(a, grid, phi, opt);
        check_brute_force<Real>(r, a, phi, {-60, -10}, {4, 1}, {31, 21});
    }
}

TEST_CASE("estimator: separable and general paths agree to 1e-6 in coherence")
{
    for (auto mission : {emcf_test::kS1, emcf_test::kXband}) {
        const Eigen::MatrixXd a = emcf_test::mission_design(mission, 30, 1);
        const emcf::ParameterGrid grid{{-100, 100, 5}, {-40, 40, 1}};
        const Eigen::MatrixXd x =
                emcf_test::random_params({{-80, 80}, {-32, 32}}, 300, 2);
        const Eigen::MatrixXd phi = emcf_test::simulate_phases(a, x, 0.5, 3);
        emcf::EstimatorOptions sep;
        sep.search.path = emcf::SearchPath::separable;
        emcf::EstimatorOptions gen;
        gen.search.path = emcf::SearchPath::general;
        const emcf::LinkEstimator<float> es(a, grid, sep);
        CHECK(es.coherence_grid().path() == emcf::SearchPath::separable);
        CHECK(es.coherence_grid().group_column() == 0);
        CHECK(es.coherence_grid().distinct_values() == 3); // hop-3 on a regular cycle
        const auto rs = emcf::estimate_links<float>(a, grid, phi, sep);
        const auto rg = emcf::estimate_links<float>(a, grid, phi, gen);
        int same = 0;
        for (Eigen::Index l = 0; l < phi.cols(); ++l) {
            CHECK(std::fabs(rs.node_coherence(l) - rg.node_coherence(l)) <= 1e-6);
            CHECK(std::fabs(rs.coherence(l) - rg.coherence(l)) <= 1e-6);
            same += rs.best_node[std::size_t(l)] == rg.best_node[std::size_t(l)];
        }
        CHECK(same >= phi.cols() - 2); // argmax flips only on float near-ties
    }
}

TEST_CASE_TEMPLATE("estimator: refinement precision and never below the grid", Real,
                   float, double)
{
    emcf_test::NumpyRandom rng(32);
    const Eigen::MatrixXd a = emcf_test::spurt_grid_search_design(rng);
    const auto grid = spurt_grid();
    const Eigen::MatrixXd x = emcf_test::random_params({{-80, 80}, {-4, 4}}, 400, 11);
    for (double sigma : {0.01, 0.3, 0.8}) {
        const Eigen::MatrixXd phi = emcf_test::simulate_phases(a, x, sigma, 12);
        emcf::EstimatorOptions plain;
        plain.refine = false;
        const auto r0 = emcf::estimate_links<Real>(a, grid, phi, plain);
        const auto r1 = emcf::estimate_links<Real>(a, grid, phi);
        std::vector<double> err0;
        std::vector<double> err1;
        for (Eigen::Index l = 0; l < x.cols(); ++l) {
            // refined coherence >= grid-node coherence, for every link
            CHECK(r1.coherence(l) >= r1.node_coherence(l));
            CHECK(r0.coherence(l) == r0.node_coherence(l));
            CHECK(r1.node_coherence(l) == r0.node_coherence(l));
            err0.push_back(std::fabs(r0.params(1, l) - x(1, l)));
            err1.push_back(std::fabs(r1.params(1, l) - x(1, l)));
        }
        if (sigma == 0.01) {
            // median |DEM error| <= 0.01 x step at 0.01 rad noise (grid step 0.5 m)
            CHECK(median(err1) <= 0.01 * 0.5);
            CHECK(median(err0) > 0.05); // the grid alone is a quarter step off
        }
    }
}

TEST_CASE("estimator: Newton polish reaches the stationary point")
{
    const Eigen::MatrixXd a = emcf_test::mission_design(emcf_test::kXband, 20, 5);
    const emcf::ParameterGrid grid{{-50, 50, 5}, {-30, 30, 1}};
    const Eigen::MatrixXd x = emcf_test::random_params({{-40, 40}, {-25, 25}}, 100, 6);
    const Eigen::MatrixXd phi = emcf_test::simulate_phases(a, x, 0.2, 7);
    emcf::EstimatorOptions opt;
    opt.newton_iterations = 5;
    const auto rq = emcf::estimate_links<double>(a, grid, phi);
    const auto rn = emcf::estimate_links<double>(a, grid, phi, opt);
    for (Eigen::Index l = 0; l < x.cols(); ++l) {
        CHECK(rn.coherence(l) >= rq.coherence(l));
        // central differences of the exact coherence vanish at the refined point
        const Eigen::VectorXd col = phi.col(l);
        for (Eigen::Index p = 0; p < 2; ++p) {
            Eigen::Vector2d hi = rn.params.col(l);
            Eigen::Vector2d lo = hi;
            const double h = 1e-4 * grid.step(std::size_t(p));
            hi(p) += h;
            lo(p) -= h;
            const double slope = (emcf::temporal_coherence(a, col, hi) -
                                  emcf::temporal_coherence(a, col, lo)) /
                                 (2 * h / grid.step(std::size_t(p)));
            CHECK(std::fabs(slope) < 1e-6);
        }
        CHECK(rn.coherence(l) ==
              doctest::Approx(emcf::temporal_coherence(
                                      a, col, Eigen::Vector2d(rn.params.col(l))))
                      .epsilon(1e-12));
    }
}

TEST_CASE("estimator: 1-D velocity model of the link-model workflow (§7.8)")
{
    // A[k] = times[j] - times[i] (days), velocity in rad/day, range -0.5 .. 0.08 by
    // 0.02
    const int n = 20;
    const auto pairs = emcf_test::hop3_pairs(n);
    Eigen::MatrixXd a(Eigen::Index(pairs.size()), 1);
    for (std::size_t k = 0; k < pairs.size(); ++k) {
        a(Eigen::Index(k), 0) = 12.0 * (pairs[k].second - pairs[k].first);
    }
    const emcf::ParameterGrid grid{{-0.5, 0.08, 0.02, "velocity"}};
    REQUIRE(grid.count(0) == 30);
    // 12-day sampling aliases velocity with period 2π/12 = 0.524 rad/day, less than
    // the range: truths in [-0.4, 0] have no alias inside the box (as in spurt's data)
    const Eigen::MatrixXd x = emcf_test::random_params({{-0.4, 0.0}}, 200, 21);
    const Eigen::MatrixXd phi = emcf_test::simulate_phases(a, x, 0.05, 22);
    const emcf::LinkEstimator<float> est(a, grid);
    CHECK(est.coherence_grid().path() == emcf::SearchPath::separable);
    CHECK(est.refined_parameters() == std::vector<std::size_t>{0});
    const auto r = emcf::estimate_links<float>(a, grid, phi);
    CHECK(r.params.rows() == 1);
    CHECK(r.coherence.mean() > 0.95);
    std::vector<double> err;
    for (Eigen::Index l = 0; l < x.cols(); ++l) {
        err.push_back(std::fabs(r.params(0, l) - x(0, l)));
        CHECK(r.status[std::size_t(l)] == emcf::LinkStatus::ok);
    }
    CHECK(median(err) < 0.02 / 10); // the parabola refines well below the step
}

TEST_CASE("estimator: all B⊥ zero -> DEM ties, the first node wins (§7.8)")
{
    Eigen::MatrixXd a = emcf_test::mission_design(emcf_test::kS1, 10, 0);
    a.col(1).setZero();
    const emcf::ParameterGrid grid{{-50, 10, 2}, {-5, 5, 1}};
    const Eigen::MatrixXd x = emcf_test::random_params({{-40, 0}, {0, 0}}, 50, 8);
    const double sigma = 0.05;
    const Eigen::MatrixXd phi = emcf_test::simulate_phases(a, x, sigma, 9);
    const Eigen::VectorXd ac = a.col(0).array() - a.col(0).mean();
    const double bound = sigma / ac.norm(); // least-squares standard deviation
    for (auto path : {emcf::SearchPath::separable, emcf::SearchPath::general}) {
        emcf::EstimatorOptions opt;
        opt.search.path = path;
        const emcf::LinkEstimator<float> est(a, grid, opt);
        CHECK(est.refined_parameters() == std::vector<std::size_t>{0});
        const auto r = emcf::estimate_links<float>(a, grid, phi, opt);
        for (Eigen::Index l = 0; l < x.cols(); ++l) {
            CHECK(r.params(1, l) == -5.0); // first DEM node in grid order
            CHECK(grid.index(1, std::size_t(r.best_node[std::size_t(l)])) == 0);
            CHECK(std::fabs(r.params(0, l) - x(0, l)) < 5 * bound);
            CHECK(r.status[std::size_t(l)] == emcf::LinkStatus::ok); // not an edge
        }
    }
}

TEST_CASE("estimator: peaks outside the box are flagged on_grid_edge, node returned")
{
    const Eigen::MatrixXd a = emcf_test::mission_design(emcf_test::kXband, 15, 4);
    const emcf::ParameterGrid grid{{-50, 50, 5}, {-20, 20, 1}};
    Eigen::MatrixXd x(2, 3); // columns: DEM just outside, velocity just outside, inside
    x << 0, -52, 10,         //
            21, 0, 3;
    const Eigen::MatrixXd phi = emcf_test::simulate_phases(a, x, 0.0, 1);
    const auto r = emcf::estimate_links<double>(a, grid, phi);
    CHECK(r.status[0] == emcf::LinkStatus::on_grid_edge);
    CHECK(r.params(1, 0) == 20.0);
    CHECK(r.status[1] == emcf::LinkStatus::on_grid_edge);
    CHECK(r.params(0, 1) == -50.0);
    CHECK(r.status[2] == emcf::LinkStatus::ok);
    CHECK(r.coherence(0) == r.node_coherence(0)); // unrefined
}

TEST_CASE("estimator: n-D models (3 and 4 parameters: least-squares quadratic, 3^m "
          "stencil)")
{
    const Eigen::MatrixXd base = emcf_test::mission_design(emcf_test::kXband, 16, 2);
    const auto pairs = emcf_test::hop3_pairs(16);
    for (int np : {3, 4}) {
        Eigen::MatrixXd a(base.rows(), np);
        a.leftCols(2) = base;
        for (std::size_t k = 0; k < pairs.size(); ++k) {
            const double ti = 11.0 * pairs[k].first;
            const double tj = 11.0 * pairs[k].second;
            // thermal-like and seasonal columns, as epoch differences [rad per unit]
            a(Eigen::Index(k), 2) = 0.8 * (std::sin(2 * kPi * tj / 365.25) -
                                           std::sin(2 * kPi * ti / 365.25));
            if (np == 4) {
                a(Eigen::Index(k), 3) = 0.6 * (std::cos(2 * kPi * tj / 365.25) -
                                               std::cos(2 * kPi * ti / 365.25));
            }
        }
        std::vector<emcf::ParameterRange> ranges{
                {-40, 40, 8}, {-10, 10, 1}, {-3, 3, 0.5}};
        // 3 and 4 refined parameters: least-squares quadratic on the 3^m stencil
        std::vector<std::pair<double, double>> box{{-30, 30}, {-8, 8}, {-2, 2}};
        if (np == 4) {
            ranges.push_back({-3, 3, 0.5});
            box.emplace_back(-2, 2);
        }
        const emcf::ParameterGrid grid(ranges);
        const Eigen::MatrixXd x = emcf_test::random_params(box, 30, 31);
        const Eigen::MatrixXd phi = emcf_test::simulate_phases(a, x, 0.01, 32);
        emcf::EstimatorOptions plain;
        plain.refine = false;
        const auto r0 = emcf::estimate_links<double>(a, grid, phi, plain);
        const auto r1 = emcf::estimate_links<double>(a, grid, phi);
        Eigen::VectorXd steps(np);
        for (int p = 0; p < np; ++p) {
            steps(p) = grid.step(std::size_t(p));
        }
        double e0 = 0;
        double e1 = 0;
        for (Eigen::Index l = 0; l < x.cols(); ++l) {
            CHECK(r1.coherence(l) >= r1.node_coherence(l));
            e0 += (r0.params.col(l) - x.col(l)).cwiseQuotient(steps).norm();
            e1 += (r1.params.col(l) - x.col(l)).cwiseQuotient(steps).norm();
        }
        CHECK(e1 < 0.5 * e0); // refinement moves every parameter toward the truth
    }
}

TEST_CASE_TEMPLATE("estimator: weights, NaN masks and too_few_samples", Real, float,
                   double)
{
    const Eigen::MatrixXd a = emcf_test::mission_design(emcf_test::kS1, 12, 6);
    const emcf::ParameterGrid grid{{-100, 100, 10}, {-40, 40, 4}};
    const Eigen::MatrixXd x = emcf_test::random_params({{-80, 80}, {-30, 30}}, 70, 41);
    Eigen::MatrixXd phi = emcf_test::simulate_phases(a, x, 0.3, 42);
    // per-link weights with zeros == NaN phases with unit weights
    Eigen::MatrixXd w = Eigen::MatrixXd::Ones(a.rows(), x.cols());
    Eigen::MatrixXd masked = phi;
    for (Eigen::Index l = 0; l < x.cols(); ++l) {
        for (Eigen::Index k = l % 5; k < a.rows(); k += 7) {
            w(k, l) = 0;
            masked(k, l) = std::nan("");
        }
    }
    const auto rw = emcf::estimate_links<Real>(a, grid, phi, w);
    const auto rm = emcf::estimate_links<Real>(a, grid, masked);
    CHECK(rw.params == rm.params);
    CHECK(rw.coherence == rm.coherence);
    // renormalisation: scaling all weights changes nothing (to rounding)
    const auto rs = emcf::estimate_links<Real>(a, grid, phi, Eigen::MatrixXd(3.0 * w));
    for (Eigen::Index l = 0; l < x.cols(); ++l) {
        CHECK(rs.coherence(l) == doctest::Approx(rw.coherence(l)).epsilon(1e-12));
    }
    // per-interferogram weights == the same weights replicated per link
    Eigen::VectorXd wi(a.rows());
    for (Eigen::Index k = 0; k < wi.size(); ++k) {
        wi(k) = 1.0 + 0.1 * double(k % 4);
    }
    const Eigen::MatrixXd wrep = wi.replicate(1, x.cols());
    const auto ri = emcf::estimate_links<Real>(a, grid, phi, wi);
    const auto rr = emcf::estimate_links<Real>(a, grid, phi, wrep);
    CHECK(ri.params == rr.params);
    // too few samples: all-NaN link, and a link with 2 valid observations (< 3)
    masked.col(3).setConstant(std::nan(""));
    masked.col(4).setConstant(std::nan(""));
    masked(0, 4) = 0.1;
    masked(5, 4) = 0.2;
    const auto rt = emcf::estimate_links<Real>(a, grid, masked);
    for (Eigen::Index l : {3, 4}) {
        CHECK(rt.status[std::size_t(l)] == emcf::LinkStatus::too_few_samples);
        CHECK(std::isnan(rt.params(0, l)));
        CHECK(std::isnan(rt.params(1, l)));
        CHECK(std::isnan(rt.coherence(l)));
        CHECK(std::isnan(rt.node_coherence(l)));
        CHECK(rt.best_node[std::size_t(l)] == -1);
    }
    CHECK(rt.status[5] != emcf::LinkStatus::too_few_samples);
}

TEST_CASE("estimator: per-link column scale (per-link geometry)")
{
    const Eigen::MatrixXd a = emcf_test::mission_design(emcf_test::kXband, 20, 12);
    const emcf::ParameterGrid grid{{-50, 50, 5}, {-30, 30, 0.5}};
    const Eigen::MatrixXd x = emcf_test::random_params({{-40, 40}, {-20, 20}}, 64, 51);
    Eigen::VectorXd scale(64);
    Eigen::MatrixXd phi(a.rows(), 64);
    std::mt19937 gen(3);
    std::uniform_real_distribution<double> u(0.8, 1.2);
    for (Eigen::Index l = 0; l < 64; ++l) {
        scale(l) = u(gen);
        Eigen::MatrixXd al = a;
        al.col(1) *= scale(l); // this link's own DEM sensitivity
        phi.col(l) = emcf_test::simulate_phases(al, x.col(l), 0.05, unsigned(60 + l));
    }
    const emcf::LinkEstimator<float> est(a, grid);
    Eigen::MatrixXd p(2, 64);
    Eigen::VectorXd c(64);
    std::vector<emcf::LinkStatus> st(64);
    est.estimate(phi, emcf::uniform_weights, scale, p, c, emcf::view1d(st.data(), 64));
    Eigen::MatrixXd p1(2, 64);
    est.estimate(phi, p1, c, emcf::view1d(st.data(), 64));
    for (Eigen::Index l = 0; l < 64; ++l) {
        CHECK(std::fabs(p(1, l) - x(1, l)) < 0.1);
        CHECK(p(1, l) == doctest::Approx(p1(1, l) / scale(l)).epsilon(1e-12));
        CHECK(p(0, l) == p1(0, l));
    }
}

TEST_CASE("estimator: more than 5 refined parameters use coordinate-wise parabolas")
{
    const int n = 14;
    const auto pairs = emcf_test::hop3_pairs(n);
    std::mt19937 gen(77);
    std::normal_distribution<double> d(0.0, 1.0);
    Eigen::MatrixXd epoch(n, 6); // per-epoch sensitivities, weakly correlated
    for (int e = 0; e < n; ++e) {
        for (int c = 0; c < 6; ++c) {
            epoch(e, c) = 0.6 * d(gen);
        }
    }
    Eigen::MatrixXd a(Eigen::Index(pairs.size()), 6);
    for (std::size_t k = 0; k < pairs.size(); ++k) {
        a.row(Eigen::Index(k)) = epoch.row(pairs[k].second) - epoch.row(pairs[k].first);
    }
    std::vector<emcf::ParameterRange> ranges(6, emcf::ParameterRange(-1.5, 1.5, 0.5));
    const emcf::ParameterGrid grid(ranges);
    const emcf::LinkEstimator<double> est(a, grid);
    CHECK(est.refined_parameters().size() == 6);
    const Eigen::MatrixXd x = emcf_test::random_params(
            std::vector<std::pair<double, double>>(6, {-0.9, 0.9}), 20, 78);
    const Eigen::MatrixXd phi = emcf_test::simulate_phases(a, x, 0.01, 79);
    emcf::EstimatorOptions plain;
    plain.refine = false;
    const auto r0 = emcf::estimate_links<double>(a, grid, phi, plain);
    const auto r1 = emcf::estimate_links<double>(a, grid, phi);
    double e0 = 0;
    double e1 = 0;
    int moved = 0;
    for (Eigen::Index l = 0; l < x.cols(); ++l) {
        CHECK(r1.coherence(l) >= r1.node_coherence(l));
        e0 += (r0.params.col(l) - x.col(l)).norm();
        e1 += (r1.params.col(l) - x.col(l)).norm();
        moved += r1.params.col(l) != r0.params.col(l);
    }
    CHECK(moved > 0);
    CHECK(e1 < e0);
}
