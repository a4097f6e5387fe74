#pragma once
/// @file
/// @brief Edge costs of one min-cost-flow stage from its CostSettings.

#include <cstdint>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/graph/costs.hpp>
#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/planar_graph.hpp>
#include <emcf/unwrap/emcf_settings.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

struct EdgeCosts {
    std::vector<std::int64_t> cost;    ///< price of +2π per edge
    std::vector<std::int64_t> revcost; ///< price of −2π per edge
};

inline EdgeCosts edge_costs(const PlanarGraph& graph, const DualGraph& dual,
                            const CostSettings& settings, const char* argument)
{
    EdgeCosts c;
    switch (settings.model) {
    case CostModel::constant:
        c.cost = constant_costs(graph);
        break;
    case CostModel::distance:
        c.cost = distance_costs(graph, settings.scale);
        break;
    case CostModel::centroid:
        c.cost = centroid_costs(graph, dual, CentroidCostOptions{settings.scale});
        break;
    case CostModel::caller:
        require_size(settings.costs.size(), graph.nedges(), argument);
        c.cost = settings.costs;
        if (!settings.revcosts.empty()) {
            require_size(settings.revcosts.size(), graph.nedges(), argument);
            c.revcost = settings.revcosts;
        }
        break;
    }
    if (c.revcost.empty()) {
        c.revcost = c.cost;
    }
    return c;
}

} // namespace detail
EMCF_END_NAMESPACE
