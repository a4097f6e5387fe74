#pragma once
/// @file
/// @brief Building blocks of integrate_link_parameters(): components over usable links,
///        reference choice, the weighted-Laplacian solve, Huber re-weighting and
///        maximum-spanning-tree integration.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include <Eigen/SparseCholesky>
#include <Eigen/SparseCore>

#include <emcf/core/assert.hpp>
#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/graph/planar_graph.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

/// Adjacency over the links with positive weight, in CSR form.
struct WeightedAdjacency {
    std::vector<std::size_t> offsets; // npoints + 1
    std::vector<std::size_t> edge;    // edge index per slot
};

inline WeightedAdjacency usable_adjacency(const PlanarGraph& graph,
                                          const std::vector<double>& weight)
{
    WeightedAdjacency adj;
    adj.offsets.assign(graph.npoints() + 1, 0);
    for (std::size_t e = 0; e < graph.nedges(); ++e) {
        if (weight[e] > 0) {
            ++adj.offsets[static_cast<std::size_t>(graph.edge(e)[0]) + 1];
            ++adj.offsets[static_cast<std::size_t>(graph.edge(e)[1]) + 1];
        }
    }
    std::partial_sum(adj.offsets.begin(), adj.offsets.end(), adj.offsets.begin());
    adj.edge.resize(adj.offsets.back());
    std::vector<std::size_t> fill(adj.offsets.begin(), adj.offsets.end() - 1);
    for (std::size_t e = 0; e < graph.nedges(); ++e) {
        if (weight[e] > 0) {
            adj.edge[fill[static_cast<std::size_t>(graph.edge(e)[0])]++] = e;
            adj.edge[fill[static_cast<std::size_t>(graph.edge(e)[1])]++] = e;
        }
    }
    return adj;
}

/// Connected components over usable links. Labels follow the lowest point index of each
/// component (deterministic); points without a usable link get -1.
struct LinkComponents {
    std::size_t ncomponents = 0;
    std::vector<std::int32_t> label;
    std::vector<std::size_t> first_point; // lowest point index per component
};

inline LinkComponents link_components(const PlanarGraph& graph,
                                      const std::vector<double>& weight)
{
    const auto adj = usable_adjacency(graph, weight);
    LinkComponents comp;
    comp.label.assign(graph.npoints(), -1);
    std::vector<std::size_t> queue;
    for (std::size_t p = 0; p < graph.npoints(); ++p) {
        if (comp.label[p] >= 0 || adj.offsets[p] == adj.offsets[p + 1]) {
            continue;
        }
        const auto id = static_cast<std::int32_t>(comp.ncomponents++);
        comp.first_point.push_back(p);
        comp.label[p] = id;
        queue.assign(1, p);
        for (std::size_t head = 0; head < queue.size(); ++head) {
            const std::size_t u = queue[head];
            for (std::size_t s = adj.offsets[u]; s < adj.offsets[u + 1]; ++s) {
                const auto& ed = graph.edge(adj.edge[s]);
                const auto v = static_cast<std::size_t>(
                        ed[0] == static_cast<graph_index>(u) ? ed[1] : ed[0]);
                if (comp.label[v] < 0) {
                    comp.label[v] = id;
                    queue.push_back(v);
                }
            }
        }
    }
    return comp;
}

/// One reference point per component: the caller's where given, else the lowest index.
template <class MaskView>
std::vector<std::size_t> choose_references(const LinkComponents& comp,
                                           const std::vector<std::size_t>& requested,
                                           const MaskView& mask, std::size_t npoints)
{
    std::vector<std::size_t> refs = comp.first_point;
    std::vector<char> taken(comp.ncomponents, 0);
    for (const auto r : requested) {
        const std::string name = "options.reference_points";
        if (r >= npoints) {
            throw_invalid(name,
                          "point " + std::to_string(r) + " is outside [0, npoints)");
        }
        if (!mask.empty() && mask[r] == 0) {
            throw_invalid(name, "point " + std::to_string(r) + " is masked");
        }
        if (comp.label[r] < 0) {
            throw_invalid(name, "point " + std::to_string(r) +
                                        " is not reached by any usable link");
        }
        const auto c = static_cast<std::size_t>(comp.label[r]);
        if (taken[c] != 0) {
            throw_invalid(name, "points " + std::to_string(refs[c]) + " and " +
                                        std::to_string(r) +
                                        " are in the same connected component");
        }
        taken[c] = 1;
        refs[c] = r;
    }
    return refs;
}

/// Weighted least squares with v = 0 at each reference: the Laplacian restricted to the
/// other usable points is symmetric positive definite; solved by sparse LDLᵀ.
inline void solve_weighted_laplacian(const PlanarGraph& graph,
                                     const std::vector<double>& weight,
                                     const std::vector<double>& link_value,
                                     const std::vector<std::size_t>& refs,
                                     const LinkComponents& comp, std::vector<double>& v)
{
    constexpr auto kNone = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> index(graph.npoints(), kNone);
    std::vector<char> is_ref(graph.npoints(), 0);
    for (const auto r : refs) {
        is_ref[r] = 1;
    }
    std::size_t n = 0;
    for (std::size_t p = 0; p < graph.npoints(); ++p) {
        if (comp.label[p] >= 0 && is_ref[p] == 0) {
            index[p] = n++;
        }
    }
    std::vector<Eigen::Triplet<double>> triplets;
    triplets.reserve(4 * graph.nedges());
    Eigen::VectorXd rhs = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
    for (std::size_t e = 0; e < graph.nedges(); ++e) {
        const double w = weight[e];
        if (!(w > 0)) {
            continue;
        }
        const auto p = index[static_cast<std::size_t>(graph.edge(e)[0])];
        const auto q = index[static_cast<std::size_t>(graph.edge(e)[1])];
        const auto ip = static_cast<Eigen::Index>(p);
        const auto iq = static_cast<Eigen::Index>(q);
        // d/dv_q and d/dv_p of w (v_q - v_p - x)^2 / 2
        if (p != kNone) {
            triplets.emplace_back(ip, ip, w);
            rhs[ip] -= w * link_value[e];
        }
        if (q != kNone) {
            triplets.emplace_back(iq, iq, w);
            rhs[iq] += w * link_value[e];
        }
        if (p != kNone && q != kNone) {
            triplets.emplace_back(ip, iq, -w);
            triplets.emplace_back(iq, ip, -w);
        }
    }
    for (const auto r : refs) {
        v[r] = 0.0;
    }
    if (n == 0) {
        return;
    }
    Eigen::SparseMatrix<double> laplacian(static_cast<Eigen::Index>(n),
                                          static_cast<Eigen::Index>(n));
    laplacian.setFromTriplets(triplets.begin(), triplets.end());
    Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> solver(laplacian);
    EMCF_ASSERT(solver.info() == Eigen::Success);
    const Eigen::VectorXd sol = solver.solve(rhs);
    for (std::size_t p = 0; p < graph.npoints(); ++p) {
        if (index[p] != kNone) {
            v[p] = sol[static_cast<Eigen::Index>(index[p])];
        }
    }
}

/// Robust weights from the current link residuals r with the scale
/// s = 1.4826 · median |r| over the used links: Huber w · min(1, k·s / |r|), or Tukey's
/// biweight w · (1 − (r / (k·s))²)² inside the cut-off. Weights are floored at 1e-6 · w
/// so that down-weighted links never disconnect a component (the Laplacian stays
/// positive definite).
inline void robust_reweight(const PlanarGraph& graph, const std::vector<double>& weight,
                            const std::vector<double>& link_value,
                            const std::vector<double>& v, double k, bool tukey,
                            std::vector<double>& new_weight)
{
    std::vector<double> abs_res;
    std::vector<double> res(graph.nedges(), 0.0);
    for (std::size_t e = 0; e < graph.nedges(); ++e) {
        if (weight[e] > 0) {
            const auto& ed = graph.edge(e);
            res[e] = v[static_cast<std::size_t>(ed[1])] -
                     v[static_cast<std::size_t>(ed[0])] - link_value[e];
            abs_res.push_back(std::fabs(res[e]));
        }
    }
    if (abs_res.empty()) {
        return;
    }
    const auto mid = abs_res.begin() + static_cast<std::ptrdiff_t>(abs_res.size() / 2);
    std::nth_element(abs_res.begin(), mid, abs_res.end());
    const double scale = 1.4826 * *mid;
    if (!(scale > 0)) {
        return; // at least half the links fit exactly: nothing to down-weight robustly
    }
    const double threshold = k * scale;
    for (std::size_t e = 0; e < graph.nedges(); ++e) {
        const double a = std::fabs(res[e]);
        double f = 0;
        if (tukey) {
            const double t = a / threshold;
            f = t < 1 ? (1 - t * t) * (1 - t * t) : 0.0;
        } else {
            f = a <= threshold ? 1.0 : threshold / a;
        }
        new_weight[e] = weight[e] * std::max(f, 1e-6);
    }
}

/// Integrate along the maximum-weight spanning forest (Kruskal; ties by edge index).
inline void integrate_spanning_tree(const PlanarGraph& graph,
                                    const std::vector<double>& weight,
                                    const std::vector<double>& link_value,
                                    const std::vector<std::size_t>& refs,
                                    const LinkComponents& comp, std::vector<double>& v)
{
    std::vector<std::size_t> order;
    for (std::size_t e = 0; e < graph.nedges(); ++e) {
        if (weight[e] > 0) {
            order.push_back(e);
        }
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return weight[a] > weight[b];
    });
    std::vector<std::size_t> parent(graph.npoints());
    std::iota(parent.begin(), parent.end(), std::size_t{0});
    auto find = [&](std::size_t a) {
        while (parent[a] != a) {
            parent[a] = parent[parent[a]];
            a = parent[a];
        }
        return a;
    };
    std::vector<double> tree_weight(graph.nedges(), 0.0);
    for (const auto e : order) {
        const auto a = find(static_cast<std::size_t>(graph.edge(e)[0]));
        const auto b = find(static_cast<std::size_t>(graph.edge(e)[1]));
        if (a != b) {
            parent[std::max(a, b)] = std::min(a, b);
            tree_weight[e] = 1.0;
        }
    }
    const auto tree = usable_adjacency(graph, tree_weight);
    std::vector<std::size_t> queue;
    for (std::size_t c = 0; c < comp.ncomponents; ++c) {
        const auto r = refs[c];
        v[r] = 0.0;
        queue.assign(1, r);
        for (std::size_t head = 0; head < queue.size(); ++head) {
            const std::size_t u = queue[head];
            for (std::size_t s = tree.offsets[u]; s < tree.offsets[u + 1]; ++s) {
                const std::size_t e = tree.edge[s];
                const auto lo = static_cast<std::size_t>(graph.edge(e)[0]);
                const auto hi = static_cast<std::size_t>(graph.edge(e)[1]);
                const std::size_t other = lo == u ? hi : lo;
                if (std::isnan(v[other])) {
                    v[other] = lo == u ? v[u] + link_value[e] : v[u] - link_value[e];
                    queue.push_back(other);
                }
            }
        }
    }
}

/// Shift each component so that the median of its values is 0 (the mean of the two
/// middle values for an even count).
inline void shift_to_zero_median(const LinkComponents& comp, std::vector<double>& v)
{
    std::vector<std::vector<double>> members(comp.ncomponents);
    for (std::size_t p = 0; p < v.size(); ++p) {
        if (comp.label[p] >= 0) {
            members[static_cast<std::size_t>(comp.label[p])].push_back(v[p]);
        }
    }
    std::vector<double> median(comp.ncomponents, 0.0);
    for (std::size_t c = 0; c < comp.ncomponents; ++c) {
        auto& m = members[c];
        std::sort(m.begin(), m.end());
        const std::size_t n = m.size();
        median[c] = n % 2 == 1 ? m[n / 2] : 0.5 * (m[n / 2 - 1] + m[n / 2]);
    }
    for (std::size_t p = 0; p < v.size(); ++p) {
        if (comp.label[p] >= 0) {
            v[p] -= median[static_cast<std::size_t>(comp.label[p])];
        }
    }
}

} // namespace detail
EMCF_END_NAMESPACE
