#pragma once
/// @file
/// @brief Per-(design, grid) tables shared by the coherence search and the peak
///        refinement: the design in the internal observation order and, per parameter
///        p and node i, the unit phasors exp(j·A[k, p]·x_p(i)) in double.

#include <cmath>
#include <complex>
#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Core>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/model/detail/kernels.hpp>
#include <emcf/model/parameter_grid.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

/// Design matrix (nobs × nparams, double) of any supported storage, validated.
template <class Design>
Eigen::MatrixXd copy_design(const Design& design)
{
    const auto a = as_matrix_view(design);
    require(a.rows() > 0 && a.cols() > 0, "design",
            "is empty (" + std::to_string(a.rows()) + " x " + std::to_string(a.cols()) +
                    ")");
    Eigen::MatrixXd out(static_cast<Eigen::Index>(a.rows()),
                        static_cast<Eigen::Index>(a.cols()));
    for (std::size_t k = 0; k < a.rows(); ++k) {
        for (std::size_t p = 0; p < a.cols(); ++p) {
            const double v = static_cast<double>(a(k, p));
            require(std::isfinite(v), "design",
                    "values must be finite (row " + std::to_string(k) + ", column " +
                            std::to_string(p) + ")");
            out(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(p)) = v;
        }
    }
    return out;
}

class ModelTables {
  public:
    ModelTables() = default;

    /// @param design design matrix in the caller's row order
    /// @param grid   search grid (ndim == design.cols())
    /// @param order  internal observation order: order[k] = caller row of internal k
    ModelTables(const Eigen::MatrixXd& design, const ParameterGrid& grid,
                std::vector<std::size_t> order)
        : order_(std::move(order)), nobs_(static_cast<std::size_t>(design.rows())),
          nobs_pad_(pad_lanes(nobs_))
    {
        const std::size_t np = grid.ndim();
        design_.resize(static_cast<Eigen::Index>(nobs_), static_cast<Eigen::Index>(np));
        for (std::size_t k = 0; k < nobs_; ++k) {
            design_.row(static_cast<Eigen::Index>(k)) =
                    design.row(static_cast<Eigen::Index>(order_[k]));
        }
        axis_re_.resize(np);
        axis_im_.resize(np);
        std::vector<double> theta(nobs_pad_, 0.0);
        for (std::size_t p = 0; p < np; ++p) {
            const std::size_t n = grid.count(p);
            axis_re_[p].assign(n * nobs_pad_, 0.0);
            axis_im_[p].assign(n * nobs_pad_, 0.0);
            for (std::size_t i = 0; i < n; ++i) {
                const double x = grid.value(p, i);
                for (std::size_t k = 0; k < nobs_; ++k) {
                    theta[k] = a(k, p) * x;
                }
                sincos_n(theta.data(), &axis_im_[p][i * nobs_pad_],
                         &axis_re_[p][i * nobs_pad_], nobs_);
            }
        }
    }

    [[nodiscard]] std::size_t nobs() const noexcept { return nobs_; }
    /// nobs rounded up to a multiple of kLanes (row length of the phasor tables).
    [[nodiscard]] std::size_t nobs_pad() const noexcept { return nobs_pad_; }
    [[nodiscard]] std::size_t nparams() const noexcept
    {
        return static_cast<std::size_t>(design_.cols());
    }
    /// Caller row of internal observation k.
    [[nodiscard]] std::size_t order(std::size_t k) const noexcept { return order_[k]; }
    [[nodiscard]] const std::vector<std::size_t>& order() const noexcept
    {
        return order_;
    }
    /// Design value in the internal order.
    [[nodiscard]] double a(std::size_t k, std::size_t p) const noexcept
    {
        return design_(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(p));
    }
    [[nodiscard]] const Eigen::MatrixXd& design() const noexcept { return design_; }
    /// Real and imaginary parts of exp(j·A[k, p]·x_p(i)), k < nobs_pad (zero padded).
    [[nodiscard]] const double* axis_re(std::size_t p, std::size_t i) const noexcept
    {
        return &axis_re_[p][i * nobs_pad_];
    }
    [[nodiscard]] const double* axis_im(std::size_t p, std::size_t i) const noexcept
    {
        return &axis_im_[p][i * nobs_pad_];
    }
    /// Bytes held by the tables.
    [[nodiscard]] std::size_t bytes() const noexcept
    {
        std::size_t b = sizeof(double) * static_cast<std::size_t>(design_.size());
        for (const auto& t : axis_re_) {
            b += 2 * sizeof(double) * t.size();
        }
        return b + sizeof(std::size_t) * order_.size();
    }

  private:
    std::vector<std::size_t> order_;
    std::size_t nobs_ = 0;
    std::size_t nobs_pad_ = 0;
    Eigen::MatrixXd design_;
    std::vector<std::vector<double>> axis_re_;
    std::vector<std::vector<double>> axis_im_;
};

} // namespace detail
EMCF_END_NAMESPACE
