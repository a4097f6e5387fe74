#pragma once
/// @file
/// @brief Views of Eigen dense objects: Matrix, Array, Map, Ref and blocks (row- or
///        column-major, any inner/outer stride), without copying.
///
/// @code
/// Eigen::MatrixXd phase(n_ifg, n_links);
/// auto v = emcf::view2d(phase);                   // StridedView2D<double>
/// auto c = emcf::view1d(phase.col(3));           // StridedView1D<double>, stride 1
/// emcf::wrap_phases(phase, phase);               // kernels accept Eigen objects
/// directly
/// @endcode
/// Expressions without storage (`a + b`, `a.transpose() * b`) are rejected at compile
/// time: evaluate them into a matrix first.

#include <cstddef>
#include <type_traits>

#include <Eigen/Core>

#include <emcf/core/config.hpp>
#include <emcf/core/strided_view.hpp>

EMCF_BEGIN_NAMESPACE

namespace detail {
template <class A>
constexpr bool is_eigen_dense_v = std::is_base_of_v<Eigen::DenseBase<A>, A>;

template <class X>
constexpr void check_eigen_direct_access()
{
    static_assert(
            (std::remove_cv_t<X>::Flags & Eigen::DirectAccessBit) != 0,
            "emcf: this Eigen expression has no storage to view; evaluate it into "
            "a Matrix/Array first (e.g. .eval())");
}
} // namespace detail

/// view_adapter for every Eigen dense type with direct access to its coefficients.
template <class A>
struct view_adapter<A, std::enable_if_t<detail::is_eigen_dense_v<A>>> {
    template <class X>
    static auto view2d(X& x)
    {
        detail::check_eigen_direct_access<X>();
        using T = std::remove_pointer_t<decltype(x.data())>;
        return StridedView2D<T>(x.data(), static_cast<std::size_t>(x.rows()),
                                static_cast<std::size_t>(x.cols()),
                                static_cast<std::ptrdiff_t>(x.rowStride()),
                                static_cast<std::ptrdiff_t>(x.colStride()));
    }

    /// Vectors (compile-time or run-time one row or one column) as 1-D views.
    template <class X>
    static auto view1d(X& x)
    {
        return view_adapter<StridedView2D<std::remove_pointer_t<decltype(x.data())>>>::
                view1d(view2d(x));
    }
};

EMCF_END_NAMESPACE
