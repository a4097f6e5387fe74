// Graph kernels at the sizes of a spurt tile (10^4 .. 10^6 points): Delaunay
// triangulation of random points and of a pixel lattice (co-circular everywhere), the
// dual graph, residues from gradients, centroid costs and flood-fill integration.
// Second argument of the graph kernels: 0 = random point order, 1 = raster order (the
// order of np.nonzero on a pixel mask, what spurt and dolphin pass). Random points are
// NumPy's `np.random.seed(1); np.random.rand(n, 2)` bit for bit, so
// benchmarks/compare_delaunay.sh can time scipy.spatial.Delaunay on the same points.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include <emcf/graph/costs.hpp>
#include <emcf/graph/delaunay.hpp>
#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/residues.hpp>
#include <emcf/integrate/integrate_gradients.hpp>
#include <emcf/integrate/spanning_forest.hpp>

#include "numpy_rng.hpp"

namespace {

std::vector<double> random_points(std::size_t n)
{
    emcf_test::NumpyRandom rng(1);
    return rng.rand(2 * n); // = np.random.rand(n, 2), row-major
}

std::vector<double> lattice_points(std::size_t side)
{
    std::vector<double> xy(2 * side * side);
    for (std::size_t p = 0; p < side * side; ++p) {
        xy[2 * p] = static_cast<double>(p % side);
        xy[2 * p + 1] = static_cast<double>(p / side);
    }
    return xy;
}

// The random points reordered as a pixel selection arrives (np.nonzero: row-major over
// a sqrt(n) x sqrt(n) raster): neighbouring points get nearby indices.
std::vector<double> raster_ordered(const std::vector<double>& xy)
{
    const std::size_t n = xy.size() / 2;
    const double rows = std::sqrt(static_cast<double>(n));
    std::vector<std::size_t> order(n);
    for (std::size_t p = 0; p < n; ++p) {
        order[p] = p;
    }
    auto key = [&](std::size_t p) {
        return std::make_pair(std::floor(xy[2 * p + 1] * rows), xy[2 * p]);
    };
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
    std::vector<double> out(2 * n);
    for (std::size_t k = 0; k < n; ++k) {
        out[2 * k] = xy[2 * order[k]];
        out[2 * k + 1] = xy[2 * order[k] + 1];
    }
    return out;
}

// One graph per (size, order), built once and shared by the kernels that run on it.
// order 0: random point indices; 1: raster order.
const emcf::PlanarGraph& random_graph(std::size_t n, std::int64_t order)
{
    static std::map<std::pair<std::size_t, std::int64_t>, emcf::PlanarGraph> cache;
    auto it = cache.find({n, order});
    if (it == cache.end()) {
        auto xy = random_points(n);
        if (order == 1) {
            xy = raster_ordered(xy);
        }
        it = cache.emplace(std::make_pair(n, order),
                           emcf::delaunay_graph(emcf::row_major_view(xy.data(), n, 2)))
                     .first;
    }
    return it->second;
}

// A smooth field with noise: about 1-2 % of the triangles carry a residue.
std::vector<float> wrapped_gradients(const emcf::PlanarGraph& g, double noise)
{
    std::vector<double> field(g.npoints());
    emcf_test::NumpyRandom rng(7);
    for (std::size_t p = 0; p < g.npoints(); ++p) {
        field[p] = 40.0 * (g.x(p) + 0.5 * g.y(p)) + noise * rng.randn();
    }
    std::vector<float> grad(g.nedges());
    for (std::size_t e = 0; e < g.nedges(); ++e) {
        grad[e] = static_cast<float>(
                emcf::wrapped_diff(field[static_cast<std::size_t>(g.edge(e)[0])],
                                   field[static_cast<std::size_t>(g.edge(e)[1])]));
    }
    return grad;
}

void set_points(benchmark::State& state, std::size_t n)
{
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(n));
    state.counters["points"] = static_cast<double>(n);
}

} // namespace

static void BM_delaunay_random(benchmark::State& state)
{
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto xy = random_points(n);
    for (auto _ : state) {
        auto g = emcf::delaunay_graph(emcf::row_major_view(xy.data(), n, 2));
        benchmark::DoNotOptimize(g.cycle_vertices().data());
    }
    set_points(state, n);
}
BENCHMARK(BM_delaunay_random)
        ->Arg(10000)
        ->Arg(100000)
        ->Arg(1000000)
        ->Unit(benchmark::kMillisecond);

static void BM_delaunay_lattice(benchmark::State& state)
{
    const auto side = static_cast<std::size_t>(state.range(0));
    const auto xy = lattice_points(side);
    for (auto _ : state) {
        auto g = emcf::delaunay_graph(emcf::row_major_view(xy.data(), side * side, 2));
        benchmark::DoNotOptimize(g.cycle_vertices().data());
    }
    set_points(state, side * side);
}
BENCHMARK(BM_delaunay_lattice)->Arg(316)->Arg(1000)->Unit(benchmark::kMillisecond);

static void BM_dual_graph(benchmark::State& state)
{
    const auto& g =
            random_graph(static_cast<std::size_t>(state.range(0)), state.range(1));
    for (auto _ : state) {
        emcf::DualGraph d(g);
        benchmark::DoNotOptimize(&d);
    }
    set_points(state, g.npoints());
}
BENCHMARK(BM_dual_graph)
        ->Args({1000000, 0})
        ->Args({1000000, 1})
        ->Unit(benchmark::kMillisecond);

static void BM_residues_from_gradients(benchmark::State& state)
{
    const auto& g =
            random_graph(static_cast<std::size_t>(state.range(0)), state.range(1));
    const emcf::DualGraph d(g);
    const auto grad = wrapped_gradients(g, 1.0);
    std::vector<std::int32_t> res(d.nnodes());
    for (auto _ : state) {
        emcf::residues_from_gradients(d, emcf::view1d(grad.data(), grad.size()),
                                      emcf::view1d(res.data(), res.size()));
        benchmark::DoNotOptimize(res.data());
    }
    std::size_t nonzero = 0;
    for (std::size_t k = 1; k < res.size(); ++k) {
        nonzero += res[k] != 0;
    }
    state.counters["residue_fraction"] = double(nonzero) / double(res.size() - 1);
    set_points(state, g.npoints());
}
BENCHMARK(BM_residues_from_gradients)
        ->Args({100000, 0})
        ->Args({1000000, 0})
        ->Args({1000000, 1})
        ->Unit(benchmark::kMillisecond);

static void BM_centroid_costs(benchmark::State& state)
{
    const auto& g =
            random_graph(static_cast<std::size_t>(state.range(0)), state.range(1));
    const emcf::DualGraph d(g);
    std::vector<std::int64_t> costs(g.nedges());
    for (auto _ : state) {
        emcf::centroid_costs(g, d, emcf::view1d(costs.data(), costs.size()));
        benchmark::DoNotOptimize(costs.data());
    }
    set_points(state, g.npoints());
}
BENCHMARK(BM_centroid_costs)
        ->Args({1000000, 0})
        ->Args({1000000, 1})
        ->Unit(benchmark::kMillisecond);

// Flood fill of gradients + flows (the flows here are the true cycle counts of the
// noise-free field, so every cycle closes, as after a successful MCF). Third argument:
// 0 = from the graph (search per call), 1 = over a prepared SpanningForest (the spatial
// step's case: one graph, one interferogram after the other).
static void BM_integrate_gradients(benchmark::State& state)
{
    const auto& g =
            random_graph(static_cast<std::size_t>(state.range(0)), state.range(1));
    std::vector<float> grad(g.nedges());
    std::vector<std::int32_t> flows(g.nedges());
    for (std::size_t e = 0; e < g.nedges(); ++e) {
        const auto a = static_cast<std::size_t>(g.edge(e)[0]);
        const auto b = static_cast<std::size_t>(g.edge(e)[1]);
        const double d = 40.0 * ((g.x(b) - g.x(a)) + 0.5 * (g.y(b) - g.y(a)));
        grad[e] = static_cast<float>(emcf::wrap(d));
        flows[e] = static_cast<std::int32_t>(
                std::nearbyint((d - grad[e]) / emcf::two_pi<double>()));
    }
    std::vector<float> out(g.npoints());
    const emcf::SpanningForest forest(g);
    const auto gv = emcf::view1d(grad.data(), grad.size());
    const auto fv = emcf::view1d(flows.data(), flows.size());
    const auto ov = emcf::view1d(out.data(), out.size());
    for (auto _ : state) {
        const auto r = state.range(2) == 0
                               ? emcf::integrate_gradients(g, gv, fv, ov)
                               : emcf::integrate_gradients(forest, gv, fv, ov);
        benchmark::DoNotOptimize(r.nchecked);
    }
    set_points(state, g.npoints());
}
BENCHMARK(BM_integrate_gradients)
        ->Args({1000000, 0, 0})
        ->Args({1000000, 1, 0})
        ->Args({1000000, 0, 1})
        ->Args({1000000, 1, 1})
        ->Unit(benchmark::kMillisecond);

static void BM_spanning_forest(benchmark::State& state)
{
    const auto& g =
            random_graph(static_cast<std::size_t>(state.range(0)), state.range(1));
    for (auto _ : state) {
        const emcf::SpanningForest forest(g);
        benchmark::DoNotOptimize(forest.ncomponents());
    }
    set_points(state, g.npoints());
}
BENCHMARK(BM_spanning_forest)
        ->Args({1000000, 0})
        ->Args({1000000, 1})
        ->Unit(benchmark::kMillisecond);
