#pragma once
/// @file
/// @brief General fused evaluation of the coherence grid (reference/algorithm.md §5.4):
///        GEMM tiles of Γ = Eᵀ·Z (tile of grid nodes × one block of links), |·|² and a
///        running argmax per link on the hot tile. Γ (ngrid × nlinks) is never stored;
///        the tile of E is generated from the per-parameter phasor tables once per
///        tile and chunk of links.

#include <algorithm>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/model/detail/gemm.hpp>
#include <emcf/model/detail/kernels.hpp>
#include <emcf/model/detail/model_tables.hpp>
#include <emcf/model/detail/separable_search.hpp>
#include <emcf/model/parameter_grid.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

template <class Real>
class FusedSearch {
  public:
    using Complex = std::complex<Real>;

    /// Link blocks per GEMM call: N = kGroup·kLinkBlock columns, a fixed width so that
    /// every link sees the same computation (groups are aligned to the call's links).
    static constexpr std::size_t kGroup = 4;
    static constexpr std::size_t kGroupLinks = kGroup * kLinkBlock;

    struct Workspace {
        std::vector<Complex> e;     ///< nobs × tile: E tile, column-major
        std::vector<Complex> f;     ///< tile × kGroupLinks: Γ tile
        std::vector<Real> power;    ///< pad(tile): |Γ|² of one link
        std::vector<double> re, im; ///< nobs_pad: phasor product scratch
        std::vector<std::size_t> idx;
    };

    FusedSearch() = default;

    /// The tables and grid are passed to every call (the owner may move).
    FusedSearch(const ModelTables& tables, const ParameterGrid& grid, std::size_t tile,
                GemmBackend backend)
        : backend_(backend), nobs_(tables.nobs()), nobs_pad_(tables.nobs_pad()),
          ngrid_(grid.size()), ndim_(grid.ndim()),
          tile_(std::max<std::size_t>(1, std::min(tile, grid.size())))
    {
    }

    [[nodiscard]] std::size_t tile() const noexcept { return tile_; }
    [[nodiscard]] std::size_t workspace_bytes() const noexcept
    {
        return sizeof(Complex) * (nobs_ * tile_ + tile_ * kGroupLinks) +
               sizeof(Real) * pad_lanes(tile_) + 2 * sizeof(double) * nobs_pad_;
    }

    void prepare(Workspace& ws) const
    {
        ws.e.assign(nobs_ * tile_, Complex(0));
        ws.f.assign(tile_ * kGroupLinks, Complex(0));
        ws.power.assign(pad_lanes(tile_), Real(-1));
        ws.re.assign(nobs_pad_, 0.0);
        ws.im.assign(nobs_pad_, 0.0);
        ws.idx.assign(ndim_, 0);
    }

    /// Search nblocks consecutive blocks of z (each nobs × kLinkBlock, column-major,
    /// internal order; nblocks a multiple of kGroup, unused columns zero): link l of
    /// the chunk is column l of the nobs × (nblocks·kLinkBlock) matrix. Writes best
    /// node and |Γ|² for links [0, nlinks).
    void search_chunk(const ModelTables& tables, const ParameterGrid& grid,
                      const Complex* z, std::size_t nblocks, std::size_t nlinks,
                      Workspace& ws, std::int64_t* best, Real* power) const
    {
        std::fill(power, power + nlinks, Real(-1));
        std::fill(best, best + nlinks, std::int64_t{0});
        for (std::size_t g0 = 0; g0 < ngrid_; g0 += tile_) {
            const std::size_t mt = std::min(tile_, ngrid_ - g0);
            make_tile(tables, grid, g0, mt, ws);
            for (std::size_t b = 0; b < nblocks; b += kGroup) {
                const std::size_t l0 = b * kLinkBlock;
                if (l0 >= nlinks) {
                    break;
                }
                gemm_tn(backend_, mt, kGroupLinks, nobs_, ws.e.data(), nobs_,
                        z + b * nobs_ * kLinkBlock, nobs_, ws.f.data(), mt);
                const std::size_t nl = std::min(kGroupLinks, nlinks - l0);
                for (std::size_t l = 0; l < nl; ++l) {
                    const Real* EMCF_RESTRICT f =
                            reinterpret_cast<const Real*>(ws.f.data() + l * mt);
                    Real* EMCF_RESTRICT p = ws.power.data();
                    for (std::size_t g = 0; g < mt; ++g) {
                        p[g] = f[2 * g] * f[2 * g] + f[2 * g + 1] * f[2 * g + 1];
                    }
                    const Real m = lane_max(p, pad_lanes(mt));
                    if (m > power[l0 + l]) { // strict: the first maximum wins
                        power[l0 + l] = m;
                        best[l0 + l] = static_cast<std::int64_t>(
                                g0 + first_index_of(p, mt, m));
                    }
                }
            }
        }
    }

  private:
    // E[k, g] = Π_p exp(j A[k,p] x_p(g)) for g in [g0, g0 + mt), from the double
    // tables.
    void make_tile(const ModelTables& tables, const ParameterGrid& grid, std::size_t g0,
                   std::size_t mt, Workspace& ws) const
    {
        const std::size_t np = ndim_;
        for (std::size_t p = 0; p < np; ++p) {
            ws.idx[p] = grid.index(p, g0);
        }
        // Unused tail entries of the power buffer stay -1 (never a maximum).
        std::fill(ws.power.begin(), ws.power.end(), Real(-1));
        for (std::size_t g = 0; g < mt; ++g) {
            const double* r0 = tables.axis_re(0, ws.idx[0]);
            const double* i0 = tables.axis_im(0, ws.idx[0]);
            Complex* EMCF_RESTRICT e = ws.e.data() + g * nobs_;
            if (np == 1) {
                for (std::size_t k = 0; k < nobs_; ++k) {
                    e[k] = Complex(static_cast<Real>(r0[k]), static_cast<Real>(i0[k]));
                }
            } else {
                double* EMCF_RESTRICT re = ws.re.data();
                double* EMCF_RESTRICT im = ws.im.data();
                std::copy(r0, r0 + nobs_, re);
                std::copy(i0, i0 + nobs_, im);
                for (std::size_t p = 1; p < np; ++p) {
                    const double* EMCF_RESTRICT ar = tables.axis_re(p, ws.idx[p]);
                    const double* EMCF_RESTRICT ai = tables.axis_im(p, ws.idx[p]);
                    for (std::size_t k = 0; k < nobs_; ++k) {
                        const double xr = re[k] * ar[k] - im[k] * ai[k];
                        im[k] = re[k] * ai[k] + im[k] * ar[k];
                        re[k] = xr;
                    }
                }
                for (std::size_t k = 0; k < nobs_; ++k) {
                    e[k] = Complex(static_cast<Real>(re[k]), static_cast<Real>(im[k]));
                }
            }
            for (std::size_t p = np; p-- > 0;) { // odometer, last parameter fastest
                if (++ws.idx[p] < grid.count(p)) {
                    break;
                }
                ws.idx[p] = 0;
            }
        }
    }

    GemmBackend backend_ = GemmBackend::eigen;
    std::size_t nobs_ = 0;
    std::size_t nobs_pad_ = 0;
    std::size_t ngrid_ = 0;
    std::size_t ndim_ = 0;
    std::size_t tile_ = 1;
};

} // namespace detail
EMCF_END_NAMESPACE
