#pragma once
/// @file
/// @brief Separable evaluation of the coherence grid (reference/algorithm.md §5.12).
///
/// Group the observations by the value α_ρ of one design column c (r groups; hop-3 on a
/// regular repeat cycle: r = 3 for velocity). With j a node of the other parameters
/// and i a node of parameter c,
///
///   Γ(i, j) = Σ_ρ exp(j α_ρ x_c(i)) · G_ρ[j],   G_ρ[j] = Σ_{k ∈ ρ} H[k, j] z_k,
///
/// H[k, j] = exp(j Σ_{p≠c} A[k, p] x_p(j)). Stage 1 is one GEMM per group
/// (n_other × |ρ|)·(|ρ| × 64 links). Stage 2 needs only |Γ|², which expands into
///
///   |Γ(i, j)|² = P0[j] + Σ_d 2 Re(D_d[j] · exp(j Δ_d x_c(i))),
///   P0 = Σ_ρ |G_ρ|²,  D_d = Σ_{α_ρ − α_σ = Δ_d} G_ρ conj(G_σ),
///
/// over the nd distinct positive differences Δ_d (nd = 2 for α, 2α, 3α): two FMAs per
/// difference and node, instead of four per group. When nd is large the direct form
/// Σ_ρ exp(j α_ρ x_c(i))·G_ρ[j] is used. Columns j whose bound
/// P0 + 2 Σ_d |D_d| (or (Σ_ρ |G_ρ|)²) lies below a power already reached are skipped:
/// exact, with a rounding margin. Ties: first node in grid order.

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <vector>

#include <Eigen/Core>

#include <emcf/core/assert.hpp>
#include <emcf/core/config.hpp>
#include <emcf/model/detail/gemm.hpp>
#include <emcf/model/detail/kernels.hpp>
#include <emcf/model/detail/model_tables.hpp>
#include <emcf/model/parameter_grid.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

/// Links per block: every link is searched inside a block of this many columns aligned
/// to its index in the call, so its result does not depend on threads or chunking.
inline constexpr std::size_t kLinkBlock = 64;

/// Observations grouped by the distinct values of one design column.
struct ColumnGroups {
    std::vector<std::size_t> order;   ///< caller rows, grouped, groups ascending
    std::vector<std::size_t> offsets; ///< group ρ = order[offsets[ρ], offsets[ρ+1])
    std::vector<double> values;       ///< representative value per group (mean)
    [[nodiscard]] std::size_t count() const noexcept { return values.size(); }
};

/// Cluster values whose difference relative to `scale` is below `tolerance` (after
/// sorting: neighbours closer than the tolerance join one cluster).
inline std::vector<std::vector<std::size_t>>
cluster_values(const std::vector<double>& v, double scale, double tolerance)
{
    std::vector<std::size_t> idx(v.size());
    for (std::size_t k = 0; k < idx.size(); ++k) {
        idx[k] = k;
    }
    std::stable_sort(idx.begin(), idx.end(),
                     [&](std::size_t x, std::size_t y) { return v[x] < v[y]; });
    std::vector<std::vector<std::size_t>> clusters;
    for (std::size_t t = 0; t < idx.size(); ++t) {
        if (t == 0 || v[idx[t]] - v[idx[t - 1]] > tolerance * scale) {
            clusters.emplace_back();
        }
        clusters.back().push_back(idx[t]);
    }
    for (auto& c : clusters) { // caller order inside a cluster
        std::sort(c.begin(), c.end());
    }
    return clusters;
}

inline double mean_of(const std::vector<double>& v, const std::vector<std::size_t>& idx)
{
    double s = 0;
    for (auto k : idx) {
        s += v[k];
    }
    return s / static_cast<double>(idx.size());
}

inline ColumnGroups group_column(const Eigen::MatrixXd& design, std::size_t c,
                                 double tolerance)
{
    const auto col = design.col(static_cast<Eigen::Index>(c));
    std::vector<double> v(col.data(), col.data() + col.size());
    const double scale = col.cwiseAbs().maxCoeff();
    ColumnGroups g;
    g.offsets.push_back(0);
    for (const auto& cl : cluster_values(v, scale, tolerance)) {
        g.order.insert(g.order.end(), cl.begin(), cl.end());
        g.offsets.push_back(g.order.size());
        g.values.push_back(mean_of(v, cl));
    }
    return g;
}

/// Distinct positive pair differences α_ρ − α_σ (ρ > σ) of ascending group values.
struct PairDifferences {
    std::vector<double> values;                                          ///< Δ_d
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> pairs; ///< (ρ, σ)
};

inline PairDifferences pair_differences(const std::vector<double>& alpha,
                                        double tolerance)
{
    std::vector<double> diff;
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    double scale = 0;
    for (auto a : alpha) {
        scale = std::max(scale, 2 * std::fabs(a));
    }
    for (std::size_t rho = 0; rho < alpha.size(); ++rho) {
        for (std::size_t sigma = 0; sigma < rho; ++sigma) {
            diff.push_back(alpha[rho] - alpha[sigma]);
            pairs.emplace_back(rho, sigma);
        }
    }
    PairDifferences out;
    for (const auto& cl : cluster_values(diff, scale, tolerance)) {
        out.values.push_back(mean_of(diff, cl));
        out.pairs.emplace_back();
        for (auto t : cl) {
            out.pairs.back().push_back(pairs[t]);
        }
    }
    return out;
}

/// Real flops per link of the separable evaluation grouped on a column with r groups
/// and nd distinct differences (the cost model of the automatic path choice).
inline double separable_flops(double nobs, double ngrid, double n_group_axis, double r,
                              double nd)
{
    const double nother = ngrid / n_group_axis;
    const double stage2 = nd <= 2 * r ? (4 * nd + 3) * ngrid : (8 * r + 3) * ngrid;
    const double per_column = 8 * (r + std::min(nd, r * r)) * nother;
    return 8 * nother * nobs + per_column + stage2;
}

template <class Real>
class SeparableSearch {
  public:
    using Complex = std::complex<Real>;

    struct Workspace {
        std::vector<Complex> g;       ///< r × (n_other × group links): stage-1 output
        std::vector<Real> p0;         ///< n_other
        std::vector<Real> dr, di;     ///< n_other × nd (power form) or n_other × r
        std::vector<Real> bound;      ///< n_other
        std::vector<Real> bp;         ///< ng_pad: best power per node of the group axis
        std::vector<std::int32_t> bj; ///< ng_pad: its column
        std::vector<Real> acc_re, acc_im; ///< ng_pad
    };

    SeparableSearch() = default;

    /// @param tables  model tables in the grouped order (groups.order)
    /// @param grid    search grid
    /// @param c       grouped column
    /// @param groups  groups of column c (as used for the tables' order)
    /// @param tolerance relative tolerance for distinct differences
    /// @param backend GEMM backend (resolved)
    SeparableSearch(const ModelTables& tables, const ParameterGrid& grid, std::size_t c,
                    const ColumnGroups& groups, double tolerance, GemmBackend backend)
        : c_(c), backend_(backend), nobs_(tables.nobs()), offsets_(groups.offsets),
          ng_(grid.count(c)), ng_pad_(pad_lanes(grid.count(c))),
          stride_c_(grid.stride(c))
    {
        const std::size_t np = grid.ndim();
        r_ = groups.count();
        // Other parameters: every node j of their product grid, in grid order.
        std::vector<std::size_t> others;
        nother_ = 1;
        for (std::size_t p = 0; p < np; ++p) {
            if (p != c) {
                others.push_back(p);
                nother_ *= grid.count(p);
            }
        }
        other_offset_.resize(nother_);
        h_.assign(nobs_ * nother_, Complex(0));
        std::vector<std::size_t> idx(others.size(), 0);
        std::vector<double> re(tables.nobs_pad());
        std::vector<double> im(tables.nobs_pad());
        for (std::size_t j = 0; j < nother_; ++j) {
            std::size_t off = 0;
            std::fill(re.begin(), re.end(), 1.0);
            std::fill(im.begin(), im.end(), 0.0);
            for (std::size_t t = 0; t < others.size(); ++t) {
                const std::size_t p = others[t];
                off += idx[t] * grid.stride(p);
                const double* ar = tables.axis_re(p, idx[t]);
                const double* ai = tables.axis_im(p, idx[t]);
                for (std::size_t k = 0; k < nobs_; ++k) {
                    const double xr = re[k] * ar[k] - im[k] * ai[k];
                    im[k] = re[k] * ai[k] + im[k] * ar[k];
                    re[k] = xr;
                }
            }
            other_offset_[j] = off;
            for (std::size_t k = 0; k < nobs_; ++k) {
                h_[k + j * nobs_] =
                        Complex(static_cast<Real>(re[k]), static_cast<Real>(im[k]));
            }
            for (std::size_t t = others.size(); t-- > 0;) { // odometer, last fastest
                if (++idx[t] < grid.count(others[t])) {
                    break;
                }
                idx[t] = 0;
            }
        }
        const auto diffs = pair_differences(groups.values, tolerance);
        nd_ = diffs.values.size();
        power_form_ = nd_ <= 2 * r_;
        const Real nan = std::numeric_limits<Real>::quiet_NaN();
        if (power_form_) {
            pairs_ = diffs.pairs;
            cos_.assign(nd_ * ng_pad_, nan); // NaN: padded nodes never win
            sin_.assign(nd_ * ng_pad_, 0);
            for (std::size_t d = 0; d < nd_; ++d) {
                for (std::size_t i = 0; i < ng_; ++i) {
                    const double t = diffs.values[d] * grid.value(c, i);
                    cos_[d * ng_pad_ + i] = static_cast<Real>(2 * std::cos(t));
                    sin_[d * ng_pad_ + i] = static_cast<Real>(2 * std::sin(t));
                }
            }
            if (nd_ == 0) { // one group: |Γ|² = P0 on every node of the group axis
                bias_.assign(ng_pad_, nan);
                std::fill(bias_.begin(),
                          bias_.begin() + static_cast<std::ptrdiff_t>(ng_), Real(0));
            }
        } else {
            cos_.assign(r_ * ng_pad_, nan);
            sin_.assign(r_ * ng_pad_, 0);
            for (std::size_t rho = 0; rho < r_; ++rho) {
                for (std::size_t i = 0; i < ng_; ++i) {
                    const double t = groups.values[rho] * grid.value(c, i);
                    cos_[rho * ng_pad_ + i] = static_cast<Real>(std::cos(t));
                    sin_[rho * ng_pad_ + i] = static_cast<Real>(std::sin(t));
                }
            }
        }
        // Rounding margin of the column bound, relative: generous for r, nd up to ~1e3.
        eps_ = Real(64) * static_cast<Real>(nd_ + r_ + 4) *
               std::numeric_limits<Real>::epsilon();
    }

    /// Stencil points whose |Γ| the search reports with each best node: offsets in
    /// nodes per parameter (npoints × nparams).
    void set_stencil(const ParameterGrid& grid,
                     const std::vector<std::vector<int>>& offsets)
    {
        st_di_.clear();
        st_dj_.clear();
        for (const auto& o : offsets) {
            std::ptrdiff_t dj = 0;
            std::ptrdiff_t ostride = 1;
            for (std::size_t p = grid.ndim(); p-- > 0;) {
                if (p == c_) {
                    continue;
                }
                dj += o[p] * ostride;
                ostride *= static_cast<std::ptrdiff_t>(grid.count(p));
            }
            st_di_.push_back(o[c_]);
            st_dj_.push_back(dj);
        }
    }
    [[nodiscard]] std::size_t stencil_points() const noexcept { return st_di_.size(); }

    [[nodiscard]] std::size_t group_column() const noexcept { return c_; }
    [[nodiscard]] std::size_t groups() const noexcept { return r_; }
    [[nodiscard]] std::size_t differences() const noexcept { return nd_; }
    [[nodiscard]] bool power_form() const noexcept { return power_form_; }
    [[nodiscard]] std::size_t other_nodes() const noexcept { return nother_; }

    [[nodiscard]] std::size_t table_bytes() const noexcept
    {
        return sizeof(Complex) * h_.size() +
               sizeof(Real) * (cos_.size() + sin_.size()) +
               sizeof(std::size_t) * other_offset_.size();
    }
    [[nodiscard]] std::size_t workspace_bytes() const noexcept
    {
        const std::size_t w = power_form_ ? nd_ : r_;
        return sizeof(Complex) * r_ * nother_ * group_links() +
               sizeof(Real) * nother_ * (2 + 2 * w) +
               (3 * sizeof(Real) + sizeof(std::int32_t)) * ng_pad_;
    }

    void prepare(Workspace& ws) const
    {
        const std::size_t w = power_form_ ? nd_ : r_;
        ws.g.assign(r_ * nother_ * group_links(), Complex(0));
        ws.p0.assign(nother_, 0);
        ws.dr.assign(nother_ * w, 0);
        ws.di.assign(nother_ * w, 0);
        ws.bound.assign(pad_lanes(nother_), Real(-1)); // padding stays -1
        ws.bp.assign(ng_pad_, 0);
        ws.bj.assign(ng_pad_, 0);
        ws.acc_re.assign(ng_pad_, 0);
        ws.acc_im.assign(ng_pad_, 0);
    }

    /// Link blocks per stage-1 GEMM: wider GEMMs run faster, as long as their output
    /// (r × n_other × links complex) and input (nobs × links complex) stay within
    /// 256 KiB each, in L2 (measured on the benchmark machine). A function of the
    /// design only, so every link sees the same computation whatever the threads and
    /// chunks.
    [[nodiscard]] std::size_t group() const noexcept
    {
        const std::size_t out_block = sizeof(Complex) * r_ * nother_ * kLinkBlock;
        const std::size_t in_block = sizeof(Complex) * nobs_ * kLinkBlock;
        return std::clamp<std::size_t>(std::min((std::size_t{256} << 10) / out_block,
                                                (std::size_t{256} << 10) / in_block),
                                       1, 4);
    }
    [[nodiscard]] std::size_t group_links() const noexcept
    {
        return group() * kLinkBlock;
    }

    /// Search one group of blocks: z is nobs × group_links() (column-major, internal
    /// order, unused columns zero). Writes the best flat node and its |Γ|² for links
    /// [0, nlinks), and, if `stencil` is not null, |Γ| at the stencil points around it
    /// (stencil_points() per link; unspecified where a point leaves the grid).
    void search_block(const Complex* z, std::size_t nlinks, Workspace& ws,
                      std::int64_t* best, Real* power, double* stencil) const
    {
        const std::size_t nl = group_links();
        for (std::size_t rho = 0; rho < r_; ++rho) {
            const std::size_t k0 = offsets_[rho];
            const std::size_t nk = offsets_[rho + 1] - k0;
            gemm_tn(backend_, nother_, nl, nk, h_.data() + k0, nobs_, z + k0, nobs_,
                    ws.g.data() + rho * nother_ * nl, nother_);
        }
        for (std::size_t l = 0; l < nlinks; ++l) {
            column_terms(l, ws);
            if (power_form_) {
                switch (nd_) {
                case 0:
                    search_link<0>(ws, best[l], power[l]);
                    break;
                case 1:
                    search_link<1>(ws, best[l], power[l]);
                    break;
                case 2:
                    search_link<2>(ws, best[l], power[l]);
                    break;
                case 3:
                    search_link<3>(ws, best[l], power[l]);
                    break;
                default:
                    search_link<-1>(ws, best[l], power[l]);
                    break;
                }
            } else {
                search_link<-2>(ws, best[l], power[l]);
            }
            if (stencil != nullptr) {
                stencil_values(ws, best[l], stencil + l * st_di_.size());
            }
        }
    }

  private:
    // |Γ| at the stencil points around flat node g, from the column terms of the link.
    void stencil_values(const Workspace& ws, std::int64_t g, double* out) const
    {
        const auto gi = static_cast<std::size_t>(g);
        const auto i = static_cast<std::ptrdiff_t>((gi / stride_c_) % ng_);
        // Other-grid index of g: the remaining digits of the flat index, in order.
        const std::size_t j = static_cast<std::size_t>(
                std::lower_bound(other_offset_.begin(), other_offset_.end(),
                                 gi - static_cast<std::size_t>(i) * stride_c_) -
                other_offset_.begin());
        for (std::size_t q = 0; q < st_di_.size(); ++q) {
            const std::ptrdiff_t ii = i + st_di_[q];
            const std::ptrdiff_t jj = static_cast<std::ptrdiff_t>(j) + st_dj_[q];
            if (ii < 0 || ii >= static_cast<std::ptrdiff_t>(ng_) || jj < 0 ||
                jj >= static_cast<std::ptrdiff_t>(nother_)) {
                out[q] = 0;
                continue;
            }
            const auto ui = static_cast<std::size_t>(ii);
            const auto uj = static_cast<std::size_t>(jj);
            double p = 0;
            if (power_form_) {
                p = static_cast<double>(ws.p0[uj]);
                for (std::size_t d = 0; d < nd_; ++d) {
                    p += static_cast<double>(ws.dr[d * nother_ + uj]) *
                                 static_cast<double>(cos_[d * ng_pad_ + ui]) -
                         static_cast<double>(ws.di[d * nother_ + uj]) *
                                 static_cast<double>(sin_[d * ng_pad_ + ui]);
                }
            } else {
                double re = 0;
                double im = 0;
                for (std::size_t rho = 0; rho < r_; ++rho) {
                    const double qc = static_cast<double>(cos_[rho * ng_pad_ + ui]);
                    const double qs = static_cast<double>(sin_[rho * ng_pad_ + ui]);
                    const double gr = static_cast<double>(ws.dr[rho * nother_ + uj]);
                    const double gim = static_cast<double>(ws.di[rho * nother_ + uj]);
                    re += qc * gr - qs * gim;
                    im += qc * gim + qs * gr;
                }
                p = re * re + im * im;
            }
            out[q] = std::sqrt(std::max(p, 0.0));
        }
    }

    // Per column j of link l: P0, the D_d (or the G_ρ), and the bound. Arrays are
    // term-major (dr[d·n_other + j]) so that the loops over j vectorise.
    void column_terms(std::size_t l, Workspace& ws) const
    {
        const std::size_t n = nother_;
        Real* EMCF_RESTRICT p0 = ws.p0.data();
        Real* EMCF_RESTRICT bound = ws.bound.data();
        std::fill(p0, p0 + n, Real(0));
        const auto group = [&](std::size_t rho) {
            return reinterpret_cast<const Real*>(ws.g.data() + rho * n * group_links() +
                                                 l * n);
        };
        for (std::size_t rho = 0; rho < r_; ++rho) {
            const Real* EMCF_RESTRICT g = group(rho);
            for (std::size_t j = 0; j < n; ++j) {
                p0[j] += g[2 * j] * g[2 * j] + g[2 * j + 1] * g[2 * j + 1];
            }
        }
        if (power_form_) {
            std::copy(p0, p0 + n, bound);
            for (std::size_t d = 0; d < nd_; ++d) {
                Real* EMCF_RESTRICT dr = ws.dr.data() + d * n;
                Real* EMCF_RESTRICT di = ws.di.data() + d * n;
                std::fill(dr, dr + n, Real(0));
                std::fill(di, di + n, Real(0));
                for (const auto& [rho, sigma] : pairs_[d]) { // G_ρ · conj(G_σ)
                    const Real* EMCF_RESTRICT a = group(rho);
                    const Real* EMCF_RESTRICT b = group(sigma);
                    for (std::size_t j = 0; j < n; ++j) {
                        dr[j] += a[2 * j] * b[2 * j] + a[2 * j + 1] * b[2 * j + 1];
                        di[j] += a[2 * j + 1] * b[2 * j] - a[2 * j] * b[2 * j + 1];
                    }
                }
                for (std::size_t j = 0; j < n; ++j) {
                    bound[j] += 2 * std::sqrt(dr[j] * dr[j] + di[j] * di[j]);
                }
            }
        } else {
            std::fill(bound, bound + n, Real(0));
            for (std::size_t rho = 0; rho < r_; ++rho) {
                const Real* EMCF_RESTRICT g = group(rho);
                Real* EMCF_RESTRICT gr = ws.dr.data() + rho * n;
                Real* EMCF_RESTRICT gi = ws.di.data() + rho * n;
                for (std::size_t j = 0; j < n; ++j) {
                    gr[j] = g[2 * j];
                    gi[j] = g[2 * j + 1];
                    bound[j] += std::sqrt(gr[j] * gr[j] + gi[j] * gi[j]);
                }
            }
            for (std::size_t j = 0; j < n; ++j) {
                bound[j] *= bound[j];
            }
        }
    }

    // |Γ|² of every node of column j into acc_re (generic forms), or the column max.
    template <int ND>
    void column_power(std::size_t j, Workspace& ws) const
    {
        const std::size_t n = ng_pad_;
        Real* EMCF_RESTRICT out = ws.acc_re.data();
        if constexpr (ND == -2) { // direct form: Σ_ρ e^{jα_ρ x}·G_ρ
            Real* EMCF_RESTRICT im = ws.acc_im.data();
            std::fill(out, out + n, Real(0));
            std::fill(im, im + n, Real(0));
            for (std::size_t rho = 0; rho < r_; ++rho) {
                const Real gr = ws.dr[rho * nother_ + j];
                const Real gi = ws.di[rho * nother_ + j];
                const Real* EMCF_RESTRICT qc = &cos_[rho * n];
                const Real* EMCF_RESTRICT qs = &sin_[rho * n];
                for (std::size_t i = 0; i < n; ++i) {
                    out[i] += qc[i] * gr - qs[i] * gi;
                    im[i] += qc[i] * gi + qs[i] * gr;
                }
            }
            for (std::size_t i = 0; i < n; ++i) {
                out[i] = out[i] * out[i] + im[i] * im[i];
            }
        } else { // generic power form
            const Real p0 = ws.p0[j];
            for (std::size_t i = 0; i < n; ++i) {
                out[i] = p0;
            }
            for (std::size_t d = 0; d < nd_; ++d) {
                const Real dr = ws.dr[d * nother_ + j];
                const Real di = ws.di[d * nother_ + j];
                const Real* EMCF_RESTRICT c = &cos_[d * n];
                const Real* EMCF_RESTRICT s = &sin_[d * n];
                for (std::size_t i = 0; i < n; ++i) {
                    out[i] += dr * c[i] - di * s[i];
                }
            }
        }
    }

    // Fixed-ND power form, fused with the running per-node maximum.
    template <int ND>
    void update_fixed(std::size_t j, Workspace& ws) const
    {
        const std::size_t n = ng_pad_;
        const Real p0 = ws.p0[j];
        constexpr std::size_t kTerms = ND > 0 ? static_cast<std::size_t>(ND) : 1;
        Real dr[kTerms];
        Real di[kTerms];
        const Real* cs[kTerms];
        const Real* sn[kTerms];
        for (int d = 0; d < ND; ++d) {
            dr[d] = ws.dr[static_cast<std::size_t>(d) * nother_ + j];
            di[d] = ws.di[static_cast<std::size_t>(d) * nother_ + j];
            cs[d] = &cos_[static_cast<std::size_t>(d) * n];
            sn[d] = &sin_[static_cast<std::size_t>(d) * n];
        }
        Real* EMCF_RESTRICT bp = ws.bp.data();
        std::int32_t* EMCF_RESTRICT bj = ws.bj.data();
        const auto jj = static_cast<std::int32_t>(j);
        const Real* EMCF_RESTRICT bias = ND == 0 ? bias_.data() : nullptr;
        for (std::size_t i = 0; i < n; ++i) {
            Real p = p0;
            if constexpr (ND == 0) {
                p += bias[i];
            }
            for (int d = 0; d < ND; ++d) {
                p += dr[d] * cs[d][i] - di[d] * sn[d][i];
            }
            const bool gt = p > bp[i];
            bp[i] = gt ? p : bp[i];
            bj[i] = gt ? jj : bj[i];
        }
    }

    template <int ND>
    [[nodiscard]] Real column_max(std::size_t j, Workspace& ws) const
    {
        if constexpr (ND >= 0) {
            // Reuse the fused update on scratch state: bp = -1 everywhere.
            std::fill(ws.bp.begin(), ws.bp.end(), Real(-1));
            update_fixed<ND>(j, ws);
            return lane_max(ws.bp.data(), ng_pad_);
        } else {
            column_power<ND>(j, ws);
            return lane_max(ws.acc_re.data(), ng_pad_);
        }
    }

    template <int ND>
    void search_link(Workspace& ws, std::int64_t& best, Real& power) const
    {
        // Threshold from the column with the largest bound (first one on ties); the
        // bound array is padded with -1 to a multiple of kLanes.
        const Real bmax = lane_max(ws.bound.data(), pad_lanes(nother_));
        const std::size_t jstar = first_index_of(ws.bound.data(), nother_, bmax);
        const Real threshold = column_max<ND>(jstar, ws) * (Real(1) - eps_);
        std::fill(ws.bp.begin(), ws.bp.end(), Real(-1));
        std::fill(ws.bj.begin(), ws.bj.end(), 0);
        for (std::size_t j = 0; j < nother_; ++j) {
            if (ws.bound[j] * (Real(1) + eps_) < threshold) {
                continue; // no node of this column can reach the maximum
            }
            if constexpr (ND >= 0) {
                update_fixed<ND>(j, ws);
            } else {
                column_power<ND>(j, ws);
                const Real* EMCF_RESTRICT p = ws.acc_re.data();
                Real* EMCF_RESTRICT bp = ws.bp.data();
                std::int32_t* EMCF_RESTRICT bj = ws.bj.data();
                const auto jj = static_cast<std::int32_t>(j);
                for (std::size_t i = 0; i < ng_pad_; ++i) {
                    const bool gt = p[i] > bp[i];
                    bp[i] = gt ? p[i] : bp[i];
                    bj[i] = gt ? jj : bj[i];
                }
            }
        }
        // Largest power; among equal powers the first node in grid order. Padded
        // nodes hold -1 (NaN never replaced it).
        const Real bestp = lane_max(ws.bp.data(), ng_pad_);
        std::int64_t bestg = -1;
        for (std::size_t i = 0; i < ng_; ++i) {
            if (ws.bp[i] == bestp) { // rare beyond the first: ties only
                const auto g = static_cast<std::int64_t>(
                        i * stride_c_ +
                        other_offset_[static_cast<std::size_t>(ws.bj[i])]);
                bestg = bestg < 0 ? g : std::min(bestg, g);
            }
        }
        EMCF_ASSERT(bestg >= 0);
        best = bestg;
        power = bestp;
    }

    std::size_t c_ = 0;
    GemmBackend backend_ = GemmBackend::eigen;
    std::size_t nobs_ = 0;
    std::vector<std::size_t> offsets_;
    std::size_t r_ = 0;
    std::size_t ng_ = 0;
    std::size_t ng_pad_ = 0;
    std::size_t stride_c_ = 0;
    std::size_t nother_ = 0;
    std::vector<std::size_t> other_offset_;
    std::vector<Complex> h_;
    std::size_t nd_ = 0;
    bool power_form_ = true;
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> pairs_;
    std::vector<Real> cos_;
    std::vector<Real> sin_;
    std::vector<Real> bias_;
    Real eps_ = 0;
    std::vector<std::ptrdiff_t> st_di_;
    std::vector<std::ptrdiff_t> st_dj_;
};

} // namespace detail
EMCF_END_NAMESPACE
