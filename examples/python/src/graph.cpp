// Graphs (PlanarGraph, hop-3, grid, Delaunay) and link-parameter integration.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <emcf/graph/delaunay.hpp>
#include <emcf/graph/grid_graph.hpp>
#include <emcf/graph/hop3_graph.hpp>
#include <emcf/graph/planar_graph.hpp>
#include <emcf/graph/user_graph.hpp>
#include <emcf/integrate/integrate_link_parameters.hpp>

#include "arrays.hpp"
#include "bindings.hpp"
#include "settings.hpp"

namespace emcf_python {

namespace {

py::array edges_array(const emcf::PlanarGraph& g)
{
    auto out = new_array<std::int32_t>(g.nedges(), 2);
    auto v = writable_view(out);
    for (std::size_t e = 0; e < g.nedges(); ++e) {
        v(e, 0) = g.edge(e)[0];
        v(e, 1) = g.edge(e)[1];
    }
    return std::move(out);
}

py::object points_array(const emcf::PlanarGraph& g)
{
    if (!g.has_coordinates()) {
        return py::none();
    }
    auto out = new_array<double>(g.npoints(), 2);
    std::copy(g.coordinates().begin(), g.coordinates().end(), out.mutable_data());
    return std::move(out);
}

template <class T>
py::array vector_array(const std::vector<T>& v)
{
    return py::array_t<T>(static_cast<py::ssize_t>(v.size()), v.data());
}

// `points` is an N x 2 float64 array or the number of points N.
template <class F>
emcf::PlanarGraph with_points(const py::handle& points, F&& f)
{
    if (py::isinstance<py::int_>(points)) {
        return f(py::cast<std::int64_t>(points));
    }
    return f(float64_view<2>(as_array(points, "points"), "points"));
}

emcf::PlanarGraph make_graph(const py::handle& points, const py::handle& edges,
                             const py::handle& cycles)
{
    const auto ea = as_array(edges, "edges");
    return with_points(points, [&](const auto& p) {
        return dispatch_index(ea, "edges", [&](const auto& e) {
            if (cycles.is_none()) {
                return emcf::make_planar_graph(p, e);
            }
            const auto ca = as_array(cycles, "cycles");
            return dispatch_index(ca, "cycles", [&](const auto& c) {
                return emcf::make_planar_graph(p, e, c);
            });
        });
    });
}

emcf::PlanarGraph from_triangles(const py::handle& points, const py::handle& triangles)
{
    const auto ta = as_array(triangles, "triangles");
    return with_points(points, [&](const auto& p) {
        return dispatch_index(ta, "triangles", [&](const auto& t) {
            return emcf::planar_graph_from_triangles(p, t);
        });
    });
}

// Pickle state: (points or npoints, edges, cycle offsets, cycle vertices).
py::tuple graph_state(const emcf::PlanarGraph& g)
{
    py::object points = points_array(g);
    if (points.is_none()) {
        points = py::int_(g.npoints());
    }
    return py::make_tuple(points, edges_array(g), vector_array(g.cycle_offsets()),
                          vector_array(g.cycle_vertices()));
}

emcf::PlanarGraph graph_from_state(const py::tuple& t)
{
    emcf::detail::require(t.size() == 4, "state", "expected 4 items");
    std::vector<double> xy;
    std::size_t npoints = 0;
    if (py::isinstance<py::int_>(t[0])) {
        npoints = py::cast<std::size_t>(t[0]);
    } else {
        xy = py::cast<std::vector<double>>(as_array(t[0], "points").attr("ravel")());
        npoints = xy.size() / 2;
    }
    const auto e = py::cast<py::array_t<std::int32_t, py::array::c_style>>(t[1]);
    std::vector<emcf::Edge> edges(static_cast<std::size_t>(e.shape(0)));
    for (std::size_t k = 0; k < edges.size(); ++k) {
        edges[k] = {e.at(k, 0), e.at(k, 1)};
    }
    return emcf::PlanarGraph(std::move(xy), npoints, std::move(edges),
                             py::cast<std::vector<emcf::graph_index>>(t[2]),
                             py::cast<std::vector<emcf::graph_index>>(t[3]));
}

py::tuple integrate(const emcf::PlanarGraph& graph, const py::handle& values,
                    const py::handle& weights, const py::handle& point_mask,
                    const py::handle& options)
{
    const auto x = float64_view<1>(as_array(values, "values"), "values");
    const auto w = float64_view<1>(as_array(weights, "weights"), "weights");
    const auto opt = parse_integration_options(options);
    py::array_t<double> out(static_cast<py::ssize_t>(graph.npoints()));
    const auto dst = emcf::view1d(out.mutable_data(), graph.npoints());
    emcf::LinkIntegrationResult r;
    if (point_mask.is_none()) {
        py::gil_scoped_release nogil;
        r = emcf::integrate_link_parameters(graph, x, w, dst, opt);
    } else {
        const auto m = mask_view(as_array(point_mask, "point_mask"), "point_mask");
        py::gil_scoped_release nogil;
        r = emcf::integrate_link_parameters(graph, x, w, dst, opt, m);
    }
    return py::make_tuple(out, integration_info(std::move(r)));
}

} // namespace

py::dict integration_info(emcf::LinkIntegrationResult&& r)
{
    py::dict d;
    d["ncomponents"] = r.ncomponents;
    d["nused_links"] = r.nused_links;
    d["nisolated"] = r.nisolated;
    d["rms_link_residual"] = r.rms_link_residual;
    d["component"] = to_numpy(std::move(r.component));
    d["point_status"] = to_numpy<std::uint8_t>(std::move(r.status));
    return d;
}

void bind_graph(py::module_& m)
{
    py::class_<emcf::PlanarGraph>(m, "PlanarGraph",
                                  "Planar graph: points, edges (low, high), cycles.")
            .def(py::init(&make_graph), py::arg("points"), py::arg("edges"),
                 py::arg("cycles") = py::none(),
                 "points: N x 2 float64 or N; edges: E x 2 int32/int64 (low < high); "
                 "cycles: C x L int32/int64 rows of vertices (-1 pads), or None")
            .def_static("from_triangles", &from_triangles, py::arg("points"),
                        py::arg("triangles"))
            .def_property_readonly("npoints", &emcf::PlanarGraph::npoints)
            .def_property_readonly("nedges", &emcf::PlanarGraph::nedges)
            .def_property_readonly("ncycles", &emcf::PlanarGraph::ncycles)
            .def_property_readonly("edges", &edges_array, "E x 2 int32 (copy)")
            .def_property_readonly("points", &points_array, "N x 2 float64 or None")
            .def_property_readonly("cycle_offsets",
                                   [](const emcf::PlanarGraph& g) {
                                       return vector_array(g.cycle_offsets());
                                   })
            .def_property_readonly("cycle_vertices",
                                   [](const emcf::PlanarGraph& g) {
                                       return vector_array(g.cycle_vertices());
                                   })
            .def("__repr__",
                 [](const emcf::PlanarGraph& g) {
                     return "PlanarGraph(npoints=" + std::to_string(g.npoints()) +
                            ", nedges=" + std::to_string(g.nedges()) +
                            ", ncycles=" + std::to_string(g.ncycles()) + ")";
                 })
            .def(py::pickle(&graph_state, &graph_from_state));

    m.def("hop3_graph", &emcf::hop3_graph, py::arg("nepochs"),
          "Hop-3 interferogram network over nepochs epochs (spurt's order).");
    m.def("grid_graph", &emcf::grid_graph, py::arg("nrows"), py::arg("ncols"));
    m.def(
            "delaunay_graph",
            [](const py::handle& xy, double max_edge_length) {
                const auto p = float64_view<2>(as_array(xy, "points"), "points");
                emcf::DelaunayOptions opt;
                opt.max_edge_length = max_edge_length;
                py::gil_scoped_release nogil;
                return emcf::delaunay_graph(p, opt);
            },
            py::arg("points"),
            py::arg("max_edge_length") = std::numeric_limits<double>::infinity());
    m.def("_integrate_link_parameters", &integrate, py::arg("graph"), py::arg("values"),
          py::arg("weights"), py::arg("point_mask"), py::arg("options"));
}

} // namespace emcf_python
