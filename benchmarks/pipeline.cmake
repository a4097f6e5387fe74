# End-to-end EMCF (with the link model) on the synthetic urban scene of the demo:
# time per stage and peak memory. benchmarks/bench_pipeline.sh runs each case in its own
# process (peak RSS is per process).
emcf_add_benchmark(bench_pipeline ${CMAKE_CURRENT_LIST_DIR}/bench_pipeline.cpp)
target_include_directories(bench_pipeline PRIVATE ${PROJECT_SOURCE_DIR}/examples)
emcf_benchmark_native(bench_pipeline)
