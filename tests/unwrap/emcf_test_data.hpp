#pragma once
// Shared data builders for the EMCF pipeline tests: spurt's end-to-end fields
// (algorithm.md §7.6, §7.8) on a regular grid, as SLC stacks.

#include <cmath>
#include <complex>
#include <cstddef>
#include <vector>

#include <emcf/core/math.hpp>

namespace emcf_test {

/// spurt's `np.ogrid[-3:3:n j, -3:3:n j]`: y varies with the row, x with the column;
/// point index r * n + c.
struct GridField {
    std::size_t n = 0;
    std::vector<double> x, y; // per point
    explicit GridField(std::size_t side) : n(side), x(side * side), y(side * side)
    {
        for (std::size_t r = 0; r < side; ++r) {
            for (std::size_t c = 0; c < side; ++c) {
                x[r * side + c] = -3.0 + 6.0 * double(c) / double(side - 1);
                y[r * side + c] = -3.0 + 6.0 * double(r) / double(side - 1);
            }
        }
    }
    std::size_t npoints() const { return n * n; }
};

/// spurt test_emcf's velocity: −π·exp(−(x²+y²)/5)/12, shifted so that its maximum is 0.
inline std::vector<double> bowl_velocity(const GridField& g)
{
    std::vector<double> v(g.npoints());
    double vmax = -1e300;
    for (std::size_t p = 0; p < v.size(); ++p) {
        v[p] = -emcf::pi<double>() *
               std::exp(-(g.x[p] * g.x[p] + g.y[p] * g.y[p]) / 5.0) / 12.0;
        vmax = std::max(vmax, v[p]);
    }
    for (auto& a : v) {
        a -= vmax;
    }
    return v;
}

/// Unwrapped SLC phases φ[t][p] = times[t] · vel[p] (nslc × npoints, row-major).
inline std::vector<double> linear_phases(const std::vector<double>& vel,
                                         std::size_t nslc, double dt)
{
    std::vector<double> phi(nslc * vel.size());
    for (std::size_t t = 0; t < nslc; ++t) {
        for (std::size_t p = 0; p < vel.size(); ++p) {
            phi[t * vel.size() + p] = dt * double(t) * vel[p];
        }
    }
    return phi;
}

inline std::vector<std::complex<double>> to_slc(const std::vector<double>& phi)
{
    std::vector<std::complex<double>> z(phi.size());
    for (std::size_t k = 0; k < phi.size(); ++k) {
        z[k] = std::polar(1.0, phi[k]);
    }
    return z;
}

} // namespace emcf_test
