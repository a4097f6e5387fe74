#pragma once
/// @file
/// @brief PlanarGraph::validate() and the per-edge cycle bookkeeping it shares with the
///        dual-graph builder.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/graph/detail/edge_lookup.hpp>
#include <emcf/graph/planar_graph.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

/// For every edge, the (up to two) cycles that walk it, in order of first appearance,
/// and the direction of each walk (+1 low → high, -1 high → low).
struct EdgeSides {
    std::vector<std::array<std::int32_t, 2>> cycle; // -1 where absent
    std::vector<std::array<std::int8_t, 2>> dir;    // 0 where absent
};

inline std::string edge_name(std::int64_t a, std::int64_t b)
{
    // Appends rather than `"(" + std::to_string(...)`: GCC 12 in C++20 mode reports a
    // false -Wrestrict on `const char* + std::string&&` (GCC bug 105329).
    std::string name("(");
    name += std::to_string(std::min(a, b));
    name += ", ";
    name += std::to_string(std::max(a, b));
    name += ")";
    return name;
}

/// Walk every cycle of `g` and record, per edge, which cycles walk it and how.
/// @throws emcf::invalid_argument for a cycle step that is not an edge, an edge on more
///         than two cycles, or two walks in the same direction (inconsistent
///         orientation)
inline EdgeSides edge_sides(const PlanarGraph& g, const EdgeLookup& lookup)
{
    EdgeSides sides;
    sides.cycle.assign(g.nedges(), {-1, -1});
    sides.dir.assign(g.nedges(), {0, 0});
    for (std::size_t c = 0; c < g.ncycles(); ++c) {
        const std::size_t len = g.cycle_size(c);
        for (std::size_t k = 0; k < len; ++k) {
            const std::int64_t a = g.cycle_vertex(c, k);
            const std::int64_t b = g.cycle_vertex(c, (k + 1) % len);
            const std::int64_t e = lookup.find(a, b);
            if (e < 0) {
                throw_invalid("cycles", "cycle " + std::to_string(c) + ": vertices " +
                                                std::to_string(a) + " and " +
                                                std::to_string(b) +
                                                " are not joined by an edge");
            }
            const auto ue = static_cast<std::size_t>(e);
            const std::int8_t d = b > a ? 1 : -1;
            auto& cyc = sides.cycle[ue];
            auto& dir = sides.dir[ue];
            if (cyc[0] < 0) {
                cyc[0] = static_cast<std::int32_t>(c);
                dir[0] = d;
            } else if (cyc[1] < 0) {
                if (dir[0] == d) {
                    throw_invalid("cycles",
                                  "edge " + edge_name(a, b) +
                                          " is walked in the same "
                                          "direction by cycles " +
                                          std::to_string(cyc[0]) + " and " +
                                          std::to_string(c) +
                                          " (cycles must be consistently oriented)");
                }
                cyc[1] = static_cast<std::int32_t>(c);
                dir[1] = d;
            } else {
                throw_invalid("cycles", "edge " + edge_name(a, b) +
                                                " lies on more than two cycles (" +
                                                std::to_string(cyc[0]) + ", " +
                                                std::to_string(cyc[1]) + ", " +
                                                std::to_string(c) + ")");
            }
        }
    }
    return sides;
}

} // namespace detail

inline void PlanarGraph::validate() const
{
    constexpr auto kMax =
            static_cast<std::size_t>(std::numeric_limits<graph_index>::max());
    detail::require(npoints_ <= kMax, "npoints",
                    "more than 2^31 - 1 points (" + std::to_string(npoints_) + ")");
    detail::require(edges_.size() <= kMax, "edges", "more than 2^31 - 1 edges");
    detail::require(cycle_vertices_.size() <= kMax, "cycles",
                    "more than 2^31 - 1 cycle vertices in total");
    if (!xy_.empty()) {
        detail::require_size(xy_.size(), 2 * npoints_, "xy");
        for (std::size_t k = 0; k < xy_.size(); ++k) {
            if (!std::isfinite(xy_[k])) {
                detail::throw_invalid("xy", "coordinate of point " +
                                                    std::to_string(k / 2) +
                                                    " is not finite");
            }
        }
    }
    detail::require(!cycle_offsets_.empty() && cycle_offsets_.front() == 0,
                    "cycle_offsets", "must start with 0");
    detail::require(
            static_cast<std::size_t>(cycle_offsets_.back()) == cycle_vertices_.size(),
            "cycle_offsets", "last offset must equal the number of cycle vertices");
    for (std::size_t c = 0; c + 1 < cycle_offsets_.size(); ++c) {
        if (cycle_offsets_[c + 1] - cycle_offsets_[c] < 3) {
            detail::throw_invalid("cycles", "cycle " + std::to_string(c) +
                                                    " has fewer than 3 vertices");
        }
    }
    for (const auto v : cycle_vertices_) {
        if (v < 0 || static_cast<std::size_t>(v) >= npoints_) {
            detail::throw_invalid("cycles", "vertex " + std::to_string(v) +
                                                    " is outside [0, npoints)");
        }
    }
    const detail::EdgeLookup lookup(npoints_, edges_);
    (void)detail::edge_sides(*this, lookup);
}

EMCF_END_NAMESPACE
