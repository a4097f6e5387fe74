#pragma once
// NumPy <-> emcf views for the binding: input arrays are read in place (any strides, no
// copies, no implicit dtype conversion) and results are handed to NumPy without copies.

#include <complex>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <emcf/core/error.hpp>
#include <emcf/core/strided_view.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

namespace emcf_python {

namespace py = pybind11;

/// Element types of phase-like inputs, in the order dispatch_phase() tries them.
using c64 = std::complex<float>;
using c128 = std::complex<double>;

template <class T>
bool has_dtype(const py::array& a)
{
    // array_t<T, 0>::check_ compares the dtype only (no layout requirement).
    return py::array_t<T, 0>::check_(a);
}

[[noreturn]] inline void throw_dtype(const char* name, const py::array& a,
                                     const char* expected)
{
    throw py::type_error("emcf: invalid argument '" + std::string(name) +
                         "': expected dtype " + expected + ", got " +
                         std::string(py::str(a.dtype())));
}

/// The array behind a Python object, without conversion: a NumPy array is returned as
/// is; anything else is a TypeError naming the argument (no silent copies).
inline py::array as_array(const py::handle& obj, const char* name)
{
    if (!py::isinstance<py::array>(obj)) {
        throw py::type_error("emcf: invalid argument '" + std::string(name) +
                             "': expected a numpy.ndarray, got " +
                             std::string(py::str(py::type::handle_of(obj))));
    }
    return py::reinterpret_borrow<py::array>(obj);
}

inline void require_ndim(const py::array& a, py::ssize_t ndim, const char* name)
{
    emcf::detail::require(a.ndim() == ndim, name,
                          "expected a " + std::to_string(ndim) + "-D array, got " +
                                  std::to_string(a.ndim()) + "-D");
}

inline std::ptrdiff_t element_stride(const py::array& a, py::ssize_t axis,
                                     const char* name)
{
    const auto item = static_cast<std::ptrdiff_t>(a.itemsize());
    const auto bytes = static_cast<std::ptrdiff_t>(a.strides(axis));
    // Unaligned buffers (e.g. frombuffer at an odd offset) cannot be read as T.
    emcf::detail::require(bytes % item == 0 &&
                                  (a.flags() & py::detail::npy_api::NPY_ARRAY_ALIGNED_),
                          name, "is not aligned to its element size");
    return bytes / item;
}

/// Read-only 2-D view of `a` (dtype T, checked by the caller). This is the one
/// conversion every kernel input goes through (see view_address()).
template <class T>
emcf::StridedView2D<const T> view2d_of(const py::array& a, const char* name)
{
    require_ndim(a, 2, name);
    return {static_cast<const T*>(a.data()), static_cast<std::size_t>(a.shape(0)),
            static_cast<std::size_t>(a.shape(1)), element_stride(a, 0, name),
            element_stride(a, 1, name)};
}

template <class T>
emcf::StridedView1D<const T> view1d_of(const py::array& a, const char* name)
{
    require_ndim(a, 1, name);
    return {static_cast<const T*>(a.data()), static_cast<std::size_t>(a.shape(0)),
            element_stride(a, 0, name)};
}

/// Call f(tag<T>) with T the element type of `a`: float32, float64, complex64 or
/// complex128; otherwise a TypeError naming the argument.
template <class T>
struct tag {
    using type = T;
};

template <class F>
decltype(auto) dispatch_phase(const py::array& a, const char* name, F&& f)
{
    if (has_dtype<float>(a)) {
        return f(tag<float>{});
    }
    if (has_dtype<double>(a)) {
        return f(tag<double>{});
    }
    if (has_dtype<c64>(a)) {
        return f(tag<c64>{});
    }
    if (has_dtype<c128>(a)) {
        return f(tag<c128>{});
    }
    throw_dtype(name, a, "float32, float64, complex64 or complex128");
}

/// float64 input of the given rank (weights, scales, coordinates, link values).
template <int Rank>
auto float64_view(const py::array& a, const char* name)
{
    if (!has_dtype<double>(a)) {
        throw_dtype(name, a, "float64");
    }
    if constexpr (Rank == 1) {
        return view1d_of<double>(a, name);
    } else {
        return view2d_of<double>(a, name);
    }
}

/// Point or link mask: bool or uint8 (non-zero = use), read in place as bytes.
inline emcf::StridedView1D<const std::uint8_t> mask_view(const py::array& a,
                                                         const char* name)
{
    if (!has_dtype<bool>(a) && !has_dtype<std::uint8_t>(a)) {
        throw_dtype(name, a, "bool or uint8");
    }
    return view1d_of<std::uint8_t>(a, name);
}

/// Call f(view) with a read-only 2-D view of an int32 or int64 index array (edges,
/// cycles, triangles, interferogram pairs).
template <class F>
decltype(auto) dispatch_index(const py::array& a, const char* name, F&& f)
{
    if (has_dtype<std::int32_t>(a)) {
        return f(view2d_of<std::int32_t>(a, name));
    }
    if (has_dtype<std::int64_t>(a)) {
        return f(view2d_of<std::int64_t>(a, name));
    }
    throw_dtype(name, a, "int32 or int64");
}

/// New C-ordered NumPy array (allocated with the GIL held, written without it).
template <class T>
py::array_t<T> new_array(std::size_t rows, std::size_t cols)
{
    return py::array_t<T>(
            {static_cast<py::ssize_t>(rows), static_cast<py::ssize_t>(cols)});
}

template <class T>
emcf::StridedView2D<T> writable_view(py::array_t<T>& a)
{
    return emcf::row_major_view(a.mutable_data(), static_cast<std::size_t>(a.shape(0)),
                                static_cast<std::size_t>(a.shape(1)));
}

/// Hand a vector to NumPy without copying (the array owns it). `As` reinterprets
/// one-byte enums as uint8 on the NumPy side.
template <class As = void, class T>
py::array to_numpy(std::vector<T>&& v)
{
    using E = std::conditional_t<std::is_void_v<As>, T, As>;
    static_assert(sizeof(E) == sizeof(T), "to_numpy: element sizes differ");
    auto* owner = new std::vector<T>(std::move(v));
    py::capsule free(owner, [](void* p) { delete static_cast<std::vector<T>*>(p); });
    return py::array_t<E>({static_cast<py::ssize_t>(owner->size())},
                          reinterpret_cast<const E*>(owner->data()), free);
}

/// Hand a column-major Eigen matrix to NumPy without copying (F-ordered array).
template <class Matrix>
py::array matrix_to_numpy(Matrix&& m)
{
    using S = typename std::decay_t<Matrix>::Scalar;
    auto* owner = new std::decay_t<Matrix>(std::forward<Matrix>(m));
    py::capsule free(owner,
                     [](void* p) { delete static_cast<std::decay_t<Matrix>*>(p); });
    const auto rows = static_cast<py::ssize_t>(owner->rows());
    const auto cols = static_cast<py::ssize_t>(owner->cols());
    const auto s = static_cast<py::ssize_t>(sizeof(S));
    return py::array_t<S>({rows, cols}, {s, s * rows}, owner->data(), free);
}

} // namespace emcf_python
