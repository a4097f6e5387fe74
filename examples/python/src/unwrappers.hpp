#pragma once
// emcf::TemporalUnwrapper<Real> and emcf::EmcfUnwrapper<Real> as
// _emcf.{Temporal,Emcf}Unwrapper{32,64}; instantiated once per precision in its own
// translation unit.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include <emcf/unwrap/emcf_unwrapper.hpp>
#include <emcf/unwrap/temporal_unwrapper.hpp>

#include "arrays.hpp"
#include "bindings.hpp"
#include "estimator.hpp"
#include "settings.hpp"

namespace emcf_python {

template <class Real>
py::dict temporal_unwrap(const emcf::TemporalUnwrapper<Real>& tu,
                         const py::handle& wrapped_obj, const py::handle& column_scale)
{
    const auto wrapped = as_array(wrapped_obj, "wrapped");
    return dispatch_phase(wrapped, "wrapped", [&](auto t) {
        using T = typename decltype(t)::type;
        const auto in = view2d_of<T>(wrapped, "wrapped");
        auto out = new_array<double>(tu.ninterferograms(), in.cols());
        emcf::TemporalResult r;
        with_column_scale(column_scale, [&](const auto& s) {
            auto o = writable_view(out);
            py::gil_scoped_release nogil;
            r = tu.unwrap(in, o, s);
        });
        py::dict d;
        d["unwrapped"] = out;
        add_temporal_result(r, d);
        return d;
    });
}

template <class Real>
py::dict emcf_unwrap(const emcf::EmcfUnwrapper<Real>& u, const std::string& kind,
                     const py::handle& stack_obj, const py::handle& mask)
{
    const auto k = parse_choice<emcf::StackKind>(
            py::str(kind), "kind",
            {{"slc", emcf::StackKind::slc},
             {"interferograms", emcf::StackKind::interferograms}});
    const auto stack = as_array(stack_obj, "stack");
    return dispatch_phase(stack, "stack", [&](auto t) {
        using T = typename decltype(t)::type;
        const auto in = view2d_of<T>(stack, "stack");
        auto out = new_array<double>(u.ninterferograms(), u.npoints());
        auto o = writable_view(out);
        emcf::EmcfResult r;
        if (mask.is_none()) {
            py::gil_scoped_release nogil;
            r = u.unwrap(k, in, o);
        } else {
            const auto mv = mask_view(as_array(mask, "mask"), "mask");
            py::gil_scoped_release nogil;
            r = u.unwrap(k, in, o, mv);
        }
        py::dict d;
        d["unwrapped"] = out;
        add_emcf_result(r, d);
        add_temporal_result(r, d);
        return d;
    });
}

template <class Real>
py::tuple point_parameters(const emcf::EmcfUnwrapper<Real>& u, const py::dict& result,
                           const py::handle& options)
{
    const auto r = link_result_from_dict(result, u.nlinks());
    const auto opt = parse_integration_options(options);
    const auto np = static_cast<std::size_t>(r.link_params.rows());
    auto params = new_array<double>(np, u.npoints());
    py::array_t<double> coherence(static_cast<py::ssize_t>(u.npoints()));
    emcf::LinkIntegrationResult info;
    {
        auto p = writable_view(params);
        auto c = emcf::view1d(coherence.mutable_data(), u.npoints());
        py::gil_scoped_release nogil;
        info = u.point_parameters(r, p, c, opt);
    }
    return py::make_tuple(params, coherence, integration_info(std::move(info)));
}

template <class Real>
void bind_unwrappers(py::module_& m, const std::string& suffix)
{
    using T = emcf::TemporalUnwrapper<Real>;
    py::class_<T>(m, ("TemporalUnwrapper" + suffix).c_str())
            .def(py::init([](const emcf::PlanarGraph& temporal, const py::handle& s) {
                     return std::make_unique<T>(temporal, parse_settings(s));
                 }),
                 py::arg("temporal"), py::arg("settings") = py::none())
            .def("unwrap", &temporal_unwrap<Real>, py::arg("wrapped"),
                 py::arg("column_scale") = py::none())
            .def_property_readonly("nepochs", &T::nepochs)
            .def_property_readonly("ninterferograms", &T::ninterferograms)
            .def_property_readonly("nparams", &T::nparams)
            .def_property_readonly("has_link_model", &T::has_link_model)
            .def_property_readonly("threads", &T::threads);

    using U = emcf::EmcfUnwrapper<Real>;
    py::class_<U>(m, ("EmcfUnwrapper" + suffix).c_str())
            .def(py::init([](const emcf::PlanarGraph& spatial,
                             const emcf::PlanarGraph& temporal, const py::handle& s) {
                     return std::make_unique<U>(spatial, temporal, parse_settings(s));
                 }),
                 py::arg("spatial"), py::arg("temporal"),
                 py::arg("settings") = py::none())
            .def("unwrap", &emcf_unwrap<Real>, py::arg("kind"), py::arg("stack"),
                 py::arg("mask") = py::none())
            .def("point_parameters", &point_parameters<Real>, py::arg("result"),
                 py::arg("options") = py::none())
            .def_property_readonly("npoints", &U::npoints)
            .def_property_readonly("nlinks", &U::nlinks)
            .def_property_readonly("ninterferograms", &U::ninterferograms)
            .def_property_readonly("has_link_model", &U::has_link_model);
}

} // namespace emcf_python
