// emcf demo on built-in synthetic data (no files): a subsiding bowl observed by a stack
// of SLCs. Wraps the interferograms of a hop-3 network and checks that every wrapped
// value lies in (-pi, pi] and is congruent to the true phase.
// (The pipeline issue turns this into the full EMCF end-to-end demo.)
#include <chrono>
#include <cmath>
#include <cstdio>
#include <vector>

#include <emcf/emcf.hpp>

int main()
{
    const std::size_t nslc = 30;
    const std::size_t side = 100;
    const std::size_t npoints = side * side;
    const double wavelength = 0.031; // m, X-band
    const double days = 11.0;

    // unwrapped SLC phase per epoch and point: 4π/λ · displacement
    std::vector<double> truth(nslc * npoints);
    for (std::size_t t = 0; t < nslc; ++t) {
        for (std::size_t p = 0; p < npoints; ++p) {
            const double x = double(p % side) / side - 0.5;
            const double y = double(p / side) / side - 0.5;
            const double rate = -0.05 * std::exp(-(x * x + y * y) / 0.05); // m/yr
            truth[t * npoints + p] = 4 * emcf::pi<double>() / wavelength * rate *
                                     (double(t) * days / 365.25);
        }
    }
    // hop-3 interferograms (i, j), 1 <= j - i <= 3
    std::vector<double> ifg;
    std::size_t nifg = 0;
    for (std::size_t i = 0; i < nslc; ++i) {
        for (std::size_t j = i + 1; j < nslc && j <= i + 3; ++j, ++nifg) {
            for (std::size_t p = 0; p < npoints; ++p) {
                ifg.push_back(truth[j * npoints + p] - truth[i * npoints + p]);
            }
        }
    }
    std::vector<double> wrapped(ifg.size());
    const auto t0 = std::chrono::steady_clock::now();
    emcf::wrap_phases(
            emcf::row_major_view(static_cast<const double*>(ifg.data()), nifg, npoints),
            emcf::row_major_view(wrapped.data(), nifg, npoints));
    const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
                    .count();

    std::size_t bad = 0;
    double max_cycles = 0;
    for (std::size_t k = 0; k < ifg.size(); ++k) {
        const double cycles = (ifg[k] - wrapped[k]) / emcf::two_pi<double>();
        max_cycles = std::max(max_cycles, std::abs(cycles));
        if (wrapped[k] <= -emcf::pi<double>() || wrapped[k] > emcf::pi<double>() ||
            std::abs(cycles - std::nearbyint(cycles)) > 1e-9) {
            ++bad;
        }
    }
    std::printf("emcf %s demo: %zu SLCs, %zu hop-3 interferograms, %zu points\n",
                EMCF_VERSION_STRING, nslc, nifg, npoints);
    std::printf(
            "wrapped %zu phases in %.3f s; largest ambiguity %.0f cycles; %zu wrong\n",
            ifg.size(), secs, max_cycles, bad);
    return bad == 0 ? 0 : 1;
}
