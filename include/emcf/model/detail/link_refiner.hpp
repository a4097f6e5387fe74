#pragma once
/// @file
/// @brief Refinement of one link's grid peak, in double: exact coherence at the node,
///        the 3^m stencil from precomputed offset phasors, the quadratic (or parabola)
///        fit, the exact coherence at the refined point (kept only if higher), and an
///        optional Newton polish with the analytic gradient and Hessian.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <vector>

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include <emcf/core/config.hpp>
#include <emcf/core/status.hpp>
#include <emcf/model/detail/kernels.hpp>
#include <emcf/model/detail/model_tables.hpp>
#include <emcf/model/parameter_grid.hpp>
#include <emcf/model/refine_peak.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

class LinkRefiner {
  public:
    struct Scratch {
        std::vector<double> rr, ri;       ///< r_k at the current point
        std::vector<double> tr, ti;       ///< r_k at a trial point
        std::vector<double> theta, s, c;  ///< phase increments and their sin/cos
        std::vector<double> stencil;      ///< stencil values
        std::vector<std::size_t> idx;     ///< node multi-index
        std::vector<double> delta, step;  ///< offsets from the node, in steps
        std::vector<const double*> axis;  ///< per parameter: re, im rows of the node
        std::vector<double> tp_re, tp_im; ///< Newton: T_p
    };

    LinkRefiner() = default;

    LinkRefiner(const ModelTables& tables, const ParameterGrid& grid, bool refine,
                int newton_iterations)
        : nobs_(tables.nobs()), nobs_pad_(tables.nobs_pad()), np_(grid.ndim()),
          refine_(refine), newton_(newton_iterations)
    {
        // Refinable parameters: at least two nodes and a column that adds phase. A zero
        // column is unobservable: all its nodes tie and the first one is reported.
        for (std::size_t p = 0; p < np_; ++p) {
            bool nonzero = false;
            for (std::size_t k = 0; k < nobs_; ++k) {
                nonzero = nonzero || tables.a(k, p) != 0.0;
            }
            if (grid.count(p) >= 2 && nonzero) {
                axes_.push_back(p);
            }
            steps_.push_back(grid.step(p));
        }
        const std::size_t m = axes_.size();
        // Scaled columns A[k, p]·step_p of the refinable parameters (offsets in steps).
        col_.assign(m * nobs_pad_, 0.0);
        colmax_.assign(m, 0.0);
        for (std::size_t t = 0; t < m; ++t) {
            for (std::size_t k = 0; k < nobs_; ++k) {
                col_[t * nobs_pad_ + k] = tables.a(k, axes_[t]) * steps_[axes_[t]];
                colmax_[t] = std::max(colmax_[t], std::fabs(col_[t * nobs_pad_ + k]));
            }
        }
        full_fit_ = m >= 1 && m <= max_quadratic_fit_dims;
        if (m >= 3 && full_fit_) {
            fitn_ = QuadraticPeakFit(m);
        }
        // Stencil points: full 3^m grid, or ±1 along each axis (coordinate-wise).
        if (m > 0) {
            if (full_fit_) {
                npoints_ = 1;
                for (std::size_t t = 0; t < m; ++t) {
                    npoints_ *= 3;
                }
                for (std::size_t s = 0; s < npoints_; ++s) {
                    std::vector<int> o(m);
                    std::size_t q = s;
                    for (std::size_t t = m; t-- > 0;) {
                        o[t] = static_cast<int>(q % 3) - 1;
                        q /= 3;
                    }
                    offsets_.push_back(o);
                }
            } else { // centre, then −1 and +1 along each parameter
                offsets_.emplace_back(m, 0);
                for (std::size_t t = 0; t < m; ++t) {
                    for (int sgn : {-1, 1}) {
                        std::vector<int> o(m, 0);
                        o[t] = sgn;
                        offsets_.push_back(o);
                    }
                }
                npoints_ = offsets_.size();
            }
            fre_.assign(npoints_ * nobs_pad_, 0.0);
            fim_.assign(npoints_ * nobs_pad_, 0.0);
            std::vector<double> theta(nobs_pad_, 0.0);
            for (std::size_t s = 0; s < npoints_; ++s) {
                std::fill(theta.begin(), theta.end(), 0.0);
                for (std::size_t t = 0; t < m; ++t) {
                    for (std::size_t k = 0; k < nobs_; ++k) {
                        theta[k] += col_[t * nobs_pad_ + k] * offsets_[s][t];
                    }
                }
                sincos_n(theta.data(), &fim_[s * nobs_pad_], &fre_[s * nobs_pad_],
                         nobs_);
            }
        }
    }

    [[nodiscard]] const std::vector<std::size_t>& refined_axes() const noexcept
    {
        return axes_;
    }
    /// Stencil points as node offsets per parameter (npoints × nparams).
    [[nodiscard]] std::vector<std::vector<int>> stencil_offsets() const
    {
        std::vector<std::vector<int>> out;
        if (!refine_) {
            return out;
        }
        for (const auto& o : offsets_) {
            std::vector<int> full(np_, 0);
            for (std::size_t t = 0; t < axes_.size(); ++t) {
                full[axes_[t]] = o[t];
            }
            out.push_back(std::move(full));
        }
        return out;
    }
    [[nodiscard]] std::size_t stencil_points() const noexcept
    {
        return refine_ ? npoints_ : 0;
    }

    [[nodiscard]] std::size_t table_bytes() const noexcept
    {
        return sizeof(double) * (col_.size() + fre_.size() + fim_.size());
    }
    [[nodiscard]] std::size_t scratch_bytes() const noexcept
    {
        return sizeof(double) * (7 * nobs_pad_ + npoints_);
    }

    void prepare(Scratch& s) const
    {
        for (auto* v : {&s.rr, &s.ri, &s.tr, &s.ti, &s.theta, &s.s, &s.c}) {
            v->assign(nobs_pad_, 0.0);
        }
        s.stencil.assign(std::max<std::size_t>(npoints_, 1), 0.0);
        s.idx.assign(np_, 0);
        s.axis.assign(2 * np_, nullptr);
        for (auto* v : {&s.delta, &s.step, &s.tp_re, &s.tp_im}) {
            v->assign(axes_.size(), 0.0);
        }
    }

    /// Refine link with conjugate weighted phasors (ur, ui) (nobs_pad, Σ|u| = 1) whose
    /// grid argmax is flat node g. `stencil`: |Γ| at the stencil points from the
    /// search, or null to evaluate them here exactly. Writes the parameters (np values,
    /// search units), the coherence at them and at the node; returns ok or
    /// on_grid_edge.
    LinkStatus refine(const ModelTables& tables, const ParameterGrid& grid,
                      std::size_t g, const double* ur, const double* ui,
                      const double* stencil, Scratch& s, double* x, double& coherence,
                      double& node_coherence) const
    {
#if defined(EMCF_DETAIL_VECTOR_EXTENSIONS)
        if (stencil != nullptr && newton_ == 0) {
            return refine_fused(tables, grid, g, ur, ui, stencil, s, x, coherence,
                                node_coherence);
        }
#endif
        return refine_arrays(tables, grid, g, ur, ui, stencil, s, x, coherence,
                             node_coherence);
    }

  private:
    // General route: the phasors at the node in arrays (stencil dots, Newton).
    LinkStatus refine_arrays(const ModelTables& tables, const ParameterGrid& grid,
                             std::size_t g, const double* ur, const double* ui,
                             const double* stencil, Scratch& s, double* x,
                             double& coherence, double& node_coherence) const
    {
        // r_k = u_k · Π_p exp(j A[k,p] x_p): the exact phasors at the node
        double* EMCF_RESTRICT rr = s.rr.data();
        double* EMCF_RESTRICT ri = s.ri.data();
        for (std::size_t p = 0; p < np_; ++p) {
            s.idx[p] = grid.index(p, g);
            x[p] = grid.value(p, s.idx[p]);
            const double* EMCF_RESTRICT ar = tables.axis_re(p, s.idx[p]);
            const double* EMCF_RESTRICT ai = tables.axis_im(p, s.idx[p]);
            if (p == 0) {
                for (std::size_t k = 0; k < nobs_pad_; ++k) {
                    rr[k] = ur[k] * ar[k] - ui[k] * ai[k];
                    ri[k] = ur[k] * ai[k] + ui[k] * ar[k];
                }
                continue;
            }
            for (std::size_t k = 0; k < nobs_pad_; ++k) {
                const double t = rr[k] * ar[k] - ri[k] * ai[k];
                ri[k] = rr[k] * ai[k] + ri[k] * ar[k];
                rr[k] = t;
            }
        }
        node_coherence = magnitude(rr, ri);
        coherence = node_coherence;
        bool edge = false;
        for (auto p : axes_) {
            edge = edge || s.idx[p] == 0 || s.idx[p] + 1 == grid.count(p);
        }
        if (edge) {
            return LinkStatus::on_grid_edge;
        }
        if (!refine_ || axes_.empty()) {
            return LinkStatus::ok;
        }
        const std::size_t m = axes_.size();
        double* delta = s.delta.data();
        std::fill(delta, delta + m, 0.0);
        if (stencil != nullptr) {
            std::copy(stencil, stencil + npoints_, s.stencil.begin());
        } else {
            for (std::size_t q = 0; q < npoints_; ++q) {
                bool centre = true;
                for (auto o : offsets_[q]) {
                    centre = centre && o == 0;
                }
                if (centre) {
                    s.stencil[q] = node_coherence;
                    continue;
                }
                double sr = 0;
                double si = 0;
                lane_dot(rr, ri, &fre_[q * nobs_pad_], &fim_[q * nobs_pad_], nobs_pad_,
                         sr, si);
                s.stencil[q] = std::sqrt(sr * sr + si * si); // |·| <= 1: no overflow
            }
        }
        const bool concave = fit_stencil(s.stencil.data(), delta);
        if (concave && try_offset(delta, s, coherence)) {
            for (std::size_t t = 0; t < m; ++t) {
                x[axes_[t]] += delta[t] * steps_[axes_[t]];
            }
        } else {
            std::fill(delta, delta + m, 0.0);
        }
        if (newton_ > 0) {
            polish(s, delta, x, coherence);
        }
        return LinkStatus::ok;
    }

    // Fit the stencil values z; writes the offsets (steps) and returns whether the fit
    // has a peak (some coordinate-wise parabola, for more than five parameters).
    bool fit_stencil(const double* z, double* delta) const
    {
        const std::size_t m = axes_.size();
        if (full_fit_) {
            StencilPeak peak;
            if (m == 1) {
                peak = parabola_peak(z[0], z[1], z[2]);
            } else if (m == 2) {
                std::array<double, 9> v{};
                std::copy(z, z + 9, v.begin());
                peak = quadratic_peak_3x3(v);
            } else {
                peak = fitn_.fit(z);
            }
            std::copy(peak.offset.begin(),
                      peak.offset.begin() + static_cast<std::ptrdiff_t>(m), delta);
            return peak.concave;
        }
        bool concave = false; // coordinate-wise parabolas
        for (std::size_t t = 0; t < m; ++t) {
            const auto peak = parabola_peak(z[1 + 2 * t], z[0], z[2 + 2 * t]);
            delta[t] = peak.offset[0];
            concave = concave || peak.concave;
        }
        return concave;
    }

#if defined(EMCF_DETAIL_VECTOR_EXTENSIONS)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi" // vector types stay inside this function
    // The separable path's refinement, stencil given: fit first, then one pass over
    // the observations accumulates Σ r_k at the node and Σ r_k·exp(jθ_k) at the
    // refined point (θ_k = Σ_t A'[k,t]·δ_t), without storing the r_k.
    LinkStatus refine_fused(const ModelTables& tables, const ParameterGrid& grid,
                            std::size_t g, const double* ur, const double* ui,
                            const double* stencil, Scratch& s, double* x,
                            double& coherence, double& node_coherence) const
    {
        for (std::size_t p = 0; p < np_; ++p) {
            s.idx[p] = grid.index(p, g);
            x[p] = grid.value(p, s.idx[p]);
            s.axis[2 * p] = tables.axis_re(p, s.idx[p]);
            s.axis[2 * p + 1] = tables.axis_im(p, s.idx[p]);
        }
        bool edge = false;
        for (auto p : axes_) {
            edge = edge || s.idx[p] == 0 || s.idx[p] + 1 == grid.count(p);
        }
        const std::size_t m = axes_.size();
        double* delta = s.delta.data();
        std::fill(delta, delta + m, 0.0);
        bool trial = !edge && refine_ && m > 0 && fit_stencil(stencil, delta);
        double bound = 0;
        for (std::size_t t = 0; t < m && trial; ++t) {
            bound += colmax_[t] * std::fabs(delta[t]);
        }
        if (bound > 0.78) { // beyond the kernels' π/4: take the general route
            return refine_arrays(tables, grid, g, ur, ui, stencil, s, x, coherence,
                                 node_coherence);
        }
        using V = vec8<double>::half;
        constexpr std::size_t h = kLanes / 2;
        V nr[2] = {};
        V ni[2] = {};
        V tr[2] = {};
        V ti[2] = {};
        for (std::size_t i = 0; i < nobs_pad_; i += kLanes) {
            for (std::size_t half = 0; half < 2; ++half) {
                const std::size_t k = i + half * h;
                V a;
                V b;
                std::memcpy(&a, ur + k, sizeof a);
                std::memcpy(&b, ui + k, sizeof b);
                for (std::size_t p = 0; p < np_; ++p) { // r = u · Π_p exp(jA x_p)
                    V er;
                    V ei;
                    std::memcpy(&er, s.axis[2 * p] + k, sizeof er);
                    std::memcpy(&ei, s.axis[2 * p + 1] + k, sizeof ei);
                    const V t = a * er - b * ei;
                    b = a * ei + b * er;
                    a = t;
                }
                nr[half] += a;
                ni[half] += b;
                if (trial) {
                    V th = {};
                    for (std::size_t t = 0; t < m; ++t) {
                        V col;
                        std::memcpy(&col, &col_[t * nobs_pad_ + k], sizeof col);
                        th += col * delta[t];
                    }
                    V sn;
                    V cs;
                    sincos_kernel<V>(th, sn, cs);
                    tr[half] += a * cs - b * sn;
                    ti[half] += a * sn + b * cs;
                }
            }
        }
        double sr = 0;
        double si = 0;
        double qr = 0;
        double qi = 0;
        for (std::size_t q = 0; q < h; ++q) { // the order of lane_sum
            sr += nr[0][q] + nr[1][q];
            si += ni[0][q] + ni[1][q];
            qr += tr[0][q] + tr[1][q];
            qi += ti[0][q] + ti[1][q];
        }
        node_coherence = std::sqrt(sr * sr + si * si);
        coherence = node_coherence;
        if (edge) {
            return LinkStatus::on_grid_edge;
        }
        const double refined = std::sqrt(qr * qr + qi * qi);
        if (trial && refined > coherence) {
            coherence = refined;
            for (std::size_t t = 0; t < m; ++t) {
                x[axes_[t]] += delta[t] * steps_[axes_[t]];
            }
        }
        return LinkStatus::ok;
    }
#pragma GCC diagnostic pop
#endif

    [[nodiscard]] double magnitude(const double* rr, const double* ri) const noexcept
    {
        const double sr = lane_sum(rr, nobs_pad_);
        const double si = lane_sum(ri, nobs_pad_);
        return std::sqrt(sr * sr + si * si);
    }

    // Trial r_k·exp(j Σ_t col_t[k]·d[t]) into (tr, ti); if its coherence beats
    // `coherence`, it becomes the current point (rr, ri) and true is returned.
    bool try_offset(const double* d, Scratch& s, double& coherence) const
    {
        const std::size_t m = axes_.size();
        double* EMCF_RESTRICT th = s.theta.data();
        double bound = 0; // max_k |θ_k| <= Σ_t max_k |col_t[k]|·|d_t|
        for (std::size_t t = 0; t < m; ++t) {
            const double* EMCF_RESTRICT col = &col_[t * nobs_pad_];
            const double dt = d[t];
            bound += colmax_[t] * std::fabs(dt);
            if (t == 0) {
                for (std::size_t k = 0; k < nobs_pad_; ++k) {
                    th[k] = col[k] * dt;
                }
            } else {
                for (std::size_t k = 0; k < nobs_pad_; ++k) {
                    th[k] += col[k] * dt;
                }
            }
        }
        if (bound <= 0.78) { // below π/4: no range reduction needed
            sincos_small_n(th, s.s.data(), s.c.data(), nobs_pad_);
        } else {
            sincos_n(th, s.s.data(), s.c.data(), nobs_pad_);
        }
        const double* EMCF_RESTRICT sn = s.s.data();
        const double* EMCF_RESTRICT cs = s.c.data();
        const double* EMCF_RESTRICT rr = s.rr.data();
        const double* EMCF_RESTRICT ri = s.ri.data();
        double* EMCF_RESTRICT tr = s.tr.data();
        double* EMCF_RESTRICT ti = s.ti.data();
        for (std::size_t k = 0; k < nobs_pad_; ++k) {
            tr[k] = rr[k] * cs[k] - ri[k] * sn[k];
            ti[k] = rr[k] * sn[k] + ri[k] * cs[k];
        }
        const double c = magnitude(tr, ti);
        if (!(c > coherence)) {
            return false;
        }
        coherence = c;
        s.rr.swap(s.tr);
        s.ri.swap(s.ti);
        return true;
    }

    // Newton steps on f = |T|² in grid-step units, from the current point; each step
    // is kept only if the exact coherence increases (halved up to three times). The
    // total offset from the node stays within one step.
    void polish(Scratch& s, double* delta, double* x, double& coherence) const
    {
        const std::size_t m = axes_.size();
        const auto mi = static_cast<Eigen::Index>(m);
        Eigen::VectorXd grad(mi);
        Eigen::MatrixXd hess(mi, mi);
        double* tp_re = s.tp_re.data();
        double* tp_im = s.tp_im.data();
        double* step = s.step.data();
        for (int it = 0; it < newton_; ++it) {
            const double* rr = s.rr.data();
            const double* ri = s.ri.data();
            const double t_re = lane_sum(rr, nobs_pad_);
            const double t_im = lane_sum(ri, nobs_pad_);
            for (std::size_t p = 0; p < m; ++p) {
                const double* cp = &col_[p * nobs_pad_];
                lane_dot_real(rr, ri, cp, nobs_pad_, tp_re[p], tp_im[p]);
            }
            for (std::size_t p = 0; p < m; ++p) {
                // g_p = −2 Im(conj(T)·T_p)
                grad(static_cast<Eigen::Index>(p)) =
                        -2 * (t_re * tp_im[p] - t_im * tp_re[p]);
                for (std::size_t q = p; q < m; ++q) {
                    double* w = s.theta.data(); // A_p·A_q
                    const double* cp = &col_[p * nobs_pad_];
                    const double* cq = &col_[q * nobs_pad_];
                    for (std::size_t k = 0; k < nobs_pad_; ++k) {
                        w[k] = cp[k] * cq[k];
                    }
                    double tpq_re = 0;
                    double tpq_im = 0;
                    lane_dot_real(rr, ri, w, nobs_pad_, tpq_re, tpq_im);
                    // H_pq = 2 Re(conj(T_q)·T_p − conj(T)·T_pq)
                    const double h = 2 * ((tp_re[q] * tp_re[p] + tp_im[q] * tp_im[p]) -
                                          (t_re * tpq_re + t_im * tpq_im));
                    hess(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(q)) =
                            h;
                    hess(static_cast<Eigen::Index>(q), static_cast<Eigen::Index>(p)) =
                            h;
                }
            }
            const Eigen::LLT<Eigen::MatrixXd> llt(-hess);
            if (llt.info() != Eigen::Success || !grad.allFinite()) {
                return; // not at a concave point: nothing safe to do
            }
            const Eigen::VectorXd d = llt.solve(grad); // −H d = g
            bool improved = false;
            for (double scale = 1; scale >= 0.125 && !improved; scale *= 0.5) {
                for (std::size_t p = 0; p < m; ++p) {
                    const double target = std::clamp(
                            delta[p] + scale * d(static_cast<Eigen::Index>(p)), -1.0,
                            1.0);
                    step[p] = target - delta[p];
                }
                improved = try_offset(step, s, coherence);
            }
            if (!improved) {
                return;
            }
            for (std::size_t p = 0; p < m; ++p) {
                delta[p] += step[p];
                x[axes_[p]] += step[p] * steps_[axes_[p]];
            }
        }
    }

    std::size_t nobs_ = 0;
    std::size_t nobs_pad_ = 0;
    std::size_t np_ = 0;
    bool refine_ = true;
    int newton_ = 0;
    std::vector<std::size_t> axes_;
    std::vector<double> steps_;
    std::vector<double> col_;
    std::vector<double> colmax_;
    bool full_fit_ = false;
    QuadraticPeakFit fitn_{1};
    std::size_t npoints_ = 0;
    std::vector<std::vector<int>> offsets_;
    std::vector<double> fre_, fim_;
};

} // namespace detail
EMCF_END_NAMESPACE
