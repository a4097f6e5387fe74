#pragma once
// emcf::LinkEstimator<Real> as _emcf.LinkEstimator{32,64}; instantiated once per
// precision in its own translation unit.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <emcf/model/estimate_links.hpp>

#include "arrays.hpp"
#include "settings.hpp"

namespace emcf_python {

/// Call f(weights) with emcf::uniform_weights (None) or a read-only nobs x 1 / nobs x
/// nlinks float64 view (a 1-D array is one column, shared by every link).
template <class F>
decltype(auto) with_weights(const py::handle& weights, F&& f)
{
    if (weights.is_none()) {
        return f(emcf::uniform_weights);
    }
    const auto a = as_array(weights, "weights");
    if (a.ndim() == 1) {
        const auto v = float64_view<1>(a, "weights");
        return f(emcf::StridedView2D<const double>(v.data(), v.size(), 1, v.stride(),
                                                   0));
    }
    return f(float64_view<2>(a, "weights"));
}

/// Call f(scale) with emcf::no_column_scale (None) or a read-only float64 view.
template <class F>
decltype(auto) with_column_scale(const py::handle& scale, F&& f)
{
    if (scale.is_none()) {
        return f(emcf::no_column_scale);
    }
    return f(float64_view<1>(as_array(scale, "column_scale"), "column_scale"));
}

template <class Real>
py::tuple estimate(const emcf::LinkEstimator<Real>& est, const py::handle& phase_obj,
                   const py::handle& weights, const py::handle& column_scale)
{
    const auto phase = as_array(phase_obj, "phase");
    return dispatch_phase(phase, "phase", [&](auto t) {
        using T = typename decltype(t)::type;
        const auto pv = view2d_of<T>(phase, "phase");
        const std::size_t n = pv.cols();
        const auto pn = static_cast<py::ssize_t>(n);
        auto params = new_array<double>(est.nparams(), n);
        py::array_t<float> coherence(pn);
        py::array_t<float> node_coherence(pn);
        py::array_t<std::int64_t> best(pn);
        std::vector<emcf::LinkStatus> status(n);
        with_weights(weights, [&](const auto& w) {
            with_column_scale(column_scale, [&](const auto& s) {
                auto p = writable_view(params);
                auto c = emcf::view1d(coherence.mutable_data(), n);
                auto nc = emcf::view1d(node_coherence.mutable_data(), n);
                auto b = emcf::view1d(best.mutable_data(), n);
                auto st = emcf::view1d(status.data(), n);
                py::gil_scoped_release nogil;
                est.estimate(pv, w, s, p, c, st, b, nc);
            });
        });
        return py::make_tuple(params, coherence,
                              to_numpy<std::uint8_t>(std::move(status)), best,
                              node_coherence);
    });
}

template <class Real>
void bind_estimator(py::module_& m, const char* name)
{
    using E = emcf::LinkEstimator<Real>;
    py::class_<E>(m, name)
            .def(py::init([](const py::handle& design, const py::handle& grid,
                             const py::handle& options) {
                     const auto d =
                             float64_view<2>(as_array(design, "design"), "design");
                     return std::make_unique<E>(d,
                                                emcf::ParameterGrid(parse_grid(grid)),
                                                parse_estimator_options(options));
                 }),
                 py::arg("design"), py::arg("grid"), py::arg("options") = py::none())
            .def("estimate", &estimate<Real>, py::arg("phase"),
                 py::arg("weights") = py::none(), py::arg("column_scale") = py::none(),
                 "-> (params, coherence, status, best_node, node_coherence)")
            .def_property_readonly("nobs", &E::nobs)
            .def_property_readonly("nparams", &E::nparams)
            .def_property_readonly("min_samples", &E::min_samples)
            .def_property_readonly("refined_parameters", &E::refined_parameters)
            .def_property_readonly("table_bytes", &E::table_bytes)
            .def_property_readonly("search_path", [](const E& e) {
                return emcf::to_string(e.coherence_grid().path());
            });
}

} // namespace emcf_python
