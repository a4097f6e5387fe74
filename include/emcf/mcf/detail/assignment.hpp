#pragma once
/// @file
/// @brief Dense linear assignment problem, exact, after Jonker & Volgenant (1987):
///        column reduction, augmenting row reduction, then shortest augmenting paths
///        for the rows still free.

#include <algorithm>
#include <cstddef>
#include <limits>
#include <utility>
#include <vector>

#include <emcf/core/assert.hpp>
#include <emcf/core/config.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

/// Non-owning reference to a callable (no allocation, unlike std::function): valid
/// while the callable lives.
template <class Signature>
class FunctionRef;

template <class R, class... Args>
class FunctionRef<R(Args...)> {
  public:
    FunctionRef() = default;
    template <class F>
    FunctionRef(F& f) noexcept // NOLINT: implicit by design
        : object_(&f), call_([](void* o, Args... args) -> R {
              return (*static_cast<F*>(o))(std::forward<Args>(args)...);
          })
    {
    }
    R operator()(Args... args) const
    {
        return call_(object_, std::forward<Args>(args)...);
    }

  private:
    void* object_ = nullptr;
    R (*call_)(void*, Args...) = nullptr;
};

/// Minimum-cost perfect matching of k rows to k columns for an integer cost matrix,
/// reusing its buffers across calls (no allocation once they are large enough).
///
/// Column duals `v` are kept explicitly; a row's dual is implicit (its reduced cost
/// minimum). Invariants: `c(i, j) - v(j) >= u(i)` for every pair, with equality on the
/// assigned pairs, and `v` only ever decreases; so every phase, the augmenting row
/// reduction included, leaves a partial solution that the shortest augmenting paths
/// complete to an optimal one. Deterministic: the column reduction gives each column
/// its first minimal row (columns taken from the last, as in the paper); ties go to the
/// lowest column elsewhere.
///
/// Rows are fetched lazily through a callback: when the caller supplies the column
/// reduction (v(j) = min_i c(i, j) and its first row), only the rows left free and the
/// rows their augmenting paths cross are ever filled, which for residue problems (most
/// units matched to a neighbour) is a small part of the k² matrix.
/// @tparam Value signed type of the costs, duals and reduced costs (wide enough for a
///         few times k² times the largest cost)
template <class Value>
class DenseAssignment {
  public:
    /// The two smallest reduced costs `c(i, j) - v(j)` of a row and their columns
    /// (ties: the first found).
    struct TwoSmallest {
        Value u1;
        int j1;
        Value u2;
        int j2;
    };

    /// Start a problem of size k.
    void reset(std::size_t k)
    {
        k_ = static_cast<int>(k);
        stride_ = static_cast<int>((k + 3) / 4 * 4); // whole vectors in the dense pass
        const auto s = static_cast<std::size_t>(stride_);
        if (v_.size() < s) {
            v_.resize(s);
            d_.resize(s);
            colsol_.resize(s);
            free_.resize(s);
            collist_.resize(s);
            pred_.resize(s);
            matches_.resize(s);
            imin_.resize(s);
            filled_.resize(s);
        }
        if (matrix_.size() < s * s) {
            matrix_.resize(s * s);
        }
        std::fill(filled_.begin(), filled_.begin() + k_, char{0});
        rowsol_.resize(k); // row_to_col() reports exactly k entries
    }

    /// Column minima v(j) = min_i c(i, j), to be set by the caller for solve(fill,
    /// true).
    [[nodiscard]] Value* column_min() noexcept { return v_.data(); }
    /// First row attaining each column minimum, to be set with column_min().
    [[nodiscard]] int* column_argmin() noexcept { return imin_.data(); }

    /// Solve the problem started by reset().
    /// @param fill callable `(int i, Value* row)` writing c(i, 0 .. k-1), called at
    /// most
    ///        once per row and only for the rows needed
    /// @param columns_reduced whether column_min() and column_argmin() hold the column
    ///        reduction; if not, every row is filled and it is computed here
    template <class Fill>
    void solve(Fill&& fill, bool columns_reduced)
    {
        solve(
                std::forward<Fill>(fill),
                [this](int i, const Value* v, Value /*vmax*/) {
                    return scan_row(i, v);
                },
                columns_reduced);
    }

    /// As solve(fill, columns_reduced), with the augmenting row reduction's scan of a
    /// free row supplied by the caller: `two_smallest(i, v, vmax)` returns the two
    /// smallest `c(i, j) - v[j]`, where every `v[j] <= vmax` (so a caller walking the
    /// columns by increasing c(i, j) may stop once `c - vmax` reaches the second).
    template <class Fill, class Scan>
    void solve(Fill&& fill, Scan&& two_smallest, bool columns_reduced)
    {
        augmentations_ = 0;
        const int n = k_;
        if (n == 0) {
            return;
        }
        fill_ = FunctionRef<void(int, Value*)>(fill);
        scan_ = FunctionRef<TwoSmallest(int, const Value*, Value)>(two_smallest);
        if (!columns_reduced) {
            column_reduction(n);
        }
        assign_columns(n);
        int nfree = collect_free_rows(n);
        for (int pass = 0; pass < 2 && nfree > 0; ++pass) {
            nfree = augmenting_row_reduction(n, nfree);
        }
        for (int f = 0; f < nfree; ++f) {
            augment(n, free_[idx(f)]);
            ++augmentations_;
        }
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

    // Row i of the matrix, fetched on first use.
    Value* row(int i)
    {
        Value* r = matrix_.data() + idx(i) * idx(stride_);
        if (filled_[idx(i)] == 0) {
            fill_(i, r);
            // padding columns never win a minimum of the dense pass
            std::fill(r + k_, r + stride_, std::numeric_limits<Value>::max());
            filled_[idx(i)] = 1;
        }
        return r;
    }

    // v(j) = min_i c(i, j) and its first row, over every row (row-wise and branch-free,
    // so vectorised).
    void column_reduction(int n)
    {
        const int w = stride_;
        Value* v = v_.data();
        int* imin = imin_.data();
        std::copy(row(0), row(0) + w, v);
        std::fill(imin, imin + w, 0);
        for (int i = 1; i < n; ++i) {
            const Value* c = row(i);
            for (int j = 0; j < w; ++j) {
                const bool less = c[j] < v[j];
                v[j] = less ? c[j] : v[j];
                imin[j] = less ? i : imin[j];
            }
        }
    }

    // Each column goes to its minimum row; a row that is the minimum of several
    // columns keeps one of them.
    void assign_columns(int n)
    {
        const Value* v = v_.data();
        std::fill(rowsol_.begin(), rowsol_.end(), -1);
        std::fill(matches_.begin(), matches_.begin() + n, 0);
        for (int j = n - 1; j >= 0; --j) {
            const int i = imin_[idx(j)];
            if (matches_[idx(i)]++ == 0) {
                rowsol_[idx(i)] = j;
                colsol_[idx(j)] = i;
            } else if (v[j] < v[rowsol_[idx(i)]]) {
                const int j1 = rowsol_[idx(i)];
                rowsol_[idx(i)] = j;
                colsol_[idx(j)] = i;
                colsol_[idx(j1)] = -1;
            } else {
                colsol_[idx(j)] = -1;
            }
        }
    }

    // The rows the column reduction left free, listed in free_. (Jonker and
    // Volgenant's reduction transfer, which lowers the duals of the columns taken once,
    // is left out: on residue problems nearly every row is assigned by the column
    // reduction already, and the O(k²) transfer cost more than it saved later.)
    int collect_free_rows(int n)
    {
        int nfree = 0;
        for (int i = 0; i < n; ++i) {
            if (matches_[idx(i)] == 0) {
                free_[idx(nfree++)] = i;
            }
        }
        return nfree;
    }

    // One pass over the free rows: a row takes its cheapest column (reduced), lowering
    // that column's dual to the row's second-cheapest value; the row it displaces is
    // processed next while that strictly lowers a dual. Returns the new free count.
    int augmenting_row_reduction(int n, int nfree)
    {
        const int prv = nfree;
        int k = 0;
        nfree = 0;
        // Each immediate re-processing strictly lowers a dual; the budget only bounds
        // the pass (leftover rows go to the shortest-path phase, which is exact).
        long budget = 4L * n;
        Value* v = v_.data();
        const Value vmax = *std::max_element(v, v + n); // v only decreases below
        while (k < prv) {
            const int i = free_[idx(k++)];
            const TwoSmallest m = scan_(i, v, vmax);
            const Value u1 = m.u1;
            const Value u2 = m.u2;
            int j1 = m.j1;
            const int j2 = m.j2;
            int i0 = colsol_[idx(j1)];
            const bool lower = u1 < u2;
            if (lower) {
                v[j1] -= u2 - u1;
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

    // The two smallest reduced costs of row i, from the full row.
    TwoSmallest scan_row(int i, const Value* v)
    {
        const Value* c = row(i);
        TwoSmallest m{c[0] - v[0], 0, std::numeric_limits<Value>::max(), -1};
        for (int j = 1; j < k_; ++j) {
            const Value h = c[j] - v[j];
            if (h < m.u2) {
                if (h >= m.u1) {
                    m.u2 = h;
                    m.j2 = j;
                } else {
                    m.u2 = m.u1;
                    m.j2 = m.j1;
                    m.u1 = h;
                    m.j1 = j;
                }
            }
        }
        return m;
    }

    // Dijkstra over columns from free row f in the reduced costs, stopping at the
    // first free column; then update the duals of the finished columns and flip the
    // alternating path.
    void augment(int n, int f)
    {
        Value* v = v_.data();
        Value* d = d_.data();
        int* collist = collist_.data();
        {
            const Value* c = row(f);
            for (int j = 0; j < n; ++j) {
                d[j] = c[j] - v[j];
                pred_[idx(j)] = f;
                collist[j] = j;
            }
        }
        // collist: [0, low) finished, [low, up) at the current minimum, [up, n) rest
        int low = 0;
        int up = 0;
        int end = -1;
        Value mu = 0;
        while (end < 0) {
            if (up == low) {
                mu = d[collist[up++]];
                for (int q = up; q < n; ++q) {
                    const int j = collist[q];
                    const Value h = d[j];
                    if (h <= mu) {
                        if (h < mu) {
                            up = low;
                            mu = h;
                        }
                        collist[q] = collist[up];
                        collist[up++] = j;
                    }
                }
                for (int q = low; q < up; ++q) {
                    if (colsol_[idx(collist[q])] < 0) {
                        end = collist[q];
                        break;
                    }
                }
                if (end >= 0) {
                    break;
                }
            }
            const int j1 = collist[low++];
            const int i = colsol_[idx(j1)];
            const Value* c = row(i);
            const Value h = c[j1] - v[j1] - mu;
            for (int q = up; q < n; ++q) {
                const int j = collist[q];
                const Value nd = c[j] - v[j] - h;
                if (nd < d[j]) {
                    d[j] = nd;
                    pred_[idx(j)] = i;
                    if (nd == mu) {
                        if (colsol_[idx(j)] < 0) {
                            end = j;
                            break;
                        }
                        collist[q] = collist[up];
                        collist[up++] = j;
                    }
                }
            }
        }
        for (int q = 0; q < low; ++q) {
            const int j = collist[q];
            v[j] += d[j] - mu;
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

    int k_ = 0;
    int stride_ = 0;
    FunctionRef<void(int, Value*)> fill_;                     // valid during solve()
    FunctionRef<TwoSmallest(int, const Value*, Value)> scan_; // valid during solve()
    std::vector<Value> matrix_;
    std::vector<char> filled_;
    std::vector<Value> v_, d_;
    std::vector<int> rowsol_, colsol_, free_, collist_, pred_, matches_, imin_;
    std::size_t augmentations_ = 0;
};

} // namespace detail
EMCF_END_NAMESPACE
