// Flood-fill integration (integrate/integrate_gradients.hpp, integrate_points.hpp):
// spurt's test_flood_fill and test_flood_fill_gradients on the §7.3 fixture (truth: the
// simulated unwrapped phase pd), disconnected graphs with masks, references and
// isolated points (truth: the simulated field per component), and closure-error
// reporting on deliberately inconsistent gradients (truth: the injected error).
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <doctest/doctest.h>
#include <xtensor/xtensor.hpp>

#include <emcf/adapters/eigen.hpp>
#include <emcf/adapters/xtensor.hpp>
#include <emcf/graph/grid_graph.hpp>
#include <emcf/graph/user_graph.hpp>
#include <emcf/integrate/integrate_gradients.hpp>
#include <emcf/integrate/integrate_points.hpp>
#include <emcf/integrate/spanning_forest.hpp>

#include "../support/errors.hpp"

#include "../support/spurt_fixture.hpp"

namespace {

const emcf_test::SpurtMcfFixture& fixture()
{
    static const auto f = emcf_test::spurt_mcf_fixture();
    return f;
}

// spurt's flows for the fixture: rint((pd[e1] - pd[e0]) / 2π)
std::vector<std::int64_t> true_flows(const emcf::PlanarGraph& g,
                                     const std::vector<double>& pd)
{
    std::vector<std::int64_t> f(g.nedges());
    for (std::size_t e = 0; e < g.nedges(); ++e) {
        const double d = pd[static_cast<std::size_t>(g.edge(e)[1])] -
                         pd[static_cast<std::size_t>(g.edge(e)[0])];
        f[e] = static_cast<std::int64_t>(std::nearbyint(d / emcf::two_pi<double>()));
    }
    return f;
}

template <class A, class B>
double ptp_difference(const A& a, const B& b, std::size_t n)
{
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (std::size_t p = 0; p < n; ++p) {
        const double d = static_cast<double>(a[p]) - static_cast<double>(b[p]);
        lo = std::min(lo, d);
        hi = std::max(hi, d);
    }
    return hi - lo;
}

// Storage variants of the real output / input arrays.
template <class Real>
struct RawStore {
    std::vector<Real> v;
    explicit RawStore(std::size_t n) : v(n) {}
    auto view() { return emcf::view1d(v.data(), v.size()); }
    Real operator[](std::size_t k) const { return v[k]; }
};
template <class Real>
struct EigenStore {
    Eigen::Matrix<Real, Eigen::Dynamic, 1> v;
    explicit EigenStore(std::size_t n) : v(Eigen::Index(n)) {}
    auto& view() { return v; }
    Real operator[](std::size_t k) const { return v(Eigen::Index(k)); }
};
template <class Real>
struct XtStore {
    xt::xtensor<Real, 1> v;
    explicit XtStore(std::size_t n) : v(xt::xtensor<Real, 1>::from_shape({n})) {}
    auto& view() { return v; }
    Real operator[](std::size_t k) const { return v(k); }
};

using emcf_test::problem_of;

} // namespace

TEST_CASE_TEMPLATE("integrate: spurt's test_flood_fill (points mode)", Store,
                   RawStore<double>, EigenStore<double>, XtStore<double>,
                   RawStore<float>, XtStore<float>)
{
    const auto& f = fixture();
    const auto flows = true_flows(f.graph, f.pd);
    const std::size_t n = f.graph.npoints();
    Store in(n);
    Store out(n);
    for (std::size_t p = 0; p < n; ++p) {
        in.view()[p] = static_cast<decltype(in[0])>(f.pd[p]);
    }
    const auto res = emcf::integrate_points(
            f.graph, in.view(), emcf::view1d(flows.data(), flows.size()), out.view());
    const bool is_double = std::is_same_v<decltype(in[0]), double>;
    // points mode returns pd up to a constant (spurt: allclose(ptp(pd - out), 0))
    std::vector<double> pd_in(n);
    for (std::size_t p = 0; p < n; ++p) {
        pd_in[p] = static_cast<double>(in[p]);
    }
    CHECK(ptp_difference(pd_in, out, n) < (is_double ? 1e-8 : 2e-4));
    CHECK(ptp_difference(pd_in, std::vector<double>(n, 0.0), n) > 1.0); // ptp(pd) != 0
    CHECK(res.closure == emcf::ClosureStatus::closed);
    CHECK(res.ncomponents == 1);
    CHECK(res.references == std::vector<emcf::graph_index>{0});
    CHECK(res.nchecked ==
          f.graph.nedges() - (n - 1)); // non-tree edges of a spanning tree
    CHECK(res.nclosure_errors == 0);
    CHECK(res.max_closure_error < (is_double ? 1e-9 : 1e-3));
    // congruent with the wrapped input at every point: out - in is a multiple of 2π
    for (std::size_t p = 0; p < n; p += 37) {
        const double k =
                (static_cast<double>(out[p]) - pd_in[p]) / emcf::two_pi<double>();
        CHECK(std::fabs(k - std::nearbyint(k)) < (is_double ? 1e-9 : 1e-4));
    }
}

TEST_CASE_TEMPLATE("integrate: spurt's test_flood_fill_gradients", Real, float, double)
{
    const auto& f = fixture();
    const auto flows = true_flows(f.graph, f.pd);
    const std::size_t n = f.graph.npoints();
    std::vector<Real> grad(f.graph.nedges());
    for (std::size_t e = 0; e < f.graph.nedges(); ++e) {
        grad[e] = static_cast<Real>(
                emcf::wrapped_diff(f.pd[static_cast<std::size_t>(f.graph.edge(e)[0])],
                                   f.pd[static_cast<std::size_t>(f.graph.edge(e)[1])]));
    }
    std::vector<Real> out(n);
    const auto res = emcf::integrate_gradients(
            f.graph, emcf::view1d(grad.data(), grad.size()),
            emcf::view1d(flows.data(), flows.size()), emcf::view1d(out.data(), n));
    CHECK(res.closure == emcf::ClosureStatus::closed);
    CHECK(out[0] == 0); // referenced to point 0
    CHECK(ptp_difference(f.pd, out, n) < (std::is_same_v<Real, double> ? 1e-8 : 2e-4));
    // without the flows the wrapped gradients do not close: the fixture has residues
    const auto raw =
            emcf::integrate_gradients(f.graph, emcf::view1d(grad.data(), grad.size()),
                                      emcf::no_flows, emcf::view1d(out.data(), n));
    CHECK(raw.closure == emcf::ClosureStatus::not_closed);
    CHECK(raw.nclosure_errors > 0);
    CHECK(raw.max_closure_error ==
          doctest::Approx(emcf::two_pi<double>()).epsilon(1e-4));
}

TEST_CASE("integrate: closure errors on inconsistent gradients are counted, not thrown")
{
    // 3 x 3 grid, exact gradients of a field, then one edge off by 0.5 rad
    const auto g = emcf::grid_graph(3, 3);
    std::vector<double> field(9);
    for (std::size_t p = 0; p < 9; ++p) {
        field[p] = 0.3 * double(p % 3) - 0.7 * double(p / 3);
    }
    std::vector<double> grad(g.nedges());
    for (std::size_t e = 0; e < g.nedges(); ++e) {
        grad[e] = field[static_cast<std::size_t>(g.edge(e)[1])] -
                  field[static_cast<std::size_t>(g.edge(e)[0])];
    }
    std::vector<double> out(9);
    auto res = emcf::integrate_gradients(g, emcf::view1d(grad.data(), grad.size()),
                                         emcf::no_flows, emcf::view1d(out.data(), 9));
    CHECK(res.closure == emcf::ClosureStatus::closed);
    CHECK(res.nchecked == 4); // 12 edges, 8 in the spanning tree
    CHECK(res.max_closure_error < 1e-12);
    // Whether (1, 4) is a tree edge (its subtree shifts by 0.5 against the non-tree
    // edges around it) or not (its own misclosure), the largest misclosure is 0.5.
    grad[7] += 0.5; // edge (1, 4)
    res = emcf::integrate_gradients(g, emcf::view1d(grad.data(), grad.size()),
                                    emcf::no_flows, emcf::view1d(out.data(), 9));
    CHECK(res.closure == emcf::ClosureStatus::not_closed);
    CHECK(res.nclosure_errors >= 1);
    CHECK(res.max_closure_error == doctest::Approx(0.5));
    for (const double v : out) {
        CHECK(std::isfinite(v)); // values are still written, never NaN
    }
    // a tolerance above the error accepts it
    emcf::IntegrationOptions loose;
    loose.closure_tolerance = 0.6;
    res = emcf::integrate_gradients(g, emcf::view1d(grad.data(), grad.size()),
                                    emcf::no_flows, emcf::view1d(out.data(), 9), loose);
    CHECK(res.closure == emcf::ClosureStatus::closed);
    CHECK(res.max_closure_error == doctest::Approx(0.5));
}

TEST_CASE_TEMPLATE("integrate: disconnected graphs, masks, references, isolated points",
                   Real, float, double)
{
    // Two squares of a 2 x 5 grid joined by the middle column, which is masked:
    //   0 1 [2] 3 4        points 2 and 7 masked -> components {0,1,5,6} and {3,4,8,9}
    //   5 6 [7] 8 9
    // plus point 10 with no edge at all (isolated).
    const std::vector<int> edges{0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 6, 7, 7,
                                 8, 8, 9, 0, 5, 1, 6, 2, 7, 3, 8, 4, 9};
    const std::size_t n = 11;
    const auto g =
            emcf::make_planar_graph(n, emcf::row_major_view(edges.data(), 13, 2));
    std::vector<double> field(n);
    for (std::size_t p = 0; p < n; ++p) {
        field[p] = 0.9 * double(p % 5) + 2.1 * double(p / 5) - 1.0;
    }
    std::vector<Real> grad(g.nedges());
    for (std::size_t e = 0; e < g.nedges(); ++e) {
        grad[e] = static_cast<Real>(field[static_cast<std::size_t>(g.edge(e)[1])] -
                                    field[static_cast<std::size_t>(g.edge(e)[0])]);
    }
    std::vector<std::uint8_t> valid(n, 1);
    valid[2] = valid[7] = 0;
    std::vector<Real> out(n);
    std::vector<std::int32_t> labels(n);
    std::vector<emcf::PointStatus> status(n);
    auto run = [&](const emcf::IntegrationOptions& o) {
        return emcf::integrate_gradients(
                g, emcf::view1d(grad.data(), grad.size()), emcf::no_flows,
                emcf::view1d(out.data(), n), emcf::view1d(valid.data(), n),
                emcf::view1d(labels.data(), n), emcf::view1d(status.data(), n), o);
    };
    auto res = run({});
    CHECK(res.ncomponents == 2);
    CHECK(res.references == std::vector<emcf::graph_index>{0, 3});
    CHECK(res.nmasked == 2);
    CHECK(res.nisolated == 1);
    CHECK(res.closure == emcf::ClosureStatus::closed);
    CHECK(labels == std::vector<std::int32_t>{0, 0, -1, 1, 1, 0, 0, -1, 1, 1, -1});
    using S = emcf::PointStatus;
    CHECK(status == std::vector<S>{S::reference, S::ok, S::masked, S::reference, S::ok,
                                   S::ok, S::ok, S::masked, S::ok, S::ok, S::isolated});
    for (std::size_t p = 0; p < n; ++p) {
        if (labels[p] < 0) {
            CHECK(std::isnan(out[p]));
            continue;
        }
        const auto ref =
                static_cast<std::size_t>(res.references[std::size_t(labels[p])]);
        CHECK(static_cast<double>(out[p]) ==
              doctest::Approx(field[p] - field[ref]).epsilon(1e-6));
    }
    // caller references with values: point 9 for the right component (value 5), the
    // left one falls back to its lowest index; a masked reference is ignored
    emcf::IntegrationOptions o;
    o.references = {9, 7};
    o.reference_values = {5.0, 1.0};
    res = run(o);
    CHECK(res.references == std::vector<emcf::graph_index>{0, 9});
    CHECK(status[9] == S::reference);
    CHECK(status[3] == S::ok);
    CHECK(static_cast<double>(out[9]) == doctest::Approx(5.0));
    CHECK(static_cast<double>(out[3]) ==
          doctest::Approx(5.0 + field[3] - field[9]).epsilon(1e-6));
    CHECK(out[0] == 0);
    // a non-finite gradient removes its edge: point 4 still reached through 9
    grad[3] = std::numeric_limits<Real>::quiet_NaN(); // edge (3, 4)
    res = run({});
    CHECK(res.ncomponents == 2);
    CHECK(static_cast<double>(out[4]) ==
          doctest::Approx(field[4] - field[3]).epsilon(1e-6));
    // ... and cutting (4, 9) as well isolates point 4
    grad[12] = std::numeric_limits<Real>::infinity();
    res = run({});
    CHECK(status[4] == S::isolated);
    CHECK(res.nisolated == 2);
    CHECK(std::isnan(out[4]));
}

TEST_CASE_TEMPLATE("integrate: points mode with complex input, masks and NaN samples",
                   Real, float, double)
{
    const auto g = emcf::grid_graph(6, 7);
    const std::size_t n = g.npoints();
    std::vector<double> field(n);
    std::vector<std::complex<Real>> z(n);
    for (std::size_t p = 0; p < n; ++p) {
        field[p] =
                0.8 * double(p % 7) - 0.6 * double(p / 7) + 0.1 * std::sin(double(p));
        z[p] = std::polar(Real(2), static_cast<Real>(field[p]));
    }
    z[10] = std::complex<Real>(std::numeric_limits<Real>::quiet_NaN(), 0);
    std::vector<std::int64_t> labels(n);
    std::vector<emcf::PointStatus> status(n);
    std::vector<Real> out(n);
    emcf::IntegrationOptions o;
    o.references = {20};
    const auto res = emcf::integrate_points(
            g, emcf::view1d(z.data(), n), emcf::no_flows, emcf::view1d(out.data(), n),
            emcf::all_points, emcf::view1d(labels.data(), n),
            emcf::view1d(status.data(), n), o);
    CHECK(res.closure == emcf::ClosureStatus::closed);
    CHECK(res.nmasked == 1);
    CHECK(status[10] == emcf::PointStatus::masked);
    CHECK(status[20] == emcf::PointStatus::reference);
    CHECK(labels[10] == -1);
    // reference keeps its wrapped phase; the rest follow the field
    CHECK(static_cast<double>(out[20]) ==
          doctest::Approx(emcf::wrap(field[20])).epsilon(1e-6));
    for (std::size_t p = 0; p < n; ++p) {
        if (p != 10) {
            CHECK(static_cast<double>(out[p]) ==
                  doctest::Approx(field[p] - field[20] + emcf::wrap(field[20]))
                          .epsilon(1e-5));
        }
    }
}

TEST_CASE("integrate: deterministic output")
{
    const auto& f = fixture();
    const auto flows = true_flows(f.graph, f.pd);
    std::vector<double> a(f.graph.npoints());
    std::vector<double> b(f.graph.npoints());
    const auto ra = emcf::integrate_points(
            f.graph, emcf::view1d(f.pd.data(), f.pd.size()),
            emcf::view1d(flows.data(), flows.size()), emcf::view1d(a.data(), a.size()));
    const auto rb = emcf::integrate_points(
            f.graph, emcf::view1d(f.pd.data(), f.pd.size()),
            emcf::view1d(flows.data(), flows.size()), emcf::view1d(b.data(), b.size()));
    CHECK(a == b);
    CHECK(ra.max_closure_error == rb.max_closure_error);
}

TEST_CASE("integrate: misuse is named")
{
    const auto g = emcf::grid_graph(3, 3);
    std::vector<double> grad(g.nedges(), 0.0);
    std::vector<double> out(9);
    std::vector<int> flows(g.nedges(), 0);
    const auto gv = emcf::view1d(grad.data(), grad.size());
    const auto ov = emcf::view1d(out.data(), out.size());
    CHECK(problem_of([&] {
              emcf::integrate_gradients(g, emcf::view1d(grad.data(), 5), emcf::no_flows,
                                        ov);
          }) == "gradients: size mismatch: expected 12, got 5");
    CHECK(problem_of([&] {
              emcf::integrate_gradients(g, gv, emcf::view1d(flows.data(), 3), ov);
          }) == "flows: size mismatch: expected 12, got 3");
    CHECK(problem_of([&] {
              emcf::integrate_gradients(g, gv, emcf::no_flows,
                                        emcf::view1d(out.data(), 4));
          }) == "out: size mismatch: expected 9, got 4");
    std::vector<int> labels(3);
    CHECK(problem_of([&] {
              emcf::integrate_gradients(g, gv, emcf::no_flows, ov, emcf::all_points,
                                        emcf::view1d(labels.data(), 3), emcf::discard);
          }) == "labels: size mismatch: expected 9, got 3");
    std::vector<std::uint8_t> valid(4, 1);
    CHECK(problem_of([&] {
              emcf::integrate_gradients(g, gv, emcf::no_flows, ov,
                                        emcf::view1d(valid.data(), 4), emcf::discard,
                                        emcf::discard);
          }) == "valid: size mismatch: expected 9, got 4");
    emcf::IntegrationOptions o;
    o.closure_tolerance = -1;
    CHECK(problem_of([&] { emcf::integrate_gradients(g, gv, emcf::no_flows, ov, o); }) ==
          "closure_tolerance: must be finite and >= 0");
    o = {};
    o.references = {9};
    CHECK(problem_of([&] { emcf::integrate_gradients(g, gv, emcf::no_flows, ov, o); }) ==
          "references: point 9 is outside [0, 9)");
    o.references = {1, 7};
    CHECK(problem_of([&] { emcf::integrate_gradients(g, gv, emcf::no_flows, ov, o); }) ==
          "references: points 1 and 7 lie in the same connected component: give at "
          "most one reference per component");
    o.references = {1};
    o.reference_values = {0.0, 1.0};
    CHECK(problem_of([&] { emcf::integrate_gradients(g, gv, emcf::no_flows, ov, o); }) ==
          "reference_values: size mismatch: expected 1, got 2");
    o.reference_values = {1.0};
    CHECK(problem_of([&] {
              emcf::integrate_points(g, ov, emcf::no_flows, ov, o);
          }).rfind("reference_values: not used in points mode", 0) == 0);
    CHECK(problem_of([&] { emcf::integrate_gradients(g, gv, emcf::no_flows, ov, o); }) ==
          "accepted");
}

TEST_CASE_TEMPLATE(
        "integrate: a prepared SpanningForest gives the graph path's results", Real,
        float, double)
{
    // The fixture's Delaunay graph with a masked disc, two caller references, and
    // several fields (gradients and points mode) integrated over one forest; each must
    // match the graph-based call bit for bit, also when a field has non-finite values
    // on edges or points the forest uses (the call then rebuilds without them).
    const auto& f = fixture();
    const auto& g = f.graph;
    const std::size_t n = g.npoints();
    std::vector<std::uint8_t> valid(n, 1);
    for (std::size_t p = 0; p < n; ++p) {
        const double x = g.x(p) - 0.5;
        const double y = g.y(p);
        valid[p] = x * x + y * y < 0.25 ? 0 : 1;
    }
    emcf::IntegrationOptions by_graph;
    by_graph.references = {17, 400};
    by_graph.reference_values = {1.5, -2.0};
    const emcf::SpanningForest forest(g, emcf::view1d(valid.data(), n),
                                      by_graph.references);
    emcf::IntegrationOptions by_forest;
    by_forest.reference_values = by_graph.reference_values;
    CHECK(forest.ncomponents() >= 1);
    CHECK(forest.nmasked() ==
          static_cast<std::size_t>(std::count(valid.begin(), valid.end(), 0)));

    const auto flows = true_flows(g, f.pd);
    for (int field = 0; field < 4; ++field) {
        std::vector<Real> grad(g.nedges());
        for (std::size_t e = 0; e < g.nedges(); ++e) {
            grad[e] = static_cast<Real>(emcf::wrapped_diff(
                    f.pd[static_cast<std::size_t>(g.edge(e)[0])] * (1.0 + 0.1 * field),
                    f.pd[static_cast<std::size_t>(g.edge(e)[1])] *
                            (1.0 + 0.1 * field)));
        }
        if (field == 3) { // non-finite gradients, among them tree edges of the forest
            for (std::size_t e = 0; e < g.nedges(); e += 97) {
                grad[e] = std::numeric_limits<Real>::quiet_NaN();
            }
        }
        std::vector<Real> a(n);
        std::vector<Real> b(n);
        std::vector<std::int32_t> la(n);
        std::vector<std::int32_t> lb(n);
        std::vector<emcf::PointStatus> sa(n);
        std::vector<emcf::PointStatus> sb(n);
        const auto ra = emcf::integrate_gradients(
                g, emcf::view1d(grad.data(), grad.size()),
                emcf::view1d(flows.data(), flows.size()), emcf::view1d(a.data(), n),
                emcf::view1d(valid.data(), n), emcf::view1d(la.data(), n),
                emcf::view1d(sa.data(), n), by_graph);
        const auto rb = emcf::integrate_gradients(
                forest, emcf::view1d(grad.data(), grad.size()),
                emcf::view1d(flows.data(), flows.size()), emcf::view1d(b.data(), n),
                emcf::view1d(lb.data(), n), emcf::view1d(sb.data(), n), by_forest);
        for (std::size_t p = 0; p < n; ++p) {
            CHECK((a[p] == b[p] || (std::isnan(a[p]) && std::isnan(b[p]))));
        }
        CHECK(la == lb);
        CHECK(sa == sb);
        CHECK(ra.references == rb.references);
        CHECK(ra.nchecked == rb.nchecked);
        CHECK(ra.nclosure_errors == rb.nclosure_errors);
        CHECK(ra.max_closure_error == rb.max_closure_error);
        CHECK(static_cast<double>(b[17]) == 1.5);
        if (field == 0) {
            std::vector<std::int32_t> lf(n);
            std::vector<emcf::PointStatus> sf(n);
            forest.labels(emcf::view1d(lf.data(), n));
            forest.status(emcf::view1d(sf.data(), n));
            CHECK(lf == lb);
            CHECK(sf == sb);
            CHECK(rb.closure == emcf::ClosureStatus::closed);
        }
    }
    // points mode, complex samples, one of them not finite
    std::vector<std::complex<Real>> z(n);
    for (std::size_t p = 0; p < n; ++p) {
        z[p] = std::polar(Real(1), static_cast<Real>(emcf::wrap(f.pd[p])));
    }
    z[123] = std::complex<Real>(std::numeric_limits<Real>::infinity(), 0);
    std::vector<Real> a(n);
    std::vector<Real> b(n);
    emcf::IntegrationOptions refs_only;
    refs_only.references = by_graph.references;
    const auto ra = emcf::integrate_points(
            g, emcf::view1d(z.data(), n), emcf::view1d(flows.data(), flows.size()),
            emcf::view1d(a.data(), n), emcf::view1d(valid.data(), n), emcf::discard,
            emcf::discard, refs_only);
    const auto rb = emcf::integrate_points(forest, emcf::view1d(z.data(), n),
                                           emcf::view1d(flows.data(), flows.size()),
                                           emcf::view1d(b.data(), n));
    for (std::size_t p = 0; p < n; ++p) {
        CHECK((a[p] == b[p] || (std::isnan(a[p]) && std::isnan(b[p]))));
    }
    CHECK(std::isnan(b[123]));
    CHECK(ra.nmasked == rb.nmasked);
    CHECK(rb.closure == emcf::ClosureStatus::closed);
}

TEST_CASE("integrate: SpanningForest misuse is named")
{
    const auto g = emcf::grid_graph(3, 3);
    std::vector<double> grad(g.nedges(), 0.0);
    std::vector<double> out(9);
    const auto gv = emcf::view1d(grad.data(), grad.size());
    const auto ov = emcf::view1d(out.data(), out.size());
    const emcf::SpanningForest empty;
    CHECK(problem_of([&] { emcf::integrate_gradients(empty, gv, emcf::no_flows, ov); }) ==
          "forest: is default-constructed: build it from a graph");
    const emcf::SpanningForest forest(g, {4});
    CHECK(forest.references() == std::vector<emcf::graph_index>{4});
    emcf::IntegrationOptions o;
    o.references = {4};
    CHECK(problem_of([&] {
              emcf::integrate_gradients(forest, gv, emcf::no_flows, ov, o);
          }) == "references: are fixed when the SpanningForest is built; leave "
                "options.references empty");
    o.references.clear();
    o.reference_values = {1.0, 2.0};
    CHECK(problem_of([&] {
              emcf::integrate_gradients(forest, gv, emcf::no_flows, ov, o);
          }) == "reference_values: size mismatch: expected 1, got 2");
    CHECK(problem_of([&] {
              emcf::SpanningForest(g, {1, 2});
          }) ==
          "references: points 1 and 2 lie in the same connected component: give at "
          "most one reference per component");
    CHECK(problem_of([&] { emcf::SpanningForest(g, {12}); }) ==
          "references: point 12 is outside [0, 9)");
    std::vector<std::uint8_t> short_mask(3, 1);
    CHECK(problem_of([&] {
              emcf::SpanningForest(g, emcf::view1d(short_mask.data(), 3));
          }) == "valid: size mismatch: expected 9, got 3");
}
