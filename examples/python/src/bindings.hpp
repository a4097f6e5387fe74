#pragma once
// The parts of the _emcf module, one translation unit each (compiled in parallel), and
// the result converters they share.

#include <cstddef>

#include <emcf/integrate/integrate_link_parameters.hpp>
#include <emcf/unwrap/emcf_result.hpp>

#include <pybind11/pybind11.h>

namespace emcf_python {

namespace py = pybind11;

void bind_graph(py::module_& m);
void bind_model(py::module_& m);
void bind_estimator_float(py::module_& m);
void bind_estimator_double(py::module_& m);
void bind_unwrap_float(py::module_& m);
void bind_unwrap_double(py::module_& m);

/// Integration diagnostics as a dict (arrays handed over without copies).
py::dict integration_info(emcf::LinkIntegrationResult&& r);

/// Per-link outputs of the temporal stage, added to `d` (arrays handed over without
/// copies; the result's vectors are moved out).
void add_temporal_result(emcf::TemporalResult& r, py::dict& d);

/// The spatial-stage and per-point outputs of an EmcfResult, added to `d`.
void add_emcf_result(emcf::EmcfResult& r, py::dict& d);

/// EmcfResult with the fields point_parameters() reads, from an unwrap() result dict.
emcf::EmcfResult link_result_from_dict(const py::dict& d, std::size_t nlinks);

} // namespace emcf_python
