// Phase utilities: wrap, wrapped differences, model-guided wrapping (algorithm.md
// §1.1).
#include <cmath>
#include <complex>
#include <limits>
#include <random>
#include <vector>

#include <doctest/doctest.h>

#include <emcf/core/math.hpp>

#include "../support/numpy_rng.hpp"

namespace {

// Independent reference in long double: x - 2π·k with k chosen so the result is in
// (-π, π] (π as a long double literal with 64-bit mantissa).
long double reference_wrap(long double x)
{
    const long double tp = 6.283185307179586476925286766559005768L;
    long double r = x - tp * std::nearbyint(x / tp);
    if (r <= -tp / 2) {
        r += tp;
    }
    if (r > tp / 2) {
        r -= tp;
    }
    return r;
}

template <class Real>
void check_wrapped(Real x, Real w)
{
    CAPTURE(x);
    CAPTURE(w);
    REQUIRE(std::isfinite(w));
    CHECK(w > -emcf::pi<Real>());
    CHECK(w <= emcf::pi<Real>());
    // congruence: (x - w) / 2π is an integer, up to the rounding of x itself
    const long double k = (static_cast<long double>(x) - static_cast<long double>(w)) /
                          6.283185307179586476925286766559005768L;
    const long double tol =
            4 * std::numeric_limits<Real>::epsilon() *
            (1 + std::fabs(static_cast<long double>(x)) / 6.283185307179586L);
    CHECK(std::fabs(k - std::nearbyint(k)) <= tol);
}

} // namespace

TEST_CASE_TEMPLATE("wrap: range and congruence over random phases", Real, float, double)
{
    std::mt19937_64 gen(7);
    std::uniform_real_distribution<double> small(-50.0, 50.0);
    std::uniform_real_distribution<double> expo(0.0, 7.0);
    for (int i = 0; i < 20000; ++i) {
        const auto x = static_cast<Real>(small(gen));
        check_wrapped<Real>(x, emcf::wrap(x));
        // magnitudes up to 1e7 rad (unwrapped phases of long stacks)
        const auto y = static_cast<Real>((i % 2 ? 1 : -1) * std::pow(10.0, expo(gen)));
        check_wrapped<Real>(y, emcf::wrap(y));
    }
}

TEST_CASE_TEMPLATE("wrap: accuracy against a long-double reference", Real, float,
                   double)
{
    std::mt19937_64 gen(11);
    std::uniform_real_distribution<double> dist(-1e4, 1e4);
    const long double ulp_pi = std::numeric_limits<Real>::epsilon() * 4;
    for (int i = 0; i < 20000; ++i) {
        const auto x = static_cast<Real>(dist(gen));
        const long double ref = reference_wrap(static_cast<long double>(x));
        const long double got = emcf::wrap(x);
        // compare modulo 2π: values within an ulp of ±π may sit on either side
        long double d = got - ref;
        d -= 6.283185307179586476925286766559005768L *
             std::nearbyint(d / 6.283185307179586L);
        CHECK(std::fabs(d) <= ulp_pi);
    }
}

TEST_CASE_TEMPLATE("wrap: values at and near ±pi", Real, float, double)
{
    const Real p = emcf::pi<Real>();
    CHECK(emcf::wrap(p) == p); // +π stays
    // -π maps to +π: half-open (-π, π]. Exactly so in double; in float -pi<float>()
    // lies below -π and its correctly rounded wrap is the float just under pi<float>().
    CHECK(emcf::wrap(-p) > Real(0));
    CHECK(emcf::wrap(-p) ==
          doctest::Approx(p).epsilon(2 * std::numeric_limits<Real>::epsilon()));
    CHECK(emcf::wrap(-emcf::pi<double>()) == emcf::pi<double>());
    CHECK(emcf::wrap(Real(3) * p) == doctest::Approx(p));
    CHECK(emcf::wrap(Real(0)) == Real(0));
    const Real below = std::nextafter(p, Real(0));
    CHECK(emcf::wrap(below) == below); // in range: unchanged
    CHECK(emcf::wrap(-below) == -below);
    const Real above = std::nextafter(p, Real(10));
    check_wrapped<Real>(above, emcf::wrap(above)); // rounds to ±π: either end is fine
    CHECK(std::fabs(emcf::wrap(above)) == doctest::Approx(p));
    check_wrapped<Real>(-above, emcf::wrap(-above));
    // idempotent on its range
    std::mt19937 gen(3);
    std::uniform_real_distribution<Real> in_range(-p, p);
    for (int i = 0; i < 1000; ++i) {
        const Real w = emcf::wrap(in_range(gen) * Real(7));
        CHECK(emcf::wrap(w) == w);
    }
}

TEST_CASE_TEMPLATE("wrap: huge and non-finite phases", Real, float, double)
{
    for (double mag : {1e7, 2.5e7, 3e7, 1e9, 1e12, 1e15, 1e30}) {
        for (double sign : {-1.0, 1.0}) {
            const auto x = static_cast<Real>(sign * mag);
            if (!std::isfinite(x)) {
                continue;
            }
            check_wrapped<Real>(x, emcf::wrap(x));
        }
    }
    CHECK(std::isnan(emcf::wrap(std::numeric_limits<Real>::quiet_NaN())));
    CHECK(std::isnan(emcf::wrap(std::numeric_limits<Real>::infinity())));
    CHECK(std::isnan(emcf::wrap(-std::numeric_limits<Real>::infinity())));
}

TEST_CASE_TEMPLATE("wrapped_diff of real and complex values agree", Real, float, double)
{
    std::mt19937 gen(5);
    std::uniform_real_distribution<Real> ph(-emcf::pi<Real>(), emcf::pi<Real>());
    std::uniform_real_distribution<Real> amp(Real(0.1), Real(10));
    for (int i = 0; i < 5000; ++i) {
        const Real a = ph(gen);
        const Real b = ph(gen);
        const std::complex<Real> za = std::polar(amp(gen), a);
        const std::complex<Real> zb = std::polar(amp(gen), b);
        const Real d = emcf::wrapped_diff(a, b);
        check_wrapped<Real>(b - a, d);
        // complex form = real form on the arguments, exactly
        CHECK(emcf::wrapped_diff(za, zb) ==
              emcf::wrapped_diff(std::arg(za), std::arg(zb)));
        // end minus start: reversing the edge flips the sign (except at ±π)
        if (std::fabs(d) < emcf::pi<Real>() - Real(1e-3)) {
            CHECK(emcf::wrapped_diff(b, a) == doctest::Approx(-d));
        }
    }
}

TEST_CASE_TEMPLATE("wrap_to_model: within pi of the model and congruent to the data",
                   Real, float, double)
{
    std::mt19937 gen(9);
    std::uniform_real_distribution<Real> ph(-emcf::pi<Real>(), emcf::pi<Real>());
    std::uniform_real_distribution<Real> model(Real(-200), Real(200));
    for (int i = 0; i < 20000; ++i) {
        const Real d = ph(gen);
        const Real m = model(gen);
        const Real g = emcf::wrap_to_model(d, m);
        CAPTURE(d);
        CAPTURE(m);
        const Real tol =
                Real(8) * std::numeric_limits<Real>::epsilon() * (1 + std::fabs(m));
        CHECK(g - m > -emcf::pi<Real>() - tol);
        CHECK(g - m <= emcf::pi<Real>() + tol);
        // congruent to d modulo 2π
        const Real k = (g - d) / emcf::two_pi<Real>();
        CHECK(std::fabs(k - std::nearbyint(k)) <= tol);
        // spurt's phase_diff(z0, z1, m) is the same with d = arg z1 - arg z0
        CHECK(emcf::wrapped_diff(Real(0), d, m) == g);
    }
    // model 0 is the plain wrap
    CHECK(emcf::wrap_to_model(Real(4), Real(0)) == emcf::wrap(Real(4)));
    // a model many cycles away picks that branch
    CHECK(emcf::wrap_to_model(Real(0.5), Real(100)) ==
          doctest::Approx(Real(0.5) + Real(16) * emcf::two_pi<Real>()));
}

TEST_CASE("NumPy legacy RNG recipe reproduces np.random.seed(32)")
{
    emcf_test::NumpyRandom rng(32);
    CHECK(rng.randn() == doctest::Approx(-0.34889445).epsilon(1e-8));
    CHECK(rng.randn() == doctest::Approx(0.98370343).epsilon(1e-8));
    CHECK(rng.randn() == doctest::Approx(0.58092283).epsilon(1e-8));
    emcf_test::NumpyRandom u(32);
    CHECK(u.rand() == doctest::Approx(0.85888927).epsilon(1e-8));
    CHECK(u.rand() == doctest::Approx(0.37271115).epsilon(1e-8));
    CHECK(u.rand() == doctest::Approx(0.55512878).epsilon(1e-8));
}
