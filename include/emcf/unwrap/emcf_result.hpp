#pragma once
/// @file
/// @brief What an EMCF unwrapping returns besides the unwrapped interferograms:
///        per-link, per-interferogram and per-point diagnostics, and timings.

#include <cstddef>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include <emcf/core/config.hpp>
#include <emcf/core/status.hpp>
#include <emcf/graph/planar_graph.hpp>

EMCF_BEGIN_NAMESPACE

/// Per-link outcome of the temporal stage (one entry per spatial link).
struct TemporalDiagnostics {
    /// Total positive temporal residue of the (model-guided) gradients: 0 when every
    /// temporal cycle already closed.
    std::vector<std::int32_t> residues;
    /// Σ |f_k|: 2π cycles the temporal min-cost flow added over the interferograms.
    std::vector<std::int32_t> corrections;
    /// optimal, or infeasible (then the link keeps its model-guided gradients).
    std::vector<FlowStatus> status;
    /// Link usable: both end points valid. Unusable links carry no ambiguities and
    /// are left out of spatial unwrapping.
    std::vector<std::uint8_t> valid;
};

/// Per-interferogram outcome of the spatial stage.
struct SpatialDiagnostics {
    FlowStatus flow_status = FlowStatus::optimal; ///< of the spatial min-cost flow
    std::int64_t residues = 0;                    ///< total positive spatial residue
    std::int64_t flow_cost = 0;                   ///< optimal cost of the spatial flow
    ClosureStatus closure = ClosureStatus::closed;
    std::size_t nclosure_errors =
            0;                    ///< links whose unwrapped gradient disagrees with
                                  ///< the integrated values by more than the tolerance
    double max_closure_error = 0; ///< [rad]
};

/// Result of the temporal unwrapping of links (TemporalUnwrapper::unwrap, and the
/// first stage of EmcfUnwrapper::unwrap).
struct TemporalResult {
    TemporalDiagnostics temporal;
    /// Link model (empty when disabled): nparams × nlinks parameters in the design's
    /// units (e.g. mm/yr, m) as differences "high point minus low point"; NaN where not
    /// estimated.
    Eigen::MatrixXd link_params;
    std::vector<float> link_coherence;   ///< nlinks temporal coherence of the model
    std::vector<LinkStatus> link_status; ///< nlinks
};

/// Result of EmcfUnwrapper::unwrap().
struct EmcfResult : TemporalResult {
    /// The progress callback asked to stop; unfinished outputs are NaN.
    bool cancelled = false;
    std::vector<SpatialDiagnostics> interferograms; ///< nifg
    /// Per point: ok, reference, masked (by the caller or by non-finite /
    /// zero-amplitude samples), isolated (no usable link). Never dropped: unwrapped
    /// values are NaN.
    std::vector<PointStatus> point_status;
    std::vector<std::int32_t> component; ///< per point, -1 when masked or isolated
    std::size_t ncomponents = 0;
    std::vector<graph_index> references; ///< reference point of each component
    double seconds_prepare = 0;  ///< wall time [s]: phases, validity, references
    double seconds_temporal = 0; ///< per-link model and temporal unwrapping
    double seconds_spatial = 0;  ///< spatial unwrapping and integration
};

EMCF_END_NAMESPACE
