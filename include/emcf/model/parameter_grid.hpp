#pragma once
/// @file
/// @brief Regular search grid over the model parameters, the step rule and the
///        velocity-aliasing check (reference/algorithm.md §5.3).
///
/// Each parameter p has an inclusive range [lo, hi] sampled with step s:
/// `n = floor((hi − lo)/s + 0.5) + 1` nodes at `lo + i·s` (the last node lies within
/// half a step of hi; node values are never accumulated). Nodes are numbered
/// row-major with parameter 0 the slowest index (NumPy's `meshgrid(..., indexing='ij')`
/// as in spurt), so "first node in grid order" is well defined for ties.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/math.hpp>
#include <emcf/core/strided_view.hpp>

EMCF_BEGIN_NAMESPACE

/// Inclusive range of one parameter.
struct ParameterRange {
    double lo = 0;    ///< first node
    double hi = 0;    ///< last node (within half a step)
    double step = 0;  ///< node spacing, > 0
    std::string name; ///< optional name used in messages (e.g. "velocity")

    ParameterRange() = default;
    /// `{lo, hi, step}` or `{lo, hi, step, "name"}`; validated by ParameterGrid.
    ParameterRange(double lo_, double hi_, double step_, std::string name_ = {})
        : lo(lo_), hi(hi_), step(step_), name(std::move(name_))
    {
    }
};

/// Regular product grid over the parameters (parameter 0 slowest).
class ParameterGrid {
  public:
    /// Largest number of nodes a grid may have (flat indices fit in 32 bits).
    static constexpr std::size_t max_nodes = std::size_t{1} << 31;

    /// @param ranges one range per parameter, in design-matrix column order
    /// @throws emcf::invalid_argument naming the parameter (its name, or
    ///         `ranges[p]`): no range, a non-finite bound or step, step <= 0,
    ///         lo > hi, or more than max_nodes nodes in total
    explicit ParameterGrid(std::vector<ParameterRange> ranges)
        : ranges_(std::move(ranges))
    {
        detail::require(!ranges_.empty(), "ranges",
                        "the grid needs at least one parameter");
        counts_.resize(ranges_.size());
        strides_.resize(ranges_.size());
        double total = 1;
        for (std::size_t p = 0; p < ranges_.size(); ++p) {
            const auto& r = ranges_[p];
            const std::string arg = label(p);
            detail::require(std::isfinite(r.lo) && std::isfinite(r.hi), arg.c_str(),
                            "bounds must be finite, got [" + std::to_string(r.lo) +
                                    ", " + std::to_string(r.hi) + "]");
            detail::require(std::isfinite(r.step) && r.step > 0, arg.c_str(),
                            "step must be finite and > 0, got " +
                                    std::to_string(r.step));
            detail::require(r.lo <= r.hi, arg.c_str(),
                            "inverted range: lo " + std::to_string(r.lo) + " > hi " +
                                    std::to_string(r.hi));
            const double n = std::floor((r.hi - r.lo) / r.step + 0.5) + 1;
            detail::require(n <= static_cast<double>(max_nodes), arg.c_str(),
                            "too many nodes (" + std::to_string(n) + ")");
            counts_[p] = static_cast<std::size_t>(n);
            total *= n;
        }
        detail::require(total <= static_cast<double>(max_nodes), "ranges",
                        "the grid has too many nodes (" + std::to_string(total) +
                                " > 2^31)");
        size_ = 1;
        for (std::size_t p = ranges_.size(); p-- > 0;) {
            strides_[p] = size_;
            size_ *= counts_[p];
        }
    }

    /// Same as the vector form.
    ParameterGrid(std::initializer_list<ParameterRange> ranges)
        : ParameterGrid(std::vector<ParameterRange>(ranges))
    {
    }

    /// Number of parameters.
    [[nodiscard]] std::size_t ndim() const noexcept { return ranges_.size(); }
    /// Total number of nodes.
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    /// Number of nodes of parameter p.
    [[nodiscard]] std::size_t count(std::size_t p) const { return counts_.at(p); }
    /// Distance between consecutive nodes of parameter p in the flat numbering.
    [[nodiscard]] std::size_t stride(std::size_t p) const { return strides_.at(p); }
    /// The range of parameter p as given.
    [[nodiscard]] const ParameterRange& range(std::size_t p) const
    {
        return ranges_.at(p);
    }
    /// First node of parameter p.
    [[nodiscard]] double lo(std::size_t p) const { return ranges_.at(p).lo; }
    /// Step of parameter p.
    [[nodiscard]] double step(std::size_t p) const { return ranges_.at(p).step; }
    /// Value of node i of parameter p: lo + i·step.
    [[nodiscard]] double value(std::size_t p, std::size_t i) const
    {
        return ranges_[p].lo + static_cast<double>(i) * ranges_[p].step;
    }
    /// Last node of parameter p.
    [[nodiscard]] double last(std::size_t p) const
    {
        return value(p, counts_.at(p) - 1);
    }
    /// Index along parameter p of flat node g.
    [[nodiscard]] std::size_t index(std::size_t p, std::size_t g) const
    {
        return (g / strides_[p]) % counts_[p];
    }
    /// Parameter values of flat node g, written into `out` (ndim values).
    template <class Out>
    void node(std::size_t g, Out&& out) const
    {
        const auto dst = view1d(out);
        detail::require_size(dst.size(), ndim(), "out");
        for (std::size_t p = 0; p < ndim(); ++p) {
            dst[p] = static_cast<typename decltype(dst)::value_type>(
                    value(p, index(p, g)));
        }
    }
    /// Name used in messages: the range's name, or `ranges[p]`.
    [[nodiscard]] std::string label(std::size_t p) const
    {
        return ranges_[p].name.empty() ? "ranges[" + std::to_string(p) + "]"
                                       : ranges_[p].name;
    }

  private:
    std::vector<ParameterRange> ranges_;
    std::vector<std::size_t> counts_;
    std::vector<std::size_t> strides_;
    std::size_t size_ = 0;
};

/// Largest |A[k, p]| over the rows of a design matrix (one value per column).
template <class Design>
[[nodiscard]] std::vector<double> max_sensitivity(const Design& design)
{
    const auto a = detail::as_matrix_view(design);
    std::vector<double> out(a.cols(), 0.0);
    for (std::size_t k = 0; k < a.rows(); ++k) {
        for (std::size_t p = 0; p < a.cols(); ++p) {
            const double v = std::fabs(static_cast<double>(a(k, p)));
            detail::require(std::isfinite(v), "design", "values must be finite");
            out[p] = std::max(out[p], v);
        }
    }
    return out;
}

/// @brief Grid steps from the step rule: the phase of every interferogram changes by at
///        most `fraction` of a cycle between neighbouring nodes,
///        `step_p = fraction · 2π / max_k |A[k, p]|`.
/// @param design   nobs × nparams design matrix [rad per unit]
/// @param fraction fraction of a cycle in (0, 0.5]: 1/4 is the aliasing limit (π/2 per
///                 step), about 1/12 (0.5 rad) gives 1–2 % coherence loss at the
///                 nearest node and a smooth 3×3 refinement stencil
/// @return one step per column [unit of the parameter]; +inf for a column that is
///         identically zero (the parameter adds no phase: any step will do)
/// @throws emcf::invalid_argument for an empty or non-finite design, or `fraction`
///         outside (0, 0.5]
/// @note O(nobs · nparams).
template <class Design>
[[nodiscard]] std::vector<double> suggest_grid_steps(const Design& design,
                                                     double fraction = 1.0 / 12.0)
{
    detail::require(std::isfinite(fraction) && fraction > 0 && fraction <= 0.5,
                    "fraction",
                    "must lie in (0, 0.5] of a cycle, got " + std::to_string(fraction));
    const auto a = detail::as_matrix_view(design);
    detail::require(a.rows() > 0 && a.cols() > 0, "design", "is empty");
    auto steps = max_sensitivity(design);
    for (auto& s : steps) {
        s = s > 0 ? fraction * two_pi<double>() / s
                  : std::numeric_limits<double>::infinity();
    }
    return steps;
}

/// @brief Exact period of the coherence along parameter p, if the column is regularly
///        sampled.
///
/// When every |A[k, p]| is an integer multiple n_k of a common α (within `tolerance`
/// relative to max|A[:, p]|; e.g. velocity with dates on a fixed repeat cycle), the
/// coherence is exactly periodic in parameter p with period 2π/α: nodes one period
/// apart are indistinguishable (aliases). α is searched as min|A|/d for d = 1 … 64.
/// @return 2π/α [unit of the parameter], or +inf when no such α exists (irregular
///         sampling: no exact period, only sidelobes) or the column is zero
/// @throws emcf::invalid_argument if p is out of range or the design is not finite
template <class Design>
[[nodiscard]] double aliasing_period(const Design& design, std::size_t p,
                                     double tolerance = 1e-6)
{
    const auto a = detail::as_matrix_view(design);
    detail::require(p < a.cols(), "p",
                    "column " + std::to_string(p) + " out of range [0, " +
                            std::to_string(a.cols()) + ")");
    double amin = std::numeric_limits<double>::infinity();
    double amax = 0;
    for (std::size_t k = 0; k < a.rows(); ++k) {
        const double v = std::fabs(static_cast<double>(a(k, p)));
        detail::require(std::isfinite(v), "design", "values must be finite");
        if (v > 0) {
            amin = std::min(amin, v);
        }
        amax = std::max(amax, v);
    }
    if (amax == 0) {
        return std::numeric_limits<double>::infinity();
    }
    for (int d = 1; d <= 64; ++d) {
        const double alpha = amin / d;
        bool regular = true;
        for (std::size_t k = 0; k < a.rows() && regular; ++k) {
            const double v = std::fabs(static_cast<double>(a(k, p)));
            const double n = std::nearbyint(v / alpha);
            regular = std::fabs(v - n * alpha) <= tolerance * amax;
        }
        if (regular) {
            return two_pi<double>() / alpha;
        }
    }
    return std::numeric_limits<double>::infinity();
}

/// Outcome of checking one grid axis against the design matrix.
enum class GridAxisStatus : unsigned char {
    ok = 0,               ///< steps and range are safe
    step_too_coarse,      ///< some interferogram changes by more than π/2 per step
    range_exceeds_period, ///< the range spans at least one aliasing period: the
                          ///< estimate can jump by whole periods
};

/// Check of one grid axis (see check_grid()).
struct GridAxisCheck {
    double max_phase_step = 0; ///< max_k |A[k, p]|·step [rad]
    double period = 0;         ///< aliasing period (aliasing_period()), +inf if none
    bool step_too_coarse = false;
    bool range_exceeds_period = false;
    /// The more severe of the two findings.
    [[nodiscard]] GridAxisStatus status() const noexcept
    {
        return range_exceeds_period ? GridAxisStatus::range_exceeds_period
               : step_too_coarse    ? GridAxisStatus::step_too_coarse
                                    : GridAxisStatus::ok;
    }
};

/// Stable lower-case name of a grid-axis status.
[[nodiscard]] constexpr const char* to_string(GridAxisStatus s) noexcept
{
    switch (s) {
    case GridAxisStatus::ok:
        return "ok";
    case GridAxisStatus::step_too_coarse:
        return "step_too_coarse";
    case GridAxisStatus::range_exceeds_period:
        return "range_exceeds_period";
    }
    return "unknown";
}

/// @brief Check every axis of a grid against a design matrix: the largest phase step
///        between neighbours (> π/2 aliases) and, for regularly sampled columns,
///        whether the range (last node − first node) reaches the exact aliasing period.
/// @throws emcf::invalid_argument if the grid and the design disagree on the number
///         of parameters
/// @note O(nobs · nparams · 64).
template <class Design>
[[nodiscard]] std::vector<GridAxisCheck> check_grid(const Design& design,
                                                    const ParameterGrid& grid)
{
    const auto a = detail::as_matrix_view(design);
    detail::require(a.cols() == grid.ndim(), "grid",
                    "has " + std::to_string(grid.ndim()) + " parameters, the design " +
                            std::to_string(a.cols()) + " columns");
    const auto amax = max_sensitivity(design);
    std::vector<GridAxisCheck> out(grid.ndim());
    for (std::size_t p = 0; p < grid.ndim(); ++p) {
        auto& c = out[p];
        c.max_phase_step = amax[p] * grid.step(p);
        c.period = aliasing_period(design, p);
        c.step_too_coarse = c.max_phase_step > pi<double>() / 2;
        // Two points of the box one period apart are indistinguishable.
        c.range_exceeds_period =
                std::isfinite(c.period) && grid.last(p) - grid.lo(p) >= c.period;
    }
    return out;
}

EMCF_END_NAMESPACE
