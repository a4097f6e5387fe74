// The _emcf extension module: emcf's estimator, unwrappers, graphs and integration for
// NumPy arrays. The pure-Python package `emcf` wraps it (precision choice, pickling,
// Dask helpers).

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <emcf/core/status.hpp>
#include <emcf/unwrap/emcf_result.hpp>
#include <emcf/unwrap/temporal_unwrapper.hpp>
#include <emcf/version.hpp>

#include "arrays.hpp"
#include "bindings.hpp"
#include "settings.hpp"

namespace emcf_python {

namespace {

// Names of a status enum in value order, from emcf's own to_string (the Python IntEnums
// are built from them, so the two sides cannot drift apart).
template <class E>
py::list enum_names()
{
    py::list out;
    for (unsigned v = 0; v < 256; ++v) {
        const std::string s = emcf::to_string(static_cast<E>(v));
        if (s == "unknown") {
            break;
        }
        out.append(s);
    }
    return out;
}

template <class T>
std::vector<T> vector_from(const py::dict& d, const char* key, std::size_t n)
{
    const auto a =
            py::cast<py::array_t<T, py::array::c_style | py::array::forcecast>>(d[key]);
    emcf::detail::require_size(static_cast<std::size_t>(a.size()), n,
                               (std::string("result['") + key + "']").c_str());
    return {a.data(), a.data() + a.size()};
}

} // namespace

void add_temporal_result(emcf::TemporalResult& r, py::dict& d)
{
    auto& t = r.temporal;
    d["residues"] = to_numpy(std::move(t.residues));
    d["corrections"] = to_numpy(std::move(t.corrections));
    d["flow_status"] = to_numpy<std::uint8_t>(std::move(t.status));
    d["valid"] = to_numpy(std::move(t.valid));
    if (r.link_params.size() > 0) {
        d["link_params"] = matrix_to_numpy(std::move(r.link_params));
        d["link_coherence"] = to_numpy(std::move(r.link_coherence));
        d["link_status"] = to_numpy<std::uint8_t>(std::move(r.link_status));
    }
}

void add_emcf_result(emcf::EmcfResult& r, py::dict& d)
{
    const std::size_t nifg = r.interferograms.size();
    py::array_t<std::uint8_t> flow(static_cast<py::ssize_t>(nifg));
    py::array_t<std::int64_t> residues(static_cast<py::ssize_t>(nifg));
    py::array_t<std::int64_t> cost(static_cast<py::ssize_t>(nifg));
    py::array_t<std::uint8_t> closure(static_cast<py::ssize_t>(nifg));
    py::array_t<std::int64_t> nerrors(static_cast<py::ssize_t>(nifg));
    py::array_t<double> maxerr(static_cast<py::ssize_t>(nifg));
    for (std::size_t k = 0; k < nifg; ++k) {
        const auto& s = r.interferograms[k];
        const auto i = static_cast<py::ssize_t>(k);
        flow.mutable_at(i) = static_cast<std::uint8_t>(s.flow_status);
        residues.mutable_at(i) = s.residues;
        cost.mutable_at(i) = s.flow_cost;
        closure.mutable_at(i) = static_cast<std::uint8_t>(s.closure);
        nerrors.mutable_at(i) = static_cast<std::int64_t>(s.nclosure_errors);
        maxerr.mutable_at(i) = s.max_closure_error;
    }
    d["ifg_flow_status"] = flow;
    d["ifg_residues"] = residues;
    d["ifg_flow_cost"] = cost;
    d["ifg_closure"] = closure;
    d["ifg_nclosure_errors"] = nerrors;
    d["ifg_max_closure_error"] = maxerr;
    d["cancelled"] = r.cancelled;
    d["point_status"] = to_numpy<std::uint8_t>(std::move(r.point_status));
    d["component"] = to_numpy(std::move(r.component));
    d["ncomponents"] = r.ncomponents;
    d["references"] = to_numpy(std::move(r.references));
    d["seconds_prepare"] = r.seconds_prepare;
    d["seconds_temporal"] = r.seconds_temporal;
    d["seconds_spatial"] = r.seconds_spatial;
}

emcf::EmcfResult link_result_from_dict(const py::dict& d, std::size_t nlinks)
{
    emcf::EmcfResult r;
    emcf::detail::require(d.contains("link_params"), "result",
                          "has no link parameters (enable the link model)");
    const auto p =
            py::cast<py::array_t<double, py::array::f_style | py::array::forcecast>>(
                    d["link_params"]);
    emcf::detail::require(
            p.ndim() == 2 && static_cast<std::size_t>(p.shape(1)) == nlinks,
            "result['link_params']", "expected nparams x " + std::to_string(nlinks));
    r.link_params = Eigen::Map<const Eigen::MatrixXd>(p.data(), p.shape(0), p.shape(1));
    r.link_coherence = vector_from<float>(d, "link_coherence", nlinks);
    const auto st = vector_from<std::uint8_t>(d, "link_status", nlinks);
    r.link_status.resize(nlinks);
    for (std::size_t m = 0; m < nlinks; ++m) {
        emcf::detail::require(
                st[m] <= static_cast<std::uint8_t>(emcf::LinkStatus::masked),
                "result['link_status']", "invalid status value");
        r.link_status[m] = static_cast<emcf::LinkStatus>(st[m]);
    }
    if (d.contains("references")) {
        const auto refs =
                py::cast<py::array_t<emcf::graph_index, py::array::forcecast>>(
                        d["references"]);
        r.references.assign(refs.data(), refs.data() + refs.size());
    }
    return r;
}

} // namespace emcf_python

PYBIND11_MODULE(_emcf, m)
{
    namespace ep = emcf_python;
    namespace py = pybind11;
    m.doc() = "emcf: EMCF phase unwrapping with per-link velocity / DEM-error "
              "estimation (low-level binding; use the emcf package)";
    m.attr("__version__") = EMCF_VERSION_STRING;
    m.attr("links_per_task") = emcf::TemporalUnwrapper<float>::links_per_task;
    py::dict names;
    names["LinkStatus"] = ep::enum_names<emcf::LinkStatus>();
    names["FlowStatus"] = ep::enum_names<emcf::FlowStatus>();
    names["PointStatus"] = ep::enum_names<emcf::PointStatus>();
    names["ClosureStatus"] = ep::enum_names<emcf::ClosureStatus>();
    m.attr("enum_names") = names;
    ep::bind_graph(m);
    ep::bind_model(m);
    ep::bind_estimator_float(m);
    ep::bind_estimator_double(m);
    ep::bind_unwrap_float(m);
    ep::bind_unwrap_double(m);
}
