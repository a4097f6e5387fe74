#pragma once
/// @file
/// @brief Edge index by endpoint pair: CSR over the low vertex with sorted high
/// vertices.

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

/// Finds the edge joining two vertices in O(log degree). Built once per graph in
/// O(V + E log degree); rejects edges that are out of range, not stored low → high, or
/// duplicated.
class EdgeLookup {
  public:
    template <class EdgeArray>
    EdgeLookup(std::size_t npoints, const EdgeArray& edges)
        : offsets_(npoints + 1, 0), high_(edges.size()), id_(edges.size())
    {
        for (std::size_t e = 0; e < edges.size(); ++e) {
            const auto lo = edges[e][0];
            const auto hi = edges[e][1];
            if (lo < 0 || hi < 0 || static_cast<std::size_t>(hi) >= npoints) {
                throw_invalid("edges", "edge " + std::to_string(e) + " (" +
                                               std::to_string(lo) + ", " +
                                               std::to_string(hi) +
                                               ") has a vertex outside [0, npoints)");
            }
            if (lo >= hi) {
                throw_invalid("edges", "edge " + std::to_string(e) + " (" +
                                               std::to_string(lo) + ", " +
                                               std::to_string(hi) +
                                               ") is not stored low -> high");
            }
            ++offsets_[static_cast<std::size_t>(lo) + 1];
        }
        for (std::size_t v = 0; v < npoints; ++v) {
            offsets_[v + 1] += offsets_[v];
        }
        std::vector<std::size_t> fill(offsets_.begin(), offsets_.end() - 1);
        for (std::size_t e = 0; e < edges.size(); ++e) {
            const auto slot = fill[static_cast<std::size_t>(edges[e][0])]++;
            high_[slot] = static_cast<std::int64_t>(edges[e][1]);
            id_[slot] = static_cast<std::int64_t>(e);
        }
        std::vector<std::pair<std::int64_t, std::int64_t>> row;
        for (std::size_t v = 0; v < npoints; ++v) {
            const auto b = offsets_[v];
            const auto n = offsets_[v + 1] - b;
            if (n < 2) {
                continue;
            }
            row.resize(n);
            for (std::size_t k = 0; k < n; ++k) {
                row[k] = {high_[b + k], id_[b + k]};
            }
            std::sort(row.begin(), row.end());
            for (std::size_t k = 0; k < n; ++k) {
                if (k > 0 && row[k].first == row[k - 1].first) {
                    throw_invalid("edges",
                                  "duplicate edge (" + std::to_string(v) + ", " +
                                          std::to_string(row[k].first) + "): edges " +
                                          std::to_string(row[k - 1].second) + " and " +
                                          std::to_string(row[k].second));
                }
                high_[b + k] = row[k].first;
                id_[b + k] = row[k].second;
            }
        }
    }

    /// Index of the edge joining a and b (in either order), or -1 if there is none.
    [[nodiscard]] std::int64_t find(std::int64_t a, std::int64_t b) const noexcept
    {
        const std::int64_t lo = std::min(a, b);
        const std::int64_t hi = std::max(a, b);
        if (lo < 0 || static_cast<std::size_t>(lo) + 1 >= offsets_.size()) {
            return -1;
        }
        const auto first =
                high_.begin() +
                static_cast<std::ptrdiff_t>(offsets_[static_cast<std::size_t>(lo)]);
        const auto last =
                high_.begin() +
                static_cast<std::ptrdiff_t>(offsets_[static_cast<std::size_t>(lo) + 1]);
        const auto it = std::lower_bound(first, last, hi);
        if (it == last || *it != hi) {
            return -1;
        }
        return id_[static_cast<std::size_t>(it - high_.begin())];
    }

  private:
    std::vector<std::size_t> offsets_;
    std::vector<std::int64_t> high_;
    std::vector<std::int64_t> id_;
};

} // namespace detail
EMCF_END_NAMESPACE
