#pragma once
/// @file
/// @brief Non-owning strided views (1-D and 2-D): the storage vocabulary of every
/// kernel.
///
/// A view is a pointer, extents and strides **in elements** (not bytes). Strides may be
/// any value, including negative (NumPy's `a[::-1]`) and zero (broadcast, read-only
/// use), so a row-major, column-major or sliced buffer from Eigen, xtensor, NumPy or
/// GDAL arrives without a copy. Views are shallow, like `std::span`: copying a view
/// never copies data, and a `const` view still refers to mutable elements unless `T`
/// itself is `const`.
///
/// Kernels accept any array-like through `view1d()` / `view2d()`, which dispatch on
/// emcf::view_adapter. This header provides the raw-pointer and view forms; include
/// emcf/adapters/eigen.hpp or emcf/adapters/xtensor.hpp for those libraries.
///
/// @note Views never check for aliasing between inputs and outputs; unless a kernel
/// says
///       otherwise, outputs must not overlap inputs.

#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <emcf/core/assert.hpp>
#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>

EMCF_BEGIN_NAMESPACE

/// Non-owning 1-D view: element `i` is `data()[i * stride()]`.
/// @tparam T element type; `const T` for read-only views
template <class T>
class StridedView1D {
  public:
    using element_type = T;
    using value_type = std::remove_cv_t<T>;
    using size_type = std::size_t;
    using stride_type = std::ptrdiff_t;

    constexpr StridedView1D() noexcept = default;

    /// @param data   pointer to element 0 (may be null only if `size == 0`)
    /// @param size   number of elements
    /// @param stride distance between consecutive elements, in elements
    constexpr StridedView1D(T* data, size_type size, stride_type stride = 1) noexcept
        : data_(data), size_(size), stride_(stride)
    {
    }

    /// Conversion from a view of mutable elements to a view of const elements.
    template <class U, std::enable_if_t<std::is_convertible_v<U (*)[], T (*)[]> &&
                                                !std::is_same_v<U, T>,
                                        int> = 0>
    constexpr StridedView1D(const StridedView1D<U>& other) noexcept // NOLINT
        : data_(other.data()), size_(other.size()), stride_(other.stride())
    {
    }

    [[nodiscard]] constexpr T* data() const noexcept { return data_; }
    [[nodiscard]] constexpr size_type size() const noexcept { return size_; }
    [[nodiscard]] constexpr size_type extent(int /*dim*/ = 0) const noexcept
    {
        return size_;
    }
    [[nodiscard]] constexpr stride_type stride(int /*dim*/ = 0) const noexcept
    {
        return stride_;
    }
    [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }
    /// True when the elements are adjacent in memory (stride 1, or at most one
    /// element).
    [[nodiscard]] constexpr bool is_contiguous() const noexcept
    {
        return stride_ == 1 || size_ <= 1;
    }

    [[nodiscard]] constexpr T& operator[](size_type i) const noexcept
    {
        EMCF_DEBUG_ASSERT(i < size_);
        return data_[static_cast<stride_type>(i) * stride_];
    }
    [[nodiscard]] constexpr T& operator()(size_type i) const noexcept
    {
        return (*this)[i];
    }

    /// Elements `[offset, offset + count)`.
    [[nodiscard]] constexpr StridedView1D segment(size_type offset,
                                                  size_type count) const noexcept
    {
        EMCF_DEBUG_ASSERT(offset + count <= size_);
        return {count == 0 ? data_ : &(*this)[offset], count, stride_};
    }

  private:
    T* data_ = nullptr;
    size_type size_ = 0;
    stride_type stride_ = 1;
};

/// Non-owning 2-D view: element `(i, j)` is `data()[i * stride(0) + j * stride(1)]`.
/// Row-major storage has `stride(1) == 1`, column-major `stride(0) == 1`.
/// @tparam T element type; `const T` for read-only views
template <class T>
class StridedView2D {
  public:
    using element_type = T;
    using value_type = std::remove_cv_t<T>;
    using size_type = std::size_t;
    using stride_type = std::ptrdiff_t;

    constexpr StridedView2D() noexcept = default;

    /// @param data       pointer to element (0, 0)
    /// @param rows, cols extents
    /// @param row_stride distance between (i, j) and (i + 1, j), in elements
    /// @param col_stride distance between (i, j) and (i, j + 1), in elements
    constexpr StridedView2D(T* data, size_type rows, size_type cols,
                            stride_type row_stride, stride_type col_stride) noexcept
        : data_(data), rows_(rows), cols_(cols), row_stride_(row_stride),
          col_stride_(col_stride)
    {
    }

    /// Conversion from a view of mutable elements to a view of const elements.
    template <class U, std::enable_if_t<std::is_convertible_v<U (*)[], T (*)[]> &&
                                                !std::is_same_v<U, T>,
                                        int> = 0>
    constexpr StridedView2D(const StridedView2D<U>& other) noexcept // NOLINT
        : data_(other.data()), rows_(other.rows()), cols_(other.cols()),
          row_stride_(other.stride(0)), col_stride_(other.stride(1))
    {
    }

    [[nodiscard]] constexpr T* data() const noexcept { return data_; }
    [[nodiscard]] constexpr size_type rows() const noexcept { return rows_; }
    [[nodiscard]] constexpr size_type cols() const noexcept { return cols_; }
    [[nodiscard]] constexpr size_type size() const noexcept { return rows_ * cols_; }
    [[nodiscard]] constexpr bool empty() const noexcept { return size() == 0; }
    /// Extent along `dim` (0 = rows, 1 = columns).
    [[nodiscard]] constexpr size_type extent(int dim) const noexcept
    {
        return dim == 0 ? rows_ : cols_;
    }
    /// Stride along `dim` (0 = between rows, 1 = between columns), in elements.
    [[nodiscard]] constexpr stride_type stride(int dim) const noexcept
    {
        return dim == 0 ? row_stride_ : col_stride_;
    }
    /// True for dense row-major storage (C order).
    [[nodiscard]] constexpr bool is_row_major_contiguous() const noexcept
    {
        return (col_stride_ == 1 || cols_ <= 1) &&
               (row_stride_ == static_cast<stride_type>(cols_) || rows_ <= 1);
    }
    /// True for dense column-major storage (Fortran order).
    [[nodiscard]] constexpr bool is_col_major_contiguous() const noexcept
    {
        return (row_stride_ == 1 || rows_ <= 1) &&
               (col_stride_ == static_cast<stride_type>(rows_) || cols_ <= 1);
    }

    [[nodiscard]] constexpr T& operator()(size_type i, size_type j) const noexcept
    {
        EMCF_DEBUG_ASSERT(i < rows_ && j < cols_);
        return data_[static_cast<stride_type>(i) * row_stride_ +
                     static_cast<stride_type>(j) * col_stride_];
    }

    /// Row `i` as a 1-D view of length cols().
    [[nodiscard]] constexpr StridedView1D<T> row(size_type i) const noexcept
    {
        EMCF_DEBUG_ASSERT(i < rows_);
        return {data_ + static_cast<stride_type>(i) * row_stride_, cols_, col_stride_};
    }
    /// Column `j` as a 1-D view of length rows().
    [[nodiscard]] constexpr StridedView1D<T> col(size_type j) const noexcept
    {
        EMCF_DEBUG_ASSERT(j < cols_);
        return {data_ + static_cast<stride_type>(j) * col_stride_, rows_, row_stride_};
    }
    /// Sub-block of `nrows x ncols` elements starting at `(row0, col0)`.
    [[nodiscard]] constexpr StridedView2D block(size_type row0, size_type col0,
                                                size_type nrows,
                                                size_type ncols) const noexcept
    {
        EMCF_DEBUG_ASSERT(row0 + nrows <= rows_ && col0 + ncols <= cols_);
        T* origin = (nrows == 0 || ncols == 0) ? data_ : &(*this)(row0, col0);
        return {origin, nrows, ncols, row_stride_, col_stride_};
    }
    /// The transposed view (no data movement).
    [[nodiscard]] constexpr StridedView2D transpose() const noexcept
    {
        return {data_, cols_, rows_, col_stride_, row_stride_};
    }

  private:
    T* data_ = nullptr;
    size_type rows_ = 0;
    size_type cols_ = 0;
    stride_type row_stride_ = 0;
    stride_type col_stride_ = 1;
};

// --- factories for raw buffers
// --------------------------------------------------------

/// 1-D view of `size` elements at `data` with `stride` elements between them.
template <class T>
[[nodiscard]] constexpr StridedView1D<T> view1d(T* data, std::size_t size,
                                                std::ptrdiff_t stride = 1) noexcept
{
    return {data, size, stride};
}

/// 2-D view with explicit strides (in elements).
template <class T>
[[nodiscard]] constexpr StridedView2D<T>
view2d(T* data, std::size_t rows, std::size_t cols, std::ptrdiff_t row_stride,
       std::ptrdiff_t col_stride) noexcept
{
    return {data, rows, cols, row_stride, col_stride};
}

/// Dense row-major (C order) `rows x cols` view.
template <class T>
[[nodiscard]] constexpr StridedView2D<T> row_major_view(T* data, std::size_t rows,
                                                        std::size_t cols) noexcept
{
    return {data, rows, cols, static_cast<std::ptrdiff_t>(cols), 1};
}

/// Dense column-major (Fortran order) `rows x cols` view.
template <class T>
[[nodiscard]] constexpr StridedView2D<T> col_major_view(T* data, std::size_t rows,
                                                        std::size_t cols) noexcept
{
    return {data, rows, cols, 1, static_cast<std::ptrdiff_t>(rows)};
}

namespace detail {
inline std::ptrdiff_t element_stride(std::ptrdiff_t byte_stride, std::size_t item_size,
                                     const char* argument)
{
    const auto item = static_cast<std::ptrdiff_t>(item_size);
    if (byte_stride % item != 0) {
        throw_invalid(argument, "byte stride " + std::to_string(byte_stride) +
                                        " is not a multiple of the element size " +
                                        std::to_string(item_size) +
                                        " (unaligned buffer)");
    }
    return byte_stride / item;
}
} // namespace detail

/// 1-D view of a buffer described with a **byte** stride, as NumPy's `strides` and the
/// buffer protocol give it.
/// @throws emcf::invalid_argument if the byte stride is not a multiple of `sizeof(T)`
template <class T>
[[nodiscard]] StridedView1D<T> view1d_from_byte_strides(T* data, std::size_t size,
                                                        std::ptrdiff_t byte_stride)
{
    return {data, size, detail::element_stride(byte_stride, sizeof(T), "byte_stride")};
}

/// 2-D view of a buffer described with **byte** strides (NumPy `strides`).
/// @throws emcf::invalid_argument if a byte stride is not a multiple of `sizeof(T)`
template <class T>
[[nodiscard]] StridedView2D<T>
view2d_from_byte_strides(T* data, std::size_t rows, std::size_t cols,
                         std::ptrdiff_t row_byte_stride, std::ptrdiff_t col_byte_stride)
{
    return {data, rows, cols,
            detail::element_stride(row_byte_stride, sizeof(T), "row_byte_stride"),
            detail::element_stride(col_byte_stride, sizeof(T), "col_byte_stride")};
}

// --- generic dispatch
// -----------------------------------------------------------------

/// Customisation point: specialise for an array type `A` (cv-unqualified) with static
/// member templates `view1d(X& x)` and/or `view2d(X& x)`, where `X` is `A` or
/// `const A`, returning a StridedView1D / StridedView2D whose element type is const
/// exactly when `X` is. emcf/adapters/eigen.hpp and emcf/adapters/xtensor.hpp do this.
template <class A, class Enable = void>
struct view_adapter {
};

template <class T>
struct view_adapter<StridedView1D<T>> {
    template <class X>
    static constexpr StridedView1D<T> view1d(const X& v) noexcept
    {
        return v;
    }
};

template <class T>
struct view_adapter<StridedView2D<T>> {
    template <class X>
    static constexpr StridedView2D<T> view2d(const X& v) noexcept
    {
        return v;
    }
    /// A 2-D view with one row or one column is accepted where a 1-D view is expected.
    template <class X>
    static StridedView1D<T> view1d(const X& v)
    {
        if (v.cols() == 1) {
            return v.col(0);
        }
        if (v.rows() == 1) {
            return v.row(0);
        }
        detail::throw_invalid("array",
                              "expected a 1-D array (one row or one column), got " +
                                      std::to_string(v.rows()) + " x " +
                                      std::to_string(v.cols()));
    }
};

/// std::vector is viewed as a contiguous 1-D array (element type const when the vector
/// is). A vector's size is fixed by the caller: kernels never resize it.
template <class T, class Alloc>
struct view_adapter<std::vector<T, Alloc>> {
    template <class X>
    static auto view1d(X& v) noexcept
    {
        using E = std::remove_pointer_t<decltype(v.data())>;
        return StridedView1D<E>(v.data(), v.size(), 1);
    }
};

namespace detail {
template <class X>
using adapter_of = view_adapter<std::remove_cv_t<std::remove_reference_t<X>>>;
} // namespace detail

/// 1-D view of any supported array (StridedView, and Eigen / xtensor types when their
/// adapter header is included). The element type is const when `x` is const.
template <class X>
[[nodiscard]] constexpr auto view1d(X&& x) -> decltype(detail::adapter_of<X>::view1d(x))
{
    return detail::adapter_of<X>::view1d(x);
}

/// 2-D view of any supported array; see view1d(X&&).
template <class X>
[[nodiscard]] constexpr auto view2d(X&& x) -> decltype(detail::adapter_of<X>::view2d(x))
{
    return detail::adapter_of<X>::view2d(x);
}

/// Read-only 1-D view of any supported array.
template <class X>
[[nodiscard]] constexpr auto cview1d(const X& x)
{
    using V = decltype(view1d(x));
    return StridedView1D<const typename V::value_type>(view1d(x));
}

/// Read-only 2-D view of any supported array.
template <class X>
[[nodiscard]] constexpr auto cview2d(const X& x)
{
    using V = decltype(view2d(x));
    return StridedView2D<const typename V::value_type>(view2d(x));
}

/// The 1-D view type `view1d` gives for `X`.
template <class X>
using view1d_t = decltype(view1d(std::declval<X&>()));
/// The 2-D view type `view2d` gives for `X`.
template <class X>
using view2d_t = decltype(view2d(std::declval<X&>()));

namespace detail {
/// Compile-time check that a view can be written through.
template <class View>
constexpr bool is_writable_view_v = !std::is_const_v<typename View::element_type>;

template <class X, class = void>
struct has_view2d : std::false_type {
};
template <class X>
struct has_view2d<X, std::void_t<decltype(view2d(std::declval<X&>()))>>
    : std::true_type {
};

/// View a 1-D or 2-D array as 2-D; a 1-D array of n elements becomes n x 1.
template <class X>
constexpr auto as_matrix_view(X&& x)
{
    if constexpr (has_view2d<X>::value) {
        return view2d(x);
    } else {
        const auto v = view1d(x);
        using T = typename decltype(v)::element_type;
        return StridedView2D<T>(v.data(), v.size(), 1, v.stride(), 1);
    }
}

/// Call `fn(i, j)` for every element of `v`, walking the smaller stride innermost.
template <class View, class Fn>
void for_each_index(const View& v, Fn&& fn)
{
    const auto rs = v.stride(0) < 0 ? -v.stride(0) : v.stride(0);
    const auto cs = v.stride(1) < 0 ? -v.stride(1) : v.stride(1);
    if (cs <= rs) {
        for (std::size_t i = 0; i < v.rows(); ++i) {
            for (std::size_t j = 0; j < v.cols(); ++j) {
                fn(i, j);
            }
        }
    } else {
        for (std::size_t j = 0; j < v.cols(); ++j) {
            for (std::size_t i = 0; i < v.rows(); ++i) {
                fn(i, j);
            }
        }
    }
}
} // namespace detail

EMCF_END_NAMESPACE
