#pragma once
// Shared helpers of the min-cost-flow tests: the LEMON NetworkSimplex oracle, flow
// checks (conservation, recomputed cost, cycle closure), seeded problem generators and
// a triangulated grid with random diagonals.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

// GCC 12 flags LEMON's SmartDigraph::addNode/addArc (value-initialised PODs pushed into
// a vector, inlined here) as maybe-uninitialised: a false positive in the oracle.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <emcf/core/math.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/planar_graph.hpp>
#include <emcf/graph/residues.hpp>
#include <emcf/mcf/flow_network.hpp>

namespace emcf_test {

template <class T>
auto view(std::vector<T>& v)
{
    return emcf::view1d(v.data(), v.size());
}
template <class T>
auto view(const std::vector<T>& v)
{
    return emcf::view1d(v.data(), v.size());
}

/// Optimal cost by LEMON NetworkSimplex<SmartDigraph, int64, int64> on the same network
/// (arc tail -> head with cost, head -> tail with revcost, unbounded); -1 if
/// infeasible.
template <class Cost>
std::int64_t lemon_min_cost(const emcf::FlowNetwork<Cost>& net,
                            const std::vector<std::int64_t>& residues)
{
    using Graph = lemon::SmartDigraph;
    Graph g;
    std::vector<Graph::Node> nodes;
    for (std::size_t u = 0; u < net.nnodes(); ++u) {
        nodes.push_back(g.addNode());
    }
    Graph::ArcMap<std::int64_t> cost(g);
    for (std::size_t e = 0; e < net.nedges(); ++e) {
        if (!net.is_active(e)) {
            continue;
        }
        const auto t = nodes[std::size_t(net.tail(e))];
        const auto h = nodes[std::size_t(net.head(e))];
        cost.set(g.addArc(t, h), std::int64_t(net.cost(e)));
        cost.set(g.addArc(h, t), std::int64_t(net.revcost(e)));
    }
    Graph::NodeMap<std::int64_t> supply(g);
    for (std::size_t u = 0; u < net.nnodes(); ++u) {
        supply.set(nodes[u], residues[u]);
    }
    lemon::NetworkSimplex<Graph, std::int64_t, std::int64_t> ns(g);
    ns.costMap(cost).supplyMap(supply);
    const auto status = ns.run();
    if (status != lemon::NetworkSimplex<Graph, std::int64_t, std::int64_t>::OPTIMAL) {
        return -1;
    }
    return ns.totalCost();
}

/// Whether the flows satisfy conservation (outflow - inflow = residue at every node)
/// and never use an inactive edge.
template <class Cost, class F>
bool conserves(const emcf::FlowNetwork<Cost>& net,
               const std::vector<std::int64_t>& residues, const std::vector<F>& flows)
{
    std::vector<std::int64_t> balance(net.nnodes(), 0);
    for (std::size_t e = 0; e < net.nedges(); ++e) {
        if (!net.is_active(e) && flows[e] != 0) {
            return false;
        }
        balance[std::size_t(net.tail(e))] += flows[e];
        balance[std::size_t(net.head(e))] -= flows[e];
    }
    return balance == residues;
}

/// Cost of the flows, recomputed edge by edge.
template <class Cost, class F>
std::int64_t flow_cost(const emcf::FlowNetwork<Cost>& net, const std::vector<F>& flows)
{
    std::int64_t c = 0;
    for (std::size_t e = 0; e < net.nedges(); ++e) {
        const std::int64_t f = flows[e];
        c += f > 0 ? f * std::int64_t(net.cost(e)) : -f * std::int64_t(net.revcost(e));
    }
    return c;
}

/// Residues of the corrected gradients g + 2π f (all zero when the flows close every
/// cycle).
template <class F>
std::vector<std::int64_t> residues_after(const emcf::DualGraph& dual,
                                         const std::vector<double>& gradients,
                                         const std::vector<F>& flows)
{
    std::vector<double> corrected(gradients.size());
    for (std::size_t e = 0; e < gradients.size(); ++e) {
        corrected[e] = gradients[e] + emcf::two_pi<double>() * double(flows[e]);
    }
    std::vector<std::int64_t> r(dual.nnodes());
    emcf::residues_from_gradients(dual, view(corrected), view(r));
    return r;
}

/// Wrapped gradients of a smooth random field plus white noise of `noise` rad, along
/// every edge low -> high.
inline std::vector<double> noisy_gradients(const emcf::PlanarGraph& g,
                                           std::mt19937& gen, double noise)
{
    std::normal_distribution<double> normal(0.0, 1.0);
    const double a = 0.3 * normal(gen);
    const double b = 0.3 * normal(gen);
    std::vector<double> phase(g.npoints());
    for (std::size_t p = 0; p < phase.size(); ++p) {
        const double x = g.has_coordinates() ? g.x(p) : double(p);
        const double y = g.has_coordinates() ? g.y(p) : 0.0;
        phase[p] = a * x + b * y + 2.0 * std::sin(0.05 * x * y) + noise * normal(gen);
    }
    std::vector<double> grad(g.nedges());
    for (std::size_t e = 0; e < g.nedges(); ++e) {
        grad[e] = emcf::wrapped_diff(phase[std::size_t(g.edge(e)[0])],
                                     phase[std::size_t(g.edge(e)[1])]);
    }
    return grad;
}

/// Random balanced supplies: `npairs` units of +1 and -1 on random nodes (values add up
/// where nodes repeat, so |residue| > 1 occurs), the ground (node 0) taking the
/// imbalance of `nground` extra units of random sign.
inline std::vector<std::int64_t> random_supplies(std::size_t nnodes, std::size_t npairs,
                                                 std::size_t nground, std::mt19937& gen)
{
    std::uniform_int_distribution<std::size_t> node(1, nnodes - 1);
    std::vector<std::int64_t> r(nnodes, 0);
    for (std::size_t i = 0; i < npairs; ++i) {
        ++r[node(gen)];
        --r[node(gen)];
    }
    for (std::size_t i = 0; i < nground; ++i) {
        const std::int64_t sign = gen() % 2 == 0 ? 1 : -1;
        r[node(gen)] += sign;
        r[0] -= sign;
    }
    return r;
}

/// Random integer costs in [lo, hi], one per edge.
inline std::vector<std::int64_t> random_costs(std::size_t nedges, std::int64_t lo,
                                              std::int64_t hi, std::mt19937& gen)
{
    std::uniform_int_distribution<std::int64_t> d(lo, hi);
    std::vector<std::int64_t> c(nedges);
    for (auto& x : c) {
        x = d(gen);
    }
    return c;
}

/// nrows x ncols grid of points, each square split into two triangles along a random
/// diagonal; triangles oriented like grid_graph's squares.
inline emcf::PlanarGraph triangulated_grid(std::size_t nrows, std::size_t ncols,
                                           std::mt19937& gen)
{
    using emcf::graph_index;
    const auto nc = graph_index(ncols);
    std::vector<double> xy;
    for (std::size_t r = 0; r < nrows; ++r) {
        for (std::size_t c = 0; c < ncols; ++c) {
            xy.push_back(double(c));
            xy.push_back(double(r));
        }
    }
    std::vector<emcf::Edge> edges;
    std::vector<graph_index> offsets{0};
    std::vector<graph_index> vertices;
    auto tri = [&](graph_index a, graph_index b, graph_index c) {
        vertices.insert(vertices.end(), {a, b, c});
        offsets.push_back(graph_index(vertices.size()));
    };
    for (graph_index r = 0; r < graph_index(nrows); ++r) {
        for (graph_index c = 0; c < nc; ++c) {
            const graph_index k = r * nc + c;
            if (c + 1 < nc) {
                edges.push_back({k, k + 1});
            }
            if (r + 1 < graph_index(nrows)) {
                edges.push_back({k, k + nc});
                if (c + 1 < nc) {
                    // square a=(r,c) b=(r,c+1) d=(r+1,c) e=(r+1,c+1), walked a d e b
                    const graph_index a = k, b = k + 1, d = k + nc, e = k + nc + 1;
                    if (gen() % 2 == 0) {
                        edges.push_back({a, e});
                        tri(a, d, e);
                        tri(a, e, b);
                    } else {
                        edges.push_back({b, d});
                        tri(a, d, b);
                        tri(d, e, b);
                    }
                }
            }
        }
    }
    return emcf::PlanarGraph(std::move(xy), nrows * ncols, std::move(edges),
                             std::move(offsets), std::move(vertices));
}

} // namespace emcf_test
