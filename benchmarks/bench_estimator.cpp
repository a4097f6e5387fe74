// Links/s of the per-link estimator (grid search + refinement) on the grid-search cases
// of reference/anchors.md B.1 (../shared/bench/gridsearch): Sentinel-1 (41 x 41 grid)
// and X-band (101 x 101, 201 x 201), hop-3 over 30 / 100 / 200 epochs (84 / 294 / 594
// interferograms), true (v, h) uniform in the inner 80 % of the grid, phase noise
// 0.3 rad. Per path (separable, general), search precision (float, double) and GEMM
// backend (BLAS, Eigen); plus raw complex GEMM GFLOP/s at the shapes of the general
// path (M = ngrid, K = nobs, N = links per chunk), the reference of its efficiency.
// benchmarks/compare_estimator.sh runs this next to the numpy peer and prints ratios.
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <benchmark/benchmark.h>

#include <emcf/adapters/eigen.hpp>
#include <emcf/model/design_matrix.hpp>
#include <emcf/model/detail/gemm.hpp>
#include <emcf/model/estimate_links.hpp>

namespace {

struct Mission {
    const char* name;
    double wavelength, slant_range, look_deg, repeat_days, bperp_max;
};
constexpr Mission kS1{"S1", 0.0555, 850e3, 39.0, 12.0, 150.0};
constexpr Mission kX{"X", 0.031, 650e3, 35.0, 11.0, 250.0};

struct GridDef {
    const char* name;
    const Mission* mission;
    double vmin, vmax, vstep, hmin, hmax, hstep;
};
const GridDef kGrids[] = {
        {"S1_41", &kS1, -200, 200, 10, -40, 40, 2},
        {"X_101", &kX, -100, 100, 2, -50, 50, 1},
        {"X_201", &kX, -100, 100, 1, -100, 100, 1},
};
constexpr int kEpochs[] = {30, 100, 200};

Eigen::MatrixXd make_design(const Mission& m, int nslc)
{
    std::mt19937 gen(0);
    std::uniform_real_distribution<double> u(-m.bperp_max, m.bperp_max);
    std::vector<double> t(static_cast<std::size_t>(nslc));
    std::vector<double> b(t.size());
    for (std::size_t e = 0; e < t.size(); ++e) {
        t[e] = m.repeat_days * static_cast<double>(e);
        b[e] = u(gen);
    }
    const emcf::RadarGeometry geo{m.wavelength, m.slant_range,
                                  m.look_deg * emcf::pi<double>() / 180.0};
    return emcf::design_matrix(emcf::view1d(t.data(), t.size()),
                               emcf::view1d(b.data(), b.size()), geo);
}

emcf::ParameterGrid make_grid(const GridDef& g)
{
    return emcf::ParameterGrid{{g.vmin, g.vmax, g.vstep, "velocity"},
                               {g.hmin, g.hmax, g.hstep, "dem_error"}};
}

// nobs × nlinks wrapped phases (float32, as gradients are stored), noise 0.3 rad.
Eigen::MatrixXf make_phases(const Eigen::MatrixXd& a, const GridDef& g,
                            std::size_t nlinks)
{
    std::mt19937 gen(1);
    std::uniform_real_distribution<double> u(0.1, 0.9);
    std::normal_distribution<double> noise(0.0, 0.3);
    Eigen::MatrixXf phi(a.rows(), static_cast<Eigen::Index>(nlinks));
    for (Eigen::Index l = 0; l < phi.cols(); ++l) {
        const double v = g.vmin + (g.vmax - g.vmin) * u(gen);
        const double h = g.hmin + (g.hmax - g.hmin) * u(gen);
        for (Eigen::Index k = 0; k < a.rows(); ++k) {
            const double x = a(k, 0) * v + a(k, 1) * h + noise(gen);
            phi(k, l) = static_cast<float>(std::remainder(x, emcf::two_pi<double>()));
        }
    }
    return phi;
}

template <class Real>
void bm_estimator(benchmark::State& state, const GridDef* g, int nslc,
                  emcf::SearchPath path, emcf::GemmBackend gemm, int threads)
{
    const Eigen::MatrixXd a = make_design(*g->mission, nslc);
    const auto grid = make_grid(*g);
    emcf::EstimatorOptions opt;
    opt.search.path = path;
    opt.search.gemm = gemm;
    opt.threads = threads;
    const emcf::LinkEstimator<Real> est(a, grid, opt);
    const double general_flops = est.coherence_grid().general_flops_per_link();
    // about 0.1-0.3 s per iteration on one core
    const double per_link =
            path == emcf::SearchPath::general ? general_flops / 8e10 : 2e-6;
    // whole GEMM groups (256 links on the general path), so no padded column is timed
    const std::size_t unit = path == emcf::SearchPath::general ? 256 : 64;
    std::size_t nlinks = static_cast<std::size_t>(0.2 / std::max(per_link, 1e-7));
    nlinks = std::clamp<std::size_t>(nlinks, unit,
                                     path == emcf::SearchPath::general ? 8192 : 32768);
    nlinks = (nlinks + unit - 1) / unit * unit;
    const Eigen::MatrixXf phi = make_phases(a, *g, nlinks);
    Eigen::MatrixXf params(2, static_cast<Eigen::Index>(nlinks));
    Eigen::VectorXf coherence(static_cast<Eigen::Index>(nlinks));
    std::vector<emcf::LinkStatus> status(nlinks);
    for (auto _ : state) {
        est.estimate(phi, params, coherence, emcf::view1d(status.data(), nlinks));
        benchmark::DoNotOptimize(params.data());
        benchmark::ClobberMemory();
    }
    const auto links =
            static_cast<double>(state.iterations()) * static_cast<double>(nlinks);
    state.SetItemsProcessed(static_cast<std::int64_t>(links));
    state.counters["nobs"] = static_cast<double>(a.rows());
    state.counters["ngrid"] = static_cast<double>(grid.size());
    state.counters["links"] = static_cast<double>(nlinks);
    // the general path's GEMM flops (8·ngrid·nobs per link) per second
    state.counters["GFLOPs"] = benchmark::Counter(links * general_flops * 1e-9,
                                                  benchmark::Counter::kIsRate);
    state.SetLabel(std::string(emcf::to_string(est.coherence_grid().path())) + "/" +
                   emcf::to_string(est.coherence_grid().gemm_backend()));
}

// Raw complex GEMM C = Aᵀ·B at the general path's shapes.
template <class Real>
void bm_gemm(benchmark::State& state, std::size_t m, std::size_t k, std::size_t n,
             emcf::GemmBackend backend)
{
    using C = std::complex<Real>;
    std::mt19937 gen(2);
    std::uniform_real_distribution<Real> u(-1, 1);
    std::vector<C> a(k * m);
    std::vector<C> b(k * n);
    std::vector<C> c(m * n);
    for (auto& x : a) {
        x = C(u(gen), u(gen));
    }
    for (auto& x : b) {
        x = C(u(gen), u(gen));
    }
    for (auto _ : state) {
        emcf::detail::gemm_tn(backend, m, n, k, a.data(), k, b.data(), k, c.data(), m);
        benchmark::DoNotOptimize(c.data());
        benchmark::ClobberMemory();
    }
    state.counters["GFLOPs"] =
            benchmark::Counter(static_cast<double>(state.iterations()) * 8.0 *
                                       double(m) * double(n) * double(k) * 1e-9,
                               benchmark::Counter::kIsRate);
}

const char* path_name(emcf::SearchPath p) { return emcf::to_string(p); }

bool register_all()
{
    using emcf::GemmBackend;
    using emcf::SearchPath;
    const GemmBackend blas =
            emcf::blas_available() ? GemmBackend::blas : GemmBackend::eigen;
    for (const auto& g : kGrids) {
        for (int nslc : kEpochs) {
            const int nobs = 3 * nslc - 6;
            const std::string base = std::string("estimator/") + g.name + "/" +
                                     std::to_string(nobs) + "/";
            for (auto path : {SearchPath::separable, SearchPath::general}) {
                for (auto gemm : {blas, GemmBackend::eigen}) {
                    if (gemm == GemmBackend::eigen && blas == GemmBackend::eigen) {
                        continue;
                    }
                    const std::string tail = std::string("/") + emcf::to_string(gemm);
                    benchmark::RegisterBenchmark(
                            (base + path_name(path) + "/float" + tail).c_str(),
                            [=](benchmark::State& s) {
                                bm_estimator<float>(s, &g, nslc, path, gemm, 1);
                            })
                            ->Unit(benchmark::kMillisecond)
                            ->UseRealTime();
                    if (gemm == blas) {
                        benchmark::RegisterBenchmark(
                                (base + path_name(path) + "/double" + tail).c_str(),
                                [=](benchmark::State& s) {
                                    bm_estimator<double>(s, &g, nslc, path, gemm, 1);
                                })
                                ->Unit(benchmark::kMillisecond)
                                ->UseRealTime();
                    }
                }
            }
            // two threads, default path (the other core must be idle to mean anything)
            benchmark::RegisterBenchmark(
                    (base + "separable/float/" + emcf::to_string(blas) + "/threads:2")
                            .c_str(),
                    [=](benchmark::State& s) {
                        bm_estimator<float>(s, &g, nslc, SearchPath::separable, blas,
                                            2);
                    })
                    ->Unit(benchmark::kMillisecond)
                    ->UseRealTime();
            // raw GEMM at the general path's shape (N as in ../shared/bench/gridsearch)
            const std::size_t ngrid = make_grid(g).size();
            const std::size_t n = ngrid > 20000 ? 512 : 2048;
            for (auto gemm : {blas, GemmBackend::eigen}) {
                if (gemm == GemmBackend::eigen && blas == GemmBackend::eigen) {
                    continue;
                }
                benchmark::RegisterBenchmark(
                        (std::string("cgemm/") + g.name + "/" + std::to_string(nobs) +
                         "/" + emcf::to_string(gemm))
                                .c_str(),
                        [=](benchmark::State& s) {
                            bm_gemm<float>(s, ngrid, std::size_t(nobs), n, gemm);
                        })
                        ->Unit(benchmark::kMillisecond)
                        ->UseRealTime();
            }
        }
    }
    return true;
}

const bool registered = register_all();

} // namespace
