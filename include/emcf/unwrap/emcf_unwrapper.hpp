#pragma once
/// @file
/// @brief The EMCF unwrapper with the per-link model (reference/algorithm.md §4, §5.7–
///        §5.8): temporal unwrapping of every spatial link (model-guided), then spatial
///        unwrapping of every interferogram.
///
/// References: Pepe & Lanari 2006 (EMCF); Costantini 1998 (MCF); Ferretti et al. 2001
/// (temporal coherence, the periodogram of the link model).

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include <emcf/adapters/eigen.hpp>
#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/parallel.hpp>
#include <emcf/core/status.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/planar_graph.hpp>
#include <emcf/graph/residues.hpp>
#include <emcf/integrate/connected_components.hpp>
#include <emcf/integrate/integrate_link_parameters.hpp>
#include <emcf/integrate/integration.hpp>
#include <emcf/integrate/spanning_forest.hpp>
#include <emcf/mcf/spatial_solver.hpp>
#include <emcf/unwrap/detail/spatial_stage.hpp>
#include <emcf/unwrap/detail/edge_costs.hpp>
#include <emcf/unwrap/detail/stack_phases.hpp>
#include <emcf/unwrap/detail/temporal_stage.hpp>
#include <emcf/unwrap/emcf_result.hpp>
#include <emcf/unwrap/emcf_settings.hpp>
#include <emcf/unwrap/temporal_unwrapper.hpp>

EMCF_BEGIN_NAMESPACE

/// Two-stage EMCF unwrapper, built once per (spatial graph, temporal graph, settings)
/// and reused for any number of stacks on those graphs.
///
/// Temporal stage, per spatial link (p, q): the wrapped double differences of every
/// interferogram; with the link model, its parameters x (e.g. velocity and DEM-error
/// difference) maximising the temporal coherence; the model-guided gradients
/// `g = A·x + wrap(d − A·x)`; temporal residues and an exact min-cost flow on the
/// temporal graph's dual; the result, `d + 2π·n`, closes around every temporal cycle.
/// Spatial stage, per interferogram: residues of those gradients on the spatial graph,
/// an exact min-cost flow, and integration over each connected component from its
/// reference point, where the value equals that point's own temporally consistent
/// phase. The output is congruent with the input modulo 2π at every point.
///
/// Masked points (the caller's mask, or any non-finite / zero-amplitude sample) get NaN
/// and PointStatus::masked; their links become free edges of the spatial flow (as if
/// the faces around them were merged) and are not integrated.
///
/// @tparam Real precision of phase storage and of the link-model search (float:
///         complex64 search, the default; double)
/// @note Memory per call: 2 × nrows × npoints × sizeof(Real) for the phases, 2 bytes
/// per
///       interferogram and link for the ambiguities, O(links + triangles) per spatial
///       worker; tables of the solvers and the estimator once per unwrapper. Const
///       member functions are thread-safe; results do not depend on the thread count.
template <class Real = float>
class EmcfUnwrapper {
    static_assert(std::is_floating_point_v<Real>,
                  "EmcfUnwrapper: Real must be float or double");

  public:
    /// @param spatial  spatial graph of the points (e.g. emcf::delaunay_graph)
    /// @param temporal temporal graph: epochs are its points, interferograms its edges
    ///                 (e.g. emcf::hop3_graph); row k of an interferogram stack is edge
    ///                 k
    /// @param settings costs, link model, memory budget, threads, references
    /// @throws emcf::invalid_argument naming the setting: cost vectors of the wrong
    ///         size or out of range; a design matrix whose row count is not nifg or
    ///         whose rows do not close around the temporal cycles; a grid that does not
    ///         match the design; per-link DEM scales of the wrong size; negative
    ///         threads; a negative or non-finite closure tolerance; a reference point
    ///         out of range
    explicit EmcfUnwrapper(PlanarGraph spatial, PlanarGraph temporal,
                           EmcfSettings settings = {})
        : spatial_(std::move(spatial)), settings_(std::move(settings)),
          spatial_dual_(spatial_), temporal_(std::move(temporal), settings_)
    {
        detail::require(settings_.closure_tolerance >= 0 &&
                                std::isfinite(settings_.closure_tolerance),
                        "closure_tolerance", "must be finite and >= 0");
        for (const auto r : settings_.reference_points) {
            detail::require(r < spatial_.npoints(), "reference_points",
                            "point " + std::to_string(r) + " is outside [0, npoints)");
        }
        spatial_costs_ = detail::edge_costs(spatial_, spatial_dual_,
                                            settings_.spatial_costs, "spatial_costs");
        spatial_solver_ = std::make_unique<SpatialSolver<>>(
                spatial_dual_, spatial_costs_.cost, spatial_costs_.revcost);
        if (has_link_model() && !settings_.link_model.dem_scale.empty()) {
            detail::require_size(settings_.link_model.dem_scale.size(), nlinks(),
                                 "link_model.dem_scale");
        }
    }

    [[nodiscard]] std::size_t npoints() const noexcept { return spatial_.npoints(); }
    [[nodiscard]] std::size_t nlinks() const noexcept { return spatial_.nedges(); }
    [[nodiscard]] std::size_t nepochs() const noexcept { return temporal_.nepochs(); }
    [[nodiscard]] std::size_t ninterferograms() const noexcept
    {
        return temporal_.ninterferograms();
    }
    [[nodiscard]] bool has_link_model() const noexcept
    {
        return temporal_.has_link_model();
    }
    [[nodiscard]] const PlanarGraph& spatial_graph() const noexcept { return spatial_; }
    [[nodiscard]] const PlanarGraph& temporal_graph() const noexcept
    {
        return temporal_.temporal_graph();
    }
    /// The temporal stage on its own (e.g. for blocks of links scheduled elsewhere).
    [[nodiscard]] const TemporalUnwrapper<Real>& temporal_unwrapper() const noexcept
    {
        return temporal_;
    }
    [[nodiscard]] const EmcfSettings& settings() const noexcept { return settings_; }

    /// @brief Unwrap a stack.
    /// @param kind      what the rows are (StackKind)
    /// @param stack     nepochs × npoints (SLC) or nifg × npoints (interferograms):
    ///                  complex values or phases [rad], float or double, any storage
    /// @param unwrapped nifg × npoints real array (output) [rad]: unwrapped
    ///                  interferograms "epoch j minus epoch i" in temporal-edge order;
    ///                  NaN at masked and isolated points
    /// @param mask      npoints values (non-zero = use the point), or emcf::all_points
    /// @param progress  optional callback (stage, done, total); returning false stops
    /// @return diagnostics per link, interferogram and point; the link model's output
    /// @throws emcf::invalid_argument on shape mismatches (naming the array) or a
    ///         reference point that is masked in this stack
    template <class Stack, class Unwrapped, class Mask = all_points_t>
    EmcfResult unwrap(StackKind kind, const Stack& stack, Unwrapped&& unwrapped,
                      const Mask& mask = all_points,
                      const ProgressCallback& progress = {}) const
    {
        const auto out = view2d(unwrapped);
        static_assert(detail::is_writable_view_v<decltype(out)>,
                      "EmcfUnwrapper::unwrap: 'unwrapped' must be writable");
        detail::require_shape(out.rows(), out.cols(), ninterferograms(), npoints(),
                              "unwrapped");
        EmcfResult result;
        const auto t0 = Clock::now();
        const auto ph = read_stack(kind, stack, mask);
        std::vector<std::vector<double>> reference_values;
        const auto forest = prepare_points(kind, ph, result, reference_values);
        const auto t1 = Clock::now();
        result.seconds_prepare = seconds(t0, t1);

        std::vector<detail::ambiguity_type> ambiguity(nlinks() * ninterferograms());
        const auto amb = row_major_view(ambiguity.data(), nlinks(), ninterferograms());
        temporal_.allocate(result, nlinks());
        result.cancelled =
                !temporal_stage(kind, ph, 0, nlinks(), amb, result, progress);
        const auto t2 = Clock::now();
        result.seconds_temporal = seconds(t1, t2);

        result.interferograms.assign(ninterferograms(), SpatialDiagnostics{});
        if (result.cancelled) {
            fill_nan(out, 0);
        } else {
            result.cancelled = !spatial_stage(kind, ph, amb, forest, result,
                                              reference_values, out, progress);
        }
        result.seconds_spatial = seconds(t2, Clock::now());
        return result;
    }

    /// @brief Unwrap an SLC stack (nepochs × npoints); see unwrap().
    template <class Stack, class Unwrapped, class Mask = all_points_t>
    EmcfResult unwrap_slc(const Stack& slc, Unwrapped&& unwrapped,
                          const Mask& mask = all_points,
                          const ProgressCallback& progress = {}) const
    {
        return unwrap(StackKind::slc, slc, std::forward<Unwrapped>(unwrapped), mask,
                      progress);
    }

    /// @brief Unwrap an interferogram stack (nifg × npoints, temporal-edge order); see
    ///        unwrap().
    template <class Stack, class Unwrapped, class Mask = all_points_t>
    EmcfResult unwrap_interferograms(const Stack& interferograms, Unwrapped&& unwrapped,
                                     const Mask& mask = all_points,
                                     const ProgressCallback& progress = {}) const
    {
        return unwrap(StackKind::interferograms, interferograms,
                      std::forward<Unwrapped>(unwrapped), mask, progress);
    }

    /// @brief Per-point link parameters (e.g. velocity [mm/yr], DEM error [m]) from a
    ///        result of unwrap() with the link model: weighted least squares on the
    ///        spatial graph with the link coherences as weights (see
    ///        emcf::integrate_link_parameters), one reference per component.
    /// @param result  from unwrap() on this unwrapper, with the link model enabled
    /// @param params  nparams × npoints real array (output), NaN where not integrated
    /// @param coherence npoints real array (output): mean coherence of incident links
    /// @param options method, reference rule, robust re-weighting
    /// @return the integration diagnostics of the first parameter (components,
    /// statuses)
    /// @throws emcf::invalid_argument if the result has no link model or shapes differ
    template <class Params, class Coherence>
    LinkIntegrationResult point_parameters(const EmcfResult& result, Params&& params,
                                           Coherence&& coherence,
                                           LinkIntegrationOptions options = {}) const
    {
        const auto p = view2d(params);
        detail::require(result.link_params.cols() ==
                                        static_cast<Eigen::Index>(nlinks()) &&
                                result.link_params.rows() > 0,
                        "result", "has no link parameters (enable the link model)");
        detail::require_shape(p.rows(), p.cols(),
                              static_cast<std::size_t>(result.link_params.rows()),
                              npoints(), "params");
        std::vector<double> weight(nlinks());
        for (std::size_t m = 0; m < nlinks(); ++m) {
            const bool ok = result.link_status[m] == LinkStatus::ok ||
                            result.link_status[m] == LinkStatus::on_grid_edge;
            weight[m] = ok ? static_cast<double>(result.link_coherence[m]) : 0.0;
        }
        if (options.reference_points.empty()) {
            for (const auto r : result.references) {
                options.reference_points.push_back(static_cast<std::size_t>(r));
            }
        }
        LinkIntegrationResult first;
        for (std::size_t j = 0; j < p.rows(); ++j) {
            const Eigen::VectorXd x =
                    result.link_params.row(static_cast<Eigen::Index>(j));
            auto r = integrate_link_parameters(spatial_, x, weight, p.row(j), options);
            if (j == 0) {
                first = std::move(r);
            }
        }
        point_coherence(spatial_, result.link_coherence, coherence);
        return first;
    }

  private:
    using Clock = std::chrono::steady_clock;
    static double seconds(Clock::time_point a, Clock::time_point b)
    {
        return std::chrono::duration<double>(b - a).count();
    }

    template <class View>
    static void fill_nan(const View& out, std::size_t first_row)
    {
        for (std::size_t k = first_row; k < out.rows(); ++k) {
            for (std::size_t p = 0; p < out.cols(); ++p) {
                out(k, p) = std::numeric_limits<typename View::value_type>::quiet_NaN();
            }
        }
    }

    template <class Stack, class Mask>
    detail::StackPhases<Real> read_stack(StackKind kind, const Stack& stack,
                                         const Mask& mask) const
    {
        const auto s = view2d(stack);
        const std::size_t rows = kind == StackKind::slc ? nepochs() : ninterferograms();
        detail::require_shape(s.rows(), s.cols(), rows, npoints(), "stack");
        if constexpr (std::is_same_v<Mask, all_points_t>) {
            return detail::stack_phases<Real>(s, StridedView1D<const int>(),
                                              settings_.threads);
        } else {
            const auto m = view1d(mask);
            detail::require_size(m.size(), npoints(), "mask");
            return detail::stack_phases<Real>(s, m, settings_.threads);
        }
    }

    // Components of the valid points, statuses, references, the spanning forest that
    // integrates every interferogram and, per component and interferogram, the
    // temporally consistent phase of the reference point.
    SpanningForest
    prepare_points(StackKind kind, const detail::StackPhases<Real>& ph,
                   EmcfResult& result,
                   std::vector<std::vector<double>>& reference_values) const
    {
        const auto valid = view1d(ph.valid.data(), ph.valid.size());
        result.component.assign(npoints(), -1);
        result.ncomponents = connected_components(spatial_, valid, result.component);
        std::vector<graph_index> refs(result.ncomponents, -1);
        for (const auto r : settings_.reference_points) {
            detail::require(result.component[r] >= 0, "reference_points",
                            "point " + std::to_string(r) +
                                    " is masked or isolated in this stack");
            auto& slot = refs[static_cast<std::size_t>(result.component[r])];
            detail::require(slot < 0, "reference_points",
                            "points " + std::to_string(slot) + " and " +
                                    std::to_string(r) +
                                    " are in the same connected component");
            slot = static_cast<graph_index>(r);
        }
        for (std::size_t p = 0; p < npoints(); ++p) { // default: lowest index
            const auto c = result.component[p];
            if (c >= 0 && refs[static_cast<std::size_t>(c)] < 0) {
                refs[static_cast<std::size_t>(c)] = static_cast<graph_index>(p);
            }
        }
        SpanningForest forest(spatial_, valid, refs);
        result.references = forest.references();
        result.point_status.assign(npoints(), PointStatus::ok);
        forest.status(result.point_status);
        reference_values.assign(ninterferograms(),
                                std::vector<double>(result.ncomponents, 0.0));
        std::vector<double> values(ninterferograms());
        for (std::size_t c = 0; c < result.ncomponents; ++c) {
            reference_phases(kind, ph, static_cast<std::size_t>(refs[c]), values);
            for (std::size_t k = 0; k < ninterferograms(); ++k) {
                reference_values[k][c] = values[k];
            }
        }
        return forest;
    }

    // Interferogram phases of one point that close around every temporal cycle: the
    // differences of its SLC phases, or its wrapped interferograms unwrapped in time.
    void reference_phases(StackKind kind, const detail::StackPhases<Real>& ph,
                          std::size_t r, std::vector<double>& values) const
    {
        const Real* v = ph.point(r);
        if (kind == StackKind::slc) {
            for (std::size_t k = 0; k < ninterferograms(); ++k) {
                const auto& e = temporal_graph().edge(k);
                values[k] = static_cast<double>(v[e[1]]) - static_cast<double>(v[e[0]]);
            }
            return;
        }
        for (std::size_t k = 0; k < ninterferograms(); ++k) {
            values[k] = static_cast<double>(v[k]);
        }
        std::vector<std::int32_t> residues(temporal_.dual_graph().nnodes());
        std::vector<std::int32_t> flows(ninterferograms(), 0);
        residues_from_gradients(temporal_.dual_graph(), values, residues);
        const auto res = temporal_.solver().solve(residues, flows);
        for (std::size_t k = 0; k < ninterferograms(); ++k) {
            const double f = res.status == FlowStatus::optimal ? flows[k] : 0.0;
            values[k] += two_pi<double>() * f;
        }
    }

    // Links [begin, end) in batches with progress between them; false if cancelled.
    bool temporal_stage(StackKind kind, const detail::StackPhases<Real>& ph,
                        std::size_t begin, std::size_t end,
                        const StridedView2D<detail::ambiguity_type>& amb,
                        EmcfResult& result, const ProgressCallback& progress) const
    {
        const unsigned nworkers = resolve_thread_count(settings_.threads);
        std::vector<detail::TemporalWorker<Real>> workers(nworkers);
        for (auto& w : workers) {
            w = temporal_.make_worker();
        }
        const auto& dem_scale = settings_.link_model.dem_scale;
        const std::size_t batch = links_per_batch();
        for (std::size_t b0 = begin; b0 < end; b0 += batch) {
            const std::size_t b1 = std::min(end, b0 + batch);
            parallel_for(
                    b1 - b0, settings_.threads, kLinksPerTask,
                    [&](std::size_t lo, std::size_t hi, unsigned w) {
                        const std::size_t a = b0 + lo;
                        const std::size_t n = hi - lo;
                        auto o = temporal_.outputs(result, a, n,
                                                   &amb(a - begin, 0));
                        link_differences(kind, ph, a, n, workers[w], o);
                        if (dem_scale.empty()) {
                            temporal_.unwrap_block(a, n, no_column_scale, workers[w],
                                                   o);
                        } else {
                            temporal_.unwrap_block(a, n,
                                                   view1d(dem_scale.data() + a, n),
                                                   workers[w], o);
                        }
                    });
            if (progress && !progress(UnwrapStage::temporal, b1 - begin, end - begin)) {
                return false;
            }
        }
        return true;
    }

    // Wrapped double differences of links [first, first + n) into wk.diff, and their
    // validity (a masked end point: the column is left for unwrap_block to blank).
    void link_differences(StackKind kind, const detail::StackPhases<Real>& ph,
                          std::size_t first, std::size_t n,
                          detail::TemporalWorker<Real>& wk,
                          const detail::TemporalOutputs& o) const
    {
        const std::size_t nifg = ninterferograms();
        wk.diff.resize(nifg * n);
        for (std::size_t l = 0; l < n; ++l) {
            const auto& e = spatial_.edge(first + l);
            const auto p = static_cast<std::size_t>(e[0]);
            const auto q = static_cast<std::size_t>(e[1]);
            const bool ok = ph.valid[p] != 0 && ph.valid[q] != 0;
            o.valid[l] = ok ? 1 : 0;
            if (ok) {
                detail::double_differences(temporal_graph(), kind, ph, p, q, wk,
                                           wk.diff.data() + l * nifg);
            }
        }
    }

    template <class OutView>
    bool spatial_stage(StackKind kind, const detail::StackPhases<Real>& ph,
                       const StridedView2D<detail::ambiguity_type>& amb,
                       const SpanningForest& forest, EmcfResult& result,
                       const std::vector<std::vector<double>>& reference_values,
                       const OutView& out, const ProgressCallback& progress) const
    {
        // Links touching a masked point become free edges: equivalent to merging the
        // faces around it, so its residues do not force flows elsewhere.
        const auto& valid = result.temporal.valid;
        const bool all_valid = std::all_of(valid.begin(), valid.end(),
                                           [](std::uint8_t v) { return v != 0; });
        std::unique_ptr<SpatialSolver<>> masked_solver;
        if (!all_valid) {
            auto cost = spatial_costs_.cost;
            auto revcost = spatial_costs_.revcost;
            for (std::size_t m = 0; m < nlinks(); ++m) {
                if (valid[m] == 0) {
                    cost[m] = 0;
                    revcost[m] = 0;
                }
            }
            masked_solver =
                    std::make_unique<SpatialSolver<>>(spatial_dual_, cost, revcost);
        }
        detail::SpatialStage st;
        st.spatial = &spatial_;
        st.temporal = &temporal_graph();
        st.spatial_dual = &spatial_dual_;
        st.solver = all_valid ? spatial_solver_.get() : masked_solver.get();
        st.kind = kind;
        st.closure_tolerance = settings_.closure_tolerance;
        const unsigned nworkers = resolve_thread_count(settings_.threads);
        std::vector<detail::SpatialWorker> workers(nworkers);
        for (auto& w : workers) {
            w.workspace = st.solver->make_workspace();
        }
        const StridedView2D<const detail::ambiguity_type> camb = amb;
        const std::size_t round = std::max<std::size_t>(nworkers, 1);
        for (std::size_t k0 = 0; k0 < ninterferograms(); k0 += round) {
            const std::size_t k1 = std::min(ninterferograms(), k0 + round);
            parallel_for(
                    k1 - k0, settings_.threads, 1,
                    [&](std::size_t lo, std::size_t hi, unsigned w) {
                        for (std::size_t k = k0 + lo; k < k0 + hi; ++k) {
                            result.interferograms[k] = detail::spatial_interferogram(
                                    st, ph, camb, valid, k, forest, reference_values[k],
                                    workers[w], out.row(k));
                        }
                    });
            if (progress && !progress(UnwrapStage::spatial, k1, ninterferograms())) {
                fill_nan(out, k1);
                return false;
            }
        }
        return true;
    }

    std::size_t links_per_batch() const noexcept
    {
        if (settings_.links_per_batch > 0) {
            const std::size_t n = settings_.links_per_batch;
            return (n + kLinksPerTask - 1) / kLinksPerTask * kLinksPerTask;
        }
        return std::size_t{64} * kLinksPerTask;
    }

    static constexpr std::size_t kLinksPerTask =
            TemporalUnwrapper<Real>::links_per_task;

    PlanarGraph spatial_;
    EmcfSettings settings_;
    DualGraph spatial_dual_;
    TemporalUnwrapper<Real> temporal_;
    detail::EdgeCosts spatial_costs_;
    std::unique_ptr<SpatialSolver<>> spatial_solver_;
};

EMCF_END_NAMESPACE
