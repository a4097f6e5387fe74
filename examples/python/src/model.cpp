// Design matrix, grid helpers and the view-address probe.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <emcf/graph/hop3_graph.hpp>
#include <emcf/model/design_matrix.hpp>
#include <emcf/model/parameter_grid.hpp>

#include "arrays.hpp"
#include "bindings.hpp"
#include "settings.hpp"

namespace emcf_python {

namespace {

using Pairs = std::vector<std::array<std::int64_t, 2>>;

// Interferogram pairs from an (nifg x 2) integer array (copied: they are few).
Pairs read_pairs(const py::handle& network)
{
    return dispatch_index(as_array(network, "network"), "network", [](const auto& v) {
        emcf::detail::require(v.cols() == 2, "network",
                              "expected an nifg x 2 array of (i, j) epoch pairs, got " +
                                      std::to_string(v.rows()) + " x " +
                                      std::to_string(v.cols()));
        Pairs out(v.rows());
        for (std::size_t k = 0; k < v.rows(); ++k) {
            out[k] = {static_cast<std::int64_t>(v(k, 0)),
                      static_cast<std::int64_t>(v(k, 1))};
        }
        return out;
    });
}

template <class Network>
py::array design(const emcf::StridedView1D<const double>& times,
                 const emcf::StridedView1D<const double>& bperp,
                 const emcf::RadarGeometry& geometry, const Network& network,
                 const py::handle& extra)
{
    const std::size_t nifg = std::size(emcf::detail::network_edges(network));
    if (extra.is_none()) {
        auto out = new_array<double>(nifg, 2);
        emcf::design_matrix(times, bperp, geometry, network, writable_view(out));
        return std::move(out);
    }
    const auto x = float64_view<2>(as_array(extra, "extra"), "extra");
    auto out = new_array<double>(nifg, 2 + x.cols());
    emcf::design_matrix(times, bperp, geometry, network, emcf::epoch_columns(x),
                        writable_view(out));
    return std::move(out);
}

py::array design_matrix(const py::handle& times_obj, const py::handle& bperp_obj,
                        double wavelength, double slant_range, double look_angle,
                        const py::handle& network, const py::handle& extra)
{
    const auto times = float64_view<1>(as_array(times_obj, "times"), "times");
    const auto bperp = float64_view<1>(as_array(bperp_obj, "bperp"), "bperp");
    const emcf::RadarGeometry g{wavelength, slant_range, look_angle};
    if (network.is_none()) {
        return design(times, bperp, g, emcf::hop3_graph(times.size()), extra);
    }
    if (py::isinstance<emcf::PlanarGraph>(network)) {
        return design(times, bperp, g, py::cast<const emcf::PlanarGraph&>(network),
                      extra);
    }
    return design(times, bperp, g, read_pairs(network), extra);
}

emcf::StridedView2D<const double> design_view(const py::handle& d)
{
    return float64_view<2>(as_array(d, "design"), "design");
}

py::list check_grid(const py::handle& d, const py::handle& grid)
{
    py::list out;
    for (const auto& c :
         emcf::check_grid(design_view(d), emcf::ParameterGrid(parse_grid(grid)))) {
        py::dict r;
        r["max_phase_step"] = c.max_phase_step;
        r["period"] = c.period;
        r["step_too_coarse"] = c.step_too_coarse;
        r["range_exceeds_period"] = c.range_exceeds_period;
        r["status"] = emcf::to_string(c.status());
        out.append(r);
    }
    return out;
}

// Data address of the view a kernel input gets (the same conversion): lets tests check
// that strided arrays are read in place.
std::uintptr_t view_address(const py::handle& obj)
{
    const auto a = as_array(obj, "array");
    return dispatch_phase(a, "array", [&](auto t) {
        using T = typename decltype(t)::type;
        const void* p =
                a.ndim() == 1
                        ? static_cast<const void*>(view1d_of<T>(a, "array").data())
                        : static_cast<const void*>(view2d_of<T>(a, "array").data());
        return reinterpret_cast<std::uintptr_t>(p);
    });
}

} // namespace

void bind_model(py::module_& m)
{
    m.def("design_matrix", &design_matrix, py::arg("times"), py::arg("bperp"),
          py::arg("wavelength"), py::arg("slant_range"), py::arg("look_angle"),
          py::arg("network") = py::none(), py::arg("extra") = py::none(),
          "nifg x (2 + ncols) float64 design matrix [rad per mm/yr, rad per m, ...].");
    m.def(
            "suggest_grid_steps",
            [](const py::handle& d, double fraction) {
                return emcf::suggest_grid_steps(design_view(d), fraction);
            },
            py::arg("design"), py::arg("fraction") = 1.0 / 12.0);
    m.def(
            "aliasing_period",
            [](const py::handle& d, std::size_t p) {
                return emcf::aliasing_period(design_view(d), p);
            },
            py::arg("design"), py::arg("parameter"));
    m.def("check_grid", &check_grid, py::arg("design"), py::arg("grid"));
    m.def(
            "grid_size",
            [](const py::handle& grid) {
                const emcf::ParameterGrid g(parse_grid(grid));
                std::vector<std::size_t> counts(g.ndim());
                for (std::size_t p = 0; p < g.ndim(); ++p) {
                    counts[p] = g.count(p);
                }
                return counts;
            },
            py::arg("grid"), "Nodes per parameter of a grid (validates it).");
    m.def("_view_address", &view_address, py::arg("array"));
}

} // namespace emcf_python
