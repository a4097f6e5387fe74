#pragma once
/// @file
/// @brief Residues of wrapped data on a planar graph's cycles (reference/algorithm.md
///        §2.1–§2.3): from wrapped point values, from edge gradients, and batched for
///        many problems on one graph (the temporal step's many links).
///
/// Residue of cycle c (dual node c + 1): `rint(Σ_k dir_k · g_k / 2π)` over its edges,
/// where g is the gradient along each edge low → high and dir = +1 when the cycle walks
/// the edge low → high. Node 0, the ground, balances the network:
/// `R[0] = -Σ_{c >= 1} R[c]`. Sums are accumulated in double whatever the input type;
/// rounding is half-to-even like NumPy's `rint`.

#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/math.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/dual_graph.hpp>
#include <emcf/graph/planar_graph.hpp>

EMCF_BEGIN_NAMESPACE

namespace detail {

template <class Int>
Int residue_from_sum(double sum, const char* argument, std::size_t where)
{
    static_assert(std::is_integral_v<Int> && std::is_signed_v<Int>,
                  "residues: the output element type must be a signed integer");
    const double r = std::nearbyint(sum / two_pi<double>());
    if (!std::isfinite(r)) {
        throw_invalid(argument, "non-finite value on cycle " + std::to_string(where) +
                                        " (mask or remove non-finite samples first)");
    }
    if (r > static_cast<double>(std::numeric_limits<Int>::max()) ||
        r < static_cast<double>(std::numeric_limits<Int>::min())) {
        throw overflow_error(argument, "residue of cycle " + std::to_string(where) +
                                               " does not fit the output type");
    }
    return static_cast<Int>(r);
}

template <class ResidueView>
void balance_ground(const ResidueView& residues)
{
    using Int = typename ResidueView::value_type;
    std::int64_t total = 0;
    for (std::size_t n = 1; n < residues.size(); ++n) {
        total += static_cast<std::int64_t>(residues[n]);
    }
    residues[0] = static_cast<Int>(-total);
}

/// Cycle sums of gradients, scatter-added per dual node into `sums` (nnodes doubles,
/// overwritten): the allocation-free core of residues_from_gradients.
template <class GradientView>
void cycle_sums(const DualGraph& dual, const GradientView& g, std::vector<double>& sums)
{
    sums.assign(dual.nnodes(), 0.0);
    for (std::size_t e = 0; e < dual.nedges(); ++e) {
        const auto& n = dual.nodes(e);
        const auto& d = dual.dirs(e);
        const auto value = static_cast<double>(g[e]);
        sums[static_cast<std::size_t>(n[0])] += d[0] * value;
        sums[static_cast<std::size_t>(n[1])] += d[1] * value;
    }
}

/// Round cycle sums into residues (ground balanced); `argument` names the input.
template <class ResidueView>
void residues_from_sums(const std::vector<double>& sums, const ResidueView& out,
                        const char* argument)
{
    using Int = typename ResidueView::value_type;
    for (std::size_t node = 1; node < sums.size(); ++node) {
        out[node] = residue_from_sum<Int>(sums[node], argument, node - 1);
    }
    balance_ground(out);
}

/// residues_from_gradients() with caller scratch (no allocation once `sums` is sized).
template <class GradientView, class ResidueView>
void residues_from_gradients_into(const DualGraph& dual, const GradientView& g,
                                  const ResidueView& out, std::vector<double>& sums)
{
    cycle_sums(dual, g, sums);
    residues_from_sums(sums, out, "gradients");
}
} // namespace detail

/// Residues from wrapped values at the points (spurt's `compute_residues`).
/// @param graph    the planar graph
/// @param wrapped  npoints values: phases [rad] (any range; only differences modulo 2π
///                 matter) or complex samples (their argument is used)
/// @param residues ncycles + 1 signed integers (output; index 0 = ground)
/// @throws emcf::invalid_argument on a size mismatch or a non-finite value on a cycle
/// @note O(total cycle length); allocates one phase per point for complex input.
template <class Points, class Residues>
void residues_from_points(const PlanarGraph& graph, const Points& wrapped,
                          Residues&& residues)
{
    const auto in = view1d(wrapped);
    const auto out = view1d(residues);
    static_assert(detail::is_writable_view_v<decltype(out)>,
                  "residues_from_points: 'residues' must be writable");
    using Int = typename decltype(out)::value_type;
    detail::require_size(in.size(), graph.npoints(), "wrapped");
    detail::require_size(out.size(), graph.ncycles() + 1, "residues");

    using Sample = typename decltype(in)::value_type;
    std::vector<double> phase_buffer;
    auto phase = [&](std::size_t p) -> double {
        if constexpr (std::is_floating_point_v<Sample>) {
            return static_cast<double>(in[p]);
        } else {
            return phase_buffer[p];
        }
    };
    if constexpr (!std::is_floating_point_v<Sample>) {
        phase_buffer.resize(in.size());
        for (std::size_t p = 0; p < in.size(); ++p) {
            phase_buffer[p] = static_cast<double>(phase_of(in[p]));
        }
    }
    for (std::size_t c = 0; c < graph.ncycles(); ++c) {
        const std::size_t len = graph.cycle_size(c);
        double sum = 0;
        for (std::size_t k = 0; k < len; ++k) {
            const auto a = static_cast<std::size_t>(graph.cycle_vertex(c, k));
            const auto b =
                    static_cast<std::size_t>(graph.cycle_vertex(c, (k + 1) % len));
            sum += wrapped_diff(phase(a), phase(b));
        }
        out[c + 1] = detail::residue_from_sum<Int>(sum, "wrapped", c);
    }
    detail::balance_ground(out);
}

/// Residues from gradients along the edges (spurt's `compute_residues_from_gradients`).
/// @param dual      the dual graph
/// @param gradients nedges values [rad], the gradient along each edge low → high
///                  (wrapped, model-guided or partially unwrapped)
/// @param residues  nnodes = ncycles + 1 signed integers (output; index 0 = ground)
/// @throws emcf::invalid_argument on a size mismatch or a non-finite gradient on a
/// cycle
/// @note O(E); allocates one double per dual node.
template <class Gradients, class Residues>
void residues_from_gradients(const DualGraph& dual, const Gradients& gradients,
                             Residues&& residues)
{
    const auto g = view1d(gradients);
    const auto out = view1d(residues);
    static_assert(detail::is_writable_view_v<decltype(out)>,
                  "residues_from_gradients: 'residues' must be writable");
    detail::require_size(g.size(), dual.nedges(), "gradients");
    detail::require_size(out.size(), dual.nnodes(), "residues");

    std::vector<double> sums;
    detail::residues_from_gradients_into(dual, g, out, sums);
}

/// Batched residues for many problems on one graph (the temporal step: one problem per
/// spatial link).
/// @param dual      the dual graph
/// @param gradients nedges x nproblems gradients [rad] (column p = problem p)
/// @param residues  nnodes x nproblems signed integers (output; row 0 = ground)
/// @throws emcf::invalid_argument on a shape mismatch or a non-finite gradient
/// @note O(E · nproblems); walks edges in the outer loop so each gradient row is read
///       once, contiguously for row-major input.
template <class Gradients, class Residues>
void residues_from_gradients_batch(const DualGraph& dual, const Gradients& gradients,
                                   Residues&& residues)
{
    const auto g = view2d(gradients);
    const auto out = view2d(residues);
    static_assert(detail::is_writable_view_v<decltype(out)>,
                  "residues_from_gradients_batch: 'residues' must be writable");
    using Int = typename decltype(out)::value_type;
    detail::require(g.rows() == dual.nedges(), "gradients",
                    "expected " + std::to_string(dual.nedges()) +
                            " rows (edges), got " + std::to_string(g.rows()));
    detail::require_shape(out.rows(), out.cols(), dual.nnodes(), g.cols(), "residues");
    const std::size_t nprob = g.cols();
    std::vector<double> sums(dual.nnodes() * nprob, 0.0);
    for (std::size_t e = 0; e < dual.nedges(); ++e) {
        const auto& n = dual.nodes(e);
        const auto& d = dual.dirs(e);
        double* s0 = sums.data() + static_cast<std::size_t>(n[0]) * nprob;
        double* s1 = sums.data() + static_cast<std::size_t>(n[1]) * nprob;
        const auto row = g.row(e);
        for (std::size_t p = 0; p < nprob; ++p) {
            const auto value = static_cast<double>(row[p]);
            s0[p] += d[0] * value;
            s1[p] += d[1] * value;
        }
    }
    for (std::size_t p = 0; p < nprob; ++p) {
        std::int64_t total = 0;
        for (std::size_t node = 1; node < dual.nnodes(); ++node) {
            const Int r = detail::residue_from_sum<Int>(sums[node * nprob + p],
                                                        "gradients", node - 1);
            out(node, p) = r;
            total += r;
        }
        out(0, p) = static_cast<Int>(-total);
    }
}

EMCF_END_NAMESPACE
