# Per-link estimator benchmarks (links/s per path, scalar type and GEMM backend, and raw
# cgemm GFLOP/s). benchmarks/compare_estimator.sh runs them next to the numpy peer.
option(EMCF_BENCHMARK_NATIVE
  "Compile the estimator benchmark for the build machine (-march=native), like the C++ peers"
  ON)
emcf_add_benchmark(bench_estimator ${CMAKE_CURRENT_LIST_DIR}/bench_estimator.cpp)
if(EMCF_BENCHMARK_NATIVE)
  include(CheckCXXCompilerFlag)
  check_cxx_compiler_flag(-march=native EMCF_HAVE_MARCH_NATIVE)
  if(EMCF_HAVE_MARCH_NATIVE)
    target_compile_options(bench_estimator PRIVATE -march=native)
  endif()
endif()
