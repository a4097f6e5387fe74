# Graph kernels: Delaunay triangulation, residues, costs, flood-fill integration.
# benchmarks/compare_delaunay.sh runs the Delaunay cases next to scipy.spatial.Delaunay.
emcf_add_benchmark(bench_graph ${CMAKE_CURRENT_LIST_DIR}/bench_graph.cpp)
# NumPy's legacy RNG (tests/support/numpy_rng.hpp): the same points as
# `np.random.seed(s); np.random.rand(n, 2)` in the peer script.
target_include_directories(bench_graph PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
