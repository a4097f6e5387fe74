// The EMCF pipeline on spurt's end-to-end cases (algorithm.md §7.6), the link-model
// workflow cases (§7.8), SLC vs interferogram input, masks, threads, progress and
// cancellation, and caller misuse.
#include <cmath>
#include <complex>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>
#include <doctest/doctest.h>

#include <emcf/graph/costs.hpp>
#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/grid_graph.hpp>
#include <emcf/graph/hop3_graph.hpp>
#include <emcf/model/design_matrix.hpp>
#include <emcf/unwrap/emcf_unwrapper.hpp>

#include "emcf_test_data.hpp"

namespace {

using emcf_test::GridField;

// Max |unwrapped − truth| over every interferogram and point; optionally both sides
// referenced to point `ref` (spurt's "referenced" assertions).
double max_error(const emcf::PlanarGraph& temporal, const Eigen::MatrixXd& uw,
                 const std::vector<double>& phi, std::size_t npoints, bool referenced,
                 std::size_t ref = 0)
{
    double worst = 0;
    for (std::size_t k = 0; k < temporal.nedges(); ++k) {
        const auto i = std::size_t(temporal.edge(k)[0]);
        const auto j = std::size_t(temporal.edge(k)[1]);
        const double t_ref = phi[j * npoints + ref] - phi[i * npoints + ref];
        const double u_ref = uw(Eigen::Index(k), Eigen::Index(ref));
        for (std::size_t p = 0; p < npoints; ++p) {
            double truth = phi[j * npoints + p] - phi[i * npoints + p];
            double got = uw(Eigen::Index(k), Eigen::Index(p));
            if (referenced) {
                truth -= t_ref;
                got -= u_ref;
            }
            worst = std::max(worst, std::fabs(got - truth));
        }
    }
    return worst;
}

// The SLC stack of `phi` (nslc × npoints, unwrapped truth) through `unwrapper`: the
// result, the max error (see max_error) and the mean link coherence (link model).
struct Run {
    emcf::EmcfResult res;
    double error = 0;
    double mean_coherence = 0;
};
Run unwrap_run(const emcf::EmcfUnwrapper<double>& unwrapper,
               const std::vector<double>& phi, bool referenced = true)
{
    const std::size_t np = unwrapper.npoints();
    const std::size_t nslc = unwrapper.nepochs();
    const auto slc = emcf_test::to_slc(phi);
    Eigen::MatrixXd uw(Eigen::Index(unwrapper.ninterferograms()), Eigen::Index(np));
    Run r;
    r.res = unwrapper.unwrap_slc(emcf::row_major_view(slc.data(), nslc, np), uw);
    r.error = max_error(unwrapper.temporal_graph(), uw, phi, np, referenced);
    const auto& c = r.res.link_coherence;
    if (!c.empty()) {
        r.mean_coherence = std::accumulate(c.begin(), c.end(), 0.0) / double(c.size());
    }
    return r;
}

// Plain EMCF on spurt's 64 × 64 grid.
Run unwrap_grid64(const std::vector<double>& phi, std::size_t nslc, bool referenced)
{
    const emcf::EmcfUnwrapper<double> unwrapper(emcf::grid_graph(64, 64),
                                                emcf::hop3_graph(nslc));
    return unwrap_run(unwrapper, phi, referenced);
}

} // namespace

TEST_CASE("emcf: spurt test_emcf (smooth subsidence, 20 SLCs, 64 x 64 grid)")
{
    const GridField g(64);
    const auto vel = emcf_test::bowl_velocity(g);
    const auto phi = emcf_test::linear_phases(vel, 20, 12.0);
    // pixel 0 is a corner where the velocity is 0: no re-referencing needed
    const auto run = unwrap_grid64(phi, 20, false);
    const auto& res = run.res;
    CHECK_FALSE(res.cancelled);
    CHECK(res.ncomponents == 1);
    CHECK(run.error < 1e-3);
    for (const auto& d : res.interferograms) {
        CHECK(d.flow_status == emcf::FlowStatus::optimal);
        CHECK(d.closure == emcf::ClosureStatus::closed);
    }
}

TEST_CASE("emcf: spurt test_emcf_ramp (10 SLCs, referenced)")
{
    const GridField g(64);
    std::vector<double> vel(g.npoints());
    for (std::size_t p = 0; p < vel.size(); ++p) {
        vel[p] = emcf::pi<double>() * (g.x[p] + g.y[p]) / 12.0;
    }
    const auto phi = emcf_test::linear_phases(vel, 10, 12.0);
    CHECK(unwrap_grid64(phi, 10, true).error < 1e-3);
}

TEST_CASE("emcf: spurt test_emcf_eq (earthquake fault after epoch 10, referenced)")
{
    const GridField g(64);
    const auto vel = emcf_test::bowl_velocity(g);
    auto phi = emcf_test::linear_phases(vel, 20, 12.0);
    double r2max = 0;
    for (std::size_t p = 0; p < g.npoints(); ++p) {
        r2max = std::max(r2max, g.x[p] * g.x[p] + g.y[p] * g.y[p]);
    }
    for (std::size_t t = 10; t < 20; ++t) {
        for (std::size_t p = 0; p < g.npoints(); ++p) {
            const double r2 = g.x[p] * g.x[p] + g.y[p] * g.y[p];
            phi[t * g.npoints() + p] +=
                    20.0 * (1.0 - std::atan2((g.x[p] + g.y[p]) / std::sqrt(2.0), 0.5)) *
                    (1.0 - r2 / r2max);
        }
    }
    CHECK(unwrap_grid64(phi, 20, true).error < 1e-3);
}

TEST_CASE("emcf: link-model workflow, 1-D velocity model (test_emcf_link_model)")
{
    const GridField g(32);
    const std::size_t n = 20;
    const auto vel = emcf_test::bowl_velocity(g); // rad/day
    const auto phi = emcf_test::linear_phases(vel, n, 12.0);
    const auto slc = emcf_test::to_slc(phi);
    const auto temporal = emcf::hop3_graph(n);
    emcf::EmcfSettings settings;
    settings.link_model.enabled = true;
    settings.link_model.design.resize(Eigen::Index(temporal.nedges()), 1);
    for (std::size_t k = 0; k < temporal.nedges(); ++k) { // A[k] = times[j] − times[i]
        settings.link_model.design(Eigen::Index(k), 0) =
                12.0 * double(temporal.edge(k)[1] - temporal.edge(k)[0]);
    }
    settings.link_model.grid = {{-0.5, 0.08, 0.02}}; // spurt's slice(-0.5, 0.1, 0.02)
    settings.links_per_batch = 1000;
    const emcf::EmcfUnwrapper<double> unwrapper(emcf::grid_graph(32, 32), temporal,
                                                settings);
    const auto run = unwrap_run(unwrapper, phi);
    const auto& res = run.res;
    CHECK(run.error < 1e-3);
    REQUIRE(res.link_params.rows() == 1);
    REQUIRE(res.link_params.cols() == Eigen::Index(unwrapper.nlinks()));
    CHECK(run.mean_coherence > 0.95);

    // per-point velocity by least squares on the links (point 0 = 0) correlates with
    // the truth (spurt asserts > 0.95)
    Eigen::MatrixXd pv(1, 1024);
    std::vector<double> pc(1024);
    (void)unwrapper.point_parameters(res, pv, pc);
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (std::size_t p = 0; p < 1024; ++p) {
        const double a = pv(0, Eigen::Index(p));
        const double b = vel[p];
        sx += a;
        sy += b;
        sxx += a * a;
        syy += b * b;
        sxy += a * b;
    }
    const double nn = 1024;
    const double corr = (sxy - sx * sy / nn) /
                        std::sqrt((sxx - sx * sx / nn) * (syy - sy * sy / nn));
    CHECK(corr > 0.95);

    // interferogram input gives the same unwrapped stack (referenced)
    std::vector<std::complex<double>> ifg(temporal.nedges() * 1024);
    for (std::size_t k = 0; k < temporal.nedges(); ++k) {
        const auto i = std::size_t(temporal.edge(k)[0]);
        const auto j = std::size_t(temporal.edge(k)[1]);
        for (std::size_t p = 0; p < 1024; ++p) {
            ifg[k * 1024 + p] = slc[j * 1024 + p] * std::conj(slc[i * 1024 + p]);
        }
    }
    Eigen::MatrixXd uw2(Eigen::Index(temporal.nedges()), 1024);
    (void)unwrapper.unwrap_interferograms(
            emcf::row_major_view(ifg.data(), temporal.nedges(), 1024), uw2);
    CHECK(max_error(temporal, uw2, phi, 1024, true) < 1e-3);
}

TEST_CASE("emcf: link model with B-perp all zero (ties in the DEM column)")
{
    // spurt test_emcf_baseline_integration: 10 dates 12 days apart, S1 geometry,
    // velocity in mm/yr, B⊥ all zero: the DEM column is identically 0
    const GridField g(32);
    const std::size_t n = 10;
    const double lambda = 0.055465;
    std::vector<double> vel_mm(g.npoints());
    double vmax = -1e300;
    for (std::size_t p = 0; p < vel_mm.size(); ++p) {
        vel_mm[p] = -20.0 * std::exp(-(g.x[p] * g.x[p] + g.y[p] * g.y[p]) / 5.0);
        vmax = std::max(vmax, vel_mm[p]);
    }
    for (auto& v : vel_mm) {
        v -= vmax;
    }
    std::vector<double> times(n);
    for (std::size_t t = 0; t < n; ++t) {
        times[t] = 12.0 * double(t);
    }
    std::vector<double> phi(n * g.npoints());
    for (std::size_t t = 0; t < n; ++t) {
        for (std::size_t p = 0; p < g.npoints(); ++p) {
            phi[t * g.npoints() + p] = times[t] / 365.25 * vel_mm[p] * 4 *
                                       emcf::pi<double>() / lambda * 1e-3;
        }
    }
    const std::vector<double> bperp(n, 0.0);
    emcf::EmcfSettings settings;
    settings.link_model.enabled = true;
    settings.link_model.design = emcf::design_matrix(
            times, bperp,
            emcf::RadarGeometry{lambda, 900e3, 39.0 * emcf::pi<double>() / 180});
    CHECK((settings.link_model.design.col(0).array() > 0).all());
    settings.link_model.grid = {{-50, 8, 2}, {-5, 4, 1}};
    settings.links_per_batch = 500;
    const auto temporal = emcf::hop3_graph(n);
    const emcf::EmcfUnwrapper<double> unwrapper(emcf::grid_graph(32, 32), temporal,
                                                settings);
    const auto run = unwrap_run(unwrapper, phi);
    const auto& res = run.res;
    CHECK(run.error < 1e-3);
    CHECK(run.mean_coherence > 0.95);
    // ties: the first DEM node in grid order wins
    for (Eigen::Index m = 0; m < res.link_params.cols(); ++m) {
        CHECK(res.link_params(1, m) == -5.0);
    }
}

TEST_CASE("emcf: masked and no-data points are reported, the rest unwrapped")
{
    const GridField g(40);
    const auto vel = emcf_test::bowl_velocity(g);
    const auto phi = emcf_test::linear_phases(vel, 12, 12.0);
    auto slc = emcf_test::to_slc(phi);
    std::vector<std::uint8_t> mask(g.npoints(), 1);
    for (std::size_t p = 17; p < g.npoints(); p += 53) {
        mask[p] = 0;
    }
    slc[5 * g.npoints() + 444] = {std::nan(""), 0.0}; // a NaN sample in epoch 5
    slc[2 * g.npoints() + 999] = {0.0, 0.0};          // zero amplitude: no phase
    const emcf::EmcfUnwrapper<double> unwrapper(emcf::grid_graph(40, 40),
                                                emcf::hop3_graph(12));
    Eigen::MatrixXd uw(30, Eigen::Index(g.npoints()));
    const auto res = unwrapper.unwrap_slc(
            emcf::row_major_view(slc.data(), 12, g.npoints()), uw, mask);
    std::size_t nmasked = 0;
    for (std::size_t p = 0; p < g.npoints(); ++p) {
        const bool bad = mask[p] == 0 || p == 444 || p == 999;
        CHECK((res.point_status[p] == emcf::PointStatus::masked) == bad);
        nmasked += bad;
        if (bad) {
            CHECK(std::isnan(uw(0, Eigen::Index(p))));
        }
    }
    CHECK(nmasked == 32);
    // the valid points are unwrapped correctly (referenced to point 0)
    double worst = 0;
    for (std::size_t k = 0; k < 30; ++k) {
        const auto i = std::size_t(unwrapper.temporal_graph().edge(k)[0]);
        const auto j = std::size_t(unwrapper.temporal_graph().edge(k)[1]);
        for (std::size_t p = 0; p < g.npoints(); ++p) {
            if (res.point_status[p] == emcf::PointStatus::masked) {
                continue;
            }
            const double truth = (phi[j * g.npoints() + p] - phi[i * g.npoints() + p]) -
                                 (phi[j * g.npoints()] - phi[i * g.npoints()]);
            const double got =
                    uw(Eigen::Index(k), Eigen::Index(p)) - uw(Eigen::Index(k), 0);
            worst = std::max(worst, std::fabs(got - truth));
        }
    }
    CHECK(worst < 1e-3);
}

TEST_CASE("emcf: caller reference points, one per component, and their misuse")
{
    // A 16 x 16 bowl cut in two by a masked column: each half is a component, and each
    // takes the reference the caller gives it instead of its lowest point index.
    const GridField g(16);
    const auto phi = emcf_test::linear_phases(emcf_test::bowl_velocity(g), 10, 12.0);
    const auto slc = emcf_test::to_slc(phi);
    std::vector<std::uint8_t> mask(g.npoints(), 1);
    for (std::size_t r = 0; r < 16; ++r) {
        mask[r * 16 + 7] = 0;
    }
    const std::size_t left = 5 * 16 + 3;
    const std::size_t right = 9 * 16 + 12;
    emcf::EmcfSettings settings;
    settings.reference_points = {right, left}; // any order
    const auto spatial = emcf::grid_graph(16, 16);
    const auto temporal = emcf::hop3_graph(10);
    const emcf::EmcfUnwrapper<double> unwrapper(spatial, temporal, settings);
    const emcf::EmcfUnwrapper<double> by_default(spatial, temporal);
    Eigen::MatrixXd uw(24, 256);
    Eigen::MatrixXd uw_default(24, 256);
    const auto stack = emcf::row_major_view(slc.data(), 10, 256);
    const auto res = unwrapper.unwrap_slc(stack, uw, mask);
    const auto res_default = by_default.unwrap_slc(stack, uw_default, mask);
    REQUIRE(res.ncomponents == 2);
    // components are numbered by their lowest point: by default that point is the
    // reference, here the caller's point of the component
    CHECK(res_default.references == std::vector<emcf::graph_index>{0, 8});
    CHECK(res.references == std::vector<emcf::graph_index>{83, 156});
    CHECK(res.point_status[left] == emcf::PointStatus::reference);
    CHECK(res.point_status[right] == emcf::PointStatus::reference);
    CHECK(res.point_status[0] == emcf::PointStatus::ok);
    CHECK(res_default.point_status[0] == emcf::PointStatus::reference);
    for (std::size_t k = 0; k < 24; ++k) {
        const auto i = std::size_t(temporal.edge(k)[0]);
        const auto j = std::size_t(temporal.edge(k)[1]);
        auto truth = [&](std::size_t p) { return phi[j * 256 + p] - phi[i * 256 + p]; };
        for (const std::size_t ref : {left, right}) {
            const auto kk = Eigen::Index(k);
            const auto r = Eigen::Index(ref);
            // the reference keeps a phase of its own: the truth up to 2π cycles
            const double cycles = (uw(kk, r) - truth(ref)) / emcf::two_pi<double>();
            CHECK(std::fabs(cycles - std::round(cycles)) < 1e-6);
            // its component is unwrapped relative to it, and differs from the default
            // referencing by one constant per interferogram
            const double shift = uw(kk, r) - uw_default(kk, r);
            for (std::size_t p = 0; p < 256; ++p) {
                if (res.component[p] != res.component[ref]) {
                    continue;
                }
                CHECK(std::fabs((uw(kk, Eigen::Index(p)) - uw(kk, r)) -
                                (truth(p) - truth(ref))) < 1e-6);
                CHECK(std::fabs(uw(kk, Eigen::Index(p)) - uw_default(kk, Eigen::Index(p)) -
                                shift) < 1e-9);
            }
        }
    }
    // two references in one component, and a reference the mask removes, are named
    emcf::EmcfSettings twice;
    twice.reference_points = {left, 2};
    const emcf::EmcfUnwrapper<double> with_two(spatial, temporal, twice);
    CHECK_THROWS_WITH_AS((void)with_two.unwrap_slc(stack, uw, mask),
                         "emcf: invalid argument 'reference_points': points 83 and 2 "
                         "are in the same connected component",
                         emcf::invalid_argument);
}

TEST_CASE("emcf: progress reports and cancellation")
{
    const GridField g(24);
    const auto phi = emcf_test::linear_phases(emcf_test::bowl_velocity(g), 8, 12.0);
    const auto slc = emcf_test::to_slc(phi);
    emcf::EmcfSettings settings;
    settings.links_per_batch = 300;
    const emcf::EmcfUnwrapper<float> unwrapper(emcf::grid_graph(24, 24),
                                               emcf::hop3_graph(8), settings);
    Eigen::MatrixXf uw(18, 576);
    std::vector<std::size_t> temporal_done, spatial_done;
    auto record = [&](emcf::UnwrapStage s, std::size_t done, std::size_t total) {
        (s == emcf::UnwrapStage::temporal ? temporal_done : spatial_done)
                .push_back(done);
        CHECK(done <= total);
        return true;
    };
    const auto res = unwrapper.unwrap_slc(emcf::row_major_view(slc.data(), 8, 576), uw,
                                          emcf::all_points, record);
    CHECK_FALSE(res.cancelled);
    REQUIRE(!temporal_done.empty());
    CHECK(temporal_done.back() == unwrapper.nlinks());
    CHECK(temporal_done.size() ==
          (unwrapper.nlinks() + 511) / 512); // batches of 2 tasks
    CHECK(spatial_done.back() == 18);
    // stop at the first spatial report: the remaining interferograms are NaN
    auto stop = [&](emcf::UnwrapStage s, std::size_t, std::size_t) {
        return s == emcf::UnwrapStage::temporal;
    };
    const auto cancelled = unwrapper.unwrap_slc(
            emcf::row_major_view(slc.data(), 8, 576), uw, emcf::all_points, stop);
    CHECK(cancelled.cancelled);
    CHECK(std::isfinite(uw(0, 5)));
    CHECK(std::isnan(uw(17, 5)));
    // stop at the first temporal report: no interferogram is unwrapped, all are NaN
    auto stop_now = [](emcf::UnwrapStage, std::size_t, std::size_t) { return false; };
    const auto early = unwrapper.unwrap_slc(emcf::row_major_view(slc.data(), 8, 576), uw,
                                            emcf::all_points, stop_now);
    CHECK(early.cancelled);
    CHECK(uw.array().isNaN().all());
}

TEST_CASE("emcf: built-in cost models reach both solvers as the same caller costs do")
{
    // A noisy bowl, so that both stages see residues and the costs decide the flows:
    // each built-in model must unwrap exactly as CostModel::caller given its numbers,
    // and asymmetric caller costs (revcosts) must reach the spatial solver.
    const GridField g(20);
    auto phi = emcf_test::linear_phases(emcf_test::bowl_velocity(g), 10, 12.0);
    std::mt19937 gen(11);
    std::normal_distribution<double> noise(0.0, 0.8);
    for (auto& x : phi) {
        x += noise(gen);
    }
    const auto spatial = emcf::grid_graph(20, 20);
    const auto temporal = emcf::hop3_graph(10);
    const emcf::DualGraph spatial_dual(spatial);
    const emcf::DualGraph temporal_dual(temporal);
    const auto slc = emcf_test::to_slc(phi);
    struct Out {
        Eigen::MatrixXd uw;
        emcf::EmcfResult res;
    };
    auto run = [&](const emcf::EmcfSettings& settings) {
        const emcf::EmcfUnwrapper<double> unwrapper(spatial, temporal, settings);
        Out out{Eigen::MatrixXd(Eigen::Index(temporal.nedges()), Eigen::Index(g.npoints())),
                {}};
        out.res = unwrapper.unwrap_slc(emcf::row_major_view(slc.data(), 10, g.npoints()),
                                       out.uw);
        return out;
    };
    auto same = [](const Out& a, const Out& b) {
        bool equal = a.uw.cwiseEqual(b.uw).all() &&
                     a.res.temporal.corrections == b.res.temporal.corrections;
        for (std::size_t d = 0; d < a.res.interferograms.size(); ++d) {
            equal = equal && a.res.interferograms[d].flow_cost ==
                                     b.res.interferograms[d].flow_cost;
        }
        return equal;
    };
    const Out constant = run({});
    std::int64_t spatial_residues = 0;
    for (const auto& d : constant.res.interferograms) {
        spatial_residues += d.residues;
    }
    REQUIRE(spatial_residues > 0);
    REQUIRE(std::accumulate(constant.res.temporal.corrections.begin(),
                            constant.res.temporal.corrections.end(), 0) > 0);
    for (const auto model : {emcf::CostModel::distance, emcf::CostModel::centroid}) {
        CAPTURE(int(model));
        emcf::EmcfSettings built;
        built.spatial_costs.model = model;
        built.temporal_costs.model = model;
        built.spatial_costs.scale = built.temporal_costs.scale = 50.0;
        emcf::EmcfSettings given;
        given.spatial_costs.model = given.temporal_costs.model = emcf::CostModel::caller;
        if (model == emcf::CostModel::distance) {
            given.spatial_costs.costs = emcf::distance_costs(spatial, 50.0);
            given.temporal_costs.costs = emcf::distance_costs(temporal, 50.0);
        } else {
            given.spatial_costs.costs =
                    emcf::centroid_costs(spatial, spatial_dual, {50.0});
            given.temporal_costs.costs =
                    emcf::centroid_costs(temporal, temporal_dual, {50.0});
        }
        const Out a = run(built);
        CHECK(same(a, run(given)));
        CHECK_FALSE(same(a, constant)); // (the costs changed the flows' price at least)
    }
    // caller costs with a dearer −2π direction: never cheaper than symmetric ones, and
    // dearer where an optimal flow used that direction
    emcf::EmcfSettings symmetric;
    symmetric.spatial_costs.model = emcf::CostModel::caller;
    symmetric.spatial_costs.costs = emcf::distance_costs(spatial, 50.0);
    emcf::EmcfSettings dearer = symmetric;
    dearer.spatial_costs.revcosts = symmetric.spatial_costs.costs;
    CHECK(same(run(symmetric), run(dearer))); // revcosts = costs: as if not given
    for (auto& c : dearer.spatial_costs.revcosts) {
        c *= 3;
    }
    const Out sym = run(symmetric);
    const Out asym = run(dearer);
    int dearer_count = 0;
    for (std::size_t d = 0; d < sym.res.interferograms.size(); ++d) {
        CHECK(asym.res.interferograms[d].flow_cost >= sym.res.interferograms[d].flow_cost);
        dearer_count +=
                asym.res.interferograms[d].flow_cost > sym.res.interferograms[d].flow_cost;
    }
    CHECK(dearer_count > 0);
    // a revcosts list of the wrong size is named
    dearer.spatial_costs.revcosts.assign(3, 1);
    CHECK_THROWS_WITH_AS((emcf::EmcfUnwrapper<double>(spatial, temporal, dearer)),
                         "emcf: invalid argument 'spatial_costs': size mismatch: "
                         "expected 760, got 3",
                         emcf::invalid_argument);
}

TEST_CASE("emcf: a link model past 32767 cycles per interferogram is named, from any "
          "thread")
{
    // Every point moves by 250 units per epoch and the design says 1000 rad per unit:
    // the estimated model wraps ~4·10^4 times in one epoch step, beyond the int16
    // ambiguities. The error must reach the caller from the worker threads.
    const std::size_t n = 6;
    const auto temporal = emcf::hop3_graph(n);
    const auto spatial = emcf::grid_graph(6, 6);
    std::vector<double> phi(n * 36);
    for (std::size_t t = 0; t < n; ++t) {
        for (std::size_t p = 0; p < 36; ++p) {
            phi[t * 36 + p] = 1000.0 * 250.0 * double(t) * double(p % 2); // two rates
        }
    }
    const auto slc = emcf_test::to_slc(phi);
    emcf::EmcfSettings settings;
    settings.link_model.enabled = true;
    settings.link_model.design.resize(Eigen::Index(temporal.nedges()), 1);
    for (std::size_t k = 0; k < temporal.nedges(); ++k) {
        settings.link_model.design(Eigen::Index(k), 0) =
                1000.0 * double(temporal.edge(k)[1] - temporal.edge(k)[0]);
    }
    settings.link_model.grid = {{-300, 300, 1}};
    for (const int threads : {1, 2}) {
        CAPTURE(threads);
        settings.threads = threads;
        settings.links_per_batch = 8;
        const emcf::EmcfUnwrapper<double> unwrapper(spatial, temporal, settings);
        Eigen::MatrixXd uw(Eigen::Index(temporal.nedges()), 36);
        try {
            (void)unwrapper.unwrap_slc(emcf::row_major_view(slc.data(), n, 36), uw);
            FAIL("expected an overflow error");
        } catch (const emcf::overflow_error& e) {
            CHECK(e.argument() == "link_model");
            CHECK(std::string(e.what()).find("more than 32767 cycles") !=
                  std::string::npos);
        }
    }
}

TEST_CASE("emcf: caller misuse is named")
{
    const auto spatial = emcf::grid_graph(6, 6);
    const auto temporal = emcf::hop3_graph(6);
    const emcf::EmcfUnwrapper<double> unwrapper(spatial, temporal);
    std::vector<std::complex<double>> slc(6 * 36, {1.0, 0.0});
    Eigen::MatrixXd uw(12, 36);
    CHECK_THROWS_WITH_AS(
            (void)unwrapper.unwrap_slc(emcf::row_major_view(slc.data(), 6, 35), uw),
            "emcf: invalid argument 'stack': shape mismatch: expected 6 x 36, got 6 x "
            "35",
            emcf::invalid_argument);
    Eigen::MatrixXd wrong(11, 36);
    CHECK_THROWS_WITH_AS(
            (void)unwrapper.unwrap_slc(emcf::row_major_view(slc.data(), 6, 36), wrong),
            "emcf: invalid argument 'unwrapped': shape mismatch: expected 12 x 36, got "
            "11 x 36",
            emcf::invalid_argument);
    // interferograms where SLCs are expected: the row count tells
    CHECK_THROWS_AS((void)unwrapper.unwrap_interferograms(
                            emcf::row_major_view(slc.data(), 6, 36), uw),
                    emcf::invalid_argument);
    emcf::EmcfSettings bad;
    bad.link_model.enabled = true;
    bad.link_model.design = Eigen::MatrixXd::Ones(11, 2);
    bad.link_model.grid = {{-1, 1, 0.5}, {-1, 1, 0.5}};
    CHECK_THROWS_WITH_AS((emcf::EmcfUnwrapper<double>(spatial, temporal, bad)),
                         "emcf: invalid argument 'link_model.design': expected 12 rows "
                         "(interferograms), got 11",
                         emcf::invalid_argument);
    bad.link_model.design =
            Eigen::MatrixXd::Ones(12, 2); // rows are not epoch differences
    CHECK_THROWS_WITH_AS(
            (emcf::EmcfUnwrapper<double>(spatial, temporal, bad)),
            "emcf: invalid argument 'link_model.design': column 0 does not close "
            "around temporal cycle 0 (rows must be differences of epoch terms)",
            emcf::invalid_argument);
    emcf::EmcfSettings costs;
    costs.spatial_costs.model = emcf::CostModel::caller;
    costs.spatial_costs.costs.assign(5, 1);
    CHECK_THROWS_AS((emcf::EmcfUnwrapper<double>(spatial, temporal, costs)),
                    emcf::invalid_argument);
    emcf::EmcfSettings refs;
    refs.reference_points = {36};
    CHECK_THROWS_AS((emcf::EmcfUnwrapper<double>(spatial, temporal, refs)),
                    emcf::invalid_argument);
    refs.reference_points = {3};
    const emcf::EmcfUnwrapper<double> with_ref(spatial, temporal, refs);
    std::vector<int> mask(36, 1);
    mask[3] = 0;
    CHECK_THROWS_WITH_AS(
            (void)with_ref.unwrap_slc(emcf::row_major_view(slc.data(), 6, 36), uw,
                                      mask),
            "emcf: invalid argument 'reference_points': point 3 is masked or "
            "isolated in this stack",
            emcf::invalid_argument);
}
