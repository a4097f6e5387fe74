#pragma once
/// @file
/// @brief Settings of the EMCF unwrapper: costs, the per-link model, memory budget,
///        threads, references, and the progress / cancellation callback type.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include <Eigen/Core>

#include <emcf/core/config.hpp>
#include <emcf/model/estimate_links.hpp>
#include <emcf/model/parameter_grid.hpp>

EMCF_BEGIN_NAMESPACE

/// What the rows of a stack are (explicit: spurt's row-count rule is ambiguous).
enum class StackKind : std::uint8_t {
    slc, ///< nepochs × npoints SLC values (complex) or phases [rad]; epoch order
         ///< of the temporal graph's points
    interferograms, ///< nifg × npoints interferogram values (complex) or phases [rad];
                    ///< row k is temporal edge k = (i, j), i < j: "epoch j minus epoch
                    ///< i"
};

/// Edge-cost model of a min-cost-flow stage (graph/costs.hpp).
enum class CostModel : std::uint8_t {
    constant, ///< all ones (spurt's default)
    distance, ///< spurt's inverse distance rint(1 + scale/length)
    centroid, ///< spurt's dual-centroid distance, with positive boundary costs
    caller,   ///< CostSettings::costs (and revcosts)
};

/// Costs of one min-cost-flow stage.
struct CostSettings {
    CostModel model = CostModel::constant;
    double scale = 100.0;            ///< scale of the distance / centroid models
    std::vector<std::int64_t> costs; ///< CostModel::caller: price of +2π per edge
    std::vector<std::int64_t>
            revcosts; ///< CostModel::caller: price of −2π; empty = costs
};

/// The per-link model (velocity, DEM error, ...) estimated and removed before temporal
/// unwrapping (reference/algorithm.md §5.7–§5.8).
struct LinkModelSettings {
    bool enabled = false;
    /// nifg × nparams design matrix [rad per unit], rows in temporal-edge order
    /// (emcf::design_matrix). Every row must be a difference of epoch terms, so that
    /// the model closes around every temporal cycle (checked).
    Eigen::MatrixXd design;
    /// Search grid: one inclusive range per design column (emcf::ParameterGrid).
    std::vector<ParameterRange> grid;
    /// Search path, refinement, minimum samples. `threads`, `chunk` and
    /// `memory_budget` are managed by the unwrapper.
    EstimatorOptions estimator;
    /// Optional per-link scale of the DEM column (per-link geometry, emcf::dem_scale):
    /// nlinks values, or empty.
    std::vector<double> dem_scale;
};

/// Stage reported to the progress callback.
enum class UnwrapStage : std::uint8_t {
    temporal, ///< per-link model + temporal unwrapping; work = spatial links
    spatial,  ///< spatial unwrapping; work = interferograms
};

/// Progress callback: `(stage, done, total)`, called on the calling thread between
/// batches; return false to stop (the call then returns with `cancelled` set).
using ProgressCallback =
        std::function<bool(UnwrapStage stage, std::size_t done, std::size_t total)>;

/// Settings of emcf::EmcfUnwrapper.
struct EmcfSettings {
    CostSettings temporal_costs; ///< costs on the temporal graph's edges
    CostSettings spatial_costs;  ///< costs on the spatial graph's edges
    LinkModelSettings link_model;
    /// Scratch budget of the temporal stage [bytes] (link batches and estimator
    /// tables); the ambiguity table (2 bytes per interferogram and link) and the
    /// caller's arrays come on top.
    std::size_t memory_budget = std::size_t{512} << 20;
    /// Worker threads: 1 = the calling thread only, 0 = one per hardware thread.
    int threads = 1;
    /// Links per progress report / cancellation check; 0 = automatic.
    std::size_t links_per_batch = 0;
    /// Closure tolerance of the spatial integration [rad].
    double closure_tolerance = 1e-3;
    /// Reference points, at most one per connected component of the valid points;
    /// other components use their lowest point index. At a reference point the
    /// unwrapped interferograms equal that point's own (temporally consistent) phase.
    std::vector<std::size_t> reference_points;
};

EMCF_END_NAMESPACE
