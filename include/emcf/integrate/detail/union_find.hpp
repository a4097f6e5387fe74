#pragma once
/// @file
/// @brief Disjoint sets over point indices; the root of a set is its lowest index,
///        which makes component numbering by lowest index direct and deterministic.

#include <cstddef>
#include <cstdint>
#include <vector>

#include <emcf/core/config.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

class UnionFind {
  public:
    explicit UnionFind(std::size_t n) : parent_(n)
    {
        for (std::size_t k = 0; k < n; ++k) {
            parent_[k] = static_cast<std::int32_t>(k);
        }
    }

    /// Root (lowest index) of the set holding a; path halving.
    std::int32_t find(std::int32_t a) noexcept
    {
        while (parent_[static_cast<std::size_t>(a)] != a) {
            auto& pa = parent_[static_cast<std::size_t>(a)];
            pa = parent_[static_cast<std::size_t>(pa)];
            a = pa;
        }
        return a;
    }

    void unite(std::int32_t a, std::int32_t b) noexcept
    {
        a = find(a);
        b = find(b);
        if (a < b) {
            parent_[static_cast<std::size_t>(b)] = a;
        } else if (b < a) {
            parent_[static_cast<std::size_t>(a)] = b;
        }
    }

  private:
    std::vector<std::int32_t> parent_;
};

/// Label components from the lowest point index upwards: `label[p]` = component of p,
/// -1 where `keep(p)` is false. `keep` is called once per point in index order, after
/// all unions. Returns the number of labels.
template <class Keep>
std::size_t number_components(UnionFind& sets, std::vector<std::int32_t>& label,
                              Keep&& keep)
{
    std::size_t count = 0;
    for (std::size_t p = 0; p < label.size(); ++p) {
        if (!keep(p)) {
            label[p] = -1;
            continue;
        }
        const auto root =
                static_cast<std::size_t>(sets.find(static_cast<std::int32_t>(p)));
        if (root == p) {
            label[p] = static_cast<std::int32_t>(count++);
        } else {
            label[p] = label[root]; // the root (lower index) was labelled first
        }
    }
    return count;
}

} // namespace detail
EMCF_END_NAMESPACE
