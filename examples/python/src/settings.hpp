#pragma once
// Settings of the C++ objects from plain Python values (dicts of numbers, strings and
// arrays): the Python wrappers keep those values, so an object can be rebuilt from them
// in another process (pickling for dask.distributed).

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include <emcf/core/error.hpp>
#include <emcf/integrate/integrate_link_parameters.hpp>
#include <emcf/model/estimate_links.hpp>
#include <emcf/model/parameter_grid.hpp>
#include <emcf/unwrap/emcf_settings.hpp>

#include "arrays.hpp"
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace emcf_python {

/// A string option: one of `choices`, else ValueError naming the option and the
/// choices.
template <class E>
E parse_choice(const py::handle& value, const std::string& name,
               std::initializer_list<std::pair<const char*, E>> choices)
{
    const auto s = py::cast<std::string>(value);
    std::string names;
    for (const auto& [n, e] : choices) {
        if (s == n) {
            return e;
        }
        names += names.empty() ? n : std::string(", ") + n;
    }
    emcf::detail::throw_invalid(name, "'" + s + "' is not one of: " + names);
}

/// Keys of a settings dict, each consumed once; leftovers are reported as unknown
/// (a misspelt option must not be ignored silently).
class Options {
  public:
    Options(const py::handle& d, std::string prefix)
        : dict_(d.is_none() ? py::dict() : py::cast<py::dict>(d)),
          prefix_(std::move(prefix))
    {
    }

    /// True when `key` is given and not None (then it counts as used).
    [[nodiscard]] bool has(const char* key)
    {
        used_.emplace_back(key);
        return dict_.contains(key) && !dict_[key].is_none();
    }
    [[nodiscard]] py::object take(const char* key)
    {
        used_.emplace_back(key);
        return dict_.contains(key) ? py::reinterpret_borrow<py::object>(dict_[key])
                                   : py::none();
    }
    template <class T>
    void get(const char* key, T& out)
    {
        auto v = take(key);
        if (!v.is_none()) {
            out = py::cast<T>(v);
        }
    }
    [[nodiscard]] std::string name(const char* key) const { return prefix_ + key; }

    void finish() const
    {
        for (const auto& item : dict_) {
            const auto key = py::cast<std::string>(item.first);
            bool known = false;
            for (const auto& u : used_) {
                known = known || u == key;
            }
            emcf::detail::require(known, (prefix_ + key).c_str(), "unknown option");
        }
    }

  private:
    py::dict dict_;
    std::string prefix_;
    std::vector<std::string> used_;
};

/// Grid ranges from a sequence of (lo, hi, step[, name]) tuples.
inline std::vector<emcf::ParameterRange> parse_grid(const py::handle& grid)
{
    std::vector<emcf::ParameterRange> out;
    for (const auto& item : py::cast<py::sequence>(grid)) {
        const auto t = py::cast<py::sequence>(item);
        emcf::detail::require(t.size() == 3 || t.size() == 4, "grid",
                              "each range is (lo, hi, step[, name]), got " +
                                      std::string(py::repr(item)));
        out.emplace_back(py::cast<double>(t[0]), py::cast<double>(t[1]),
                         py::cast<double>(t[2]),
                         t.size() == 4 ? py::cast<std::string>(t[3]) : std::string());
    }
    return out;
}

/// Copy of a float64 (rows × cols) array into an Eigen matrix (design matrices are
/// small and owned by the objects built from them).
inline Eigen::MatrixXd to_matrix(const py::handle& obj, const char* name)
{
    const auto v = float64_view<2>(as_array(obj, name), name);
    Eigen::MatrixXd m(static_cast<Eigen::Index>(v.rows()),
                      static_cast<Eigen::Index>(v.cols()));
    for (std::size_t i = 0; i < v.rows(); ++i) {
        for (std::size_t j = 0; j < v.cols(); ++j) {
            m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = v(i, j);
        }
    }
    return m;
}

inline emcf::EstimatorOptions parse_estimator_options(const py::handle& d,
                                                      const std::string& prefix = "")
{
    using emcf::GemmBackend;
    using emcf::SearchPath;
    Options o(d, prefix);
    emcf::EstimatorOptions e;
    if (o.has("path")) {
        e.search.path = parse_choice<SearchPath>(o.take("path"), o.name("path"),
                                                 {{"automatic", SearchPath::automatic},
                                                  {"separable", SearchPath::separable},
                                                  {"general", SearchPath::general}});
    }
    if (o.has("gemm")) {
        e.search.gemm =
                parse_choice<GemmBackend>(o.take("gemm"), o.name("gemm"),
                                          {{"automatic", GemmBackend::automatic},
                                           {"eigen", GemmBackend::eigen},
                                           {"blas", GemmBackend::blas}});
    }
    o.get("group_tolerance", e.search.group_tolerance);
    o.get("separable_margin", e.search.separable_margin);
    o.get("tile_nodes", e.search.tile_nodes);
    o.get("min_samples", e.min_samples);
    o.get("refine", e.refine);
    o.get("newton_iterations", e.newton_iterations);
    o.get("scaled_column", e.scaled_column);
    o.get("memory_budget", e.memory_budget);
    o.get("threads", e.threads);
    o.get("chunk", e.chunk);
    o.finish();
    return e;
}

inline emcf::CostSettings parse_costs(const py::handle& d, const std::string& prefix)
{
    using emcf::CostModel;
    Options o(d, prefix);
    emcf::CostSettings c;
    if (o.has("model")) {
        c.model = parse_choice<CostModel>(o.take("model"), o.name("model"),
                                          {{"constant", CostModel::constant},
                                           {"distance", CostModel::distance},
                                           {"centroid", CostModel::centroid},
                                           {"caller", CostModel::caller}});
    }
    o.get("scale", c.scale);
    o.get("costs", c.costs);
    o.get("revcosts", c.revcosts);
    o.finish();
    return c;
}

/// EmcfSettings from a dict; keys: design, grid, estimator (dict), dem_scale,
/// temporal_costs / spatial_costs (dicts), memory_budget, threads, links_per_batch,
/// closure_tolerance, reference_points. The link model is on when a design is given.
inline emcf::EmcfSettings parse_settings(const py::handle& d)
{
    Options o(d, "");
    emcf::EmcfSettings s;
    auto design = o.take("design");
    auto grid = o.take("grid");
    if (!design.is_none()) {
        emcf::detail::require(!grid.is_none(), "grid",
                              "a grid is needed with a design matrix");
        s.link_model.enabled = true;
        s.link_model.design = to_matrix(design, "design");
        s.link_model.grid = parse_grid(grid);
    } else {
        emcf::detail::require(grid.is_none(), "design",
                              "a design matrix is needed with a grid");
    }
    s.link_model.estimator = parse_estimator_options(o.take("estimator"), "estimator.");
    o.get("dem_scale", s.link_model.dem_scale);
    s.temporal_costs = parse_costs(o.take("temporal_costs"), "temporal_costs.");
    s.spatial_costs = parse_costs(o.take("spatial_costs"), "spatial_costs.");
    o.get("memory_budget", s.memory_budget);
    o.get("threads", s.threads);
    o.get("links_per_batch", s.links_per_batch);
    o.get("closure_tolerance", s.closure_tolerance);
    o.get("reference_points", s.reference_points);
    o.finish();
    return s;
}

inline emcf::LinkIntegrationOptions parse_integration_options(const py::handle& d)
{
    using emcf::LinkIntegrationMethod;
    using emcf::LinkReference;
    using emcf::RobustLoss;
    Options o(d, "");
    emcf::LinkIntegrationOptions r;
    if (o.has("method")) {
        r.method = parse_choice<LinkIntegrationMethod>(
                o.take("method"), "method",
                {{"least_squares", LinkIntegrationMethod::least_squares},
                 {"spanning_tree", LinkIntegrationMethod::spanning_tree}});
    }
    if (o.has("reference")) {
        r.reference = parse_choice<LinkReference>(
                o.take("reference"), "reference",
                {{"point", LinkReference::point},
                 {"zero_median", LinkReference::zero_median}});
    }
    if (o.has("loss")) {
        r.loss = parse_choice<RobustLoss>(
                o.take("loss"), "loss",
                {{"huber", RobustLoss::huber}, {"tukey", RobustLoss::tukey}});
    }
    o.get("reference_points", r.reference_points);
    o.get("irls_iterations", r.irls_iterations);
    o.get("huber_k", r.huber_k);
    o.get("tukey_c", r.tukey_c);
    o.get("min_weight", r.min_weight);
    o.finish();
    return r;
}

} // namespace emcf_python
