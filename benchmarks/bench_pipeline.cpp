// End-to-end EMCF on the demo's synthetic X-band urban scene (buildings 15-40 m): the
// unwrapper's set-up, then unwrap_slc with and without the per-link model, then the
// link parameters to pixels. Arguments: points, SLCs, link model (0/1). Threads:
// EMCF_BENCH_THREADS (default 2, the CI machine's cores).
//
// Counters: seconds per stage (setup, prepare, temporal, spatial, points) and memory
// from getrusage: input_MB = peak RSS once the scene and graphs exist (the caller's
// data), peak_MB = peak RSS at the end. Peak RSS is per process: run one case per
// process (benchmarks/bench_pipeline.sh does).
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include <sys/resource.h>

#include <Eigen/Core>
#include <benchmark/benchmark.h>

#include <emcf/emcf.hpp>

#include "urban_scene.hpp"

namespace {

double peak_rss_mb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0; // kB on Linux
}

int bench_threads()
{
    const char* t = std::getenv("EMCF_BENCH_THREADS");
    return t != nullptr ? std::atoi(t) : 2;
}

struct Scene {
    emcf_demo::UrbanSceneOptions opt;
    emcf_demo::UrbanScene scene;
    emcf::PlanarGraph spatial;
    emcf::PlanarGraph temporal;
};

const Scene& scene_of(std::size_t npoints, std::size_t nslc)
{
    static std::map<std::pair<std::size_t, std::size_t>, std::unique_ptr<Scene>> cache;
    auto& s = cache[{npoints, nslc}];
    if (!s) {
        s = std::make_unique<Scene>();
        s->opt.npoints = npoints;
        s->opt.nslc = nslc;
        s->scene = emcf_demo::make_urban_scene(s->opt);
        s->spatial = emcf::delaunay_graph(
                emcf::row_major_view(s->scene.xy.data(), npoints, 2));
        s->temporal = emcf::hop3_graph(nslc);
    }
    return *s;
}

void BM_emcf_urban(benchmark::State& state)
{
    const auto npoints = std::size_t(state.range(0));
    const auto nslc = std::size_t(state.range(1));
    const bool model = state.range(2) != 0;
    const auto& s = scene_of(npoints, nslc);
    const double input_mb = peak_rss_mb();
    emcf::EmcfSettings settings;
    settings.threads = bench_threads();
    if (model) {
        settings.link_model.enabled = true;
        settings.link_model.design = emcf::design_matrix(
                s.scene.times, s.scene.bperp,
                emcf::RadarGeometry{s.opt.wavelength, s.opt.slant_range,
                                    s.opt.look_angle});
        settings.link_model.grid = {{-20, 20, 2, "velocity"},
                                    {-50, 50, 0.5, "dem_error"}};
    }
    const auto slc = emcf::row_major_view(s.scene.slc.data(), nslc, npoints);
    Eigen::MatrixXf uw(Eigen::Index(s.temporal.nedges()), Eigen::Index(npoints));
    double setup = 0, prepare = 0, temporal = 0, spatial = 0, points = 0;
    for (auto _ : state) {
        auto t0 = std::chrono::steady_clock::now();
        const emcf::EmcfUnwrapper<float> unwrapper(s.spatial, s.temporal, settings);
        setup += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
                         .count();
        const auto res = unwrapper.unwrap_slc(slc, uw);
        prepare += res.seconds_prepare;
        temporal += res.seconds_temporal;
        spatial += res.seconds_spatial;
        if (model) {
            t0 = std::chrono::steady_clock::now();
            Eigen::MatrixXd params(2, Eigen::Index(npoints));
            std::vector<double> coherence(npoints);
            (void)unwrapper.point_parameters(res, params, coherence);
            points += std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                                    t0)
                              .count();
        }
        benchmark::DoNotOptimize(uw.data());
    }
    const double n = double(state.iterations());
    state.counters["links"] = double(s.spatial.nedges());
    state.counters["ifgs"] = double(s.temporal.nedges());
    state.counters["setup_s"] = setup / n;
    state.counters["prepare_s"] = prepare / n;
    state.counters["temporal_s"] = temporal / n;
    state.counters["spatial_s"] = spatial / n;
    state.counters["points_s"] = points / n;
    state.counters["input_MB"] = input_mb;
    state.counters["peak_MB"] = peak_rss_mb();
}

} // namespace

BENCHMARK(BM_emcf_urban)
        ->ArgNames({"points", "slcs", "model"})
        ->Args({10000, 30, 1})
        ->Args({10000, 100, 1})
        ->Args({100000, 30, 1})
        ->Args({100000, 100, 1})
        ->Args({100000, 100, 0})
        ->Iterations(1)
        ->Unit(benchmark::kSecond)
        ->UseRealTime();
