// Residues from points, from gradients and batched (algorithm.md §2.1–§2.3, §2.6, and
// spurt's test_residues / test_grad_residues).
#include <cmath>
#include <complex>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include <doctest/doctest.h>

#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/grid_graph.hpp>
#include <emcf/graph/hop3_graph.hpp>
#include <emcf/graph/residues.hpp>

namespace {

// A smooth field plus noise strong enough to create residues.
std::vector<double> noisy_field(std::size_t n, unsigned seed, double noise)
{
    std::mt19937 gen(seed);
    std::normal_distribution<double> d(0.0, noise);
    std::vector<double> v(n);
    for (std::size_t p = 0; p < n; ++p) {
        v[p] = 0.37 * double(p) + d(gen);
    }
    return v;
}

template <class Real>
std::vector<Real> wrapped_gradients(const emcf::PlanarGraph& g,
                                    const std::vector<double>& pts)
{
    std::vector<Real> grad(g.nedges());
    for (std::size_t e = 0; e < g.nedges(); ++e) {
        const auto& ed = g.edge(e);
        grad[e] = static_cast<Real>(
                emcf::wrapped_diff(pts[std::size_t(ed[0])], pts[std::size_t(ed[1])]));
    }
    return grad;
}

} // namespace

TEST_CASE("residues: worked example of algorithm.md §2.6 (hop3 N = 4)")
{
    const auto g = emcf::hop3_graph(4);
    const emcf::DualGraph d(g);
    std::vector<double> grad{0.2, 0.4, -0.4, 0.2, 0.4, 0.2}; // cycles
    for (auto& x : grad) {
        x *= emcf::two_pi<double>();
    }
    std::vector<std::int32_t> r(d.nnodes());
    emcf::residues_from_gradients(d, emcf::view1d(grad.data(), grad.size()),
                                  emcf::view1d(r.data(), r.size()));
    CHECK(r == std::vector<std::int32_t>{-1, 0, 1, 0});
    // the same from the epoch phases 2π·[0, .2, .4, .6]
    const std::vector<double> pts{0, 0.2 * emcf::two_pi<double>(),
                                  0.4 * emcf::two_pi<double>(),
                                  0.6 * emcf::two_pi<double>()};
    std::vector<std::int64_t> rp(d.nnodes());
    emcf::residues_from_points(g, emcf::view1d(pts.data(), pts.size()),
                               emcf::view1d(rp.data(), rp.size()));
    CHECK(rp == std::vector<std::int64_t>{-1, 0, 1, 0});
}

TEST_CASE_TEMPLATE("residues: from points == from wrapped gradients (test_residues)",
                   Real, float, double)
{
    for (const auto& g : {emcf::hop3_graph(40), emcf::grid_graph(30, 41)}) {
        const emcf::DualGraph d(g);
        const auto pts = noisy_field(g.npoints(), 3, 1.5);
        std::vector<Real> wrapped(g.npoints());
        for (std::size_t p = 0; p < wrapped.size(); ++p) {
            wrapped[p] = emcf::wrap(static_cast<Real>(pts[p]));
        }
        std::vector<std::int32_t> from_points(d.nnodes());
        std::vector<std::int32_t> from_grad(d.nnodes());
        emcf::residues_from_points(
                g, emcf::view1d(wrapped.data(), wrapped.size()),
                emcf::view1d(from_points.data(), from_points.size()));
        std::vector<double> wd(wrapped.begin(), wrapped.end());
        const auto grad = wrapped_gradients<Real>(g, wd);
        emcf::residues_from_gradients(d, emcf::view1d(grad.data(), grad.size()),
                                      emcf::view1d(from_grad.data(), from_grad.size()));
        CHECK(from_points == from_grad);
        const auto nonzero = std::count_if(from_points.begin() + 1, from_points.end(),
                                           [](auto r) { return r != 0; });
        CHECK(nonzero > 10); // the data do have residues
        CHECK(std::accumulate(from_points.begin(), from_points.end(), 0) == 0);
        // complex samples give the same residues as their phases
        std::vector<std::complex<Real>> z(g.npoints());
        for (std::size_t p = 0; p < z.size(); ++p) {
            z[p] = std::polar(Real(2), static_cast<Real>(pts[p]));
        }
        std::vector<std::int32_t> from_complex(d.nnodes());
        emcf::residues_from_points(
                g, emcf::view1d(z.data(), z.size()),
                emcf::view1d(from_complex.data(), from_complex.size()));
        CHECK(from_complex == from_points);
    }
}

TEST_CASE("residues: true unwrapped gradients have none (test_grad_residues)")
{
    const auto g = emcf::grid_graph(25, 30);
    const emcf::DualGraph d(g);
    const auto pts = noisy_field(g.npoints(), 5, 3.0);
    std::vector<double> grad(g.nedges());
    for (std::size_t e = 0; e < g.nedges(); ++e) {
        grad[e] = pts[std::size_t(g.edge(e)[1])] - pts[std::size_t(g.edge(e)[0])];
    }
    std::vector<std::int64_t> r(d.nnodes());
    emcf::residues_from_gradients(d, emcf::view1d(grad.data(), grad.size()),
                                  emcf::view1d(r.data(), r.size()));
    CHECK(std::all_of(r.begin(), r.end(), [](auto x) { return x == 0; }));
}

TEST_CASE("residues: batch == one problem at a time, any storage order")
{
    const auto g = emcf::hop3_graph(21);
    const emcf::DualGraph d(g);
    const std::size_t nprob = 57;
    std::vector<double> grad(g.nedges() * nprob); // column-major: edge fastest
    for (std::size_t p = 0; p < nprob; ++p) {
        const auto pts = noisy_field(g.npoints(), unsigned(100 + p), 2.0);
        const auto gp = wrapped_gradients<double>(g, pts);
        std::copy(gp.begin(), gp.end(), grad.begin() + std::ptrdiff_t(p * g.nedges()));
    }
    std::vector<std::int32_t> batch(d.nnodes() * nprob); // row-major: problem fastest
    emcf::residues_from_gradients_batch(
            d,
            emcf::col_major_view(static_cast<const double*>(grad.data()), g.nedges(),
                                 nprob),
            emcf::row_major_view(batch.data(), d.nnodes(), nprob));
    std::size_t with_residues = 0;
    for (std::size_t p = 0; p < nprob; ++p) {
        std::vector<std::int32_t> one(d.nnodes());
        emcf::residues_from_gradients(
                d, emcf::view1d(grad.data() + p * g.nedges(), g.nedges()),
                emcf::view1d(one.data(), one.size()));
        for (std::size_t n = 0; n < d.nnodes(); ++n) {
            CHECK(batch[n * nprob + p] == one[n]);
        }
        with_residues +=
                std::any_of(one.begin(), one.end(), [](auto x) { return x != 0; });
    }
    CHECK(with_residues > 10);
}

TEST_CASE("residues: bad input")
{
    const auto g = emcf::hop3_graph(6);
    const emcf::DualGraph d(g);
    std::vector<double> grad(g.nedges(), 0.1);
    std::vector<std::int32_t> r(d.nnodes());
    auto gv = emcf::view1d(grad.data(), grad.size());
    auto rv = emcf::view1d(r.data(), r.size());
    CHECK_THROWS_WITH_AS(
            emcf::residues_from_gradients(d, gv.segment(0, 5), rv),
            "emcf: invalid argument 'gradients': size mismatch: expected 12, got 5",
            emcf::invalid_argument);
    CHECK_THROWS_WITH_AS(
            emcf::residues_from_gradients(d, gv, rv.segment(0, 3)),
            "emcf: invalid argument 'residues': size mismatch: expected 8, got 3",
            emcf::invalid_argument);
    grad[4] = std::nan("");
    CHECK_THROWS_WITH_AS(
            emcf::residues_from_gradients(d, gv, rv),
            "emcf: invalid argument 'gradients': non-finite value on cycle 2 (mask "
            "or remove non-finite samples first)",
            emcf::invalid_argument);
    std::vector<double> pts(g.npoints(), 0.0);
    pts[2] = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(
            emcf::residues_from_points(g, emcf::view1d(pts.data(), pts.size()), rv),
            emcf::invalid_argument);
    std::vector<std::int8_t> small(d.nnodes());
    std::vector<double> huge(g.nedges(), 1e6);
    CHECK_THROWS_AS(
            emcf::residues_from_gradients(d, emcf::view1d(huge.data(), huge.size()),
                                          emcf::view1d(small.data(), small.size())),
            emcf::overflow_error);
}
