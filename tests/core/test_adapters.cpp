// One kernel (wrap_phases) through every storage adapter, for float and double: the
// results must be bit-identical to the scalar wrap() on the same values.
#include <cstddef>
#include <random>
#include <vector>

#include <Eigen/Core>
#include <doctest/doctest.h>
#include <xtensor/xstrided_view.hpp>
#include <xtensor/xview.hpp>

#include <emcf/adapters/eigen.hpp>
#include <emcf/adapters/xtensor.hpp>
#include <emcf/core/math.hpp>

namespace {

constexpr std::size_t kRows = 7;
constexpr std::size_t kCols = 5;

// Input phase (i, j), spread over several cycles and including ±π exactly.
template <class Real>
Real input_value(std::size_t i, std::size_t j)
{
    if (i == 0 && j == 0) {
        return emcf::pi<Real>();
    }
    if (i == 1 && j == 0) {
        return -emcf::pi<Real>();
    }
    std::mt19937 gen(static_cast<unsigned>(i * 131 + j));
    std::uniform_real_distribution<Real> d(Real(-40), Real(40));
    return d(gen);
}

// Each storage kind builds its input and output, runs the kernel on the 2-D array and
// on one column (1-D), and reads the results back.
template <class Real>
struct RawRowMajor {
    std::vector<Real> in = std::vector<Real>(kRows * kCols);
    std::vector<Real> out = std::vector<Real>(kRows * kCols);
    RawRowMajor()
    {
        auto v = emcf::row_major_view(in.data(), kRows, kCols);
        emcf::detail::for_each_index(
                v, [&](auto i, auto j) { v(i, j) = input_value<Real>(i, j); });
    }
    void run()
    {
        emcf::wrap_phases(emcf::row_major_view(std::as_const(in).data(), kRows, kCols),
                          emcf::row_major_view(out.data(), kRows, kCols));
    }
    void run_column(std::size_t j)
    {
        const auto vin = emcf::row_major_view(std::as_const(in).data(), kRows, kCols);
        emcf::wrap_phases(vin.col(j),
                          emcf::row_major_view(out.data(), kRows, kCols).col(j));
    }
    Real result(std::size_t i, std::size_t j) const { return out[i * kCols + j]; }
};

template <class Real>
struct RawColMajor {
    std::vector<Real> in = std::vector<Real>(kRows * kCols);
    std::vector<Real> out = std::vector<Real>(kRows * kCols);
    RawColMajor()
    {
        auto v = emcf::col_major_view(in.data(), kRows, kCols);
        emcf::detail::for_each_index(
                v, [&](auto i, auto j) { v(i, j) = input_value<Real>(i, j); });
    }
    void run()
    {
        emcf::wrap_phases(emcf::col_major_view(std::as_const(in).data(), kRows, kCols),
                          emcf::col_major_view(out.data(), kRows, kCols));
    }
    void run_column(std::size_t j)
    {
        emcf::wrap_phases(emcf::view1d(std::as_const(in).data() + j * kRows, kRows),
                          emcf::view1d(out.data() + j * kRows, kRows));
    }
    Real result(std::size_t i, std::size_t j) const { return out[j * kRows + i]; }
};

// Padded rows walked backwards (NumPy a[::-1, ::2] of a wider buffer): negative and
// non-unit strides, described in bytes as the buffer protocol gives them.
template <class Real>
struct RawNumpyByteStrides {
    static constexpr std::ptrdiff_t kPitch = 2 * kCols + 3; // elements per padded row
    std::vector<Real> in = std::vector<Real>(kRows * kPitch, Real(99));
    std::vector<Real> out = std::vector<Real>(kRows * kPitch, Real(99));
    template <class T>
    static emcf::StridedView2D<T> view(T* base)
    {
        const auto es = static_cast<std::ptrdiff_t>(sizeof(Real));
        return emcf::view2d_from_byte_strides(base + (kRows - 1) * kPitch, kRows, kCols,
                                              -kPitch * es, 2 * es);
    }
    RawNumpyByteStrides()
    {
        auto v = view(in.data());
        emcf::detail::for_each_index(
                v, [&](auto i, auto j) { v(i, j) = input_value<Real>(i, j); });
    }
    void run() { emcf::wrap_phases(view(std::as_const(in).data()), view(out.data())); }
    void run_column(std::size_t j)
    {
        emcf::wrap_phases(view(std::as_const(in).data()).col(j),
                          view(out.data()).col(j));
    }
    Real result(std::size_t i, std::size_t j) const
    {
        return view(out.data()).operator()(i, j);
    }
};

template <class Real, int Options>
struct EigenMatrix {
    using M = Eigen::Matrix<Real, Eigen::Dynamic, Eigen::Dynamic, Options>;
    M in = M(kRows, kCols);
    M out = M::Zero(kRows, kCols);
    EigenMatrix()
    {
        for (Eigen::Index i = 0; i < in.rows(); ++i) {
            for (Eigen::Index j = 0; j < in.cols(); ++j) {
                in(i, j) = input_value<Real>(std::size_t(i), std::size_t(j));
            }
        }
    }
    void run() { emcf::wrap_phases(std::as_const(in), out); }
    void run_column(std::size_t j)
    {
        emcf::wrap_phases(in.col(Eigen::Index(j)), out.col(Eigen::Index(j)));
    }
    Real result(std::size_t i, std::size_t j) const
    {
        return out(Eigen::Index(i), Eigen::Index(j));
    }
};
template <class Real>
using EigenColMajor = EigenMatrix<Real, Eigen::ColMajor>;
template <class Real>
using EigenRowMajor = EigenMatrix<Real, Eigen::RowMajor>;

// Map with an outer stride over a padded buffer, plus Ref and Block of a larger matrix.
template <class Real>
struct EigenMapRefBlock {
    using Big = Eigen::Matrix<Real, Eigen::Dynamic, Eigen::Dynamic>;
    std::vector<Real> in_buf = std::vector<Real>((kRows + 4) * kCols);
    Big out_big = Big::Zero(kRows + 3, kCols + 2);
    using InMap = Eigen::Map<const Eigen::Matrix<Real, Eigen::Dynamic, Eigen::Dynamic>,
                             0, Eigen::OuterStride<>>;
    InMap in_map() const
    {
        return InMap(in_buf.data(), kRows, kCols, Eigen::OuterStride<>(kRows + 4));
    }
    EigenMapRefBlock()
    {
        Eigen::Map<Eigen::Matrix<Real, Eigen::Dynamic, Eigen::Dynamic>, 0,
                   Eigen::OuterStride<>>
                m(in_buf.data(), kRows, kCols, Eigen::OuterStride<>(kRows + 4));
        for (Eigen::Index i = 0; i < m.rows(); ++i) {
            for (Eigen::Index j = 0; j < m.cols(); ++j) {
                m(i, j) = input_value<Real>(std::size_t(i), std::size_t(j));
            }
        }
    }
    void run()
    {
        Eigen::Ref<const Eigen::Matrix<Real, Eigen::Dynamic, Eigen::Dynamic>, 0,
                   Eigen::OuterStride<>>
                ref = in_map();
        emcf::wrap_phases(ref, out_big.block(2, 1, kRows, kCols));
    }
    void run_column(std::size_t j)
    {
        emcf::wrap_phases(in_map().col(Eigen::Index(j)),
                          out_big.block(2, 1, kRows, kCols).col(Eigen::Index(j)));
    }
    Real result(std::size_t i, std::size_t j) const
    {
        return out_big(Eigen::Index(i) + 2, Eigen::Index(j) + 1);
    }
};

template <class Real, class Container>
struct XtContainer {
    Container in;
    Container out;
    XtContainer()
        : in(typename Container::shape_type{kRows, kCols}),
          out(typename Container::shape_type{kRows, kCols})
    {
        for (std::size_t i = 0; i < kRows; ++i) {
            for (std::size_t j = 0; j < kCols; ++j) {
                in(i, j) = input_value<Real>(i, j);
            }
        }
    }
    void run() { emcf::wrap_phases(std::as_const(in), out); }
    void run_column(std::size_t j)
    {
        emcf::wrap_phases(xt::view(std::as_const(in), xt::all(), j),
                          xt::view(out, xt::all(), j));
    }
    Real result(std::size_t i, std::size_t j) const { return out(i, j); }
};
template <class Real>
using XtArray = XtContainer<Real, xt::xarray<Real>>;
template <class Real>
using XtTensor = XtContainer<Real, xt::xtensor<Real, 2>>;
template <class Real>
using XtColMajor =
        XtContainer<Real, xt::xtensor<Real, 2, xt::layout_type::column_major>>;

// xt::adapt over caller memory, and a strided view with a step into a larger tensor.
template <class Real>
struct XtAdaptAndView {
    std::vector<Real> in_buf = std::vector<Real>(kRows * kCols);
    xt::xtensor<Real, 2> out_big = xt::zeros<Real>({kRows + 2, 2 * kCols});
    auto in_adapt() const
    {
        return xt::adapt(in_buf.data(), in_buf.size(), xt::no_ownership(),
                         std::vector<std::size_t>{kRows, kCols});
    }
    auto out_view()
    {
        return xt::strided_view(out_big,
                                {xt::range(1, 1 + kRows), xt::range(0, 2 * kCols, 2)});
    }
    XtAdaptAndView()
    {
        for (std::size_t i = 0; i < kRows; ++i) {
            for (std::size_t j = 0; j < kCols; ++j) {
                in_buf[i * kCols + j] = input_value<Real>(i, j);
            }
        }
    }
    void run() { emcf::wrap_phases(in_adapt(), out_view()); }
    void run_column(std::size_t j)
    {
        auto a = in_adapt();
        emcf::wrap_phases(xt::view(a, xt::all(), j),
                          xt::view(out_big, xt::range(1, 1 + kRows), 2 * j));
    }
    Real result(std::size_t i, std::size_t j) const { return out_big(i + 1, 2 * j); }
};

template <class Storage>
void check_adapter()
{
    using Real = std::remove_cv_t<
            std::remove_reference_t<decltype(std::declval<Storage>().result(0, 0))>>;
    Storage s;
    s.run();
    for (std::size_t i = 0; i < kRows; ++i) {
        for (std::size_t j = 0; j < kCols; ++j) {
            CAPTURE(i);
            CAPTURE(j);
            CHECK(s.result(i, j) == emcf::wrap(input_value<Real>(i, j)));
        }
    }
    Storage c; // 1-D form on one column
    c.run_column(3);
    for (std::size_t i = 0; i < kRows; ++i) {
        CHECK(c.result(i, 3) == emcf::wrap(input_value<Real>(i, 3)));
    }
}

} // namespace

#define EMCF_STORAGE_NAMES(T)                                                          \
    TYPE_TO_STRING_AS("raw_row_major<" #T ">", RawRowMajor<T>);                        \
    TYPE_TO_STRING_AS("raw_col_major<" #T ">", RawColMajor<T>);                        \
    TYPE_TO_STRING_AS("raw_numpy_byte_strides<" #T ">", RawNumpyByteStrides<T>);       \
    TYPE_TO_STRING_AS("eigen_col_major<" #T ">", EigenColMajor<T>);                    \
    TYPE_TO_STRING_AS("eigen_row_major<" #T ">", EigenRowMajor<T>);                    \
    TYPE_TO_STRING_AS("eigen_map_ref_block<" #T ">", EigenMapRefBlock<T>);             \
    TYPE_TO_STRING_AS("xtensor_xarray<" #T ">", XtArray<T>);                           \
    TYPE_TO_STRING_AS("xtensor_xtensor<" #T ">", XtTensor<T>);                         \
    TYPE_TO_STRING_AS("xtensor_col_major<" #T ">", XtColMajor<T>);                     \
    TYPE_TO_STRING_AS("xtensor_adapt_strided_view<" #T ">", XtAdaptAndView<T>)
EMCF_STORAGE_NAMES(float);
EMCF_STORAGE_NAMES(double);

TEST_CASE_TEMPLATE("adapter: wrap_phases identical through", Storage,
                   RawRowMajor<float>, RawRowMajor<double>, RawColMajor<float>,
                   RawColMajor<double>, RawNumpyByteStrides<float>,
                   RawNumpyByteStrides<double>, EigenColMajor<float>,
                   EigenColMajor<double>, EigenRowMajor<float>, EigenRowMajor<double>,
                   EigenMapRefBlock<float>, EigenMapRefBlock<double>, XtArray<float>,
                   XtArray<double>, XtTensor<float>, XtTensor<double>,
                   XtColMajor<float>, XtColMajor<double>, XtAdaptAndView<float>,
                   XtAdaptAndView<double>)
{
    check_adapter<Storage>();
}

TEST_CASE_TEMPLATE("views: complex input gives its argument, wrapped", Real, float,
                   double)
{
    std::vector<std::complex<Real>> z{
            {1, 0}, {-1, 0}, {0, 1}, {0, -1}, {-1, Real(-1e-30)}};
    std::vector<Real> out(z.size());
    emcf::wrap_phases(emcf::view1d(std::as_const(z).data(), z.size()),
                      emcf::view1d(out.data(), out.size()));
    for (std::size_t k = 0; k < z.size(); ++k) {
        CHECK(out[k] == emcf::wrap(std::arg(z[k])));
        CHECK(out[k] > -emcf::pi<Real>());
    }
}

TEST_CASE("views: shape and stride rules")
{
    std::vector<double> buf(12);
    for (std::size_t k = 0; k < buf.size(); ++k) {
        buf[k] = double(k);
    }
    const auto rm = emcf::row_major_view(buf.data(), 3, 4);
    CHECK(rm.is_row_major_contiguous());
    CHECK_FALSE(rm.is_col_major_contiguous());
    CHECK(rm(2, 1) == 9.0);
    CHECK(rm.transpose()(1, 2) == 9.0);
    CHECK(rm.block(1, 1, 2, 2)(1, 1) == 10.0);
    CHECK(rm.row(1)[3] == 7.0);
    CHECK(rm.col(2).stride() == 4);
    const emcf::StridedView2D<const double> crm = rm; // mutable -> const conversion
    CHECK(crm(0, 3) == 3.0);
    const auto reversed = emcf::view1d(buf.data() + 11, 12, -1);
    CHECK(reversed[0] == 11.0);
    CHECK(reversed.segment(2, 3)[2] == 7.0);
    // the 1-D request on a 2-D view with one column / one row
    CHECK(emcf::view1d(rm.col(1)).size() == 3);
    CHECK(emcf::view1d(rm.block(0, 0, 1, 4)).size() == 4);
}

TEST_CASE("views: bad input is named in the exception")
{
    std::vector<double> a(6);
    std::vector<double> b(8);
    try {
        emcf::wrap_phases(emcf::row_major_view(a.data(), 2, 3),
                          emcf::row_major_view(b.data(), 2, 4));
        FAIL("expected an exception");
    } catch (const emcf::invalid_argument& e) {
        CHECK(e.argument() == "out");
        CHECK(std::string(e.what()) == "emcf: invalid argument 'out': shape mismatch: "
                                       "expected 2 x 3, got 2 x 4");
    }
    // NumPy byte strides that are not a multiple of the element size (unaligned
    // buffers)
    CHECK_THROWS_WITH_AS((void)emcf::view2d_from_byte_strides(a.data(), 2, 3, 20, 8),
                         "emcf: invalid argument 'row_byte_stride': byte stride 20 is "
                         "not a multiple of the element size 8 (unaligned buffer)",
                         emcf::invalid_argument);
    // a 2-D array where a vector is expected
    Eigen::MatrixXd m(3, 4);
    CHECK_THROWS_AS((void)emcf::view1d(m), emcf::invalid_argument);
    xt::xtensor<double, 3> t({2, 2, 2});
    CHECK_THROWS_AS((void)emcf::view2d(t), emcf::invalid_argument);
}
