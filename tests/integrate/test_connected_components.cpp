// Connected components (integrate/connected_components.hpp): labels by lowest index,
// masks and the minimum component size, on graphs whose components are known by
// construction.
#include <cstdint>
#include <vector>

#include <Eigen/Core>
#include <doctest/doctest.h>

#include <emcf/adapters/eigen.hpp>
#include <emcf/graph/grid_graph.hpp>
#include <emcf/graph/user_graph.hpp>
#include <emcf/integrate/connected_components.hpp>

TEST_CASE("connected components: labels, masks, minimum size")
{
    // chain 3-5-1, pair 0-6, single points 2 and 4, chain 7-8-9
    const std::vector<int> edges{3, 5, 1, 5, 0, 6, 7, 8, 8, 9};
    const auto g =
            emcf::make_planar_graph(10, emcf::row_major_view(edges.data(), 5, 2));
    std::vector<std::int32_t> labels(10);
    CHECK(emcf::connected_components(g, emcf::view1d(labels.data(), 10)) == 5);
    CHECK(labels == std::vector<std::int32_t>{0, 1, 2, 1, 3, 1, 0, 4, 4, 4});
    // minimum size 2: single points unlabelled
    Eigen::Matrix<long, Eigen::Dynamic, 1> big(10);
    CHECK(emcf::connected_components(g, emcf::all_points, big, 2) == 3);
    CHECK(big(2) == -1);
    CHECK(big(4) == -1);
    CHECK(big(7) == 2);
    // masking 8 splits the last chain into two single points
    std::vector<std::uint8_t> valid(10, 1);
    valid[8] = 0;
    CHECK(emcf::connected_components(g, emcf::view1d(valid.data(), 10),
                                     emcf::view1d(labels.data(), 10)) == 6);
    CHECK(labels == std::vector<std::int32_t>{0, 1, 2, 1, 3, 1, 0, 4, -1, 5});
    CHECK_THROWS_AS(emcf::connected_components(g, emcf::all_points,
                                               emcf::view1d(labels.data(), 10), 0),
                    emcf::invalid_argument);
    CHECK_THROWS_WITH(
            emcf::connected_components(g, emcf::view1d(labels.data(), 9)),
            "emcf: invalid argument 'labels': size mismatch: expected 10, got 9");
}

TEST_CASE("connected components: a grid cut in two by a masked column")
{
    const auto g = emcf::grid_graph(20, 30);
    std::vector<std::uint8_t> valid(g.npoints(), 1);
    for (std::size_t r = 0; r < 20; ++r) {
        valid[r * 30 + 11] = 0;
    }
    std::vector<std::int64_t> labels(g.npoints());
    CHECK(emcf::connected_components(g, emcf::view1d(valid.data(), valid.size()),
                                     emcf::view1d(labels.data(), labels.size())) == 2);
    for (std::size_t p = 0; p < g.npoints(); ++p) {
        const std::size_t c = p % 30;
        CHECK(labels[p] == (c < 11 ? 0 : c == 11 ? -1 : 1));
    }
}
