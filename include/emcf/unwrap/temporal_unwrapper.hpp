#pragma once
/// @file
/// @brief Temporal unwrapping of spatial links given their wrapped double differences
///        (reference/algorithm.md §4.1, §5.7–§5.8): the first stage of EMCF on its
///        own, for callers that schedule blocks of links themselves (e.g. Dask).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/math.hpp>
#include <emcf/core/parallel.hpp>
#include <emcf/core/status.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/planar_graph.hpp>
#include <emcf/integrate/integrate_link_parameters.hpp>
#include <emcf/mcf/temporal_solver.hpp>
#include <emcf/model/estimate_links.hpp>
#include <emcf/model/parameter_grid.hpp>
#include <emcf/unwrap/detail/edge_costs.hpp>
#include <emcf/unwrap/detail/stack_phases.hpp>
#include <emcf/unwrap/detail/temporal_stage.hpp>
#include <emcf/unwrap/emcf_result.hpp>
#include <emcf/unwrap/emcf_settings.hpp>

EMCF_BEGIN_NAMESPACE

/// Temporal unwrapper of spatial links, built once per (temporal graph, settings).
///
/// Per link: its wrapped double differences d (one per interferogram); with the link
/// model, the parameters x maximising the temporal coherence; the model-guided
/// gradients `g = A·x + wrap(d − A·x)`; temporal residues and an exact min-cost flow f
/// on the temporal graph's dual; the output `g + 2π·f`, which closes around every
/// temporal cycle and is congruent with d modulo 2π.
///
/// Links are independent and processed in tasks of `links_per_task` links, so results
/// are bit-identical for any thread count, and for any split of the links into blocks
/// at multiples of `links_per_task` (e.g. Dask chunks). With the Eigen GEMM backend
/// (`link_model.estimator.search.gemm = GemmBackend::eigen`) any split is; BLAS
/// kernels may round a link's grid search differently by its column within a task
/// (differences in the last bits of the refined parameters).
///
/// @tparam Real precision of the link-model search (float: complex64, the default)
template <class Real = float>
class TemporalUnwrapper {
    static_assert(std::is_floating_point_v<Real>,
                  "TemporalUnwrapper: Real must be float or double");

  public:
    /// Links per parallel task (a multiple of the estimator's 64-link blocks).
    static constexpr std::size_t links_per_task = 256;

    /// @param temporal temporal graph: epochs are its points, interferograms its edges
    ///                 (e.g. emcf::hop3_graph); row k of a link block is edge k
    /// @param settings `temporal_costs`, `link_model` (design, grid, estimator
    ///                 options), `memory_budget` and `threads` are used; the per-link
    ///                 `link_model.dem_scale` is EmcfUnwrapper's (here it is an
    ///                 argument of unwrap())
    /// @throws emcf::invalid_argument naming the setting: temporal cost vectors of the
    ///         wrong size or out of range; a design matrix whose row count is not nifg
    ///         or whose columns do not close around the temporal cycles; a grid that
    ///         does not match the design; negative threads
    explicit TemporalUnwrapper(PlanarGraph temporal, const EmcfSettings& settings = {})
        : temporal_(std::move(temporal)), dual_(temporal_), threads_(settings.threads)
    {
        (void)resolve_thread_count(threads_);
        const auto tc = detail::edge_costs(temporal_, dual_, settings.temporal_costs,
                                           "temporal_costs");
        solver_ = std::make_unique<TemporalSolver<>>(dual_, tc.cost, tc.revcost);
        if (settings.link_model.enabled) {
            build_link_model(settings.link_model, settings.memory_budget);
        }
    }

    [[nodiscard]] std::size_t nepochs() const noexcept { return temporal_.npoints(); }
    [[nodiscard]] std::size_t ninterferograms() const noexcept
    {
        return temporal_.nedges();
    }
    /// Parameters of the link model (0 without it).
    [[nodiscard]] std::size_t nparams() const noexcept
    {
        return estimator_ ? estimator_->nparams() : 0;
    }
    [[nodiscard]] bool has_link_model() const noexcept { return estimator_ != nullptr; }
    [[nodiscard]] const PlanarGraph& temporal_graph() const noexcept
    {
        return temporal_;
    }
    [[nodiscard]] const DualGraph& dual_graph() const noexcept { return dual_; }
    [[nodiscard]] const TemporalSolver<>& solver() const noexcept { return *solver_; }
    /// nifg × nparams design matrix of the link model (empty without it).
    [[nodiscard]] const Eigen::MatrixXd& design() const noexcept { return design_; }
    [[nodiscard]] int threads() const noexcept { return threads_; }

    /// @brief Unwrap a block of links in time.
    /// @param wrapped   nifg × nlinks wrapped double differences, a column per link in
    ///                  temporal-edge order: phases [rad] (wrapped on reading) or
    ///                  complex values, float or double, any storage. A link with a
    ///                  non-finite (or zero-amplitude) value is not unwrapped.
    /// @param unwrapped nifg × nlinks real array (output) [rad]: `wrap(d) + 2π·n`,
    ///                  closing around every temporal cycle; NaN for links not
    ///                  unwrapped
    /// @param column_scale per-link scale of the design's scaled column (nlinks values,
    ///                  emcf::dem_scale), or `no_column_scale`
    /// @return per-link diagnostics (`temporal.valid` = 0 for links not unwrapped) and,
    ///         with the link model, parameters, coherence and status
    /// @throws emcf::invalid_argument on shape mismatches (naming the array);
    ///         emcf::overflow_error when a link needs more than 32767 cycles
    template <class Wrapped, class Unwrapped, class Scale = NoColumnScale>
    TemporalResult unwrap(const Wrapped& wrapped, Unwrapped&& unwrapped,
                          const Scale& column_scale = no_column_scale) const
    {
        const auto in = view2d(wrapped);
        const auto out = view2d(unwrapped);
        static_assert(detail::is_writable_view_v<decltype(out)>,
                      "TemporalUnwrapper::unwrap: 'unwrapped' must be writable");
        const std::size_t nifg = ninterferograms();
        detail::require(in.rows() == nifg, "wrapped",
                        "expected " + std::to_string(nifg) +
                                " rows (interferograms), got " +
                                std::to_string(in.rows()));
        const std::size_t n = in.cols();
        detail::require_shape(out.rows(), out.cols(), nifg, n, "unwrapped");
        if constexpr (!std::is_same_v<Scale, NoColumnScale>) {
            detail::require_size(view1d(column_scale).size(), n, "column_scale");
        }
        TemporalResult result;
        allocate(result, n);
        const unsigned nworkers = resolve_thread_count(threads_);
        std::vector<detail::TemporalWorker<Real>> workers(nworkers);
        std::vector<std::vector<detail::ambiguity_type>> amb(nworkers);
        for (auto& w : workers) {
            w.workspace = solver_->make_workspace();
        }
        parallel_for(n, threads_, links_per_task,
                     [&](std::size_t lo, std::size_t hi, unsigned w) {
                         auto& wk = workers[w];
                         const std::size_t nb = hi - lo;
                         wk.diff.resize(nifg * nb);
                         for (std::size_t l = 0; l < nb; ++l) {
                             Real* d = wk.diff.data() + l * nifg;
                             bool ok = true;
                             for (std::size_t k = 0; k < nifg; ++k) {
                                 const auto v = in(k, lo + l);
                                 ok = ok && detail::has_phase(v);
                                 d[k] = static_cast<Real>(wrap(phase_of(v)));
                             }
                             result.temporal.valid[lo + l] = ok ? 1 : 0;
                         }
                         amb[w].resize(nb * nifg);
                         auto o = outputs(result, lo, nb, amb[w].data());
                         if constexpr (std::is_same_v<Scale, NoColumnScale>) {
                             unwrap_block(lo, nb, no_column_scale, wk, o);
                         } else {
                             unwrap_block(lo, nb,
                                          view1d(column_scale).segment(lo, nb), wk, o);
                         }
                         for (std::size_t l = 0; l < nb; ++l) {
                             const Real* d = wk.diff.data() + l * nifg;
                             for (std::size_t k = 0; k < nifg; ++k) {
                                 out(k, lo + l) = static_cast<
                                         typename decltype(out)::value_type>(
                                         static_cast<double>(d[k]) +
                                         two_pi<double>() * o.ambiguity(l, k));
                             }
                         }
                     });
        return result;
    }

    /// @name Building blocks of EmcfUnwrapper (not needed by other callers)
    /// @{
    /// Per-thread scratch for unwrap_block().
    [[nodiscard]] detail::TemporalWorker<Real> make_worker() const
    {
        detail::TemporalWorker<Real> w;
        w.workspace = solver_->make_workspace();
        return w;
    }

    /// Size the per-link outputs of `result` for nlinks links.
    void allocate(TemporalResult& result, std::size_t nlinks) const
    {
        auto& t = result.temporal;
        t.residues.assign(nlinks, 0);
        t.corrections.assign(nlinks, 0);
        t.status.assign(nlinks, FlowStatus::optimal);
        t.valid.assign(nlinks, 0);
        if (estimator_ != nullptr) {
            result.link_params.setConstant(static_cast<Eigen::Index>(nparams()),
                                           static_cast<Eigen::Index>(nlinks),
                                           std::numeric_limits<double>::quiet_NaN());
            result.link_coherence.assign(nlinks,
                                         std::numeric_limits<float>::quiet_NaN());
            result.link_status.assign(nlinks, LinkStatus::masked);
        }
    }

    /// Views of links [first, first + nb) of `result`, ambiguities into `ambiguity`
    /// (nb × nifg, row per link).
    [[nodiscard]] detail::TemporalOutputs outputs(TemporalResult& result,
                                                  std::size_t first, std::size_t nb,
                                                  detail::ambiguity_type* ambiguity) const
    {
        auto& t = result.temporal;
        detail::TemporalOutputs o;
        o.ambiguity = row_major_view(ambiguity, nb, ninterferograms());
        o.residues = view1d(t.residues.data() + first, nb);
        o.corrections = view1d(t.corrections.data() + first, nb);
        o.status = view1d(t.status.data() + first, nb);
        o.valid = view1d(t.valid.data() + first, nb);
        if (estimator_ != nullptr) {
            o.params = view2d(result.link_params.data() + first * nparams(), nparams(),
                              nb, 1, static_cast<std::ptrdiff_t>(nparams()));
            o.coherence = view1d(result.link_coherence.data() + first, nb);
            o.link_status = view1d(result.link_status.data() + first, nb);
        }
        return o;
    }

    /// Unwrap the nb links whose wrapped double differences are in `wk.diff` and whose
    /// validity is in `out.valid`; `first` numbers them in error messages.
    template <class Scale>
    void unwrap_block(std::size_t first, std::size_t nb, const Scale& scale,
                      detail::TemporalWorker<Real>& wk,
                      const detail::TemporalOutputs& out) const
    {
        detail::TemporalStage<Real> st;
        st.temporal = &temporal_;
        st.temporal_dual = &dual_;
        st.solver = solver_.get();
        st.estimator = estimator_.get();
        st.design = estimator_ ? &design_ : nullptr;
        detail::unwrap_link_block(st, first, nb, scale, wk, out);
    }
    /// @}

  private:
    void build_link_model(const LinkModelSettings& lm, std::size_t memory_budget)
    {
        detail::require(static_cast<std::size_t>(lm.design.rows()) == ninterferograms(),
                        "link_model.design",
                        "expected " + std::to_string(ninterferograms()) +
                                " rows (interferograms), got " +
                                std::to_string(lm.design.rows()));
        // The model must close around every temporal cycle (rows = epoch differences),
        // or model-guided wrapping would create temporal residues.
        std::vector<double> closure(temporal_.ncycles());
        for (Eigen::Index j = 0; j < lm.design.cols(); ++j) {
            const Eigen::VectorXd column = lm.design.col(j);
            cycle_closure(temporal_, column, closure);
            const double scale = column.cwiseAbs().maxCoeff();
            for (std::size_t c = 0; c < closure.size(); ++c) {
                if (std::fabs(closure[c]) > 1e-9 * (1 + scale)) {
                    detail::throw_invalid(
                            "link_model.design",
                            "column " + std::to_string(j) +
                                    " does not close around temporal cycle " +
                                    std::to_string(c) +
                                    " (rows must be differences of epoch terms)");
                }
            }
        }
        EstimatorOptions opt = lm.estimator;
        opt.threads = 1; // parallel over link blocks here instead
        opt.chunk = links_per_task;
        opt.memory_budget = memory_budget;
        design_ = lm.design;
        estimator_ = std::make_unique<LinkEstimator<Real>>(lm.design,
                                                           ParameterGrid(lm.grid), opt);
    }

    PlanarGraph temporal_;
    DualGraph dual_;
    int threads_ = 1;
    Eigen::MatrixXd design_;
    std::unique_ptr<TemporalSolver<>> solver_;
    std::unique_ptr<LinkEstimator<Real>> estimator_;
};

EMCF_END_NAMESPACE
