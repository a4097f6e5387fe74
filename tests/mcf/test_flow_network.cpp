// FlowNetwork: the dual's orientation and sign convention (algorithm.md §1.6, §2.4),
// connectivity, and cost validation.
#include <cstdint>
#include <limits>
#include <vector>

#include <doctest/doctest.h>

#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/hop3_graph.hpp>
#include <emcf/mcf/flow_network.hpp>

#include "mcf_test_support.hpp"

using emcf_test::view;

TEST_CASE("flow network: hop-3 N = 4 orientation follows spurt's arcs")
{
    // algorithm.md §1.6: dual_edges = [1,0],[1,2],[2,0],[1,3],[3,0],[2,3],
    // dual_edge_dir[:, 0] = 1, -1, -1, 1, 1, 1; spurt's arcs: a -> b priced cost[e]
    // if d0 = -1 (else revcost), b -> a priced cost[e] if d0 = +1; f = d0 (x_ba -
    // x_ab).
    const emcf::DualGraph dual(emcf::hop3_graph(4));
    const std::vector<std::int64_t> cost{10, 11, 12, 13, 14, 15};
    const std::vector<std::int64_t> revcost{20, 21, 22, 23, 24, 25};
    const emcf::FlowNetwork<> net(dual, view(cost), view(revcost));
    const int a[6] = {1, 1, 2, 1, 3, 2};
    const int b[6] = {0, 2, 0, 3, 0, 3};
    const int d0[6] = {1, -1, -1, 1, 1, 1};
    REQUIRE(net.nnodes() == 4);
    REQUIRE(net.nedges() == 6);
    for (std::size_t e = 0; e < 6; ++e) {
        CAPTURE(e);
        // f_e = +1 means one unit tail -> head: for d0 = +1 that is x_ba = 1, for
        // d0 = -1 it is x_ab = 1, both priced cost[e] by spurt.
        CHECK(net.tail(e) == (d0[e] == 1 ? b[e] : a[e]));
        CHECK(net.head(e) == (d0[e] == 1 ? a[e] : b[e]));
        CHECK(net.cost(e) == cost[e]);
        CHECK(net.revcost(e) == revcost[e]);
        CHECK(net.is_active(e));
    }
    CHECK(net.ncomponents() == 1);
    CHECK(net.path_cost_bound() == 20 + 21 + 22 + 23 + 24 + 25);
    CHECK(net.max_cycle_cost() == 15 + 25);
}

TEST_CASE("flow network: CSR adjacency lists every active edge from both ends")
{
    const emcf::DualGraph dual(emcf::hop3_graph(9));
    const std::vector<std::int64_t> cost(dual.nedges(), 1);
    const emcf::FlowNetwork<> net(dual, view(cost));
    std::vector<int> seen(net.nedges(), 0);
    for (std::size_t u = 0; u < net.nnodes(); ++u) {
        for (std::size_t k = net.offsets()[u]; k < net.offsets()[u + 1]; ++k) {
            const auto& a = net.adjacency()[k];
            const auto e = std::size_t(a.code >> 1);
            const bool head = (a.code & 1) != 0;
            CHECK(std::size_t(head ? net.head(e) : net.tail(e)) == u);
            CHECK(a.node == (head ? net.tail(e) : net.head(e)));
            seen[e] += head ? 2 : 1;
        }
    }
    for (const int s : seen) {
        CHECK(s == 3);
    }
}

TEST_CASE("flow network: general edges, inactive self-loops, components")
{
    // two triangles {0,1,2} and {3,4,5} plus a self-loop at 5
    const std::vector<int> tails{0, 1, 2, 3, 4, 5, 5};
    const std::vector<int> heads{1, 2, 0, 4, 5, 3, 5};
    const std::vector<std::int32_t> cost{1, 2, 3, 4, 5, 6, 7};
    const auto net = emcf::FlowNetwork<>::from_edges(6, view(tails), view(heads),
                                                     view(cost), view(cost));
    CHECK(net.ncomponents() == 2);
    CHECK(net.component(0) == 0);
    CHECK(net.component(2) == 0);
    CHECK(net.component(3) == 1);
    CHECK(net.component(5) == 1);
    CHECK_FALSE(net.is_active(6));
    CHECK(net.offsets()[6] - net.offsets()[5] == 2); // the self-loop is left out
    CHECK(net.path_cost_bound() == 1 + 2 + 3 + 4 + 5 + 6);
}

TEST_CASE("flow network: bad costs and indices")
{
    const emcf::DualGraph dual(emcf::hop3_graph(5));
    std::vector<std::int64_t> cost(dual.nedges(), 1);
    std::vector<std::int64_t> revcost(dual.nedges(), 1);
    CHECK_THROWS_WITH_AS(
            emcf::FlowNetwork<>(dual, emcf::view1d(cost.data(), 3)),
            "emcf: invalid argument 'cost': size mismatch: expected 9, got 3",
            emcf::invalid_argument);
    CHECK_THROWS_WITH_AS(
            emcf::FlowNetwork<>(dual, view(cost), emcf::view1d(revcost.data(), 8)),
            "emcf: invalid argument 'revcost': size mismatch: expected 9, got 8",
            emcf::invalid_argument);
    cost[4] = -2;
    CHECK_THROWS_WITH_AS(emcf::FlowNetwork<>(dual, view(cost)),
                         "emcf: invalid argument 'cost': negative cost -2 on edge 4",
                         emcf::invalid_argument);
    cost[4] = 1;
    revcost[7] = -1;
    CHECK_THROWS_WITH_AS(emcf::FlowNetwork<>(dual, view(cost), view(revcost)),
                         "emcf: invalid argument 'revcost': negative cost -1 on edge 7",
                         emcf::invalid_argument);
    revcost[7] = 1;
    // a path over all edges could overflow int64
    cost[2] = std::numeric_limits<std::int64_t>::max() / 8;
    cost[3] = std::numeric_limits<std::int64_t>::max() / 8;
    cost[5] = std::numeric_limits<std::int64_t>::max() / 8;
    try {
        emcf::FlowNetwork<> net(dual, view(cost));
        FAIL("expected an overflow error");
    } catch (const emcf::overflow_error& e) {
        CHECK(e.argument() == "cost");
    }
    // int64 costs that do not fit a 32-bit Cost type
    std::vector<std::int64_t> big(dual.nedges(), std::int64_t(1) << 40);
    CHECK_THROWS_AS(emcf::FlowNetwork<std::int32_t>(dual, view(big)),
                    emcf::overflow_error);

    const std::vector<int> tails{0, 1};
    const std::vector<int> heads{1, 3};
    const std::vector<int> c2{1, 1};
    CHECK_THROWS_WITH_AS(
            emcf::FlowNetwork<>::from_edges(3, view(tails), view(heads), view(c2),
                                            view(c2)),
            "emcf: invalid argument 'heads': edge 1: node 3 outside [0, 3)",
            emcf::invalid_argument);
    const std::vector<int> bad_tails{-1, 1};
    CHECK_THROWS_AS(emcf::FlowNetwork<>::from_edges(4, view(bad_tails), view(heads),
                                                    view(c2), view(c2)),
                    emcf::invalid_argument);
    CHECK_THROWS_WITH_AS(emcf::FlowNetwork<>::from_edges(0, view(tails), view(heads),
                                                         view(c2), view(c2)),
                         "emcf: invalid argument 'nnodes': must be in [1, 2^31 - 1], "
                         "got 0",
                         emcf::invalid_argument);
}
