#pragma once
/// @file
/// @brief A spanning forest of a graph, prepared once and reused to integrate many
///        fields (e.g. every interferogram of the spatial step) on the same graph.
///
/// Building it finds the connected components of the valid points, one reference per
/// component and a breadth-first spanning tree of each (O(V + E)). Integrating a field
/// over it (integrate_gradients() / integrate_points() with a SpanningForest) is then
/// two linear passes, without adjacency construction or search. Where a field has
/// non-finite values on points or edges the forest uses, that call rebuilds a forest
/// without them, so results equal those of the graph-based functions in every case.

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/status.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/planar_graph.hpp>
#include <emcf/integrate/detail/arguments.hpp>
#include <emcf/integrate/detail/flood_fill.hpp>
#include <emcf/integrate/integration.hpp>

EMCF_BEGIN_NAMESPACE

class SpanningForest;

namespace detail {
struct ForestAccess {
    static const Forest& get(const SpanningForest& s) noexcept;
};
} // namespace detail

/// Components, references and breadth-first spanning trees of a graph's valid points.
///
/// Components are labelled 0, 1, ... in order of their lowest point index; each is
/// rooted at the caller's reference for it, or at its lowest point index. A valid point
/// without edges to other valid points is isolated, an invalid one masked (see
/// integrate_gradients()).
/// @note Keeps a pointer to the graph, which must outlive the forest. O(V + E) to
///       build; about 17 bytes per point and 1 per edge. Immutable after construction:
///       concurrent integrations over one forest are safe.
class SpanningForest {
  public:
    SpanningForest() = default;

    /// Forest of all points of `graph`.
    /// @param graph      the planar graph (kept by pointer: it must outlive the forest)
    /// @param references optional reference points, at most one per component
    /// @throws emcf::invalid_argument ('references') for a point outside [0, npoints)
    ///         or two references in one component
    explicit SpanningForest(const PlanarGraph& graph,
                            const std::vector<graph_index>& references = {})
        : SpanningForest(graph, all_points, references)
    {
    }

    /// Forest of the valid points of `graph`.
    /// @param graph      as above
    /// @param valid      npoints bool/integer values (non-zero = use the point), or
    ///                   emcf::all_points
    /// @param references as above
    /// @throws emcf::invalid_argument ('valid') on a size mismatch, ('references') as
    ///         above
    template <class Valid, class = std::enable_if_t<!std::is_same_v<
                                   std::decay_t<Valid>, std::vector<graph_index>>>>
    SpanningForest(const PlanarGraph& graph, const Valid& valid,
                   const std::vector<graph_index>& references = {})
        : graph_(&graph), forest_(detail::full_forest(graph, valid, references))
    {
    }

    /// True for a default-constructed forest (no graph).
    [[nodiscard]] bool empty() const noexcept { return graph_ == nullptr; }
    /// The graph the forest belongs to (requires !empty()).
    [[nodiscard]] const PlanarGraph& graph() const noexcept { return *graph_; }
    /// Number of components (of at least two points).
    [[nodiscard]] std::size_t ncomponents() const noexcept
    {
        return forest_.references.size();
    }
    /// Root (reference point) of each component, by label.
    [[nodiscard]] const std::vector<graph_index>& references() const noexcept
    {
        return forest_.references;
    }
    /// Points excluded by the mask.
    [[nodiscard]] std::size_t nmasked() const noexcept { return forest_.nmasked; }
    /// Valid points without an edge to another valid point.
    [[nodiscard]] std::size_t nisolated() const noexcept { return forest_.nisolated; }

    /// Component label of every point (-1 for masked and isolated points).
    /// @param out npoints signed integers
    /// @throws emcf::invalid_argument ('labels') on a size mismatch
    template <class Labels>
    void labels(Labels&& out) const
    {
        static_assert(detail::output_element_ok<Labels, detail::LabelCheck>(),
                      "SpanningForest::labels: signed integers expected");
        const detail::PointOutput<Labels> o(std::forward<Labels>(out),
                                            forest_.label.size(), "labels");
        for (std::size_t p = 0; p < forest_.label.size(); ++p) {
            o.set(p, forest_.label[p]);
        }
    }

    /// PointStatus of every point (ok, reference, masked, isolated).
    /// @param out npoints PointStatus values
    /// @throws emcf::invalid_argument ('status') on a size mismatch
    template <class Status>
    void status(Status&& out) const
    {
        static_assert(detail::output_element_ok<Status, detail::StatusCheck>(),
                      "SpanningForest::status: PointStatus values expected");
        const detail::PointOutput<Status> o(std::forward<Status>(out),
                                            forest_.label.size(), "status");
        for (std::size_t p = 0; p < forest_.label.size(); ++p) {
            o.set(p, detail::point_status(p, forest_));
        }
    }

  private:
    friend struct detail::ForestAccess;
    const PlanarGraph* graph_ = nullptr;
    detail::Forest forest_;
};

namespace detail {
inline const Forest& ForestAccess::get(const SpanningForest& s) noexcept
{
    return s.forest_;
}

/// The prepared forest and its graph, for the integration entry points.
inline const Forest& prepared_forest(const SpanningForest& s,
                                     const IntegrationOptions& options)
{
    require(!s.empty(), "forest", "is default-constructed: build it from a graph");
    require(options.references.empty(), "references",
            "are fixed when the SpanningForest is built; leave options.references "
            "empty");
    return ForestAccess::get(s);
}
} // namespace detail

EMCF_END_NAMESPACE
