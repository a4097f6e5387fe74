// C++ peer of bench_binding.py: the same LinkEstimator::estimate and
// TemporalUnwrapper::unwrap calls on the same inputs (raw files written by the Python
// script), timed without Python, so that the script can report the binding's overhead.
//
//   emcf_bench_binding_peer <dir> <nslc> <nlinks> <repeats>
//
// <dir> holds design.f64 (nifg × 2, row-major), grid.f64 (2 × 3: lo, hi, step per
// parameter) and phase.f32 (nifg × nlinks, row-major). Prints
// "estimate <best seconds>" and "unwrap <best seconds>".
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <Eigen/Core>

#include <emcf/emcf.hpp>

namespace {

template <class T>
std::vector<T> read_raw(const std::string& path, std::size_t n)
{
    std::vector<T> v(n);
    std::ifstream f(path, std::ios::binary);
    f.read(reinterpret_cast<char*>(v.data()),
           static_cast<std::streamsize>(n * sizeof(T)));
    if (!f) {
        std::fprintf(stderr, "cannot read %zu values from %s\n", n, path.c_str());
        std::exit(2);
    }
    return v;
}

template <class Fn>
double best_seconds(int repeats, Fn&& fn)
{
    double best = 1e300;
    for (int r = 0; r < repeats; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        fn();
        best = std::min(best, std::chrono::duration<double>(
                                      std::chrono::steady_clock::now() - t0)
                                      .count());
    }
    return best;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 5) {
        std::fprintf(stderr, "usage: %s <dir> <nslc> <nlinks> <repeats>\n", argv[0]);
        return 2;
    }
    const std::string dir = argv[1];
    const auto nslc = std::size_t(std::atol(argv[2]));
    const auto nlinks = std::size_t(std::atol(argv[3]));
    const int repeats = std::atoi(argv[4]);
    const auto temporal = emcf::hop3_graph(nslc);
    const std::size_t nifg = temporal.nedges();
    const auto d = read_raw<double>(dir + "/design.f64", nifg * 2);
    const auto g = read_raw<double>(dir + "/grid.f64", 6);
    const auto phase = read_raw<float>(dir + "/phase.f32", nifg * nlinks);
    const Eigen::MatrixXd design =
            Eigen::Map<const Eigen::Matrix<double, -1, -1, Eigen::RowMajor>>(
                    d.data(), Eigen::Index(nifg), 2);
    const std::vector<emcf::ParameterRange> grid = {{g[0], g[1], g[2], "velocity"},
                                                    {g[3], g[4], g[5], "dem_error"}};
    const auto in = emcf::row_major_view(phase.data(), nifg, nlinks);

    // The binding's defaults: float search, one thread, default estimator options.
    const emcf::LinkEstimator<float> est(design, emcf::ParameterGrid(grid),
                                         emcf::EstimatorOptions{});
    using RowMajor = Eigen::Matrix<double, -1, -1, Eigen::RowMajor>; // NumPy's C order
    RowMajor params(2, static_cast<Eigen::Index>(nlinks));
    std::vector<float> coherence(nlinks);
    std::vector<emcf::LinkStatus> status(nlinks);
    std::vector<std::int64_t> best(nlinks);
    std::vector<float> node(nlinks);
    const double t_est = best_seconds(repeats, [&] {
        est.estimate(in, emcf::uniform_weights, emcf::no_column_scale, params,
                     coherence, status, best, node);
    });

    emcf::EmcfSettings settings;
    settings.link_model.enabled = true;
    settings.link_model.design = design;
    settings.link_model.grid = grid;
    const emcf::TemporalUnwrapper<float> tu(temporal, settings);
    RowMajor unwrapped(static_cast<Eigen::Index>(nifg),
                       static_cast<Eigen::Index>(nlinks));
    const double t_unw = best_seconds(repeats, [&] { (void)tu.unwrap(in, unwrapped); });
    std::printf("estimate %.6f\nunwrap %.6f\n", t_est, t_unw);
    return 0;
}
