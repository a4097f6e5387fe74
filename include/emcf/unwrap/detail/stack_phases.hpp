#pragma once
/// @file
/// @brief Phases and validity of the points of an SLC or interferogram stack, in the
/// two
///        layouts the stages read: point-major for the temporal stage (a link reads
///        both end points' rows) and row-major for the spatial stage (an interferogram
///        reads two epoch rows or one interferogram row).

#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/math.hpp>
#include <emcf/core/parallel.hpp>
#include <emcf/core/strided_view.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

/// A sample carries a phase: finite, and for complex values a non-zero amplitude.
template <class T>
bool has_phase(const T& v) noexcept
{
    if constexpr (is_complex_v<T>) {
        return std::isfinite(v.real()) && std::isfinite(v.imag()) &&
               (v.real() != 0 || v.imag() != 0);
    } else {
        return std::isfinite(v);
    }
}

/// Phases [rad] of every sample, wrapped into (-π, π], with per-point validity.
template <class Real>
struct StackPhases {
    std::size_t nrows = 0;
    std::size_t npoints = 0;
    std::vector<Real> by_point;      ///< npoints × nrows (point-major)
    std::vector<Real> by_row;        ///< nrows × npoints (row-major)
    std::vector<std::uint8_t> valid; ///< npoints: mask and every sample has a phase

    const Real* point(std::size_t p) const noexcept
    {
        return by_point.data() + p * nrows;
    }
    const Real* row(std::size_t r) const noexcept
    {
        return by_row.data() + r * npoints;
    }
};

/// Read a stack (nrows × npoints, real phases or complex values, any storage) and a
/// point mask (a view of npoints values, non-zero = usable, or empty for all).
template <class Real, class StackView, class MaskView>
StackPhases<Real> stack_phases(const StackView& stack, const MaskView& mask,
                               int threads)
{
    StackPhases<Real> out;
    out.nrows = stack.rows();
    out.npoints = stack.cols();
    out.by_point.resize(out.nrows * out.npoints);
    out.by_row.resize(out.nrows * out.npoints);
    out.valid.assign(out.npoints, 1);
    parallel_for(out.npoints, threads, 4096,
                 [&](std::size_t begin, std::size_t end, unsigned) {
                     for (std::size_t p = begin; p < end; ++p) {
                         bool ok = mask.empty() || mask[p] != 0;
                         Real* dst = out.by_point.data() + p * out.nrows;
                         for (std::size_t r = 0; r < out.nrows; ++r) {
                             const auto v = stack(r, p);
                             ok = ok && has_phase(v);
                             dst[r] = static_cast<Real>(wrap(phase_of(v)));
                         }
                         out.valid[p] = ok ? 1 : 0;
                     }
                 });
    for (std::size_t p = 0; p < out.npoints; ++p) {
        const Real* src = out.by_point.data() + p * out.nrows;
        for (std::size_t r = 0; r < out.nrows; ++r) {
            out.by_row[r * out.npoints + p] = src[r];
        }
    }
    return out;
}

} // namespace detail
EMCF_END_NAMESPACE
