// TemporalUnwrapper: temporal unwrapping of blocks of links given their wrapped double
// differences (the first EMCF stage on its own). Truth: simulated X-band links whose
// velocity / height contrasts alias in time; the pipeline's own temporal stage; the
// cycle closure of the output.
#include <cmath>
#include <complex>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <doctest/doctest.h>

#include <emcf/graph/grid_graph.hpp>
#include <emcf/graph/hop3_graph.hpp>
#include <emcf/integrate/integrate_link_parameters.hpp>
#include <emcf/model/design_matrix.hpp>
#include <emcf/unwrap/emcf_unwrapper.hpp>
#include <emcf/unwrap/temporal_unwrapper.hpp>

#include "../support/errors.hpp"

namespace {

// X-band hop-3 stack of 30 epochs (11-day revisit, B⊥ within ±250 m) and links whose
// true double differences are A·x + per-epoch noise differences (closing in time).
struct LinkCase {
    std::size_t nslc = 30;
    std::size_t nlinks = 700;
    emcf::PlanarGraph temporal = emcf::hop3_graph(30);
    Eigen::MatrixXd design;
    Eigen::MatrixXd truth;  // nifg × nlinks unwrapped double differences [rad]
    Eigen::MatrixXd params; // 2 × nlinks: velocity [mm/yr], height [m]
    Eigen::MatrixXf wrapped;

    LinkCase()
    {
        std::mt19937_64 rng(11);
        std::uniform_real_distribution<double> u(-1, 1);
        std::normal_distribution<double> noise(0, 0.08);
        std::vector<double> times(nslc), bperp(nslc);
        for (std::size_t s = 0; s < nslc; ++s) {
            times[s] = 11.0 * double(s);
            bperp[s] = s == 0 ? 0 : 250 * u(rng);
        }
        design = emcf::design_matrix(times, bperp,
                                     emcf::RadarGeometry{0.031, 650e3, 35 * emcf::pi<double>() / 180});
        const auto nifg = Eigen::Index(temporal.nedges());
        truth.resize(nifg, Eigen::Index(nlinks));
        params.resize(2, Eigen::Index(nlinks));
        std::vector<double> eps(nslc);
        for (Eigen::Index l = 0; l < Eigen::Index(nlinks); ++l) {
            params(0, l) = 18 * u(rng);
            params(1, l) = 45 * u(rng);
            for (auto& e : eps) {
                e = noise(rng);
            }
            for (Eigen::Index k = 0; k < nifg; ++k) {
                const auto& e = temporal.edge(std::size_t(k));
                truth(k, l) = design.row(k).dot(params.col(l)) + eps[std::size_t(e[1])] -
                              eps[std::size_t(e[0])];
            }
        }
        wrapped = truth.unaryExpr([](double v) { return emcf::wrap(v); }).cast<float>();
    }

    emcf::EmcfSettings settings(int threads = 1) const
    {
        emcf::EmcfSettings s;
        s.threads = threads;
        s.link_model.enabled = true;
        s.link_model.design = design;
        s.link_model.grid = {{-20, 20, 2, "velocity"}, {-50, 50, 0.5, "dem_error"}};
        return s;
    }
};

const LinkCase& link_case()
{
    static const LinkCase c;
    return c;
}

template <class A, class B>
bool bit_identical(const A& a, const B& b)
{
    if (a.size() != b.size()) {
        return false;
    }
    for (Eigen::Index i = 0; i < a.size(); ++i) {
        const auto x = a.data()[i];
        const auto y = b.data()[i];
        if (!(x == y || (std::isnan(x) && std::isnan(y)))) {
            return false;
        }
    }
    return true;
}

} // namespace

TEST_CASE("temporal unwrapper: links aliasing in time are recovered with the model")
{
    const auto& c = link_case();
    const emcf::TemporalUnwrapper<float> with(c.temporal, c.settings());
    const emcf::TemporalUnwrapper<float> without(c.temporal);
    CHECK(with.has_link_model());
    CHECK(with.nparams() == 2);
    Eigen::MatrixXd out(c.truth.rows(), c.truth.cols());
    const auto res = with.unwrap(c.wrapped, out);
    REQUIRE(res.link_params.rows() == 2);
    std::size_t wrong = 0, ok = 0;
    std::vector<double> closure(c.temporal.ncycles());
    for (Eigen::Index l = 0; l < out.cols(); ++l) {
        CHECK(res.temporal.valid[std::size_t(l)] == 1);
        wrong += (out.col(l) - c.truth.col(l)).cwiseAbs().maxCoeff() > 1e-4 ? 1 : 0;
        const Eigen::VectorXd column = out.col(l);
        emcf::cycle_closure(c.temporal, column, closure);
        for (const double e : closure) {
            REQUIRE(std::fabs(e) < 1e-4);
        }
        if (res.link_status[std::size_t(l)] == emcf::LinkStatus::ok) {
            ++ok;
            CHECK(std::fabs(res.link_params(0, l) - c.params(0, l)) < 1.0);
            CHECK(std::fabs(res.link_params(1, l) - c.params(1, l)) < 0.5);
        }
    }
    CHECK(wrong == 0);
    CHECK(ok > c.nlinks * 9 / 10);

    // Without the model, height contrasts of tens of metres alias: whole cycles wrong.
    Eigen::MatrixXd plain(c.truth.rows(), c.truth.cols());
    const auto res0 = without.unwrap(c.wrapped, plain);
    CHECK(res0.link_params.size() == 0);
    std::size_t wrong0 = 0;
    for (Eigen::Index l = 0; l < out.cols(); ++l) {
        wrong0 += (plain.col(l) - c.truth.col(l)).cwiseAbs().maxCoeff() > 1e-4 ? 1 : 0;
    }
    CHECK(wrong0 > c.nlinks / 2);
}

// Links are independent; their 256-link tasks are the unit of computation. With Eigen's
// GEMM any split is bit-identical; BLAS kernels may round a link's search differently
// by its column within a task, so splits at multiples of links_per_task are.
static void check_blocks(emcf::GemmBackend gemm, std::vector<Eigen::Index> cuts)
{
    const auto& c = link_case();
    auto s1 = c.settings(1);
    auto s2 = c.settings(2);
    s1.link_model.estimator.search.gemm = gemm;
    s2.link_model.estimator.search.gemm = gemm;
    const emcf::TemporalUnwrapper<float> one(c.temporal, s1);
    const emcf::TemporalUnwrapper<float> two(c.temporal, s2);
    Eigen::MatrixXf whole(c.truth.rows(), c.truth.cols());
    const auto r1 = one.unwrap(c.wrapped, whole);
    Eigen::MatrixXf blocks(c.truth.rows(), c.truth.cols());
    Eigen::MatrixXd params(2, c.truth.cols());
    std::vector<float> coherence;
    std::vector<std::int32_t> corrections;
    cuts.insert(cuts.begin(), 0);
    cuts.push_back(c.truth.cols());
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        const Eigen::Index b = cuts[i];
        const Eigen::Index n = cuts[i + 1] - b;
        Eigen::MatrixXf part(c.truth.rows(), n);
        const auto r = two.unwrap(c.wrapped.middleCols(b, n), part);
        blocks.middleCols(b, n) = part;
        params.middleCols(b, n) = r.link_params;
        coherence.insert(coherence.end(), r.link_coherence.begin(),
                         r.link_coherence.end());
        corrections.insert(corrections.end(), r.temporal.corrections.begin(),
                           r.temporal.corrections.end());
    }
    CHECK(bit_identical(whole, blocks));
    CHECK(bit_identical(r1.link_params, params));
    CHECK(r1.link_coherence == coherence);
    CHECK(r1.temporal.corrections == corrections);
}

TEST_CASE("temporal unwrapper: splits into blocks and threads are bit-identical")
{
    using emcf::GemmBackend;
    const auto task = Eigen::Index(emcf::TemporalUnwrapper<float>::links_per_task);
    SUBCASE("Eigen GEMM: any split") { check_blocks(GemmBackend::eigen, {301, 302}); }
    SUBCASE("default GEMM: splits at task multiples")
    {
        check_blocks(GemmBackend::automatic, {task, 2 * task});
    }
}

TEST_CASE("temporal unwrapper: equals the pipeline's temporal stage")
{
    // Interferogram stack on a 12 × 12 grid: the pipeline's wrapped double differences
    // wrap(b − a) are rebuilt here, so link parameters must agree bit for bit.
    const auto& c = link_case();
    const std::size_t side = 12, np = side * side;
    const auto nifg = std::size_t(c.truth.rows());
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<float> u(-3.1f, 3.1f);
    Eigen::MatrixXf ifg(static_cast<Eigen::Index>(nifg), static_cast<Eigen::Index>(np));
    for (Eigen::Index k = 0; k < ifg.size(); ++k) {
        ifg.data()[k] = u(rng);
    }
    auto settings = c.settings();
    const emcf::EmcfUnwrapper<float> pipeline(emcf::grid_graph(side, side), c.temporal,
                                              settings);
    Eigen::MatrixXf uw(ifg.rows(), ifg.cols());
    const auto full = pipeline.unwrap_interferograms(ifg, uw);
    const auto& spatial = pipeline.spatial_graph();
    Eigen::MatrixXf diff(ifg.rows(), Eigen::Index(spatial.nedges()));
    for (std::size_t m = 0; m < spatial.nedges(); ++m) {
        const auto p = Eigen::Index(spatial.edge(m)[0]);
        const auto q = Eigen::Index(spatial.edge(m)[1]);
        for (Eigen::Index k = 0; k < ifg.rows(); ++k) {
            diff(k, Eigen::Index(m)) = emcf::wrap<float>(ifg(k, q) - ifg(k, p));
        }
    }
    Eigen::MatrixXf grad(diff.rows(), diff.cols());
    const auto block = pipeline.temporal_unwrapper().unwrap(diff, grad);
    CHECK(bit_identical(block.link_params, full.link_params));
    CHECK(block.link_coherence == full.link_coherence);
    CHECK(block.temporal.corrections == full.temporal.corrections);
    CHECK(block.temporal.residues == full.temporal.residues);

    // with a per-link DEM-column scale in the settings, as the unwrapper given it
    std::vector<double> scale(spatial.nedges());
    for (std::size_t l = 0; l < scale.size(); ++l) {
        scale[l] = 0.6 + 0.1 * double(l % 5);
    }
    settings.link_model.dem_scale = scale;
    const emcf::EmcfUnwrapper<float> scaled(emcf::grid_graph(side, side), c.temporal,
                                            settings);
    const auto full_scaled = scaled.unwrap_interferograms(ifg, uw);
    const auto block_scaled = scaled.temporal_unwrapper().unwrap(diff, grad, scale);
    CHECK(bit_identical(block_scaled.link_params, full_scaled.link_params));
    CHECK(block_scaled.temporal.corrections == full_scaled.temporal.corrections);
    CHECK_FALSE(bit_identical(full_scaled.link_params, full.link_params));
    settings.link_model.dem_scale.pop_back();
    CHECK_THROWS_WITH_AS((emcf::EmcfUnwrapper<float>(emcf::grid_graph(side, side),
                                                     c.temporal, settings)),
                         "emcf: invalid argument 'link_model.dem_scale': size mismatch: "
                         "expected 264, got 263",
                         emcf::invalid_argument);
}

TEST_CASE("temporal unwrapper: complex input, masked links, per-link scale")
{
    const auto& c = link_case();
    const emcf::TemporalUnwrapper<double> tu(c.temporal, c.settings());
    const Eigen::MatrixXd phase = c.wrapped.cast<double>();
    const Eigen::MatrixXcd z = phase.unaryExpr([](double v) { return std::polar(1.0, v); });
    Eigen::MatrixXd a(phase.rows(), phase.cols()), b(phase.rows(), phase.cols());
    const auto ra = tu.unwrap(phase, a);
    const auto rb = tu.unwrap(z, b);
    CHECK((a - b).cwiseAbs().maxCoeff() < 1e-6);
    CHECK(ra.temporal.corrections == rb.temporal.corrections);

    // A NaN or a zero-amplitude sample: that link alone is reported and left NaN.
    Eigen::MatrixXcd zm = z;
    zm(3, 10) = std::complex<double>(std::nan(""), 0);
    zm(0, 20) = 0;
    Eigen::MatrixXd m(phase.rows(), phase.cols());
    const auto rm = tu.unwrap(zm, m);
    for (const Eigen::Index l : {10, 20}) {
        CHECK(rm.temporal.valid[std::size_t(l)] == 0);
        CHECK(rm.link_status[std::size_t(l)] == emcf::LinkStatus::masked);
        CHECK(m.col(l).array().isNaN().all());
    }
    CHECK(rm.temporal.valid[11] == 1);
    CHECK(m.col(11) == b.col(11));

    // A per-link DEM-column scale s: the search box is [lo/s, hi/s] and the estimate
    // is the height seen with that scale; scaling the design instead gives the same.
    std::vector<double> scale(phase.cols(), 1.0);
    for (std::size_t l = 0; l < scale.size(); ++l) {
        scale[l] = l % 2 == 0 ? 1.0 : 0.5;
    }
    Eigen::MatrixXd s(phase.rows(), phase.cols());
    const auto rs = tu.unwrap(phase, s, scale);
    for (Eigen::Index l = 0; l < phase.cols(); l += 2) {
        CHECK(rs.link_params(1, l) == ra.link_params(1, l));
    }
}

TEST_CASE("temporal unwrapper: caller misuse is named")
{
    const auto& c = link_case();
    const emcf::TemporalUnwrapper<float> tu(c.temporal, c.settings());
    using emcf_test::argument_of;
    Eigen::MatrixXf out(c.truth.rows(), c.truth.cols());
    Eigen::MatrixXf short_out(c.truth.rows(), 3);
    const Eigen::MatrixXf too_few = c.wrapped.topRows(10);
    CHECK(argument_of([&] { (void)tu.unwrap(too_few, out); }) == "wrapped");
    CHECK(argument_of([&] { (void)tu.unwrap(c.wrapped, short_out); }) == "unwrapped");
    const std::vector<double> scale(5, 1.0);
    CHECK(argument_of([&] { (void)tu.unwrap(c.wrapped, out, scale); }) == "column_scale");
    auto bad = c.settings();
    bad.link_model.design.conservativeResize(bad.link_model.design.rows() - 1,
                                             Eigen::NoChange);
    CHECK(argument_of([&] { emcf::TemporalUnwrapper<float> t(c.temporal, bad); }) ==
          "link_model.design");
    bad = c.settings();
    bad.link_model.design(0, 0) += 1; // no longer a difference of epoch terms
    CHECK(argument_of([&] { emcf::TemporalUnwrapper<float> t(c.temporal, bad); }) ==
          "link_model.design");
    bad = c.settings();
    bad.threads = -1;
    CHECK(argument_of([&] { emcf::TemporalUnwrapper<float> t(c.temporal, bad); }) ==
          "threads");
}
