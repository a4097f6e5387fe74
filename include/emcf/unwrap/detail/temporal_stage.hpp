#pragma once
/// @file
/// @brief The temporal stage for one block of spatial links (reference/algorithm.md
///        §4.1, §5.7–§5.8): wrapped double differences → link model → model-guided
///        wrapping → temporal residues → temporal min-cost flow → integer ambiguities.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/math.hpp>
#include <emcf/core/status.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/planar_graph.hpp>
#include <emcf/graph/residues.hpp>
#include <emcf/mcf/temporal_solver.hpp>
#include <emcf/model/estimate_links.hpp>
#include <emcf/unwrap/detail/stack_phases.hpp>
#include <emcf/unwrap/emcf_settings.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

/// Ambiguity storage: gradient of interferogram k on link m = wrapped double difference
/// + 2π·n. 16 bits cover ±32767 cycles.
using ambiguity_type = std::int16_t;

/// What the temporal unwrapping of links needs, shared read-only by all workers.
template <class Real>
struct TemporalStage {
    const PlanarGraph* temporal = nullptr;
    const DualGraph* temporal_dual = nullptr;
    const TemporalSolver<>* solver = nullptr;
    const LinkEstimator<Real>* estimator = nullptr; ///< null: no link model
    const Eigen::MatrixXd* design = nullptr;        ///< nifg × nparams when a model
};

/// Per-worker scratch, reused across blocks.
template <class Real>
struct TemporalWorker {
    std::vector<Real> diff;       ///< nifg × nb, column per link
    std::vector<double> delta;    ///< nepochs: φ(q) − φ(p) per epoch
    std::vector<double> gradient; ///< nifg
    std::vector<double> sums;     ///< temporal dual nodes
    std::vector<std::int32_t> residues;
    std::vector<std::int32_t> flows; ///< nifg
    TemporalSolver<>::Workspace workspace;
};

/// Outputs for links [begin, end): views over the caller's (or the result's) storage.
struct TemporalOutputs {
    StridedView2D<ambiguity_type> ambiguity; ///< nlinks_block × nifg (row per link)
    StridedView1D<std::int32_t> residues;
    StridedView1D<std::int32_t> corrections;
    StridedView1D<FlowStatus> status;
    StridedView1D<std::uint8_t> valid;
    StridedView2D<double> params;          ///< nparams × nb (model only)
    StridedView1D<float> coherence;        ///< nb (model only)
    StridedView1D<LinkStatus> link_status; ///< nb (model only)
};

/// Wrapped double differences of link (p, q) for every interferogram, into `out`.
template <class Real>
void double_differences(const PlanarGraph& temporal, StackKind kind,
                        const StackPhases<Real>& ph, std::size_t p, std::size_t q,
                        TemporalWorker<Real>& wk, Real* out)
{
    const Real* a = ph.point(p);
    const Real* b = ph.point(q);
    const std::size_t nifg = temporal.nedges();
    if (kind == StackKind::interferograms) {
        for (std::size_t k = 0; k < nifg; ++k) {
            out[k] = wrap<Real>(b[k] - a[k]);
        }
        return;
    }
    // SLC input: Δ_s = φ_s(q) − φ_s(p), then interferogram (i, j): wrap(Δ_j − Δ_i),
    // congruent with spurt's wrap(wrap(ifg at q) − wrap(ifg at p)).
    wk.delta.resize(ph.nrows);
    for (std::size_t s = 0; s < ph.nrows; ++s) {
        wk.delta[s] = static_cast<double>(b[s]) - static_cast<double>(a[s]);
    }
    for (std::size_t k = 0; k < nifg; ++k) {
        const auto& e = temporal.edge(k);
        out[k] = static_cast<Real>(wrap(wk.delta[static_cast<std::size_t>(e[1])] -
                                        wk.delta[static_cast<std::size_t>(e[0])]));
    }
}

/// Unwrap in time the links whose wrapped double differences are in `wk.diff`
/// (nifg × nb, a column per link; columns where `out.valid` is 0 are set to NaN here, so
/// the estimator masks them whatever the caller left there): link model,
/// model-guided wrapping, temporal residues and min-cost flow, integer ambiguities.
/// `first` numbers the links in error messages; `scale` is the per-link scale of the
/// design's scaled column (a view of nb values, or no_column_scale).
template <class Real, class Scale>
void unwrap_link_block(const TemporalStage<Real>& st, std::size_t first, std::size_t nb,
                       const Scale& scale, TemporalWorker<Real>& wk,
                       const TemporalOutputs& out)
{
    const std::size_t nifg = st.temporal->nedges();
    wk.gradient.resize(nifg);
    wk.flows.resize(nifg);
    wk.residues.resize(st.temporal_dual->nnodes());
    for (std::size_t l = 0; l < nb; ++l) {
        if (out.valid[l] == 0) {
            Real* d = wk.diff.data() + l * nifg;
            std::fill(d, d + nifg, std::numeric_limits<Real>::quiet_NaN());
        }
    }
    if (st.estimator != nullptr) {
        const auto diff =
                col_major_view(static_cast<const Real*>(wk.diff.data()), nifg, nb);
        st.estimator->estimate(diff, uniform_weights, scale, out.params, out.coherence,
                               out.link_status);
    }

    const std::size_t nparams =
            st.design != nullptr ? static_cast<std::size_t>(st.design->cols()) : 0;
    for (std::size_t l = 0; l < nb; ++l) {
        auto amb = out.ambiguity.row(l);
        if (out.valid[l] == 0) {
            for (std::size_t k = 0; k < nifg; ++k) {
                amb[k] = 0;
            }
            out.residues[l] = 0;
            out.corrections[l] = 0;
            out.status[l] = FlowStatus::optimal;
            if (st.estimator != nullptr) {
                out.link_status[l] = LinkStatus::masked;
            }
            continue;
        }
        const Real* d = wk.diff.data() + l * nifg;
        // Model-guided wrapping: g = m + wrap(d − m). The model closes around every
        // temporal cycle, so the residues of g are those of the residual wrap(d − m).
        bool modelled = st.estimator != nullptr;
        if (modelled) {
            for (std::size_t j = 0; j < nparams; ++j) {
                modelled = modelled && std::isfinite(out.params(j, l));
            }
        }
        for (std::size_t k = 0; k < nifg; ++k) {
            double m = 0;
            if (modelled) {
                for (std::size_t j = 0; j < nparams; ++j) {
                    m += (*st.design)(static_cast<Eigen::Index>(k),
                                      static_cast<Eigen::Index>(j)) *
                         out.params(j, l);
                }
            }
            wk.gradient[k] = wrap_to_model(static_cast<double>(d[k]), m);
        }
        residues_from_gradients_into(
                *st.temporal_dual, view1d(wk.gradient.data(), nifg),
                view1d(wk.residues.data(), wk.residues.size()), wk.sums);
        const auto res =
                st.solver->solve(view1d(wk.residues.data(), wk.residues.size()),
                                 view1d(wk.flows.data(), nifg), wk.workspace);
        out.status[l] = res.status;
        out.residues[l] = static_cast<std::int32_t>(res.total_supply);
        std::int64_t corrections = 0;
        const bool flowed = res.status == FlowStatus::optimal;
        for (std::size_t k = 0; k < nifg; ++k) {
            const std::int32_t f = flowed ? wk.flows[k] : 0;
            corrections += f < 0 ? -f : f;
            // n = (g + 2πf − d) / 2π, an integer up to round-off
            const double n = std::nearbyint(
                    (wk.gradient[k] - static_cast<double>(d[k])) / two_pi<double>() +
                    f);
            if (!(std::fabs(n) <= 32767.0)) {
                throw overflow_error("link_model",
                                     "link " + std::to_string(first + l) +
                                             " needs more than 32767 cycles in one "
                                             "interferogram (check the design scale)");
            }
            amb[k] = static_cast<ambiguity_type>(n);
        }
        out.corrections[l] = static_cast<std::int32_t>(corrections);
    }
}

} // namespace detail
EMCF_END_NAMESPACE
