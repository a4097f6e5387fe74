#pragma once
/// @file
/// @brief Sub-grid refinement of a coherence peak from its 3^m stencil: the 3-point
///        parabola (m = 1), the 3×3 quadratic with spurt's closed-form weights (m = 2,
///        reference/algorithm.md §5.5) and the least-squares quadratic on the 3^m
///        stencil (m = 3 … 5).
///
/// Stencil values z are given in row-major order of the offsets (o_0, …, o_{m−1}) ∈
/// {−1, 0, 1}^m, the first refined parameter slowest; for m = 2 that is spurt's order
/// (−1,−1), (−1,0), (−1,1), (0,−1), (0,0), (0,1), (1,−1), (1,0), (1,1). The fitted
/// quadratic f(u) = a + bᵀu + Σ_{p≤q} c_pq u_p u_q (u in grid steps) is accepted only
/// when it is concave (its Hessian negative definite); its stationary point is clipped
/// to the stencil box [−1, 1]^m as spurt does. Whether the refined point is used is the
/// caller's decision: emcf::LinkEstimator keeps it only if its exactly recomputed
/// coherence beats the grid node's.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string>

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>

EMCF_BEGIN_NAMESPACE

/// Most parameters a stencil fit handles at once (full quadratic on 3^5 = 243 points).
inline constexpr std::size_t max_quadratic_fit_dims = 5;

/// Peak of a fitted quadratic on a 3^m stencil.
struct StencilPeak {
    std::array<double, max_quadratic_fit_dims>
            offset{}; ///< u*, in grid steps, in [−1, 1]
    double value = 0; ///< fitted value at u* (before clipping: at the stationary point)
    bool concave = false; ///< false: no peak (offset 0, value = centre value)
};

/// @brief 3-point parabola through (−1, zm), (0, z0), (1, zp).
/// @return offset −b/(2d) clipped to [−1, 1] when d = (zm + zp)/2 − z0 < 0
/// @note O(1), noexcept; NaN inputs give a non-concave result.
[[nodiscard]] inline StencilPeak parabola_peak(double zm, double z0, double zp) noexcept
{
    StencilPeak out;
    const double b = 0.5 * (zp - zm);
    const double d = 0.5 * (zp + zm) - z0;
    out.value = z0;
    if (d < 0) { // false for NaN
        const double u = -b / (2 * d);
        out.offset[0] = std::clamp(u, -1.0, 1.0);
        out.value = z0 + 0.5 * b * u;
        out.concave = true;
    }
    return out;
}

/// @brief Quadratic fit on a 3×3 stencil with the closed-form least-squares weights of
///        reference/algorithm.md §5.5 and the concavity test d < 0, det = 4df − e² > 0.
/// @param z the 9 values in spurt's stencil order (see the file comment)
/// @note O(1), noexcept; NaN inputs give a non-concave result.
[[nodiscard]] inline StencilPeak
quadratic_peak_3x3(const std::array<double, 9>& z) noexcept
{
    // f = a + b u + c v + d u² + e u v + f v² (u: first parameter, v: second)
    const double a = (-z[0] + 2 * z[1] - z[2] + 2 * z[3] + 5 * z[4] + 2 * z[5] - z[6] +
                      2 * z[7] - z[8]) /
                     9;
    const double b = (-z[0] - z[1] - z[2] + z[6] + z[7] + z[8]) / 6;
    const double c = (-z[0] + z[2] - z[3] + z[5] - z[6] + z[8]) / 6;
    const double d =
            (z[0] + z[1] + z[2] - 2 * (z[3] + z[4] + z[5]) + z[6] + z[7] + z[8]) / 6;
    const double e = (z[0] - z[2] - z[6] + z[8]) / 4;
    const double f =
            (z[0] - 2 * z[1] + z[2] + z[3] - 2 * z[4] + z[5] + z[6] - 2 * z[7] + z[8]) /
            6;
    StencilPeak out;
    out.value = z[4];
    const double det = 4 * d * f - e * e;
    if (d < 0 && det > 0 && std::fabs(det) > 1e-12) {
        const double u = -(2 * f * b - e * c) / det;
        const double v = -(2 * d * c - e * b) / det;
        out.offset[0] = std::clamp(u, -1.0, 1.0);
        out.offset[1] = std::clamp(v, -1.0, 1.0);
        out.value = a + 0.5 * (b * u + c * v);
        out.concave = true;
    }
    return out;
}

/// @brief Least-squares quadratic on the 3^m stencil, 1 <= m <= max_quadratic_fit_dims
///        (for m = 2 its weights equal the closed form of quadratic_peak_3x3()). Build
///        once, fit many.
class QuadraticPeakFit {
  public:
    /// @throws emcf::invalid_argument unless 1 <= ndim <= max_quadratic_fit_dims
    explicit QuadraticPeakFit(std::size_t ndim) : ndim_(ndim)
    {
        detail::require(ndim >= 1 && ndim <= max_quadratic_fit_dims, "ndim",
                        "the quadratic stencil fit handles 1 to " +
                                std::to_string(max_quadratic_fit_dims) +
                                " parameters, got " + std::to_string(ndim));
        npoints_ = 1;
        for (std::size_t p = 0; p < ndim; ++p) {
            npoints_ *= 3;
        }
        nterms_ = 1 + ndim + ndim * (ndim + 1) / 2;
        Eigen::MatrixXd d(static_cast<Eigen::Index>(npoints_),
                          static_cast<Eigen::Index>(nterms_));
        for (std::size_t s = 0; s < npoints_; ++s) {
            const auto u = offsets(s);
            Eigen::Index t = 0;
            const auto row = static_cast<Eigen::Index>(s);
            d(row, t++) = 1;
            for (std::size_t p = 0; p < ndim; ++p) {
                d(row, t++) = u[p];
            }
            for (std::size_t p = 0; p < ndim; ++p) {
                for (std::size_t q = p; q < ndim; ++q) {
                    d(row, t++) = u[p] * u[q];
                }
            }
        }
        // (DᵀD)⁻¹Dᵀ: D has full column rank on the 3^m stencil.
        weights_ = (d.transpose() * d).ldlt().solve(d.transpose());
    }

    [[nodiscard]] std::size_t ndim() const noexcept { return ndim_; }
    /// 3^ndim.
    [[nodiscard]] std::size_t stencil_size() const noexcept { return npoints_; }
    /// Offsets of stencil point s, in grid steps.
    [[nodiscard]] std::array<double, max_quadratic_fit_dims>
    offsets(std::size_t s) const
    {
        std::array<double, max_quadratic_fit_dims> u{};
        for (std::size_t p = ndim_; p-- > 0;) {
            u[p] = static_cast<double>(s % 3) - 1.0;
            s /= 3;
        }
        return u;
    }
    /// Coefficients (rows: 1, u_p, then u_p·u_q for p <= q) × stencil points.
    [[nodiscard]] const Eigen::MatrixXd& weights() const noexcept { return weights_; }

    /// Fit the stencil values z (stencil_size() of them) and locate the peak.
    [[nodiscard]] StencilPeak fit(const double* z) const
    {
        const Eigen::Map<const Eigen::VectorXd> zv(z,
                                                   static_cast<Eigen::Index>(npoints_));
        const Eigen::VectorXd coef = weights_ * zv;
        const auto m = static_cast<Eigen::Index>(ndim_);
        Eigen::VectorXd b = coef.segment(1, m);
        Eigen::MatrixXd h(m, m);
        Eigen::Index t = 1 + m;
        for (Eigen::Index p = 0; p < m; ++p) {
            for (Eigen::Index q = p; q < m; ++q) {
                const double c = coef(t++);
                h(p, q) = p == q ? 2 * c : c;
                h(q, p) = h(p, q);
            }
        }
        StencilPeak out;
        out.value = z[npoints_ / 2];
        if (!b.allFinite() || !h.allFinite()) {
            return out;
        }
        const Eigen::LLT<Eigen::MatrixXd> llt(
                -h); // concave iff −H is positive definite
        if (llt.info() != Eigen::Success) {
            return out;
        }
        const Eigen::VectorXd u = llt.solve(b); // H u = −b  ⇔  (−H) u = b
        for (Eigen::Index p = 0; p < m; ++p) {
            out.offset[static_cast<std::size_t>(p)] = std::clamp(u(p), -1.0, 1.0);
        }
        out.value = coef(0) + 0.5 * b.dot(u);
        out.concave = true;
        return out;
    }

  private:
    std::size_t ndim_ = 0;
    std::size_t npoints_ = 0;
    std::size_t nterms_ = 0;
    Eigen::MatrixXd weights_;
};

/// @brief Refine a peak from its stencil: parabola_peak (m = 1), quadratic_peak_3x3
///        (m = 2) or the least-squares fit (m >= 3).
/// @param z    3^m stencil values (file comment for the order)
/// @param ndim m, 1 to max_quadratic_fit_dims
/// @throws emcf::invalid_argument for m outside [1, max_quadratic_fit_dims]
/// @note m >= 3 builds a QuadraticPeakFit per call; keep one for repeated fits.
[[nodiscard]] inline StencilPeak refine_peak(const double* z, std::size_t ndim)
{
    if (ndim == 1) {
        return parabola_peak(z[0], z[1], z[2]);
    }
    if (ndim == 2) {
        std::array<double, 9> v{};
        std::copy(z, z + 9, v.begin());
        return quadratic_peak_3x3(v);
    }
    return QuadraticPeakFit(ndim).fit(z);
}

EMCF_END_NAMESPACE
