#pragma once
/// @file
/// @brief Dense linear assignment problem, exact, after Jonker & Volgenant (1987):
///        column reduction, reduction transfer, augmenting row reduction, then
///        shortest augmenting paths for the rows still free.

#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

#include <emcf/core/assert.hpp>
#include <emcf/core/config.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

/// Minimum-cost perfect matching of k rows to k columns for a dense k x k integer cost
/// matrix, reusing its buffers across calls (no allocation once they are large enough).
///
/// Column duals `v` are kept explicitly; a row's dual is implicit (its reduced cost
/// minimum). Invariants: `c(i, j) - v(j) >= u(i)` for every pair, with equality on the
/// assigned pairs, and `v` only ever decreases; so every phase, the augmenting row
/// reduction included, leaves a partial solution that the shortest augmenting paths
/// complete to an optimal one. Deterministic: ties go to the lowest index (column
/// reduction scans columns from the last, as in the paper).
/// @tparam Value signed type of the duals and reduced costs (wide enough for k times
///         the largest cost)
template <class Value>
class DenseAssignment {
  public:
    /// Solve for the row-major matrix `c` (`c[i * k + j]`: row i to column j).
    /// @return the optimal total cost; row_to_col() holds the assignment
    template <class T>
    Value solve(const T* c, std::size_t k)
    {
        resize(k);
        augmentations_ = 0;
        if (k == 0) {
            return 0;
        }
        const int n = static_cast<int>(k);
        column_reduction(c, n);
        int nfree = reduction_transfer(c, n);
        for (int pass = 0; pass < 2 && nfree > 0; ++pass) {
            nfree = augmenting_row_reduction(c, n, nfree);
        }
        for (int f = 0; f < nfree; ++f) {
            augment(c, n, free_[static_cast<std::size_t>(f)]);
            ++augmentations_;
        }
        Value total = 0;
        for (int i = 0; i < n; ++i) {
            total += static_cast<Value>(at(c, n, i, rowsol_[idx(i)]));
        }
        return total;
    }

    /// Column assigned to each row after solve().
    [[nodiscard]] const std::vector<int>& row_to_col() const noexcept
    {
        return rowsol_;
    }
    /// Shortest augmenting paths the last solve needed (rows left free by the
    /// reductions).
    [[nodiscard]] std::size_t augmentations() const noexcept { return augmentations_; }

  private:
    static std::size_t idx(int i) noexcept { return static_cast<std::size_t>(i); }

    template <class T>
    static Value at(const T* c, int n, int i, int j) noexcept
    {
        return static_cast<Value>(c[idx(i) * idx(n) + idx(j)]);
    }

    void resize(std::size_t k)
    {
        if (v_.size() < k) {
            v_.resize(k);
            d_.resize(k);
            rowsol_.resize(k);
            colsol_.resize(k);
            free_.resize(k);
            collist_.resize(k);
            pred_.resize(k);
            matches_.resize(k);
            imin_.resize(k);
        }
        rowsol_.resize(k); // row_to_col() reports exactly k entries
    }

    // v(j) = min_i c(i, j); each column goes to its minimum row; a row that is the
    // minimum of several columns keeps one of them.
    template <class T>
    void column_reduction(const T* c, int n)
    {
        for (int j = 0; j < n; ++j) {
            v_[idx(j)] = static_cast<Value>(c[idx(j)]);
            imin_[idx(j)] = 0;
        }
        for (int i = 1; i < n; ++i) { // row-wise: contiguous, vectorisable
            const T* row = c + idx(i) * idx(n);
            for (int j = 0; j < n; ++j) {
                const auto x = static_cast<Value>(row[idx(j)]);
                if (x < v_[idx(j)]) {
                    v_[idx(j)] = x;
                    imin_[idx(j)] = i;
                }
            }
        }
        std::fill(rowsol_.begin(), rowsol_.begin() + n, -1);
        std::fill(matches_.begin(), matches_.begin() + n, 0);
        for (int j = n - 1; j >= 0; --j) {
            const int i = imin_[idx(j)];
            if (matches_[idx(i)]++ == 0) {
                rowsol_[idx(i)] = j;
                colsol_[idx(j)] = i;
            } else if (v_[idx(j)] < v_[idx(rowsol_[idx(i)])]) {
                const int j1 = rowsol_[idx(i)];
                rowsol_[idx(i)] = j;
                colsol_[idx(j)] = i;
                colsol_[idx(j1)] = -1;
            } else {
                colsol_[idx(j)] = -1;
            }
        }
    }

    // A row assigned exactly once passes its slack to its column: v(j1) drops by the
    // row's second-smallest reduced cost, which keeps dual feasibility. Returns the
    // number of free rows, listed in free_.
    template <class T>
    int reduction_transfer(const T* c, int n)
    {
        int nfree = 0;
        for (int i = 0; i < n; ++i) {
            if (matches_[idx(i)] == 0) {
                free_[idx(nfree++)] = i;
            } else if (matches_[idx(i)] == 1 && n > 1) {
                const int j1 = rowsol_[idx(i)];
                Value m = std::numeric_limits<Value>::max();
                for (int j = 0; j < n; ++j) {
                    if (j != j1) {
                        m = std::min(m, at(c, n, i, j) - v_[idx(j)]);
                    }
                }
                v_[idx(j1)] -= m;
            }
        }
        return nfree;
    }

    // One pass over the free rows: a row takes its cheapest column (reduced), lowering
    // that column's dual to the row's second-cheapest value; the row it displaces is
    // processed next while that strictly lowers a dual. Returns the new free count.
    template <class T>
    int augmenting_row_reduction(const T* c, int n, int nfree)
    {
        const int prv = nfree;
        int k = 0;
        nfree = 0;
        // Each immediate re-processing strictly lowers a dual; the budget only bounds
        // the pass (leftover rows go to the shortest-path phase, which is exact).
        long budget = 4L * n;
        while (k < prv) {
            const int i = free_[idx(k++)];
            Value u1 = at(c, n, i, 0) - v_[0];
            Value u2 = std::numeric_limits<Value>::max();
            int j1 = 0;
            int j2 = -1;
            for (int j = 1; j < n; ++j) {
                const Value h = at(c, n, i, j) - v_[idx(j)];
                if (h < u2) {
                    if (h >= u1) {
                        u2 = h;
                        j2 = j;
                    } else {
                        u2 = u1;
                        j2 = j1;
                        u1 = h;
                        j1 = j;
                    }
                }
            }
            int i0 = colsol_[idx(j1)];
            const bool lower = u1 < u2;
            if (lower) {
                v_[idx(j1)] -= u2 - u1;
            } else if (i0 >= 0) {
                j1 = j2;
                i0 = colsol_[idx(j2)];
            }
            rowsol_[idx(i)] = j1;
            colsol_[idx(j1)] = i;
            if (i0 >= 0) {
                rowsol_[idx(i0)] = -1;
                if (lower && budget-- > 0) {
                    free_[idx(--k)] = i0;
                } else {
                    free_[idx(nfree++)] = i0;
                }
            }
        }
        return nfree;
    }

    // Dijkstra over columns from free row f in the reduced costs, stopping at the
    // first free column; then update the duals of the finished columns and flip the
    // alternating path.
    template <class T>
    void augment(const T* c, int n, int f)
    {
        for (int j = 0; j < n; ++j) {
            d_[idx(j)] = at(c, n, f, j) - v_[idx(j)];
            pred_[idx(j)] = f;
            collist_[idx(j)] = j;
        }
        // collist_: [0, low) finished, [low, up) at the current minimum, [up, n) rest
        int low = 0;
        int up = 0;
        int end = -1;
        Value mu = 0;
        while (end < 0) {
            if (up == low) {
                mu = d_[idx(collist_[idx(up++)])];
                for (int q = up; q < n; ++q) {
                    const int j = collist_[idx(q)];
                    const Value h = d_[idx(j)];
                    if (h <= mu) {
                        if (h < mu) {
                            up = low;
                            mu = h;
                        }
                        collist_[idx(q)] = collist_[idx(up)];
                        collist_[idx(up++)] = j;
                    }
                }
                for (int q = low; q < up; ++q) {
                    if (colsol_[idx(collist_[idx(q)])] < 0) {
                        end = collist_[idx(q)];
                        break;
                    }
                }
                if (end >= 0) {
                    break;
                }
            }
            const int j1 = collist_[idx(low++)];
            const int i = colsol_[idx(j1)];
            const Value h = at(c, n, i, j1) - v_[idx(j1)] - mu;
            for (int q = up; q < n; ++q) {
                const int j = collist_[idx(q)];
                const Value nd = at(c, n, i, j) - v_[idx(j)] - h;
                if (nd < d_[idx(j)]) {
                    d_[idx(j)] = nd;
                    pred_[idx(j)] = i;
                    if (nd == mu) {
                        if (colsol_[idx(j)] < 0) {
                            end = j;
                            break;
                        }
                        collist_[idx(q)] = collist_[idx(up)];
                        collist_[idx(up++)] = j;
                    }
                }
            }
        }
        for (int q = 0; q < low; ++q) {
            const int j = collist_[idx(q)];
            v_[idx(j)] += d_[idx(j)] - mu;
        }
        int j = end;
        for (;;) {
            const int i = pred_[idx(j)];
            colsol_[idx(j)] = i;
            const int next = rowsol_[idx(i)];
            rowsol_[idx(i)] = j;
            if (i == f) {
                break;
            }
            j = next;
            EMCF_DEBUG_ASSERT(j >= 0);
        }
    }

    std::vector<Value> v_, d_;
    std::vector<int> rowsol_, colsol_, free_, collist_, pred_, matches_, imin_;
    std::size_t augmentations_ = 0;
};

} // namespace detail
EMCF_END_NAMESPACE
