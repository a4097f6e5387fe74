#pragma once
/// @file
/// @brief Umbrella header: the whole core of emcf (target emcf::emcf, Eigen only).
///
/// The xtensor adapter is separate so that the core never pulls in a library the caller
/// does not use: include emcf/adapters/xtensor.hpp (target emcf::xtensor) as needed.
/// The Eigen adapter (emcf/adapters/eigen.hpp) comes with the core.

#include <emcf/core/assert.hpp>
#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/integer_list.hpp>
#include <emcf/core/math.hpp>
#include <emcf/core/parallel.hpp>
#include <emcf/core/status.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/costs.hpp>
#include <emcf/graph/delaunay.hpp>
#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/grid_graph.hpp>
#include <emcf/graph/hop3_graph.hpp>
#include <emcf/graph/planar_graph.hpp>
#include <emcf/graph/residues.hpp>
#include <emcf/graph/temporal_delaunay.hpp>
#include <emcf/graph/user_graph.hpp>
#include <emcf/integrate/connected_components.hpp>
#include <emcf/integrate/integrate_gradients.hpp>
#include <emcf/integrate/integrate_link_parameters.hpp>
#include <emcf/integrate/integrate_points.hpp>
#include <emcf/integrate/integration.hpp>
#include <emcf/integrate/spanning_forest.hpp>
#include <emcf/mcf/flow_network.hpp>
#include <emcf/mcf/flow_result.hpp>
#include <emcf/mcf/sparse_flows.hpp>
#include <emcf/mcf/spatial_solver.hpp>
#include <emcf/mcf/temporal_solver.hpp>
#include <emcf/model/coherence_grid.hpp>
#include <emcf/model/design_matrix.hpp>
#include <emcf/model/estimate_links.hpp>
#include <emcf/model/parameter_grid.hpp>
#include <emcf/model/refine_peak.hpp>
#include <emcf/model/temporal_coherence.hpp>
#include <emcf/unwrap/emcf_result.hpp>
#include <emcf/unwrap/emcf_settings.hpp>
#include <emcf/unwrap/emcf_unwrapper.hpp>
#include <emcf/version.hpp>
