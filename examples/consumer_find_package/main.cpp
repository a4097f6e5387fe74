// Uses the installed core only: the umbrella header and a raw buffer.
#include <cstdio>
#include <vector>

#include <emcf/emcf.hpp>

int main()
{
    std::vector<double> phase{0.5, 7.0, -4.0, 3.5};
    std::vector<double> wrapped(phase.size());
    emcf::wrap_phases(emcf::view1d(phase.data(), phase.size()),
                      emcf::view1d(wrapped.data(), wrapped.size()));
    for (std::size_t k = 0; k < phase.size(); ++k) {
        const double back = phase[k] - wrapped[k];
        const double cycles = back / emcf::two_pi<double>();
        if (wrapped[k] <= -emcf::pi<double>() || wrapped[k] > emcf::pi<double>() ||
            std::abs(cycles - std::nearbyint(cycles)) > 1e-12) {
            std::printf("wrong wrap of %g: %g\n", phase[k], wrapped[k]);
            return 1;
        }
    }
    std::printf("emcf %s via find_package: ok\n", EMCF_VERSION_STRING);
    return 0;
}
