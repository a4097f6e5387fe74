// An urban X-band scene on irregular (Delaunay) points with buildings 15-40 m tall: the
// link model is what makes EMCF unwrap it. Without the model, links across roof edges
// alias in time and whole-cycle errors appear; with it, every pixel is right and the
// integrated link parameters recover heights and velocities.
#include <cmath>
#include <complex>
#include <cstdint>
#include <vector>

#include <Eigen/Core>
#include <doctest/doctest.h>

#include <emcf/graph/delaunay.hpp>
#include <emcf/graph/hop3_graph.hpp>
#include <emcf/model/design_matrix.hpp>
#include <emcf/unwrap/emcf_unwrapper.hpp>

#include "urban_scene.hpp"

namespace {

struct UrbanCase {
    emcf_demo::UrbanScene scene;
    emcf::PlanarGraph spatial;
    emcf::PlanarGraph temporal;
    emcf::RadarGeometry geometry;
    explicit UrbanCase(std::size_t npoints)
    {
        emcf_demo::UrbanSceneOptions opt;
        opt.npoints = npoints;
        opt.seed = 7;
        scene = emcf_demo::make_urban_scene(opt);
        spatial =
                emcf::delaunay_graph(emcf::row_major_view(scene.xy.data(), npoints, 2));
        temporal = emcf::hop3_graph(scene.nslc);
        geometry = {opt.wavelength, opt.slant_range, opt.look_angle};
    }

    emcf::EmcfSettings settings(bool model, int threads) const
    {
        emcf::EmcfSettings s;
        s.threads = threads;
        if (model) {
            s.link_model.enabled = true;
            s.link_model.design =
                    emcf::design_matrix(scene.times, scene.bperp, geometry);
            // neighbour contrasts: velocity ±20 mm/yr, height ±50 m (roof edges)
            s.link_model.grid = {{-20, 20, 2, "velocity"}, {-50, 50, 0.5, "dem_error"}};
        }
        return s;
    }

    // Points not unwrapped right (every interferogram within 0.1 rad of the truth,
    // referenced to the reference point of its component); all are in a component.
    std::size_t wrong_points(const Eigen::MatrixXf& uw,
                             const emcf::EmcfResult& res) const
    {
        const auto c = emcf_demo::correctness(scene, temporal, uw, res);
        REQUIRE(c.counted == scene.npoints);
        return c.counted - c.correct;
    }
};

} // namespace

TEST_CASE("emcf: urban X-band scene, buildings 15-40 m: the link model removes cycle "
          "errors")
{
    const UrbanCase c(2500);
    const std::size_t np = c.scene.npoints;
    const auto slc = emcf::row_major_view(c.scene.slc.data(), c.scene.nslc, np);
    const auto nifg = Eigen::Index(c.temporal.nedges());

    const emcf::EmcfUnwrapper<float> plain(c.spatial, c.temporal, c.settings(false, 1));
    Eigen::MatrixXf uw_plain(nifg, Eigen::Index(np));
    const auto res_plain = plain.unwrap_slc(slc, uw_plain);
    REQUIRE(res_plain.ncomponents == 1);
    const auto wrong_plain = c.wrong_points(uw_plain, res_plain);
    CAPTURE(wrong_plain);
    CHECK(wrong_plain > np / 20); // whole-cycle errors without the model

    const emcf::EmcfUnwrapper<float> model(c.spatial, c.temporal, c.settings(true, 1));
    Eigen::MatrixXf uw(nifg, Eigen::Index(np));
    const auto res = model.unwrap_slc(slc, uw);
    CHECK(c.wrong_points(uw, res) == 0);

    // per-point height and velocity from the link parameters (weighted least squares)
    Eigen::MatrixXd params(2, Eigen::Index(np));
    std::vector<double> coherence(np);
    (void)model.point_parameters(res, params, coherence);
    // Heights and velocities are known up to one integration constant per component:
    // compare after removing the mean offset.
    double off_h = 0;
    double off_v = 0;
    for (std::size_t p = 0; p < np; ++p) {
        off_h += params(1, Eigen::Index(p)) - c.scene.height[p];
        off_v += params(0, Eigen::Index(p)) - c.scene.velocity[p];
    }
    off_h /= double(np);
    off_v /= double(np);
    double se_h = 0;
    double se_v = 0;
    for (std::size_t p = 0; p < np; ++p) {
        const double dh = params(1, Eigen::Index(p)) - c.scene.height[p] - off_h;
        const double dv = params(0, Eigen::Index(p)) - c.scene.velocity[p] - off_v;
        se_h += dh * dh;
        se_v += dv * dv;
    }
    const double rms_h = std::sqrt(se_h / double(np));
    const double rms_v = std::sqrt(se_v / double(np));
    CAPTURE(rms_h);
    CAPTURE(rms_v);
    CHECK(rms_h < 0.1); // m
    CHECK(rms_v < 1.0); // mm/yr

    // identical results with two threads
    const emcf::EmcfUnwrapper<float> model2(c.spatial, c.temporal, c.settings(true, 2));
    Eigen::MatrixXf uw2(nifg, Eigen::Index(np));
    const auto res2 = model2.unwrap_slc(slc, uw2);
    CHECK((uw2.array() == uw.array()).all());
    CHECK((res2.link_params.array() == res.link_params.array()).all());
    CHECK(res2.link_coherence == res.link_coherence);
    CHECK(res2.temporal.corrections == res.temporal.corrections);
}
