#pragma once
/// @file
/// @brief Monotone priority queues for Dijkstra on non-negative integer reduced costs:
///        Dial's circular bucket queue for small arc costs, a binary heap otherwise.

#include <algorithm>
#include <cstddef>
#include <functional>
#include <utility>
#include <vector>

#include <emcf/core/assert.hpp>
#include <emcf/core/config.hpp>
#include <emcf/graph/planar_graph.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

/// Dial's bucket queue: keys in [current, current + max_step], one bucket per key
/// modulo (max_step + 1). Push O(1), pop O(1) amortised plus the empty buckets skipped
/// (at most max_step per pop). Stale entries are left in place (lazy deletion): the
/// caller skips a popped node whose key no longer matches its distance. Within a bucket
/// the last pushed comes first, so the order is deterministic.
template <class Key>
class BucketQueue {
  public:
    /// Prepare for arc costs in [0, max_step]; empties the queue.
    void reset(Key max_step)
    {
        const auto n = static_cast<std::size_t>(max_step) + 1;
        if (buckets_.size() != n) {
            buckets_.assign(n, {});
            used_.clear();
        }
        clear();
    }

    /// Empty the queue: O(buckets used since the last clear), not O(all buckets), so
    /// that many short searches stay cheap with large arc costs.
    void clear()
    {
        for (const auto b : used_) {
            buckets_[b].clear();
        }
        used_.clear();
        size_ = 0;
        current_ = 0;
    }

    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

    /// Insert `node` with `key` in [current, current + max_step].
    void push(Key key, graph_index node)
    {
        EMCF_DEBUG_ASSERT(key >= current_ &&
                          static_cast<std::size_t>(key - current_) < buckets_.size());
        auto& b = buckets_[slot(key)];
        if (b.empty()) {
            used_.push_back(slot(key));
        }
        b.push_back(node);
        ++size_;
    }

    /// Remove and return an entry with the smallest key. Precondition: !empty().
    std::pair<Key, graph_index> pop()
    {
        auto* b = &buckets_[slot(current_)];
        while (b->empty()) {
            ++current_;
            b = &buckets_[slot(current_)];
        }
        const graph_index node = b->back();
        b->pop_back();
        --size_;
        return {current_, node};
    }

  private:
    [[nodiscard]] std::size_t slot(Key key) const noexcept
    {
        return static_cast<std::size_t>(key) % buckets_.size();
    }

    std::vector<std::vector<graph_index>> buckets_;
    std::vector<std::size_t> used_; // buckets that may be non-empty
    std::size_t size_ = 0;
    Key current_ = 0;
};

/// Binary min-heap on (key, node); ties go to the smaller node. Same interface as
/// BucketQueue, for arbitrary non-negative keys.
template <class Key>
class HeapQueue {
  public:
    void reset(Key /*max_step*/) { clear(); }
    void clear() { heap_.clear(); }
    [[nodiscard]] bool empty() const noexcept { return heap_.empty(); }
    void push(Key key, graph_index node)
    {
        heap_.emplace_back(key, node);
        std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
    }
    std::pair<Key, graph_index> pop()
    {
        std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
        const auto top = heap_.back();
        heap_.pop_back();
        return top;
    }

  private:
    std::vector<std::pair<Key, graph_index>> heap_;
};

} // namespace detail
EMCF_END_NAMESPACE
