#pragma once
// A synthetic high-resolution urban InSAR scene (X-band, TerraSAR-X / Capella-like),
// for the end-to-end demo and the pipeline tests: irregular points (persistent
// scatterers on the ground and on roofs), buildings 15-40 m tall, a subsidence bowl,
// per-epoch atmosphere and noise, and the SLC stack they produce. Not part of the
// library: a processor brings its own data.
//
// Phase model (docs/conventions.md): psi_s(p) = a_s v_p + b_s h_p + atmo_s(p) + noise,
//   a_s = 4π/λ · (t_s − t_0)/365.25 · 1e-3   [rad per mm/yr]
//   b_s = 4π/λ · B⊥_s / (R sin θ)           [rad per m]
// so the height h is the DEM error (here: the building height above the terrain model).

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace emcf_demo {

struct UrbanSceneOptions {
    std::size_t npoints = 20000;
    std::size_t nslc = 30;
    double wavelength = 0.031;                                 // m
    double slant_range = 650e3;                                // m
    double look_angle = 35.0 * 3.14159265358979323846 / 180.0; // rad
    double revisit_days = 11.0;
    double bperp_max = 250.0;         // m: B⊥ uniform in [-max, max] (epoch 0 at 0)
    double spacing = 3.0;             // m: mean distance between points
    double building_cover = 0.35;     // share of the scene's area under buildings
    double min_height = 15.0;         // m
    double max_height = 40.0;         // m
    double roof_fraction = 0.5;       // share of points on roofs
    double subsidence = 12.0;         // mm/yr: depth of the bowl
    double atmosphere = 0.3;          // rad: std of the per-epoch atmosphere
    double atmosphere_scale = 8000.0; // m: its wavelengths are 0.6-3 times this (the
                                      // atmosphere varies over kilometres)
    double noise = 0.05; // rad: std of the per-sample phase noise (good PS)
    std::uint64_t seed = 1;
};

struct UrbanScene {
    std::size_t npoints = 0;
    std::size_t nslc = 0;
    std::vector<double> xy;               // npoints x 2, metres
    std::vector<double> times;            // nslc, days
    std::vector<double> bperp;            // nslc, metres (epoch 0 = 0)
    std::vector<double> height;           // npoints, m (truth of the DEM error)
    std::vector<double> velocity;         // npoints, mm/yr (truth)
    std::vector<std::uint8_t> on_roof;    // npoints
    std::vector<double> phase;            // nslc x npoints (row-major), unwrapped truth
    std::vector<std::complex<float>> slc; // nslc x npoints (row-major), exp(j psi)
};

namespace detail {

// splitmix64 + Box-Muller: portable and deterministic (std:: distributions are not).
class Rng {
  public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next()
    {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    double normal()
    {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        double u1 = uniform();
        while (u1 <= 0) {
            u1 = uniform();
        }
        const double u2 = uniform();
        const double r = std::sqrt(-2.0 * std::log(u1));
        spare_ = r * std::sin(6.283185307179586 * u2);
        has_spare_ = true;
        return r * std::cos(6.283185307179586 * u2);
    }

  private:
    std::uint64_t state_;
    bool has_spare_ = false;
    double spare_ = 0;
};

// A smooth random field: a sum of a few random plane waves of long wavelength.
struct SmoothField {
    std::vector<double> kx, ky, phase, amp;
    SmoothField(Rng& rng, double extent, double rms, int nwaves = 6)
    {
        for (int k = 0; k < nwaves; ++k) {
            const double wavelength = extent * rng.uniform(0.6, 3.0);
            const double dir = rng.uniform(0.0, 6.283185307179586);
            kx.push_back(6.283185307179586 / wavelength * std::cos(dir));
            ky.push_back(6.283185307179586 / wavelength * std::sin(dir));
            phase.push_back(rng.uniform(0.0, 6.283185307179586));
            amp.push_back(rms * std::sqrt(2.0 / nwaves));
        }
    }
    double operator()(double x, double y) const
    {
        double s = 0;
        for (std::size_t k = 0; k < kx.size(); ++k) {
            s += amp[k] * std::cos(kx[k] * x + ky[k] * y + phase[k]);
        }
        return s;
    }
};

struct Building {
    double x0, y0, x1, y1, height, velocity_offset;
    bool contains(double x, double y) const
    {
        return x >= x0 && x <= x1 && y >= y0 && y <= y1;
    }
};

} // namespace detail

inline UrbanScene make_urban_scene(const UrbanSceneOptions& opt)
{
    detail::Rng rng(opt.seed);
    UrbanScene s;
    s.npoints = opt.npoints;
    s.nslc = opt.nslc;
    const double side = std::sqrt(double(opt.npoints)) * opt.spacing;

    // buildings: rectangles 15-45 m wide (30 m on average) covering about
    // building_cover of the scene; where they overlap, the first one wins
    const std::size_t nb = std::max<std::size_t>(
            1, std::size_t(opt.building_cover * side * side / (30.0 * 30.0)));
    std::vector<detail::Building> buildings;
    for (std::size_t b = 0; b < nb; ++b) {
        const double w = rng.uniform(15.0, 45.0);
        const double h = rng.uniform(15.0, 45.0);
        const double x0 = rng.uniform(0.0, side - w);
        const double y0 = rng.uniform(0.0, side - h);
        buildings.push_back({x0, y0, x0 + w, y0 + h,
                             rng.uniform(opt.min_height, opt.max_height),
                             rng.uniform(-1.5, 1.5)});
    }

    // points: a share on roofs, the rest anywhere (mostly ground); positions on a fine
    // jittered raster so that no two points coincide
    s.xy.resize(2 * opt.npoints);
    s.height.resize(opt.npoints);
    s.velocity.resize(opt.npoints);
    s.on_roof.resize(opt.npoints);
    const detail::SmoothField terrain(rng, side, 1.0); // terrain-model error, m
    for (std::size_t p = 0; p < opt.npoints; ++p) {
        double x = 0;
        double y = 0;
        const detail::Building* roof = nullptr;
        if (rng.uniform() < opt.roof_fraction) {
            const auto& b = buildings[std::size_t(rng.uniform() * double(nb)) % nb];
            x = rng.uniform(b.x0, b.x1);
            y = rng.uniform(b.y0, b.y1);
        } else {
            x = rng.uniform(0.0, side);
            y = rng.uniform(0.0, side);
        }
        for (const auto& b : buildings) {
            if (b.contains(x, y)) {
                roof = &b;
                break;
            }
        }
        // quantise to 1 cm so that coordinates are exact and distinct with overwhelming
        // probability; a repeated position is nudged
        s.xy[2 * p] = std::round(x * 100.0) / 100.0 + 1e-4 * double(p % 97);
        s.xy[2 * p + 1] = std::round(y * 100.0) / 100.0 + 1e-4 * double(p % 89);
        const double r2 = ((x - 0.55 * side) * (x - 0.55 * side) +
                           (y - 0.45 * side) * (y - 0.45 * side)) /
                          (0.3 * side * 0.3 * side);
        s.velocity[p] =
                -opt.subsidence * std::exp(-r2) + (roof ? roof->velocity_offset : 0.0);
        s.height[p] = terrain(x, y) + (roof ? roof->height : 0.0);
        s.on_roof[p] = roof ? 1 : 0;
    }

    // epochs: regular revisit, B⊥ uniform (epoch 0 is the reference: t = 0, B⊥ = 0)
    s.times.resize(opt.nslc);
    s.bperp.resize(opt.nslc);
    for (std::size_t t = 0; t < opt.nslc; ++t) {
        s.times[t] = double(t) * opt.revisit_days;
        s.bperp[t] = t == 0 ? 0.0 : rng.uniform(-opt.bperp_max, opt.bperp_max);
    }
    const double four_pi_lambda = 4.0 * 3.14159265358979323846 / opt.wavelength;
    s.phase.resize(opt.nslc * opt.npoints);
    s.slc.resize(opt.nslc * opt.npoints);
    for (std::size_t t = 0; t < opt.nslc; ++t) {
        const double a = four_pi_lambda * s.times[t] / 365.25 * 1e-3;
        const double b = four_pi_lambda * s.bperp[t] /
                         (opt.slant_range * std::sin(opt.look_angle));
        const detail::SmoothField atmo(rng, opt.atmosphere_scale, opt.atmosphere);
        for (std::size_t p = 0; p < opt.npoints; ++p) {
            const double psi = a * s.velocity[p] + b * s.height[p] +
                               atmo(s.xy[2 * p], s.xy[2 * p + 1]) +
                               opt.noise * rng.normal();
            s.phase[t * opt.npoints + p] = psi;
            s.slc[t * opt.npoints + p] =
                    std::complex<float>(std::polar(1.0, psi)); // unit amplitude
        }
    }
    return s;
}

/// Unwrapping correctness against the scene's truth: a point is correct when every
/// interferogram is within `tolerance` rad of the truth, both referenced to the
/// reference point of its connected component. Points outside any component (masked,
/// isolated) are not counted. Works with any temporal graph (edge(k) = {i, j}),
/// unwrapped matrix (uw(k, p)) and EMCF result (component, references).
struct Correctness {
    std::size_t correct = 0;
    std::size_t counted = 0;
    double percent() const
    {
        return counted > 0 ? 100.0 * double(correct) / double(counted) : 0.0;
    }
};

template <class Temporal, class Unwrapped, class Result>
Correctness correctness(const UrbanScene& s, const Temporal& temporal,
                        const Unwrapped& uw, const Result& res, double tolerance = 0.1)
{
    const std::size_t np = s.npoints;
    Correctness c;
    for (std::size_t p = 0; p < np; ++p) {
        if (res.component[p] < 0) {
            continue;
        }
        ++c.counted;
        const auto ref = std::size_t(res.references[std::size_t(res.component[p])]);
        bool good = true;
        for (std::size_t k = 0; k < temporal.nedges() && good; ++k) {
            const auto i = std::size_t(temporal.edge(k)[0]);
            const auto j = std::size_t(temporal.edge(k)[1]);
            const double truth = (s.phase[j * np + p] - s.phase[i * np + p]) -
                                 (s.phase[j * np + ref] - s.phase[i * np + ref]);
            const double got = double(uw(std::ptrdiff_t(k), std::ptrdiff_t(p))) -
                               double(uw(std::ptrdiff_t(k), std::ptrdiff_t(ref)));
            good = std::fabs(got - truth) <= tolerance;
        }
        c.correct += good ? 1 : 0;
    }
    return c;
}

} // namespace emcf_demo
