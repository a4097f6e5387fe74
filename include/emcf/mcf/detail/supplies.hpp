#pragma once
/// @file
/// @brief Shared front end of the min-cost-flow solvers: read a residue vector into a
///        sparse supply list with the caller-misuse checks (balance, overflow) and the
///        feasibility test (every connected component must balance), and write the
///        flows out.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/planar_graph.hpp>
#include <emcf/mcf/flow_network.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

template <class T>
constexpr void require_signed_integer_view()
{
    static_assert(std::is_integral_v<T> && std::is_signed_v<T>,
                  "min-cost flow: residues and flows must be signed integers");
}

/// Index of the lowest set bit of a non-zero word.
inline std::size_t lowest_bit(std::uint64_t x) noexcept
{
#if defined(__GNUC__)
    return static_cast<std::size_t>(__builtin_ctzll(x));
#else
    std::size_t b = 0;
    while ((x & 1U) == 0) {
        x >>= 1;
        ++b;
    }
    return b;
#endif
}

/// Whether a listed node index is in [0, n).
template <class I>
bool index_in_range(I u, std::size_t n) noexcept
{
    static_assert(std::is_integral_v<I>, "supplies: 'nodes' must be integers");
    if constexpr (std::is_signed_v<I>) {
        if (u < 0) {
            return false;
        }
    }
    return static_cast<std::uintmax_t>(u) < n;
}

/// Fill a flow view with zeros.
template <class View>
void fill_zero(const View& out) noexcept
{
    using T = typename View::value_type;
    if (out.is_contiguous()) {
        std::fill(out.data(), out.data() + out.size(), T{0});
        return;
    }
    for (std::size_t e = 0; e < out.size(); ++e) {
        out[e] = T{0};
    }
}

/// The non-zero supplies of one problem, reused across solves (sized once for the
/// network: no allocation per solve).
template <class Flow>
class SupplyList {
  public:
    void reserve(std::size_t nnodes)
    {
        if (node_.size() < nnodes) { // (node_ last: a failed allocation is retried)
            value_.resize(nnodes);
            node_.resize(nnodes);
        }
    }

    /// Read residues (of the size given to reserve()). Returns false, with nothing
    /// collected, when all are zero.
    /// @throws emcf::invalid_argument ('residues') if they do not sum to zero;
    ///         emcf::overflow_error ('residues') if a value or the total positive
    ///         supply does not fit `Flow`
    template <class View>
    bool collect(const View& r)
    {
        using T = typename View::value_type;
        // Everything in locals (registers): stores to the lists cannot alias them.
        const T* p = r.data();
        const std::ptrdiff_t stride = r.stride();
        const std::size_t n = r.size();
        reserve(n);
        Tally tally{node_.data(), value_.data(), "residues"};
        // Add the elements of p[u ..] whose bytes are flagged (one bit per byte).
        auto visit = [&](std::size_t u, std::uint64_t mask) {
            while (mask != 0) {
                const std::size_t j = lowest_bit(mask) / sizeof(T);
                tally.add(u + j, p[u + j]);
                mask &= ~(((std::uint64_t(1) << sizeof(T)) - 1) << (j * sizeof(T)));
            }
        };
        if (stride == 1) {
            // Skip zero blocks of 64 bytes before looking closer: most temporal
            // residue vectors are all zero.
            constexpr std::size_t kBlock = 64 / sizeof(T);
            std::size_t u = 0;
            for (; u + kBlock <= n; u += kBlock) {
                if (block_nonzero(p + u)) {
                    visit(u, nonzero_bytes(p + u));
                }
            }
            constexpr std::size_t kChunk = 16 / sizeof(T) > 0 ? 16 / sizeof(T) : 1;
            for (; u + kChunk <= n; u += kChunk) {
                visit(u, nonzero_bytes16(p + u));
            }
            for (; u < n; ++u) {
                if (p[u] != 0) {
                    tally.add(u, p[u]);
                }
            }
        } else {
            for (std::size_t u = 0; u < n; ++u) {
                const T x = p[static_cast<std::ptrdiff_t>(u) * stride];
                if (x != 0) {
                    tally.add(u, x);
                }
            }
        }
        return finish(tally, "residues");
    }

    /// Read a problem given as its non-zero supplies: `values[q]` at node `nodes[q]`
    /// (zeros allowed and skipped, any order; the list is kept sorted by node, so a
    /// problem gives the same flows whichever way it is written).
    /// @throws emcf::invalid_argument ('nodes') on a size mismatch with `values`, a
    ///         node out of [0, nnodes) or listed twice; ('residues') if they do not sum
    ///         to zero; emcf::overflow_error ('residues') as collect()
    template <class NodeView, class ValueView>
    bool collect_sparse(const NodeView& nodes, const ValueView& values,
                        std::size_t nnodes)
    {
        using T = typename ValueView::value_type;
        require_size(nodes.size(), values.size(), "nodes");
        // (a list may be longer than the network: zeros, or repeats still to report)
        reserve(std::max(nnodes, nodes.size()));
        // One branch-free pass (the signs are coin flips), everything in locals (the
        // stores below could alias the views' members): the flags are looked at once,
        // after it.
        const auto* node_in = nodes.data();
        const auto* value_in = values.data();
        const std::ptrdiff_t node_stride = nodes.stride();
        const std::ptrdiff_t value_stride = values.stride();
        const std::size_t len = nodes.size();
        graph_index* out_node = node_.data();
        Flow* out_value = value_.data();
        std::uintmax_t positive = 0; // sum of the positive values
        std::uintmax_t sum = 0;      // of all, modulo 2^64
        std::uintmax_t wide = 0;     // the magnitudes or-ed: has a bit >= 2^32 if any
        std::size_t count = 0;
        bool in_range = true;
        bool increasing = true;
        std::intmax_t previous = -1;
        for (std::size_t q = 0; q < len; ++q) {
            const auto u = node_in[static_cast<std::ptrdiff_t>(q) * node_stride];
            const T x = value_in[static_cast<std::ptrdiff_t>(q) * value_stride];
            const bool ok = index_in_range(u, nnodes);
            const auto v = static_cast<std::intmax_t>(ok ? u : 0);
            in_range = in_range & ok;
            increasing = increasing & (v > previous);
            previous = v;
            // |x| by masks (the sign is a coin flip)
            const auto ux = static_cast<std::uintmax_t>(x);
            const std::uintmax_t neg = std::uintmax_t{0} - std::uintmax_t{x < 0};
            const std::uintmax_t mag = (ux ^ neg) - neg;
            positive += mag & ~neg;
            sum += ux;
            wide |= mag;
            out_node[count] = static_cast<graph_index>(v);
            out_value[count] = static_cast<Flow>(x); // kept only if it fits (checked)
            count += static_cast<std::size_t>(x != 0);
        }
        // Magnitudes below 2^32 in fewer than 2^31 entries: the sums are exact, and
        // the negative one is positive - sum. Otherwise sum the magnitudes again,
        // stopping at the Flow limit.
        constexpr auto limit =
                static_cast<std::uintmax_t>(std::numeric_limits<Flow>::max());
        std::uintmax_t negative = positive - sum;
        bool overflow = false;
        if ((wide >> 32) != 0 || len >= (std::size_t{1} << 31)) {
            positive = 0;
            negative = 0;
            for (std::size_t q = 0; q < len && !overflow; ++q) {
                const T x = value_in[static_cast<std::ptrdiff_t>(q) * value_stride];
                const auto ux = static_cast<std::uintmax_t>(x);
                // (before either sum passes the limit a magnitude <= 2^63 cannot wrap)
                (x < 0 ? negative : positive) += x < 0 ? std::uintmax_t{0} - ux : ux;
                overflow = positive > limit || negative > limit;
            }
        }
        overflow = overflow || positive > limit || negative > limit;
        count_ = 0;
        if (!in_range) {
            for (std::size_t q = 0; q < len; ++q) {
                if (!index_in_range(nodes[q], nnodes)) {
                    throw_invalid("nodes", "node " + std::to_string(nodes[q]) +
                                                   " (entry " + std::to_string(q) +
                                                   ") is outside [0, " +
                                                   std::to_string(nnodes) + ")");
                }
            }
        }
        if (overflow) {
            throw overflow_error("residues", "total supply exceeds the Flow type");
        }
        if (!increasing) {
            sort_by_node(count);
        }
        Tally tally{node_.data(), value_.data(), "residues", count,
                    static_cast<Flow>(positive), static_cast<Flow>(negative)};
        return finish(tally, "residues");
    }

    /// Whether every connected component of the network balances (else some supply
    /// cannot reach a demand). O(number of supplies); `sums` is scratch, all zero on
    /// entry and exit, sized ncomponents.
    template <class Cost>
    bool feasible(const FlowNetwork<Cost>& net, std::vector<std::int64_t>& sums) const
    {
        if (net.ncomponents() <= 1) {
            return true;
        }
        sums.resize(net.ncomponents(), 0);
        for (std::size_t k = 0; k < count_; ++k) {
            sums[static_cast<std::size_t>(
                    net.component(static_cast<std::size_t>(node_[k])))] +=
                    static_cast<std::int64_t>(value_[k]);
        }
        bool ok = true;
        for (std::size_t k = 0; k < count_; ++k) {
            auto& s = sums[static_cast<std::size_t>(
                    net.component(static_cast<std::size_t>(node_[k])))];
            ok = ok && s == 0;
            s = 0;
        }
        return ok;
    }

    [[nodiscard]] std::size_t size() const noexcept { return count_; }
    [[nodiscard]] graph_index node(std::size_t k) const noexcept { return node_[k]; }
    [[nodiscard]] Flow value(std::size_t k) const noexcept { return value_[k]; }
    /// Total positive supply.
    [[nodiscard]] Flow total() const noexcept { return total_; }

  private:
    // Appends non-zero supplies to the lists and sums both signs.
    struct Tally {
        graph_index* nodes;
        Flow* values;
        const char* argument; // named in errors
        std::size_t count = 0;
        Flow positive = 0;
        Flow negative = 0; // magnitude of the negative supplies

        template <class T>
        void add(std::size_t u, T x)
        {
            // |x| < 2^31 summed over fewer than 2^31 nodes cannot overflow a 64-bit
            // Flow: the per-element check is needed only for wide supply or narrow
            // flow types.
            constexpr bool safe = std::numeric_limits<T>::digits <= 31 &&
                                  std::numeric_limits<Flow>::digits >= 63;
            if constexpr (safe) {
                // branch-free: the sign is a coin flip
                const auto f = static_cast<Flow>(x);
                positive += f > 0 ? f : Flow{0};
                negative += f < 0 ? static_cast<Flow>(-f) : Flow{0};
                values[count] = f;
            } else {
                // Magnitudes in uintmax so that T = int64 and Flow = int32 both check
                // exactly, including the most negative value.
                const std::uintmax_t mag =
                        x > 0 ? static_cast<std::uintmax_t>(x)
                              : std::uintmax_t(0) - static_cast<std::uintmax_t>(x);
                Flow& side = x > 0 ? positive : negative;
                if (mag > static_cast<std::uintmax_t>(std::numeric_limits<Flow>::max() -
                                                      side)) {
                    throw overflow_error(argument,
                                         "total supply exceeds the Flow type (node " +
                                                 std::to_string(u) + ")");
                }
                side = static_cast<Flow>(side + static_cast<Flow>(mag));
                values[count] = x > 0 ? static_cast<Flow>(mag)
                                      : static_cast<Flow>(-static_cast<Flow>(mag));
            }
            nodes[count++] = static_cast<graph_index>(u);
        }
    };

    // Keep what the tally collected; false when it is empty.
    bool finish(const Tally& t, const char* argument)
    {
        count_ = t.count;
        total_ = t.positive;
        if (t.count == 0) {
            return false;
        }
        if (t.positive != t.negative) {
            count_ = 0;
            throw_invalid(argument, "unbalanced: positive " + std::string(argument) +
                                            " sum to " + std::to_string(t.positive) +
                                            ", negative ones to -" +
                                            std::to_string(t.negative) +
                                            " (the ground, index 0, must balance them)");
        }
        return true;
    }

    // Sort the list by node (stable, so the error names the first repeat).
    void sort_by_node(std::size_t count)
    {
        pairs_.resize(count);
        for (std::size_t q = 0; q < count; ++q) {
            pairs_[q] = {node_[q], value_[q]};
        }
        std::stable_sort(pairs_.begin(), pairs_.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (std::size_t q = 0; q < count; ++q) {
            if (q > 0 && pairs_[q].first == pairs_[q - 1].first) {
                throw_invalid("nodes", "node " + std::to_string(pairs_[q].first) +
                                               " is listed twice");
            }
            node_[q] = pairs_[q].first;
            value_[q] = pairs_[q].second;
        }
    }

    // Whether any of the 64 bytes at p is non-zero.
    static bool block_nonzero(const void* p) noexcept
    {
#if defined(__SSE2__)
        const auto* q = static_cast<const __m128i*>(p);
        const __m128i any = _mm_or_si128(
                _mm_or_si128(_mm_loadu_si128(q), _mm_loadu_si128(q + 1)),
                _mm_or_si128(_mm_loadu_si128(q + 2), _mm_loadu_si128(q + 3)));
        return _mm_movemask_epi8(_mm_cmpeq_epi8(any, _mm_setzero_si128())) != 0xFFFF;
#else
        std::uint64_t w[8];
        std::memcpy(w, p, sizeof(w));
        return (w[0] | w[1] | w[2] | w[3] | w[4] | w[5] | w[6] | w[7]) != 0;
#endif
    }

    // Bits as nonzero_bytes() for the 16 bytes at p.
    static std::uint64_t nonzero_bytes16(const void* p) noexcept
    {
#if defined(__SSE2__)
        const auto m = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(
                _mm_loadu_si128(static_cast<const __m128i*>(p)), _mm_setzero_si128())));
        return ~static_cast<std::uint64_t>(m) & 0xFFFFU;
#else
        const auto* b = static_cast<const unsigned char*>(p);
        std::uint64_t mask = 0;
        for (int k = 0; k < 16; ++k) {
            mask |= static_cast<std::uint64_t>(b[k] != 0) << k;
        }
        return mask;
#endif
    }

    // Bit b set iff byte b of the 64 bytes at p is non-zero.
    static std::uint64_t nonzero_bytes(const void* p) noexcept
    {
        const auto* b = static_cast<const unsigned char*>(p);
        return nonzero_bytes16(b) | nonzero_bytes16(b + 16) << 16 |
               nonzero_bytes16(b + 32) << 32 | nonzero_bytes16(b + 48) << 48;
    }


    std::vector<graph_index> node_;
    std::vector<Flow> value_;
    std::vector<std::pair<graph_index, Flow>> pairs_;
    std::size_t count_ = 0;
    Flow total_ = 0;
};

/// Check that a total supply is within the network's limit (`max_total_supply()`: so
/// that costs and the solvers' dual values cannot overflow) and that per-edge flows
/// (|f_e| <= total) fit the output element type.
template <class Out, class Flow>
[[noreturn]] void throw_flow_range(Flow total, std::uintmax_t limit)
{
    if (static_cast<std::uintmax_t>(total) > limit) {
        throw overflow_error("residues", "total supply " + std::to_string(total) +
                                                 " times the path-cost bound could "
                                                 "overflow the Cost type");
    }
    throw overflow_error("flows", "total supply " + std::to_string(total) +
                                          " does not fit the flow element type");
}

template <class Out, class Flow>
void check_flow_ranges(Flow total, std::uintmax_t limit)
{
    // (per solve: the check inline, the message built out of line)
    const auto k = static_cast<std::uintmax_t>(total);
    if (k > limit || k > static_cast<std::uintmax_t>(std::numeric_limits<Out>::max())) {
        throw_flow_range<Out>(total, limit);
    }
}

} // namespace detail
EMCF_END_NAMESPACE
