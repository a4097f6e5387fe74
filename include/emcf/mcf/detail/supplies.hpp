#pragma once
/// @file
/// @brief Shared front end of the min-cost-flow solvers: read a residue vector into a
///        sparse supply list with the caller-misuse checks (balance, overflow) and the
///        feasibility test (every connected component must balance), and write the
///        flows out.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

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

/// The non-zero supplies of one problem, reused across solves (no allocation once the
/// capacity suffices).
template <class Flow>
class SupplyList {
  public:
    void reserve(std::size_t nnodes)
    {
        node_.reserve(nnodes);
        value_.reserve(nnodes);
    }

    /// Read residues. Returns false, with nothing collected, when all are zero.
    /// @throws emcf::invalid_argument ('residues') if they do not sum to zero;
    ///         emcf::overflow_error ('residues') if a value or the total positive
    ///         supply does not fit `Flow`
    template <class View>
    bool collect(const View& r)
    {
        node_.clear();
        value_.clear();
        total_ = 0;
        using T = typename View::value_type;
        // Locals, so that the stores below cannot alias the view's fields.
        const T* p = r.data();
        const std::ptrdiff_t stride = r.stride();
        const std::size_t n = r.size();
        if (stride == 1) {
            // Most residue vectors are zero or nearly so: OR blocks of 16 (vectorised)
            // and look into a block only when it holds a non-zero.
            constexpr std::size_t kBlock = 16;
            std::size_t u = 0;
            for (; u + kBlock <= n; u += kBlock) {
                T acc = 0;
                for (std::size_t j = 0; j < kBlock; ++j) {
                    acc = static_cast<T>(acc | p[u + j]);
                }
                if (acc != 0) {
                    for (std::size_t j = 0; j < kBlock; ++j) {
                        if (p[u + j] != 0) {
                            add(u + j, p[u + j]);
                        }
                    }
                }
            }
            for (; u < n; ++u) {
                if (p[u] != 0) {
                    add(u, p[u]);
                }
            }
        } else {
            for (std::size_t u = 0; u < n; ++u) {
                const T x = p[static_cast<std::ptrdiff_t>(u) * stride];
                if (x != 0) {
                    add(u, x);
                }
            }
        }
        if (node_.empty()) {
            return false;
        }
        if (positive_ != negative_) {
            const Flow pos = positive_;
            const Flow neg = negative_;
            positive_ = negative_ = 0;
            throw_invalid("residues",
                          "unbalanced: positive residues sum to " +
                                  std::to_string(pos) + ", negative ones to -" +
                                  std::to_string(neg) +
                                  " (the ground, index 0, must balance them)");
        }
        total_ = positive_;
        positive_ = negative_ = 0;
        return true;
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
        for (std::size_t k = 0; k < node_.size(); ++k) {
            sums[static_cast<std::size_t>(
                    net.component(static_cast<std::size_t>(node_[k])))] +=
                    static_cast<std::int64_t>(value_[k]);
        }
        bool ok = true;
        for (std::size_t k = 0; k < node_.size(); ++k) {
            auto& s = sums[static_cast<std::size_t>(
                    net.component(static_cast<std::size_t>(node_[k])))];
            ok = ok && s == 0;
            s = 0;
        }
        return ok;
    }

    [[nodiscard]] std::size_t size() const noexcept { return node_.size(); }
    [[nodiscard]] graph_index node(std::size_t k) const noexcept { return node_[k]; }
    [[nodiscard]] Flow value(std::size_t k) const noexcept { return value_[k]; }
    /// Total positive supply.
    [[nodiscard]] Flow total() const noexcept { return total_; }

  private:
    template <class T>
    void add(std::size_t u, T x)
    {
        // Magnitudes in uintmax so that T = int64 and Flow = int32 both check exactly,
        // including the most negative value.
        const std::uintmax_t mag =
                x > 0 ? static_cast<std::uintmax_t>(x)
                      : std::uintmax_t(0) - static_cast<std::uintmax_t>(x);
        Flow& side = x > 0 ? positive_ : negative_;
        if (mag >
            static_cast<std::uintmax_t>(std::numeric_limits<Flow>::max() - side)) {
            positive_ = negative_ = 0;
            throw overflow_error("residues",
                                 "total supply exceeds the Flow type (node " +
                                         std::to_string(u) + ")");
        }
        side = static_cast<Flow>(side + static_cast<Flow>(mag));
        node_.push_back(static_cast<graph_index>(u));
        value_.push_back(x > 0 ? static_cast<Flow>(mag)
                               : static_cast<Flow>(-static_cast<Flow>(mag)));
    }

    std::vector<graph_index> node_;
    std::vector<Flow> value_;
    Flow total_ = 0;
    Flow positive_ = 0;
    Flow negative_ = 0;
};

/// Check that `total` units of flow at most `bound` each cost fit `Cost` with room for
/// the solvers' dual values, and that per-edge flows (|f_e| <= total) fit the output.
template <class Out, class Cost, class Flow>
void check_flow_ranges(Flow total, Cost bound)
{
    const auto k = static_cast<std::uintmax_t>(total);
    const auto room = static_cast<std::uintmax_t>(std::numeric_limits<Cost>::max() / 4);
    if (bound > 0 && k > room / static_cast<std::uintmax_t>(bound)) {
        throw overflow_error("residues", "total supply " + std::to_string(total) +
                                                 " times the path-cost bound " +
                                                 std::to_string(bound) +
                                                 " could overflow the Cost type");
    }
    if (k > static_cast<std::uintmax_t>(std::numeric_limits<Out>::max())) {
        throw overflow_error("flows", "total supply " + std::to_string(total) +
                                              " does not fit the flow element type");
    }
}

} // namespace detail
EMCF_END_NAMESPACE
