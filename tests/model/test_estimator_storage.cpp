// Link estimator through every storage adapter (raw row/column-major views, Eigen,
// xtensor) for float and double; bit-identical results for any thread count, chunk
// size and memory budget; GEMM backends; the raw coherence-grid search against a brute
// force; and every caller-misuse exception.
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include <Eigen/Core>
#include <doctest/doctest.h>
#include <xtensor/xadapt.hpp>
#include <xtensor/xstrided_view.hpp>
#include <xtensor/xtensor.hpp>
#include <xtensor/xview.hpp>

#include <emcf/adapters/eigen.hpp>
#include <emcf/adapters/xtensor.hpp>
#include <emcf/model/estimate_links.hpp>

#include "model_fixtures.hpp"

// OpenBLAS's thread control, when the BLAS is OpenBLAS (weak: absent elsewhere).
extern "C" void openblas_set_num_threads(int) __attribute__((weak));

namespace {

using emcf_test::check_throws_naming;

constexpr std::size_t kLinks = 150; // not a multiple of the 64-link block

struct Case {
    Eigen::MatrixXd a;
    emcf::ParameterGrid grid{{-100, 100, 10}, {-40, 40, 2}};
    Eigen::MatrixXd phi; // nobs × kLinks, a few NaN
};

const Case& test_case()
{
    static const Case c = [] {
        Case k;
        k.a = emcf_test::mission_design(emcf_test::kS1, 16, 2);
        const Eigen::MatrixXd x =
                emcf_test::random_params({{-90, 90}, {-35, 35}}, kLinks, 3);
        k.phi = emcf_test::simulate_phases(k.a, x, 0.4, 4);
        k.phi(3, 7) = std::nan("");
        k.phi(10, 100) = std::nan("");
        return k;
    }();
    return c;
}

// Results read back as double, for byte comparisons.
struct Out {
    std::vector<double> params, coherence;
    std::vector<emcf::LinkStatus> status;
};

// The first 1000 links' outputs of an estimate_links() result.
Out first_links(const emcf::LinkEstimates& r)
{
    Out o;
    o.params.assign(r.params.data(), r.params.data() + r.params.size());
    o.coherence.assign(r.coherence.data(), r.coherence.data() + 1000);
    o.status = r.status;
    return o;
}

bool identical(const Out& x, const Out& y)
{
    return x.params.size() == y.params.size() && x.status == y.status &&
           std::memcmp(x.params.data(), y.params.data(), 8 * x.params.size()) == 0 &&
           std::memcmp(x.coherence.data(), y.coherence.data(),
                       8 * x.coherence.size()) == 0;
}

// Reference: raw column-major views of T.
template <class T>
Out reference(const emcf::LinkEstimator<float>& est)
{
    const auto& c = test_case();
    const std::size_t n = std::size_t(c.a.rows());
    std::vector<T> in(n * kLinks);
    for (std::size_t l = 0; l < kLinks; ++l) {
        for (std::size_t k = 0; k < n; ++k) {
            in[k + l * n] = static_cast<T>(c.phi(Eigen::Index(k), Eigen::Index(l)));
        }
    }
    std::vector<T> p(2 * kLinks);
    std::vector<T> coh(kLinks);
    Out o;
    o.status.resize(kLinks);
    est.estimate(emcf::col_major_view(static_cast<const T*>(in.data()), n, kLinks),
                 emcf::col_major_view(p.data(), 2, kLinks),
                 emcf::view1d(coh.data(), kLinks),
                 emcf::view1d(o.status.data(), kLinks));
    o.params.assign(p.begin(), p.end());
    o.coherence.assign(coh.begin(), coh.end());
    return o;
}

// --- storage kinds: fill an input of T, run, read outputs back --------------------
template <class T>
struct RawRowMajor {
    template <class Est>
    static Out run(const Est& est)
    {
        const auto& c = test_case();
        const std::size_t n = std::size_t(c.a.rows());
        std::vector<T> in(n * kLinks);
        for (std::size_t k = 0; k < n; ++k) {
            for (std::size_t l = 0; l < kLinks; ++l) {
                in[k * kLinks + l] =
                        static_cast<T>(c.phi(Eigen::Index(k), Eigen::Index(l)));
            }
        }
        std::vector<T> p(2 * kLinks);
        std::vector<T> coh(2 * kLinks); // strided output
        Out o;
        o.status.resize(kLinks);
        est.estimate(emcf::row_major_view(static_cast<const T*>(in.data()), n, kLinks),
                     emcf::row_major_view(p.data(), 2, kLinks),
                     emcf::view1d(coh.data(), kLinks, 2),
                     emcf::view1d(o.status.data(), kLinks));
        o.params.assign(p.size(), 0);
        for (std::size_t q = 0; q < 2; ++q) { // back to column-major order
            for (std::size_t l = 0; l < kLinks; ++l) {
                o.params[q + 2 * l] = static_cast<double>(p[q * kLinks + l]);
            }
        }
        for (std::size_t l = 0; l < kLinks; ++l) {
            o.coherence.push_back(static_cast<double>(coh[2 * l]));
        }
        return o;
    }
};

template <class T>
struct EigenKinds {
    template <class Est>
    static Out run(const Est& est)
    {
        using M = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
        const auto& c = test_case();
        // row-major matrix, read through a block of a larger one
        M big = M::Zero(c.a.rows() + 2, Eigen::Index(kLinks) + 3);
        big.block(1, 2, c.a.rows(), Eigen::Index(kLinks)) = c.phi.cast<T>();
        const auto in = big.block(1, 2, c.a.rows(), Eigen::Index(kLinks));
        Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> p(2, kLinks);
        Eigen::Matrix<T, Eigen::Dynamic, 1> coh(kLinks);
        Out o;
        o.status.resize(kLinks);
        est.estimate(in, p, coh, emcf::view1d(o.status.data(), kLinks));
        o.params.assign(p.data(), p.data() + p.size());
        o.coherence.assign(coh.data(), coh.data() + coh.size());
        return o;
    }
};

template <class T>
struct XtensorKinds {
    template <class Est>
    static Out run(const Est& est)
    {
        const auto& c = test_case();
        const std::size_t n = std::size_t(c.a.rows());
        // column-major xtensor input through a strided view of every other column
        xt::xtensor<T, 2, xt::layout_type::column_major> big({n, 2 * kLinks});
        for (std::size_t k = 0; k < n; ++k) {
            for (std::size_t l = 0; l < kLinks; ++l) {
                big(k, 2 * l) = static_cast<T>(c.phi(Eigen::Index(k), Eigen::Index(l)));
            }
        }
        const auto in = xt::strided_view(big, {xt::all(), xt::range(0, 2 * kLinks, 2)});
        xt::xtensor<T, 2> p({2, kLinks});
        std::vector<T> coh_buf(kLinks);
        auto coh = xt::adapt(coh_buf.data(), kLinks, xt::no_ownership(),
                             std::vector<std::size_t>{kLinks});
        Out o;
        o.status.resize(kLinks);
        est.estimate(in, p, coh, emcf::view1d(o.status.data(), kLinks));
        for (std::size_t l = 0; l < kLinks; ++l) {
            o.params.push_back(static_cast<double>(p(0, l)));
            o.params.push_back(static_cast<double>(p(1, l)));
        }
        o.coherence.assign(coh_buf.begin(), coh_buf.end());
        return o;
    }
};

template <class Storage>
struct scalar_of;
template <template <class> class S, class T>
struct scalar_of<S<T>> {
    using type = T;
};

} // namespace

TEST_CASE_TEMPLATE_DEFINE("estimator storage: identical results through", Storage,
                          storage_test)
{
    using T = typename scalar_of<Storage>::type;
    const auto& c = test_case();
    const emcf::LinkEstimator<float> est(c.a, c.grid);
    const Out ref = reference<T>(est);
    const Out got = Storage::run(est);
    CHECK(identical(ref, got));
    CHECK(ref.status[7] == emcf::LinkStatus::ok); // one NaN only
}
TEST_CASE_TEMPLATE_INVOKE(storage_test, RawRowMajor<float>, RawRowMajor<double>,
                          EigenKinds<float>, EigenKinds<double>, XtensorKinds<float>,
                          XtensorKinds<double>);

TEST_CASE_TEMPLATE("estimator storage: complex input equals its phase", Real, float,
                   double)
{
    const auto& c = test_case();
    const emcf::LinkEstimator<float> est(c.a, c.grid);
    Eigen::Matrix<std::complex<Real>, Eigen::Dynamic, Eigen::Dynamic> z(c.phi.rows(),
                                                                        c.phi.cols());
    for (Eigen::Index l = 0; l < z.cols(); ++l) {
        for (Eigen::Index k = 0; k < z.rows(); ++k) {
            const double phi = c.phi(k, l);
            z(k, l) = std::isnan(phi) ? std::complex<Real>(0, 0) // zero amplitude masks
                                      : std::complex<Real>(std::polar(3.0, phi));
        }
    }
    Eigen::MatrixXd pz(2, kLinks);
    Eigen::MatrixXd pr(2, kLinks);
    Eigen::VectorXd cz(kLinks);
    Eigen::VectorXd cr(kLinks);
    std::vector<emcf::LinkStatus> s(kLinks);
    est.estimate(z, pz, cz, emcf::view1d(s.data(), kLinks));
    est.estimate(c.phi, pr, cr, emcf::view1d(s.data(), kLinks));
    const double tol = std::is_same_v<Real, float> ? 2e-6 : 1e-12;
    for (Eigen::Index l = 0; l < Eigen::Index(kLinks); ++l) {
        CHECK(cz(l) == doctest::Approx(cr(l)).epsilon(tol));
        CHECK(std::fabs(pz(1, l) - pr(1, l)) < 1e3 * tol);
    }
}

TEST_CASE_TEMPLATE("estimator: bit-identical for any threads, chunk and budget", Real,
                   float, double)
{
    const Eigen::MatrixXd a = emcf_test::mission_design(emcf_test::kXband, 20, 8);
    const emcf::ParameterGrid grid{{-60, 60, 4}, {-30, 30, 1}};
    const Eigen::MatrixXd x = emcf_test::random_params({{-50, 50}, {-25, 25}}, 1000, 5);
    const Eigen::MatrixXd phi = emcf_test::simulate_phases(a, x, 0.5, 6);
    for (auto path : {emcf::SearchPath::separable, emcf::SearchPath::general}) {
        std::vector<Out> outs;
        for (int threads : {1, 2, 3}) {
            for (std::size_t chunk : {std::size_t(0), std::size_t(64), std::size_t(100),
                                      std::size_t(1000)}) {
                emcf::EstimatorOptions opt;
                opt.search.path = path;
                opt.threads = threads;
                opt.chunk = chunk;
                if (chunk == 100) {
                    opt.memory_budget = std::size_t(12) << 20; // may shrink the chunk
                }
                outs.push_back(
                        first_links(emcf::estimate_links<Real>(a, grid, phi, opt)));
            }
        }
        // a budget that holds two workers of 256 links but not of 1,000: the chunk
        // halves until it fits, and the links come out the same
        emcf::EstimatorOptions tight;
        tight.search.path = path;
        tight.threads = 2;
        tight.chunk = 1000;
        const emcf::LinkEstimator<Real> sized(a, grid, tight);
        tight.memory_budget = sized.table_bytes() + 2 * sized.worker_bytes(256);
        REQUIRE(tight.memory_budget < sized.table_bytes() + 2 * sized.worker_bytes(1024));
        outs.push_back(first_links(emcf::estimate_links<Real>(a, grid, phi, tight)));
        for (const auto& o : outs) {
            CHECK(identical(o, outs.front()));
        }
        // splitting a batch at a multiple of 256 links changes nothing
        emcf::EstimatorOptions one;
        one.search.path = path;
        const emcf::LinkEstimator<Real> est(a, grid, one);
        Eigen::MatrixXd p(2, 1000);
        Eigen::VectorXd coh(1000);
        std::vector<emcf::LinkStatus> st(1000);
        est.estimate(phi.leftCols(128), p.leftCols(128), emcf::view1d(coh.data(), 128),
                     emcf::view1d(st.data(), 128));
        est.estimate(phi.rightCols(872), p.rightCols(872),
                     emcf::view1d(coh.data() + 128, 872),
                     emcf::view1d(st.data() + 128, 872));
        Out split;
        split.params.assign(p.data(), p.data() + p.size());
        split.coherence.assign(coh.data(), coh.data() + 1000);
        split.status = st;
        CHECK(identical(split, outs.front()));
    }
}

TEST_CASE("estimator: GEMM backends agree, and BLAS threads do not change results")
{
    const Eigen::MatrixXd a = emcf_test::mission_design(emcf_test::kS1, 30, 9);
    const emcf::ParameterGrid grid{{-200, 200, 10}, {-40, 40, 2}};
    const Eigen::MatrixXd x =
            emcf_test::random_params({{-150, 150}, {-30, 30}}, 300, 10);
    const Eigen::MatrixXd phi = emcf_test::simulate_phases(a, x, 0.3, 11);
    for (auto path : {emcf::SearchPath::separable, emcf::SearchPath::general}) {
        emcf::EstimatorOptions eig;
        eig.search.path = path;
        eig.search.gemm = emcf::GemmBackend::eigen;
        emcf::EstimatorOptions blas = eig;
        blas.search.gemm = emcf::blas_available() ? emcf::GemmBackend::blas
                                                  : emcf::GemmBackend::eigen;
        const auto re = emcf::estimate_links<float>(a, grid, phi, eig);
        const auto rb = emcf::estimate_links<float>(a, grid, phi, blas);
        for (Eigen::Index l = 0; l < x.cols(); ++l) {
            CHECK(std::fabs(re.node_coherence(l) - rb.node_coherence(l)) < 1e-6);
            CHECK(std::fabs(re.coherence(l) - rb.coherence(l)) < 1e-6);
        }
        if (openblas_set_num_threads == nullptr || !emcf::blas_available()) {
            MESSAGE("BLAS is not OpenBLAS: thread-count check skipped");
        } else {
            openblas_set_num_threads(2);
            const auto r2 = emcf::estimate_links<float>(a, grid, phi, blas);
            openblas_set_num_threads(1);
            CHECK(r2.params == rb.params);
            CHECK(r2.coherence == rb.coherence);
        }
    }
}

TEST_CASE_TEMPLATE("coherence_grid: search equals a brute force for arbitrary phasors",
                   Real, float, double)
{
    const Eigen::MatrixXd a = emcf_test::mission_design(emcf_test::kXband, 10, 12);
    const emcf::ParameterGrid grid{{-30, 30, 3}, {-12, 12, 1}, {-1, 1, 0.5}};
    Eigen::MatrixXd a3(a.rows(), 3);
    a3.leftCols(2) = a;
    for (Eigen::Index k = 0; k < a.rows(); ++k) {
        a3(k, 2) = 0.3 * double((k * 7) % 5);
    }
    const Eigen::MatrixXd x =
            emcf_test::random_params({{-25, 25}, {-10, 10}, {-1, 1}}, 20, 13);
    const Eigen::MatrixXd phi = emcf_test::simulate_phases(a3, x, 0.7, 14);
    Eigen::Matrix<std::complex<Real>, Eigen::Dynamic, Eigen::Dynamic> z(a.rows(), 20);
    Eigen::VectorXd w(a.rows());
    for (Eigen::Index k = 0; k < a.rows(); ++k) {
        w(k) = 1.0 + 0.3 * double(k % 3); // unnormalised weights
        for (Eigen::Index l = 0; l < 20; ++l) {
            z(k, l) = std::complex<Real>(std::polar(w(k), -phi(k, l)));
        }
    }
    for (auto path : {emcf::SearchPath::separable, emcf::SearchPath::general}) {
        emcf::CoherenceGridOptions opt;
        opt.path = path;
        opt.tile_nodes = 37; // tiles that straddle rows of the grid
        const emcf::CoherenceGrid<Real> cg(a3, grid, opt);
        CHECK(cg.path() == path);
        std::vector<std::int64_t> best(20);
        Eigen::Matrix<Real, Eigen::Dynamic, 1> coh(20);
        cg.search(z, emcf::view1d(best.data(), 20), coh, 2);
        for (Eigen::Index l = 0; l < 20; ++l) {
            const Eigen::VectorXd col = phi.col(l);
            const auto bf = emcf_test::brute_force(a3, col, {-30, -12, -1}, {3, 1, 0.5},
                                                   {21, 25, 5}, &w);
            const double wsum = w.sum();
            const double tol = std::is_same_v<Real, float> ? 3e-6 : 1e-12;
            CHECK(double(coh(l)) / wsum == doctest::Approx(bf.coherence).epsilon(tol));
            CHECK(bf.coherence - bf.surface[std::size_t(best[std::size_t(l)])] <= tol);
        }
    }
}

TEST_CASE("estimator: caller misuse raises invalid_argument naming the argument")
{
    const auto& c = test_case();
    const emcf::LinkEstimator<float> est(c.a, c.grid);
    const std::size_t n = std::size_t(c.a.rows());
    Eigen::MatrixXd p(2, kLinks);
    Eigen::VectorXd coh(kLinks);
    std::vector<emcf::LinkStatus> st(kLinks);
    const auto sv = emcf::view1d(st.data(), kLinks);
    const Eigen::MatrixXd short_phi = c.phi.topRows(n - 1);
    check_throws_naming([&] { est.estimate(short_phi, p, coh, sv); }, "phase");
    Eigen::MatrixXd p3(3, kLinks);
    check_throws_naming([&] { est.estimate(c.phi, p3, coh, sv); }, "params");
    Eigen::VectorXd coh_short(kLinks - 1);
    check_throws_naming([&] { est.estimate(c.phi, p, coh_short, sv); }, "coherence");
    check_throws_naming(
            [&] { est.estimate(c.phi, p, coh, emcf::view1d(st.data(), 3)); }, "status");
    Eigen::VectorXd w = Eigen::VectorXd::Ones(Eigen::Index(n));
    w(2) = -0.5;
    check_throws_naming([&] { est.estimate(c.phi, w, p, coh, sv); }, "weights");
    Eigen::MatrixXd w2 = Eigen::MatrixXd::Ones(Eigen::Index(n), 2);
    check_throws_naming([&] { est.estimate(c.phi, w2, p, coh, sv); }, "weights");
    Eigen::VectorXd scale = Eigen::VectorXd::Ones(kLinks);
    scale(5) = 0;
    check_throws_naming(
            [&] { est.estimate(c.phi, emcf::uniform_weights, scale, p, coh, sv); },
            "column_scale");
    check_throws_naming(
            [&] {
                est.estimate(c.phi, emcf::uniform_weights,
                             Eigen::VectorXd(scale.head(3)), p, coh, sv);
            },
            "column_scale");
    // construction
    check_throws_naming(
            [&] {
                emcf::LinkEstimator<float> e(c.a, emcf::ParameterGrid{{0, 1, 1}});
            },
            "grid");
    Eigen::MatrixXd nan_design = c.a;
    nan_design(0, 0) = std::nan("");
    check_throws_naming([&] { emcf::LinkEstimator<float> e(nan_design, c.grid); },
                        "design");
    check_throws_naming(
            [&] { emcf::LinkEstimator<float> e(Eigen::MatrixXd(0, 2), c.grid); },
            "design");
    emcf::EstimatorOptions bad;
    bad.newton_iterations = -1;
    check_throws_naming([&] { emcf::LinkEstimator<float> e(c.a, c.grid, bad); },
                        "newton_iterations");
    bad = {};
    bad.threads = -2;
    check_throws_naming([&] { emcf::LinkEstimator<float> e(c.a, c.grid, bad); },
                        "threads");
    bad = {};
    bad.search.group_tolerance = 0;
    check_throws_naming([&] { emcf::LinkEstimator<float> e(c.a, c.grid, bad); },
                        "group_tolerance");
    bad = {};
    bad.search.separable_margin = -1;
    check_throws_naming([&] { emcf::LinkEstimator<float> e(c.a, c.grid, bad); },
                        "separable_margin");
    bad = {};
    bad.search.tile_nodes = 0;
    check_throws_naming([&] { emcf::LinkEstimator<float> e(c.a, c.grid, bad); },
                        "tile_nodes");
    bad = {};
    bad.memory_budget = 1000;
    check_throws_naming([&] { emcf::LinkEstimator<float> e(c.a, c.grid, bad); },
                        "memory_budget");
    bad = {};
    bad.scaled_column = 5;
    const emcf::LinkEstimator<float> e5(c.a, c.grid, bad);
    check_throws_naming(
            [&] { e5.estimate(c.phi, emcf::uniform_weights, scale, p, coh, sv); },
            "column_scale");
    const emcf::CoherenceGrid<float> cg(c.a, c.grid);
    Eigen::MatrixXcf z(n + 1, 4);
    std::vector<std::int64_t> best(4);
    Eigen::VectorXf cc(4);
    check_throws_naming([&] { cg.search(z, emcf::view1d(best.data(), 4), cc); }, "z");
}
