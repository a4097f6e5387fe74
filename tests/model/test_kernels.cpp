// The estimator's own sine and cosine (detail::sincos_n, sincos_small_n) against the
// long double library functions: within the documented bounds (measured with 2·10^6
// arguments per range: 0.75 ulp for |x| <= π/4, 1.5 up to 10^3, 2.4 up to 1.6e6), the
// library's own values beyond the reduction's range, zeros and non-finite input.
#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include <emcf/model/detail/kernels.hpp>

namespace {

// |got − ref| in units in the last place of ref (as a double).
double ulps(double got, long double ref)
{
    const double r = static_cast<double>(ref);
    const double ulp = std::nextafter(std::fabs(r), std::numeric_limits<double>::infinity()) -
                       std::fabs(r);
    const double u = std::max(ulp, std::numeric_limits<double>::denorm_min());
    return static_cast<double>(std::fabs(static_cast<long double>(got) - ref)) / u;
}

struct Worst {
    double sin = 0;
    double cos = 0;
};

Worst worst_ulps(const std::vector<double>& x)
{
    std::vector<double> s(x.size());
    std::vector<double> c(x.size());
    emcf::detail::sincos_n(x.data(), s.data(), c.data(), x.size());
    Worst w;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const long double xl = x[i];
        w.sin = std::max(w.sin, ulps(s[i], std::sin(xl)));
        w.cos = std::max(w.cos, ulps(c[i], std::cos(xl)));
    }
    return w;
}

} // namespace

TEST_CASE("kernels: sincos_n within its documented ulps up to |x| = 1.6e6, the "
          "library's beyond")
{
    std::mt19937_64 gen(7);
    // ranges of the reduction: none needed, a few quadrants, many, the exact limit
    const std::pair<double, double> ranges[] = {
            {0.785, 0.8}, {10.0, 1.5}, {1.0e3, 1.6}, {1.0e5, 2.5}, {1.6e6, 2.5}};
    for (const auto& range : ranges) {
        const double top = range.first;
        const double bound = range.second;
        CAPTURE(top);
        std::uniform_real_distribution<double> u(-top, top);
        std::vector<double> x(20000);
        for (auto& v : x) {
            v = u(gen);
        }
        const Worst w = worst_ulps(x);
        CHECK(w.sin <= bound);
        CHECK(w.cos <= bound);
    }
    // near multiples of π/2, where the reduced argument cancels most
    std::vector<double> near;
    for (int k = -2000; k <= 2000; ++k) {
        const double m = static_cast<double>(k) * 1.57079632679489661923;
        near.push_back(m);
        near.push_back(std::nextafter(m, 1e300));
        near.push_back(std::nextafter(m, -1e300));
    }
    const Worst wn = worst_ulps(near);
    CHECK(wn.sin <= 1.5);
    CHECK(wn.cos <= 1.5);
    // beyond the reduction's range: std::sin / std::cos themselves
    std::vector<double> big{1.6e6, 2.0e6, -3.5e7, 1.0e12, -7.0e15, 1.0e300};
    std::vector<double> s(big.size());
    std::vector<double> c(big.size());
    emcf::detail::sincos_n(big.data(), s.data(), c.data(), big.size());
    for (std::size_t i = 1; i < big.size(); ++i) {
        CAPTURE(big[i]);
        CHECK(s[i] == std::sin(big[i]));
        CHECK(c[i] == std::cos(big[i]));
    }
}

TEST_CASE("kernels: sincos_n on signed zeros and non-finite input; sincos_small_n")
{
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> x{0.0, -0.0, inf, -inf, std::nan("")};
    std::vector<double> s(x.size());
    std::vector<double> c(x.size());
    emcf::detail::sincos_n(x.data(), s.data(), c.data(), x.size());
    CHECK(s[0] == 0.0);
    CHECK_FALSE(std::signbit(s[0]));
    CHECK(s[1] == 0.0); // (+0: the sign of a zero argument is not kept)
    CHECK(c[0] == 1.0);
    CHECK(c[1] == 1.0);
    for (std::size_t i = 2; i < x.size(); ++i) {
        CHECK(std::isnan(s[i]));
        CHECK(std::isnan(c[i]));
    }
    // the unreduced kernel over its range |x| <= π/4
    std::vector<double> small(4001);
    for (std::size_t i = 0; i < small.size(); ++i) {
        small[i] = -0.78539816339744830962 +
                   1.57079632679489661923 * static_cast<double>(i) / 4000.0;
    }
    std::vector<double> ss(small.size());
    std::vector<double> cs(small.size());
    emcf::detail::sincos_small_n(small.data(), ss.data(), cs.data(), small.size());
    for (std::size_t i = 0; i < small.size(); ++i) {
        const long double xl = small[i];
        CHECK(ulps(ss[i], std::sin(xl)) <= 0.8);
        CHECK(ulps(cs[i], std::cos(xl)) <= 0.8);
    }
}
