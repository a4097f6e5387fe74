#pragma once
// spurt's MCF test fixture (test/mcf/test_ortools.py, gen_data_real(), seed 32 at
// import; reference/algorithm.md §7.3), regenerated bit for bit with NumPy's legacy
// RNG:
//   points = randn(2000).reshape(1000, 2);  x = points[:, 0]
//   c = 8π / ptp(x);  pd = 0.5 * randn(1000) + c * x;  graph = Delaunay(points)
// Known values: 1000 points, 2988 edges, 1989 triangles, 9 hull edges, first point
// (-0.34889445, 0.98370343), c = 3.7731213, 20 non-zero residues (10 of +1, 10 of -1);
// optimal MCF total cost 24 (constant), 5740 (centroid), 2739 (distance).

#include <algorithm>
#include <cstddef>
#include <vector>

#include <emcf/core/math.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/delaunay.hpp>

#include "numpy_rng.hpp"

namespace emcf_test {

struct SpurtMcfFixture {
    std::vector<double> xy; ///< 1000 x 2, row-major
    std::vector<double> pd; ///< unwrapped phase per point [rad]
    double c = 0;           ///< ramp slope 8π / ptp(x)
    emcf::PlanarGraph graph;
    std::vector<emcf::graph_index> hull;
};

/// The first call of gen_data_real() after np.random.seed(32).
inline SpurtMcfFixture spurt_mcf_fixture()
{
    NumpyRandom rng(32);
    SpurtMcfFixture f;
    f.xy = rng.randn(2000);
    const std::size_t n = 1000;
    double xmin = f.xy[0];
    double xmax = f.xy[0];
    for (std::size_t p = 0; p < n; ++p) {
        xmin = std::min(xmin, f.xy[2 * p]);
        xmax = std::max(xmax, f.xy[2 * p]);
    }
    f.c = 8.0 * emcf::pi<double>() / (xmax - xmin);
    f.pd.resize(n);
    for (std::size_t p = 0; p < n; ++p) {
        f.pd[p] = 0.5 * rng.randn() + f.c * f.xy[2 * p];
    }
    auto tri = emcf::delaunay_triangulation(
            emcf::row_major_view(static_cast<const double*>(f.xy.data()), n, 2));
    f.graph = std::move(tri.graph);
    f.hull = std::move(tri.hull);
    return f;
}

} // namespace emcf_test
