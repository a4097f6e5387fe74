// Throughput of the phase utilities (elements/s): the wrap sits in every inner loop of
// residues, model-guided wrapping and flood fill.
#include <cstddef>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include <emcf/core/math.hpp>

template <class Real>
static void BM_wrap_phases(benchmark::State& state)
{
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto spread = static_cast<Real>(state.range(1));
    std::mt19937 gen(1);
    std::uniform_real_distribution<Real> d(-spread, spread);
    std::vector<Real> in(n);
    std::vector<Real> out(n);
    for (auto& x : in) {
        x = d(gen);
    }
    for (auto _ : state) {
        emcf::wrap_phases(emcf::view1d(std::as_const(in).data(), n),
                          emcf::view1d(out.data(), n));
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(n));
}
// spread 3: mostly already wrapped (fast path); spread 100: every value reduced
BENCHMARK_TEMPLATE(BM_wrap_phases, float)->Args({1 << 16, 3})->Args({1 << 16, 100});
BENCHMARK_TEMPLATE(BM_wrap_phases, double)->Args({1 << 16, 3})->Args({1 << 16, 100});
