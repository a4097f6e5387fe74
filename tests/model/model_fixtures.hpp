#pragma once
// Shared fixtures of the link-model tests: spurt's grid-search design (algorithm.md
// §7.7, regenerated with NumPy's RNG), the benchmark missions (anchors.md B.1), and a
// brute-force coherence grid written independently of the library (std::polar on every
// node, in long double).
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>
#include <doctest/doctest.h>

#include <emcf/core/error.hpp>

#include "../support/numpy_rng.hpp"

namespace emcf_test {

constexpr double kPi = 3.141592653589793238462643383279502884;

// Runs `fn`, expecting emcf::invalid_argument whose message names `argument`.
template <class Fn>
void check_throws_naming(Fn&& fn, const std::string& argument)
{
    bool thrown = false;
    try {
        fn();
    } catch (const emcf::invalid_argument& e) {
        thrown = true;
        CHECK(e.argument() == argument);
        CHECK(std::string(e.what()).find("'" + argument + "'") != std::string::npos);
    }
    CHECK_MESSAGE(thrown, "expected emcf::invalid_argument naming " << argument);
}

// Hop-3 pairs in spurt's order (independent of emcf::hop3_graph).
inline std::vector<std::pair<int, int>> hop3_pairs(int n)
{
    std::vector<std::pair<int, int>> out;
    for (int i = 0; i < n; ++i) {
        for (int j = i + 1; j < n && j <= i + 3; ++j) {
            out.emplace_back(i, j);
        }
    }
    return out;
}

// spurt's test_grid_search.gen_data(): 20 epochs, R = 900 km, λ = 0.056, θ = 40°,
// bperp = 600·randn(20) (drawn from `rng`), velocity column with epoch indices as days
// and a 360-day year.
inline Eigen::MatrixXd spurt_grid_search_design(NumpyRandom& rng)
{
    const int n = 20;
    const double lambda = 0.056;
    const double r = 900e3;
    const double sinlook = std::sin(40.0 * kPi / 180.0);
    std::vector<double> bperp(n);
    for (auto& b : bperp) {
        b = 600.0 * rng.randn();
    }
    const auto pairs = hop3_pairs(n);
    Eigen::MatrixXd a(static_cast<Eigen::Index>(pairs.size()), 2);
    for (std::size_t k = 0; k < pairs.size(); ++k) {
        const auto [i, j] = pairs[k];
        const auto row = static_cast<Eigen::Index>(k);
        a(row, 0) = (j - i) * 4 * kPi / (lambda * 360 * 1000);
        a(row, 1) = (bperp[std::size_t(j)] - bperp[std::size_t(i)]) * 4 * kPi /
                    (lambda * r * sinlook);
    }
    return a;
}

struct Mission {
    double wavelength, slant_range, look_deg, repeat_days, bperp_max;
};
inline constexpr Mission kS1{0.0555, 850e3, 39.0, 12.0, 150.0};
inline constexpr Mission kXband{0.031, 650e3, 35.0, 11.0, 250.0};

// Hop-3 design of a mission (anchors.md B.1), B⊥ uniform from std::mt19937(seed).
inline Eigen::MatrixXd mission_design(const Mission& m, int nslc, unsigned seed = 0)
{
    std::mt19937 gen(seed);
    std::uniform_real_distribution<double> u(-m.bperp_max, m.bperp_max);
    std::vector<double> bperp(static_cast<std::size_t>(nslc));
    for (auto& b : bperp) {
        b = u(gen);
    }
    const auto pairs = hop3_pairs(nslc);
    Eigen::MatrixXd a(static_cast<Eigen::Index>(pairs.size()), 2);
    const double k4 = 4 * kPi / m.wavelength;
    for (std::size_t k = 0; k < pairs.size(); ++k) {
        const auto [i, j] = pairs[k];
        const auto row = static_cast<Eigen::Index>(k);
        a(row, 0) = k4 * (j - i) * m.repeat_days / 365.25 / 1000.0;
        a(row, 1) = k4 * (bperp[std::size_t(j)] - bperp[std::size_t(i)]) /
                    (m.slant_range * std::sin(m.look_deg * kPi / 180.0));
    }
    return a;
}

inline double wrap_pi(double x) { return std::remainder(x, 2 * kPi); }

// Wrapped phases of links with parameters x (nparams × nlinks) plus N(0, sigma²) noise.
inline Eigen::MatrixXd simulate_phases(const Eigen::MatrixXd& a,
                                       const Eigen::MatrixXd& x, double sigma,
                                       unsigned seed)
{
    std::mt19937 gen(seed);
    std::normal_distribution<double> noise(0.0, sigma);
    Eigen::MatrixXd phi = a * x;
    for (Eigen::Index l = 0; l < phi.cols(); ++l) {
        for (Eigen::Index k = 0; k < phi.rows(); ++k) {
            phi(k, l) = wrap_pi(phi(k, l) + (sigma > 0 ? noise(gen) : 0.0));
        }
    }
    return phi;
}

// Uniform random parameters inside [lo + margin, hi − margin] per parameter.
inline Eigen::MatrixXd random_params(const std::vector<std::pair<double, double>>& box,
                                     std::size_t nlinks, unsigned seed)
{
    std::mt19937 gen(seed);
    Eigen::MatrixXd x(static_cast<Eigen::Index>(box.size()),
                      static_cast<Eigen::Index>(nlinks));
    for (std::size_t p = 0; p < box.size(); ++p) {
        std::uniform_real_distribution<double> u(box[p].first, box[p].second);
        for (std::size_t l = 0; l < nlinks; ++l) {
            x(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(l)) = u(gen);
        }
    }
    return x;
}

struct BruteForce {
    std::int64_t best = -1;
    double coherence = -1;       // at best
    std::vector<double> surface; // every node, grid order
};

// Direct evaluation of γ at every node of a regular grid (parameter 0 slowest) for one
// link, in long double, with optional weights; the first maximum wins.
inline BruteForce brute_force(const Eigen::MatrixXd& a, const Eigen::VectorXd& phi,
                              const std::vector<double>& lo,
                              const std::vector<double>& step,
                              const std::vector<std::size_t>& count,
                              const Eigen::VectorXd* weights = nullptr)
{
    const std::size_t np = lo.size();
    std::size_t ngrid = 1;
    for (auto c : count) {
        ngrid *= c;
    }
    BruteForce out;
    out.surface.resize(ngrid);
    std::vector<double> x(np);
    for (std::size_t g = 0; g < ngrid; ++g) {
        std::size_t rem = g;
        for (std::size_t p = np; p-- > 0;) {
            x[p] = lo[p] + static_cast<double>(rem % count[p]) * step[p];
            rem /= count[p];
        }
        std::complex<long double> sum = 0;
        long double wsum = 0;
        for (Eigen::Index k = 0; k < a.rows(); ++k) {
            if (!std::isfinite(phi(k))) {
                continue;
            }
            const long double w = weights ? (*weights)(k) : 1.0L;
            if (!(w > 0)) {
                continue;
            }
            long double model = 0;
            for (std::size_t p = 0; p < np; ++p) {
                model += static_cast<long double>(a(k, static_cast<Eigen::Index>(p))) *
                         x[p];
            }
            sum += std::polar(w, model - static_cast<long double>(phi(k)));
            wsum += w;
        }
        const double gamma = static_cast<double>(std::abs(sum) / wsum);
        out.surface[g] = gamma;
        if (gamma > out.coherence) {
            out.coherence = gamma;
            out.best = static_cast<std::int64_t>(g);
        }
    }
    return out;
}

} // namespace emcf_test
