#pragma once
/// @file
/// @brief Temporal coherence of one link at given model parameters
///        (reference/algorithm.md §5.2), evaluated directly in double.
///
///   γ(x) = | Σ_k w_k exp(j (A_k·x − φ_k)) | / Σ_k w_k
///
/// over the valid observations: finite phase (complex: finite, non-zero amplitude) and
/// a finite weight w_k > 0. γ ∈ [0, 1]; 1 means the model explains every phase.

#include <cmath>
#include <complex>
#include <cstddef>
#include <limits>
#include <string>
#include <type_traits>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/strided_view.hpp>

EMCF_BEGIN_NAMESPACE

namespace detail {

/// Unit phasor exp(−j φ) of one observation (real phase or complex value) in double;
/// false if the observation is invalid (non-finite, or zero amplitude).
template <class T>
bool conj_phasor(const T& v, double& re, double& im) noexcept
{
    if constexpr (is_complex_v<T>) {
        const double a = static_cast<double>(v.real());
        const double b = static_cast<double>(v.imag());
        const double m = std::hypot(a, b);
        if (!(std::isfinite(m) && m > 0)) {
            return false;
        }
        re = a / m;
        im = -b / m;
        return true;
    } else {
        const double phi = static_cast<double>(v);
        if (!std::isfinite(phi)) {
            return false;
        }
        re = std::cos(phi);
        im = -std::sin(phi);
        return true;
    }
}

/// Uniform weights (no weight array).
struct UnitWeight {
    constexpr double operator[](std::size_t /*k*/) const noexcept { return 1.0; }
    static constexpr std::size_t size() noexcept { return 0; }
};

template <class Design, class Phase, class Params, class Weights>
double coherence_at(const Design& design_in, const Phase& phase_in,
                    const Params& params_in, const Weights& w, bool weighted)
{
    const auto a = as_matrix_view(design_in);
    const auto phase = cview1d(phase_in);
    const auto x = cview1d(params_in);
    require_size(phase.size(), a.rows(), "phase");
    require_size(x.size(), a.cols(), "params");
    if (weighted) {
        require_size(w.size(), a.rows(), "weights");
    }
    double sr = 0;
    double si = 0;
    double wsum = 0;
    for (std::size_t k = 0; k < a.rows(); ++k) {
        const double wk = static_cast<double>(w[k]);
        require(!(wk < 0) && wk != std::numeric_limits<double>::infinity(), "weights",
                "must be finite and >= 0 (NaN masks), got " + std::to_string(wk));
        double ur = 0;
        double ui = 0;
        if (!(wk > 0) || !conj_phasor(phase[k], ur, ui)) {
            continue;
        }
        double model = 0;
        for (std::size_t p = 0; p < a.cols(); ++p) {
            model += static_cast<double>(a(k, p)) * static_cast<double>(x[p]);
        }
        const double c = std::cos(model);
        const double s = std::sin(model);
        sr += wk * (c * ur - s * ui);
        si += wk * (c * ui + s * ur);
        wsum += wk;
    }
    return wsum > 0 ? std::hypot(sr, si) / wsum
                    : std::numeric_limits<double>::quiet_NaN();
}

} // namespace detail

/// @brief Temporal coherence of one link, uniform weights.
/// @param design nobs × nparams design matrix [rad per unit]
/// @param phase  nobs wrapped phases [rad] (real) or complex values (their argument)
/// @param params nparams model parameters (e.g. velocity [mm/yr], DEM error [m])
/// @return γ ∈ [0, 1]; NaN if no observation is valid (NaN phases are skipped)
/// @throws emcf::invalid_argument if the sizes disagree
/// @note O(nobs·nparams), no allocation, thread-safe.
template <class Design, class Phase, class Params>
[[nodiscard]] double temporal_coherence(const Design& design, const Phase& phase,
                                        const Params& params)
{
    return detail::coherence_at(design, phase, params, detail::UnitWeight{}, false);
}

/// @brief Temporal coherence of one link with weights w_k >= 0 (NaN or 0 masks k).
/// @throws emcf::invalid_argument if the sizes disagree or a weight is negative or +inf
template <class Design, class Phase, class Params, class Weights>
[[nodiscard]] double temporal_coherence(const Design& design, const Phase& phase,
                                        const Params& params, const Weights& weights)
{
    return detail::coherence_at(design, phase, params, cview1d(weights), true);
}

EMCF_END_NAMESPACE
