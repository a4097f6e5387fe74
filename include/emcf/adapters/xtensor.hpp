#pragma once
/// @file
/// @brief Views of xtensor containers, adaptors and strided views (xarray, xtensor,
///        xt::adapt, xt::view / xt::strided_view with strided slices), without copying.
///
/// @code
/// xt::xtensor<float, 2> phase({n_ifg, n_links});
/// emcf::wrap_phases(phase, phase);                   // kernels accept xtensor
/// directly auto v = emcf::view2d(xt::view(phase, xt::all(), xt::range(0, 100)));
/// @endcode
/// xarray (dynamic rank) is checked at run time: a rank other than the one asked for
/// throws emcf::invalid_argument. Expressions without storage (`a + b`, views with
/// index slices such as xt::keep) are rejected at compile time: evaluate them first.
/// Link the `emcf::xtensor` CMake target.

#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

#include <emcf/adapters/xtensor_compat.hpp>
#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/strided_view.hpp>

EMCF_BEGIN_NAMESPACE

namespace detail {

template <class A, class = void>
struct has_xt_strided_storage : std::false_type {
};
template <class A>
struct has_xt_strided_storage<A,
                              std::void_t<decltype(std::declval<A&>().data()),
                                          decltype(std::declval<A&>().strides()),
                                          decltype(std::declval<A&>().shape()),
                                          decltype(std::declval<A&>().data_offset())>>
    : std::is_base_of<xt::xexpression<A>, A> {
};

template <class X>
auto xt_origin(X& x)
{
    return x.data() + static_cast<std::ptrdiff_t>(x.data_offset());
}

inline void require_xt_rank(std::size_t rank, std::size_t expected)
{
    if (rank != expected) {
        throw_invalid("array", "expected a " + std::to_string(expected) +
                                       "-D array, got rank " + std::to_string(rank));
    }
}

} // namespace detail

/// view_adapter for xtensor expressions that expose strided storage.
template <class A>
struct view_adapter<A, std::enable_if_t<detail::has_xt_strided_storage<A>::value>> {
    template <class X>
    static auto view1d(X& x)
    {
        detail::require_xt_rank(x.dimension(), 1);
        using T = std::remove_pointer_t<decltype(detail::xt_origin(x))>;
        return StridedView1D<T>(detail::xt_origin(x), x.shape()[0],
                                static_cast<std::ptrdiff_t>(x.strides()[0]));
    }

    template <class X>
    static auto view2d(X& x)
    {
        if (x.dimension() == 1) { // a vector as n x 1, like Eigen's column vectors
            const auto v = view1d(x);
            using T = typename decltype(v)::element_type;
            return StridedView2D<T>(v.data(), v.size(), 1, v.stride(), 1);
        }
        detail::require_xt_rank(x.dimension(), 2);
        using T = std::remove_pointer_t<decltype(detail::xt_origin(x))>;
        return StridedView2D<T>(detail::xt_origin(x), x.shape()[0], x.shape()[1],
                                static_cast<std::ptrdiff_t>(x.strides()[0]),
                                static_cast<std::ptrdiff_t>(x.strides()[1]));
    }
};

EMCF_END_NAMESPACE
