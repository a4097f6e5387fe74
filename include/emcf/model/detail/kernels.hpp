#pragma once
/// @file
/// @brief Small vectorisable building blocks of the link estimator: sin/cos of an
///        array, lane-parallel sums, max and first-index searches. Written as plain
///        loops the compiler vectorises without -ffast-math: reductions keep kLanes
///        independent partial sums in a fixed order, so results are deterministic and
///        do not depend on the instruction set.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include <emcf/core/config.hpp>

#if defined(__GNUC__) || defined(_MSC_VER)
#define EMCF_RESTRICT __restrict
#else
#define EMCF_RESTRICT
#endif

EMCF_BEGIN_NAMESPACE
namespace detail {

/// Partial sums kept side by side by the reductions below (and the padding unit of the
/// arrays they read: lengths are multiples of kLanes, padded with zeros).
inline constexpr std::size_t kLanes = 8;

/// n rounded up to a multiple of kLanes.
[[nodiscard]] constexpr std::size_t pad_lanes(std::size_t n) noexcept
{
    return (n + kLanes - 1) / kLanes * kLanes;
}

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi" // V may be a vector type; always inlined
#endif
/// sin and cos of r, |r| <= π/4: the fdlibm kernels (__kernel_sin, __kernel_cos),
/// within about 1 ulp. V is double or a GCC/Clang vector of doubles (elementwise).
/// Inlined into the array loops below, which vectorise.
template <class V>
inline void sincos_kernel(const V& r, V& s, V& c) noexcept
{
    constexpr double kS1 = -1.66666666666666324348e-01;
    constexpr double kS2 = 8.33333333332248946124e-03;
    constexpr double kS3 = -1.98412698298579493134e-04;
    constexpr double kS4 = 2.75573137070700676789e-06;
    constexpr double kS5 = -2.50507602534068634195e-08;
    constexpr double kS6 = 1.58969099521155010221e-10;
    constexpr double kC1 = 4.16666666666666019037e-02;
    constexpr double kC2 = -1.38888888888741095749e-03;
    constexpr double kC3 = 2.48015872894767294178e-05;
    constexpr double kC4 = -2.75573143513906633035e-07;
    constexpr double kC5 = 2.08757232129817482790e-09;
    constexpr double kC6 = -1.13596475577881948265e-11;
    const V z = r * r;
    const V ps = kS2 + z * (kS3 + z * (kS4 + z * (kS5 + z * kS6)));
    s = r + z * r * (kS1 + z * ps);
    const V pc = z * (kC1 + z * (kC2 + z * (kC3 + z * (kC4 + z * (kC5 + z * kC6)))));
    const V hz = 0.5 * z;
    const V w = 1.0 - hz;
    c = w + (((1.0 - w) - hz) + z * pc); // compensated 1 − z/2
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

/// s[i] = sin(x[i]), c[i] = cos(x[i]) for i < n (fdlibm kernels, three-part Cody–Waite
/// reduction by π/2). The reduction is exact while k = round(x·2/π) satisfies
/// |k| < 2^20 (|x| < 1.6e6 rad: k times the 33-bit leading part of π/2 is exact);
/// non-finite or larger |x| fall back to std::sin / std::cos for those elements.
/// Accuracy (tests/model/test_kernels.cpp; 2·10^6 random arguments per range against
/// long double): 0.75 ulp for |x| <= π/4, 1.5 ulp up to 10^3, 2.4 ulp up to 1.6e6 (the
/// reduced argument is one double: its rounding grows with k) — far below what a
/// coherence sum resolves. sin(−0) gives +0. Vectorises (SSE2 and up): only IEEE
/// double and uint64 arithmetic.
inline void sincos_n(const double* EMCF_RESTRICT x, double* EMCF_RESTRICT s,
                     double* EMCF_RESTRICT c, std::size_t n) noexcept
{
    constexpr double kTwoOverPi = 0.63661977236758134308;
    constexpr double kShift = 6755399441055744.0; // 1.5·2^52: rounds to an integer
    constexpr double kPio2_1 = 1.57079632673412561417e+00;  // first 33 bits of π/2
    constexpr double kPio2_2 = 6.07710050630396597660e-11;  // next 33 bits
    constexpr double kPio2_2t = 2.02226624879595063154e-21; // the rest
    std::uint64_t kShiftBits;
    std::memcpy(&kShiftBits, &kShift, sizeof kShiftBits);
    std::uint64_t out_of_range = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double xi = x[i];
        const double kf = xi * kTwoOverPi + kShift;
        const double k = kf - kShift;
        std::uint64_t q;
        std::memcpy(&q, &kf, sizeof q); // q - bits(kShift) = k for |k| < 2^51
        // Nonzero unless |k| < 2^20 (NaN and inf give huge differences too).
        out_of_range |= (q - kShiftBits + (std::uint64_t{1} << 20)) >> 21;
        const double r = ((xi - k * kPio2_1) - k * kPio2_2) - k * kPio2_2t;
        double sr;
        double cr;
        sincos_kernel<double>(r, sr, cr);
        // Quadrant q mod 4: sin x = (s, c, -s, -c)[q], cos x = (c, -s, -c, s)[q].
        std::uint64_t sb;
        std::uint64_t cb;
        std::memcpy(&sb, &sr, sizeof sb);
        std::memcpy(&cb, &cr, sizeof cb);
        const std::uint64_t swap = std::uint64_t{0} - (q & 1U);
        const std::uint64_t sin_bits = ((cb & swap) | (sb & ~swap)) ^ ((q & 2U) << 62);
        const std::uint64_t cos_bits =
                ((sb & swap) | (cb & ~swap)) ^ (((q + 1U) & 2U) << 62);
        std::memcpy(&s[i], &sin_bits, sizeof sin_bits);
        std::memcpy(&c[i], &cos_bits, sizeof cos_bits);
    }
    if (out_of_range != 0) {
        for (std::size_t i = 0; i < n; ++i) {
            if (!(std::fabs(x[i]) < 1.0e6)) { // conservative: a subset of |k| < 2^20
                s[i] = std::sin(x[i]);
                c[i] = std::cos(x[i]);
            }
        }
    }
}

/// s[i] = sin(x[i]), c[i] = cos(x[i]) for |x[i]| <= π/4 (the caller guarantees it):
/// sincos_n() without the range reduction (0.75 ulp).
inline void sincos_small_n(const double* EMCF_RESTRICT x, double* EMCF_RESTRICT s,
                           double* EMCF_RESTRICT c, std::size_t n) noexcept
{
    for (std::size_t i = 0; i < n; ++i) {
        sincos_kernel<double>(x[i], s[i], c[i]);
    }
}

#if defined(__GNUC__) // GCC and Clang: explicit 32-byte vectors (lowered to SSE2 pairs
                      // where AVX is not enabled; same lane arithmetic either way)
#define EMCF_DETAIL_VECTOR_EXTENSIONS 1
// Vector types never cross a function boundary here; the ABI note is irrelevant.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

template <class T>
struct vec8;
template <>
struct vec8<double> { // 8 doubles as two 4-lane vectors
    typedef double half __attribute__((vector_size(32)));
};
template <>
struct vec8<float> {
    typedef float half __attribute__((vector_size(16)));
};

/// Σ_i a[i] in a fixed order of kLanes partial sums; n must be a multiple of kLanes.
template <class T>
[[nodiscard]] inline T lane_sum(const T* EMCF_RESTRICT a, std::size_t n) noexcept
{
    using V = typename vec8<T>::half;
    V s0 = {};
    V s1 = {};
    constexpr std::size_t h = kLanes / 2;
    for (std::size_t i = 0; i < n; i += kLanes) {
        V x0;
        V x1;
        std::memcpy(&x0, a + i, sizeof x0);
        std::memcpy(&x1, a + i + h, sizeof x1);
        s0 += x0;
        s1 += x1;
    }
    T total = 0;
    for (std::size_t q = 0; q < h; ++q) {
        total += s0[q] + s1[q];
    }
    return total;
}

/// Σ_i (ar[i] + j·ai[i])·(br[i] + j·bi[i]) with lane-parallel partial sums; n must be
/// a multiple of kLanes. Returns the real and imaginary parts.
template <class T>
inline void lane_dot(const T* EMCF_RESTRICT ar, const T* EMCF_RESTRICT ai,
                     const T* EMCF_RESTRICT br, const T* EMCF_RESTRICT bi,
                     std::size_t n, T& out_re, T& out_im) noexcept
{
    using V = typename vec8<T>::half;
    constexpr std::size_t h = kLanes / 2;
    V r0 = {};
    V r1 = {};
    V i0 = {};
    V i1 = {};
    for (std::size_t i = 0; i < n; i += kLanes) {
        V a0, a1, b0, b1, c0, c1, d0, d1;
        std::memcpy(&a0, ar + i, sizeof a0);
        std::memcpy(&a1, ar + i + h, sizeof a1);
        std::memcpy(&b0, ai + i, sizeof b0);
        std::memcpy(&b1, ai + i + h, sizeof b1);
        std::memcpy(&c0, br + i, sizeof c0);
        std::memcpy(&c1, br + i + h, sizeof c1);
        std::memcpy(&d0, bi + i, sizeof d0);
        std::memcpy(&d1, bi + i + h, sizeof d1);
        r0 += a0 * c0 - b0 * d0;
        r1 += a1 * c1 - b1 * d1;
        i0 += a0 * d0 + b0 * c0;
        i1 += a1 * d1 + b1 * c1;
    }
    out_re = 0;
    out_im = 0;
    for (std::size_t q = 0; q < h; ++q) {
        out_re += r0[q] + r1[q];
        out_im += i0[q] + i1[q];
    }
}

/// Σ_i (ar[i] + j·ai[i])·b[i] for a real b, lane-parallel; n a multiple of kLanes.
template <class T>
inline void lane_dot_real(const T* EMCF_RESTRICT ar, const T* EMCF_RESTRICT ai,
                          const T* EMCF_RESTRICT b, std::size_t n, T& out_re,
                          T& out_im) noexcept
{
    using V = typename vec8<T>::half;
    constexpr std::size_t h = kLanes / 2;
    V r0 = {};
    V r1 = {};
    V i0 = {};
    V i1 = {};
    for (std::size_t i = 0; i < n; i += kLanes) {
        V a0, a1, b0, b1, c0, c1;
        std::memcpy(&a0, ar + i, sizeof a0);
        std::memcpy(&a1, ar + i + h, sizeof a1);
        std::memcpy(&b0, ai + i, sizeof b0);
        std::memcpy(&b1, ai + i + h, sizeof b1);
        std::memcpy(&c0, b + i, sizeof c0);
        std::memcpy(&c1, b + i + h, sizeof c1);
        r0 += a0 * c0;
        r1 += a1 * c1;
        i0 += b0 * c0;
        i1 += b1 * c1;
    }
    out_re = 0;
    out_im = 0;
    for (std::size_t q = 0; q < h; ++q) {
        out_re += r0[q] + r1[q];
        out_im += i0[q] + i1[q];
    }
}

/// Largest value of p[0, n) (NaN never wins; -1 if none); n a multiple of kLanes.
template <class T>
[[nodiscard]] inline T lane_max(const T* EMCF_RESTRICT p, std::size_t n) noexcept
{
    using V = typename vec8<T>::half;
    constexpr std::size_t h = kLanes / 2;
    V m0;
    V m1;
    for (std::size_t q = 0; q < h; ++q) {
        m0[q] = T(-1);
        m1[q] = T(-1);
    }
    for (std::size_t i = 0; i < n; i += kLanes) {
        V x0;
        V x1;
        std::memcpy(&x0, p + i, sizeof x0);
        std::memcpy(&x1, p + i + h, sizeof x1);
        m0 = x0 > m0 ? x0 : m0;
        m1 = x1 > m1 ? x1 : m1;
    }
    T best = T(-1);
    for (std::size_t q = 0; q < h; ++q) {
        best = m0[q] > best ? m0[q] : best;
        best = m1[q] > best ? m1[q] : best;
    }
    return best;
}

#pragma GCC diagnostic pop
#else // portable loops with kLanes independent partial sums

/// Σ_i a[i] in a fixed order of kLanes partial sums; n must be a multiple of kLanes.
template <class T>
[[nodiscard]] inline T lane_sum(const T* EMCF_RESTRICT a, std::size_t n) noexcept
{
    T acc[kLanes] = {};
    for (std::size_t i = 0; i < n; i += kLanes) {
        for (std::size_t q = 0; q < kLanes; ++q) {
            acc[q] += a[i + q];
        }
    }
    T total = 0;
    for (std::size_t q = 0; q < kLanes / 2; ++q) {
        total += acc[q] + acc[q + kLanes / 2];
    }
    return total;
}

/// Σ_i (ar[i] + j·ai[i])·(br[i] + j·bi[i]); n a multiple of kLanes.
template <class T>
inline void lane_dot(const T* EMCF_RESTRICT ar, const T* EMCF_RESTRICT ai,
                     const T* EMCF_RESTRICT br, const T* EMCF_RESTRICT bi,
                     std::size_t n, T& out_re, T& out_im) noexcept
{
    T sr[kLanes] = {};
    T si[kLanes] = {};
    for (std::size_t i = 0; i < n; i += kLanes) {
        for (std::size_t q = 0; q < kLanes; ++q) {
            sr[q] += ar[i + q] * br[i + q] - ai[i + q] * bi[i + q];
            si[q] += ar[i + q] * bi[i + q] + ai[i + q] * br[i + q];
        }
    }
    out_re = 0;
    out_im = 0;
    for (std::size_t q = 0; q < kLanes / 2; ++q) {
        out_re += sr[q] + sr[q + kLanes / 2];
        out_im += si[q] + si[q + kLanes / 2];
    }
}

/// Σ_i (ar[i] + j·ai[i])·b[i] for a real b; n a multiple of kLanes.
template <class T>
inline void lane_dot_real(const T* EMCF_RESTRICT ar, const T* EMCF_RESTRICT ai,
                          const T* EMCF_RESTRICT b, std::size_t n, T& out_re,
                          T& out_im) noexcept
{
    T sr[kLanes] = {};
    T si[kLanes] = {};
    for (std::size_t i = 0; i < n; i += kLanes) {
        for (std::size_t q = 0; q < kLanes; ++q) {
            sr[q] += ar[i + q] * b[i + q];
            si[q] += ai[i + q] * b[i + q];
        }
    }
    out_re = 0;
    out_im = 0;
    for (std::size_t q = 0; q < kLanes / 2; ++q) {
        out_re += sr[q] + sr[q + kLanes / 2];
        out_im += si[q] + si[q + kLanes / 2];
    }
}

/// Largest value of p[0, n) (NaN never wins; -1 if none); n a multiple of kLanes.
template <class T>
[[nodiscard]] inline T lane_max(const T* EMCF_RESTRICT p, std::size_t n) noexcept
{
    T m[kLanes];
    for (std::size_t q = 0; q < kLanes; ++q) {
        m[q] = T(-1);
    }
    for (std::size_t i = 0; i < n; i += kLanes) {
        for (std::size_t q = 0; q < kLanes; ++q) {
            m[q] = p[i + q] > m[q] ? p[i + q] : m[q];
        }
    }
    T best = T(-1);
    for (std::size_t q = 0; q < kLanes; ++q) {
        best = m[q] > best ? m[q] : best;
    }
    return best;
}

#endif

/// First index i < n with p[i] == value (n if none).
template <class T>
[[nodiscard]] inline std::size_t first_index_of(const T* p, std::size_t n,
                                                T value) noexcept
{
    for (std::size_t i = 0; i < n; ++i) {
        if (p[i] == value) {
            return i;
        }
    }
    return n;
}

} // namespace detail
EMCF_END_NAMESPACE
