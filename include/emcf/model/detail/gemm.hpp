#pragma once
/// @file
/// @brief The complex GEMM `C = Aᵀ·B` of the coherence search, through Eigen's own
///        kernel or through BLAS (cgemm/zgemm via xtensor-blas's cxxblas, only with
///        the emcf::xtensor target, which defines EMCF_HAVE_XTENSOR_BLAS).

#include <complex>
#include <cstddef>
#include <type_traits>

#include <Eigen/Core>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>

#if defined(EMCF_HAVE_XTENSOR_BLAS) && EMCF_HAVE_XTENSOR_BLAS
#include <xtensor-blas/xblas_config.hpp> // defines HAVE_CBLAS for cxxblas

#include <xflens/cxxblas/cxxblas.cxx>
#define EMCF_DETAIL_HAVE_BLAS 1
#else
#define EMCF_DETAIL_HAVE_BLAS 0
#endif

EMCF_BEGIN_NAMESPACE

/// Matrix-multiply kernel of the coherence search.
enum class GemmBackend : unsigned char {
    automatic = 0, ///< BLAS where available (measured faster, docs/performance.md),
                   ///< otherwise Eigen
    eigen,         ///< Eigen's own GEMM (always available)
    blas,          ///< BLAS cgemm/zgemm (needs the emcf::xtensor target)
};

/// Stable lower-case name of a GEMM backend.
[[nodiscard]] constexpr const char* to_string(GemmBackend b) noexcept
{
    switch (b) {
    case GemmBackend::automatic:
        return "automatic";
    case GemmBackend::eigen:
        return "eigen";
    case GemmBackend::blas:
        return "blas";
    }
    return "unknown";
}

/// True when this translation unit can call BLAS (built with emcf::xtensor).
[[nodiscard]] constexpr bool blas_available() noexcept
{
    return EMCF_DETAIL_HAVE_BLAS != 0;
}

namespace detail {

/// The backend `requested` resolves to here.
/// @throws emcf::invalid_argument if BLAS is requested but not available
[[nodiscard]] inline GemmBackend resolve_gemm_backend(GemmBackend requested)
{
    if (requested == GemmBackend::automatic) {
        return blas_available() ? GemmBackend::blas : GemmBackend::eigen;
    }
    require(requested != GemmBackend::blas || blas_available(), "gemm",
            "the BLAS backend needs the emcf::xtensor target "
            "(EMCF_HAVE_XTENSOR_BLAS); use GemmBackend::eigen or automatic");
    return requested;
}

/// C (m × n, column-major, leading dimension ldc) = Aᵀ·B with A (k × m, lda) and
/// B (k × n, ldb) column-major complex matrices.
template <class Real>
void gemm_tn(GemmBackend backend, std::size_t m, std::size_t n, std::size_t k,
             const std::complex<Real>* a, std::size_t lda, const std::complex<Real>* b,
             std::size_t ldb, std::complex<Real>* c, std::size_t ldc)
{
    static_assert(std::is_floating_point_v<Real>);
    using Complex = std::complex<Real>;
#if EMCF_DETAIL_HAVE_BLAS
    if (backend == GemmBackend::blas) {
        // BLAS splits M and N across its own threads, never the K sum: the result does
        // not depend on OPENBLAS_NUM_THREADS (tested).
        cxxblas::gemm(cxxblas::ColMajor, cxxblas::Trans, cxxblas::NoTrans,
                      static_cast<int>(m), static_cast<int>(n), static_cast<int>(k),
                      Complex(1), a, static_cast<int>(lda), b, static_cast<int>(ldb),
                      Complex(0), c, static_cast<int>(ldc));
        return;
    }
#endif
    (void)backend;
    using Matrix = Eigen::Matrix<Complex, Eigen::Dynamic, Eigen::Dynamic>;
    using Stride = Eigen::OuterStride<>;
    const Eigen::Map<const Matrix, 0, Stride> ma(
            a, static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(m),
            Stride(static_cast<Eigen::Index>(lda)));
    const Eigen::Map<const Matrix, 0, Stride> mb(
            b, static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(n),
            Stride(static_cast<Eigen::Index>(ldb)));
    Eigen::Map<Matrix, 0, Stride> mc(c, static_cast<Eigen::Index>(m),
                                     static_cast<Eigen::Index>(n),
                                     Stride(static_cast<Eigen::Index>(ldc)));
    mc.noalias() = ma.transpose() * mb;
}

} // namespace detail

EMCF_END_NAMESPACE
