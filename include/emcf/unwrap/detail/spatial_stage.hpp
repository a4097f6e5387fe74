#pragma once
/// @file
/// @brief The spatial stage for one interferogram (reference/algorithm.md §4.2):
///        temporally unwrapped gradients → spatial residues → spatial min-cost flow →
///        integration with one reference per connected component.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/math.hpp>
#include <emcf/core/status.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/planar_graph.hpp>
#include <emcf/graph/residues.hpp>
#include <emcf/integrate/integrate_gradients.hpp>
#include <emcf/integrate/spanning_forest.hpp>
#include <emcf/mcf/spatial_solver.hpp>
#include <emcf/unwrap/detail/stack_phases.hpp>
#include <emcf/unwrap/detail/temporal_stage.hpp>
#include <emcf/unwrap/emcf_result.hpp>
#include <emcf/unwrap/emcf_settings.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

/// What the spatial stage needs, shared read-only by all workers.
struct SpatialStage {
    const PlanarGraph* spatial = nullptr;
    const PlanarGraph* temporal = nullptr;
    const DualGraph* spatial_dual = nullptr;
    const SpatialSolver<>* solver = nullptr;
    StackKind kind = StackKind::slc;
    double closure_tolerance = 1e-3;
};

/// Per-worker scratch, reused across interferograms.
struct SpatialWorker {
    std::vector<double> gradient;
    std::vector<double> sums;
    std::vector<std::int32_t> residues;
    std::vector<std::int32_t> flows;
    SpatialSolver<>::Workspace workspace;
    IntegrationOptions integration;
};

/// Wrapped double difference of interferogram k on link (p, q) from the row-major
/// phases; the same arithmetic as double_differences() in the temporal stage.
template <class Real>
double link_difference(const SpatialStage& st, const StackPhases<Real>& ph,
                       std::size_t k, std::size_t p, std::size_t q)
{
    if (st.kind == StackKind::interferograms) {
        const Real* row = ph.row(k);
        return static_cast<double>(wrap<Real>(row[q] - row[p]));
    }
    const auto& e = st.temporal->edge(k);
    const Real* ri = ph.row(static_cast<std::size_t>(e[0]));
    const Real* rj = ph.row(static_cast<std::size_t>(e[1]));
    const double dj = static_cast<double>(rj[q]) - static_cast<double>(rj[p]);
    const double di = static_cast<double>(ri[q]) - static_cast<double>(ri[p]);
    return wrap(dj - di);
}

/// Unwrap interferogram k into `out` (npoints values).
/// @param ambiguity nlinks × nifg temporal ambiguities (row per link)
/// @param link_valid nlinks flags
/// @param forest spanning forest of the valid points, rooted at the references
/// @param reference_values value at each component's reference for this interferogram
template <class Real, class OutView>
SpatialDiagnostics
spatial_interferogram(const SpatialStage& st, const StackPhases<Real>& ph,
                      const StridedView2D<const ambiguity_type>& ambiguity,
                      const std::vector<std::uint8_t>& link_valid, std::size_t k,
                      const SpanningForest& forest,
                      std::vector<double> reference_values, SpatialWorker& wk,
                      const OutView& out)
{
    const std::size_t nlinks = st.spatial->nedges();
    wk.gradient.resize(nlinks);
    wk.flows.resize(nlinks);
    wk.residues.resize(st.spatial_dual->nnodes());
    for (std::size_t m = 0; m < nlinks; ++m) {
        if (link_valid[m] == 0) {
            wk.gradient[m] = 0.0; // a free edge (cost 0) in the masked network
            continue;
        }
        const auto& e = st.spatial->edge(m);
        wk.gradient[m] = link_difference(st, ph, k, static_cast<std::size_t>(e[0]),
                                         static_cast<std::size_t>(e[1])) +
                         two_pi<double>() * ambiguity(m, k);
    }
    residues_from_gradients_into(*st.spatial_dual, view1d(wk.gradient.data(), nlinks),
                                 view1d(wk.residues.data(), wk.residues.size()),
                                 wk.sums);
    const auto flow = st.solver->solve(view1d(wk.residues.data(), wk.residues.size()),
                                       view1d(wk.flows.data(), nlinks), wk.workspace);
    SpatialDiagnostics diag;
    diag.flow_status = flow.status;
    diag.residues = flow.total_supply;
    diag.flow_cost = flow.total_cost;
    if (flow.status != FlowStatus::optimal) {
        for (std::size_t p = 0; p < out.size(); ++p) {
            out[p] = std::numeric_limits<typename OutView::value_type>::quiet_NaN();
        }
        return diag;
    }
    // Links of masked points are not in the forest: they are never integrated.
    wk.integration.closure_tolerance = st.closure_tolerance;
    wk.integration.reference_values = std::move(reference_values);
    const auto integ =
            integrate_gradients(forest, view1d(wk.gradient.data(), nlinks),
                                view1d(wk.flows.data(), nlinks), out, wk.integration);
    diag.closure = integ.closure;
    diag.nclosure_errors = integ.nclosure_errors;
    diag.max_closure_error = integ.max_closure_error;
    return diag;
}

} // namespace detail
EMCF_END_NAMESPACE
