#pragma once
/// @file
/// @brief Phase utilities used everywhere: wrapping, wrapped differences, model-guided
///        wrapping (reference/algorithm.md §1.1).
///
/// Conventions (docs/conventions.md):
/// * wrap(x) lies in the half-open interval (-π, π] and is congruent to x modulo 2π;
///   `-π` maps to `+π`.
/// * The wrapped difference along an edge is "end minus start": `wrap(b - a)`.
/// * Model-guided wrapping returns `m + wrap(d - m)`: within (m - π, m + π] and
/// congruent
///   to `d`; the model only picks the 2π branch.
/// * NaN and ±inf give NaN (a non-finite phase has no wrapped value).
///
/// Accuracy: the reduction subtracts `2π·k` in three exact pieces (Cody–Waite), in
/// double for both float and double inputs: about one ulp of π for |x| ≤ 2.5e7 rad.

#include <cmath>
#include <complex>
#include <cstddef>
#include <type_traits>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/strided_view.hpp>

EMCF_BEGIN_NAMESPACE

/// π in the precision of `Real`.
template <class Real>
[[nodiscard]] constexpr Real pi() noexcept
{
    static_assert(std::is_floating_point_v<Real>,
                  "pi<Real>: Real must be floating point");
    return static_cast<Real>(3.141592653589793238462643383279502884L);
}

/// 2π in the precision of `Real`.
template <class Real>
[[nodiscard]] constexpr Real two_pi() noexcept
{
    static_assert(std::is_floating_point_v<Real>,
                  "two_pi<Real>: Real must be floating point");
    return static_cast<Real>(6.283185307179586476925286766559005768L);
}

namespace detail {

// 2π = kTwoPiHi + kTwoPiMid + kTwoPiLo with 30 significant bits in the first two parts,
// so k * kTwoPiHi and k * kTwoPiMid are exact for |k| < 2^23 (Cody & Waite). No fused
// multiply-add needed: portable and fast on baseline x86-64.
inline constexpr double kTwoPiHi = 6.283185303211212;
inline constexpr double kTwoPiMid = 3.9683743166540886e-09;
inline constexpr double kTwoPiLo = 2.068073192717642e-18;
inline constexpr double kInvTwoPi = 0.15915494309189535;
// Beyond this |x| the split is no longer exact; std::remainder takes over.
inline constexpr double kCodyWaiteLimit = 2.5e7;

/// x - 2π·nearbyint(x / 2π), folded into (-bound, bound]; NaN for non-finite x.
/// `bound` is pi<Real>() of the result type, so that wrap is idempotent on its range.
inline double wrap_double(double x, double bound) noexcept
{
    double r;
    if (std::fabs(x) <= kCodyWaiteLimit) {
        // Round half to even (NumPy's rint) by the 1.5·2^52 shift: exact for |v| < 2^51
        // in the default rounding mode, and two adds instead of a libm call on baseline
        // x86-64. Requires strict IEEE arithmetic (no -ffast-math, which emcf never
        // uses).
        constexpr double kShift = 6755399441055744.0; // 1.5 * 2^52
        const double shifted = x * kInvTwoPi + kShift;
        const double k = shifted - kShift;
        r = ((x - k * kTwoPiHi) - k * kTwoPiMid) - k * kTwoPiLo;
    } else {
        // Exactly rounded remainder with respect to fl(2π); also maps ±inf and NaN to
        // NaN.
        r = std::remainder(x, two_pi<double>());
    }
    if (r <= -bound) {
        r += two_pi<double>();
    } else if (r > bound) {
        r -= two_pi<double>();
    }
    return r;
}

} // namespace detail

/// Wrap a phase into (-π, π].
/// @tparam Real float or double
/// @param x phase [rad]
/// @return the value in (-pi<Real>(), pi<Real>()] congruent to `x` modulo 2π; NaN if
///         `x` is not finite
/// @note O(1), thread-safe. Accurate to about one ulp of π for |x| ≤ 2.5e7 rad; beyond
///       that the reduction is exact with respect to the double nearest to 2π.
template <class Real>
[[nodiscard]] inline Real wrap(Real x) noexcept
{
    static_assert(std::is_floating_point_v<Real>, "wrap: Real must be float or double");
    // Fast path for values already wrapped (the common case for phase differences).
    // One comparison on |x|: well predicted both for mostly wrapped and for mostly
    // unwrapped data.
    if (std::fabs(x) < pi<Real>()) {
        return x;
    }
    // +pi<Real>() itself is in range; keep it unchanged so that wrap is idempotent (for
    // float, pi<float>() lies above the true π, where the reduction would move it).
    if (x == pi<Real>()) {
        return x;
    }
    if constexpr (std::is_same_v<Real, double>) {
        return detail::wrap_double(x, pi<double>());
    } else {
        const auto bound = static_cast<double>(pi<Real>());
        const auto out =
                static_cast<Real>(detail::wrap_double(static_cast<double>(x), bound));
        // Rounding to a narrower type can land on -pi<Real>(): fold it to +pi<Real>().
        return out <= -pi<Real>() ? pi<Real>() : out;
    }
}

/// Wrapped phase difference "end minus start" of two real phases: `wrap(end - start)`.
/// @param start, end phases [rad]
template <class Real>
[[nodiscard]] inline Real wrapped_diff(Real start, Real end) noexcept
{
    static_assert(std::is_floating_point_v<Real>,
                  "wrapped_diff: Real must be float or double");
    return wrap<Real>(end - start);
}

/// Wrapped phase difference of two complex values: `wrap(arg(end) - arg(start))`.
/// Equal to the real form applied to their arguments, so residues computed from complex
/// points and from their phases agree exactly.
template <class Real>
[[nodiscard]] inline Real wrapped_diff(const std::complex<Real>& start,
                                       const std::complex<Real>& end) noexcept
{
    return wrap<Real>(std::arg(end) - std::arg(start));
}

/// Model-guided wrapping: `model + wrap(phase - model)`.
/// @param phase a phase known modulo 2π [rad]
/// @param model the expected value [rad] (any magnitude)
/// @return the value congruent to `phase` (mod 2π) in (model - π, model + π]
template <class Real>
[[nodiscard]] inline Real wrap_to_model(Real phase, Real model) noexcept
{
    static_assert(std::is_floating_point_v<Real>,
                  "wrap_to_model: Real must be float or double");
    return model + wrap<Real>(phase - model);
}

/// Model-guided wrapped difference (spurt's `phase_diff(z0, z1, m)`):
/// `model + wrap(end - start - model)`.
template <class Real>
[[nodiscard]] inline Real wrapped_diff(Real start, Real end, Real model) noexcept
{
    return wrap_to_model<Real>(end - start, model);
}

/// Model-guided wrapped difference of two complex values:
/// `model + wrap(arg(end) - arg(start) - model)`.
template <class Real>
[[nodiscard]] inline Real wrapped_diff(const std::complex<Real>& start,
                                       const std::complex<Real>& end,
                                       Real model) noexcept
{
    return wrap_to_model<Real>(std::arg(end) - std::arg(start), model);
}

namespace detail {
template <class T>
struct is_complex : std::false_type {
};
template <class T>
struct is_complex<std::complex<T>> : std::true_type {
};
/// True for std::complex<float | double> (cv-qualifiers ignored).
template <class T>
inline constexpr bool is_complex_v = is_complex<std::remove_cv_t<T>>::value;
} // namespace detail

/// Phase of a sample: the value itself for real phases, `arg(z)` for complex values.
template <class Real>
[[nodiscard]] inline Real phase_of(Real x) noexcept
{
    return x;
}

/// Phase of a complex sample: `arg(z)` in [-π, π].
template <class Real>
[[nodiscard]] inline Real phase_of(const std::complex<Real>& z) noexcept
{
    return std::arg(z);
}

/// Wrap every element of a 1-D or 2-D array into (-π, π].
/// @param phase array of phases [rad], or of complex values (their argument is taken);
///              any supported storage (view, Eigen, xtensor)
/// @param out   real array of the same shape receiving the wrapped phases; may be
///              `phase` itself (in place) but must not partially overlap it
/// @throws emcf::invalid_argument if the shapes differ
/// @note O(n), no allocation; non-finite inputs give NaN.
template <class In, class Out>
void wrap_phases(const In& phase, Out&& out)
{
    const auto src = detail::as_matrix_view(phase);
    const auto dst = detail::as_matrix_view(out);
    using Real = typename decltype(dst)::value_type;
    static_assert(detail::is_writable_view_v<decltype(dst)>,
                  "wrap_phases: 'out' must be writable");
    static_assert(std::is_floating_point_v<Real>, "wrap_phases: 'out' must be real");
    detail::require_shape(dst.rows(), dst.cols(), src.rows(), src.cols(), "out");
    detail::for_each_index(dst, [&](std::size_t i, std::size_t j) {
        // Wrap in the input's precision, then narrow (and re-fold) to the output's.
        dst(i, j) = wrap<Real>(static_cast<Real>(wrap(phase_of(src(i, j)))));
    });
}

EMCF_END_NAMESPACE
