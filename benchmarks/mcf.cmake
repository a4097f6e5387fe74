# Min-cost flow: emcf's temporal and spatial solvers beside LEMON CapacityScaling on the
# peer harness's problems ($EMCF_MCF_DATA; see benchmarks/compare_mcf.sh).
emcf_add_benchmark(bench_mcf ${CMAKE_CURRENT_LIST_DIR}/bench_mcf.cpp)
emcf_benchmark_native(bench_mcf)
