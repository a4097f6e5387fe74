# Per-link estimator benchmarks (links/s per path, scalar type and GEMM backend, and raw
# cgemm GFLOP/s). benchmarks/compare_estimator.sh runs them next to the numpy peer.
emcf_add_benchmark(bench_estimator ${CMAKE_CURRENT_LIST_DIR}/bench_estimator.cpp)
emcf_benchmark_native(bench_estimator)
