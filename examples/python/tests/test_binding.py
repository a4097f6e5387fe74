"""The Python binding against independent truths: NumPy formulas and brute force,
simulated ground truth, and C++'s own invariants (layout independence, no copies,
emcf's error messages)."""

import pickle

import numpy as np
import pytest
from conftest import (LOOK_ANGLE, SLANT_RANGE, WAVELENGTH, LinkCase, design_formula,
                      same, wrap)

import emcf


def geometry():
    return dict(wavelength=WAVELENGTH, slant_range=SLANT_RANGE, look_angle=LOOK_ANGLE)


# --- design matrix and grids ------------------------------------------------------------

def test_design_matrix_equals_the_formula(link_case):
    c = link_case
    a = emcf.design_matrix(c.times, c.bperp, **geometry())
    assert a.dtype == np.float64 and a.shape == (len(c.pairs), 2)
    np.testing.assert_allclose(a, c.design, rtol=1e-12, atol=0)
    # Any network as (i, j) pairs, and extra per-epoch columns.
    pairs = np.array([[0, 5], [3, 4], [2, 9]], dtype=np.int64)
    extra = np.linspace(0, 1, c.nslc)[:, None] ** 2
    b = emcf.design_matrix(c.times, c.bperp, **geometry(), network=pairs, extra=extra)
    np.testing.assert_allclose(b[:, :2], design_formula(c.times, c.bperp, pairs),
                               rtol=1e-12)
    np.testing.assert_allclose(b[:, 2], extra[pairs[:, 1], 0] - extra[pairs[:, 0], 0])


def test_hop3_network_is_spurts():
    # spurt: every epoch to its next three (i, i+1..i+3), in order of i.
    e = emcf.hop3_graph(6).edges
    want = [(i, j) for i in range(6) for j in range(i + 1, min(i + 4, 6))]
    assert sorted(map(tuple, e)) == want and e.dtype == np.int32


def test_grid_helpers(link_case):
    steps = emcf.suggest_grid_steps(link_case.design, 1 / 12)
    amax = np.abs(link_case.design).max(axis=0)
    np.testing.assert_allclose(steps, 2 * np.pi / 12 / amax)
    assert emcf.grid_size(link_case.grid) == [21, 201]
    checks = emcf.check_grid(link_case.design, [(-20, 20, 2), (-50, 50, 100)])
    assert checks[1]["status"] != "ok" and checks[1]["step_too_coarse"]
    # 11-day repeat: velocity is exactly periodic with 2 pi / (4 pi/lambda 11/365.25e3).
    period = emcf.aliasing_period(link_case.design, 0)
    np.testing.assert_allclose(period, WAVELENGTH / 2 / (11 / 365.25) * 1e3, rtol=1e-9)


# --- estimator --------------------------------------------------------------------------

def brute_force(design, grid, phase):
    """Temporal coherence at every grid node (parameter 0 slowest), in float64."""
    axes = [lo + step * np.arange(int(np.floor((hi - lo) / step + 0.5)) + 1)
            for lo, hi, step in grid]
    nodes = np.stack(np.meshgrid(*axes, indexing="ij"), -1).reshape(-1, len(grid))
    z = np.exp(-1j * phase.astype(np.float64))
    gamma = np.abs(np.exp(1j * (nodes @ design.T)) @ z) / phase.shape[0]
    return nodes, gamma


@pytest.mark.parametrize("precision", ["float32", "float64"])
def test_estimator_best_node_equals_brute_force(link_case, precision):
    c = link_case
    grid = [(-20, 20, 2), (-50, 50, 2.5)]
    phase = c.wrapped[:, :200]
    r = emcf.LinkEstimator(c.design, grid, precision=precision).estimate(phase)
    nodes, gamma = brute_force(c.design, grid, phase)
    top2 = np.sort(gamma, axis=0)[-2:]
    # hop-3 interferograms span at most 33 days: the peak is broad and neighbouring
    # nodes differ by ~1e-4; leave out near-ties the search precision may flip.
    clear = top2[1] - top2[0] > 1e-5
    assert clear.sum() > 180
    np.testing.assert_array_equal(r.best_node[clear], np.argmax(gamma, 0)[clear])
    np.testing.assert_allclose(r.node_coherence, gamma.max(0), atol=2e-5)
    # Refinement never lowers the coherence.
    assert np.all(r.coherence >= r.node_coherence - 1e-6)


def test_estimator_recovers_noiseless_truth(link_case):
    c = link_case
    x = c.params[:, :300]
    phase = wrap(c.design @ x)
    r = emcf.estimate_links(phase, c.design, c.grid, precision="float64")
    ok = r.status == emcf.LinkStatus.ok
    assert ok.mean() > 0.9
    np.testing.assert_allclose(r.params[:, ok], x[:, ok], atol=0.05)
    assert r.coherence[ok].min() > 0.999


def test_precisions_agree(link_case):
    c = link_case
    r32 = emcf.estimate_links(c.wrapped, c.design, c.grid, precision="float32")
    r64 = emcf.estimate_links(c.wrapped, c.design, c.grid, precision="float64")
    same_node = r32.best_node == r64.best_node
    assert same_node.mean() > 0.98
    np.testing.assert_allclose(r32.params[:, same_node], r64.params[:, same_node],
                               atol=1e-3)
    np.testing.assert_allclose(r32.coherence, r64.coherence, atol=1e-5)


def test_weights_and_column_scale_behave_as_documented(link_case):
    c = link_case
    est = emcf.LinkEstimator(c.design, c.grid)
    phase = c.wrapped[:, :64]
    base = est.estimate(phase)
    # Uniform weights (per interferogram or per link) are the unweighted estimate.
    assert same(est.estimate(phase, weights=np.full(len(c.pairs), 2.0)).params,
                base.params)
    # A masked interferogram (weight 0) is the estimate without that row.
    w = np.ones(len(c.pairs))
    w[5] = 0
    keep = np.arange(len(c.pairs)) != 5
    dropped = emcf.LinkEstimator(c.design[keep], c.grid).estimate(phase[keep])
    np.testing.assert_allclose(est.estimate(phase, weights=w).params, dropped.params,
                               atol=1e-9)
    # Column scale s (the link's DEM sensitivity is s * A[:, 1]): the search runs in
    # reference units y = s * x, so x is the unscaled estimate divided by s, exactly.
    r = est.estimate(phase, column_scale=np.full(64, 2.0))
    assert same(r.params[0], base.params[0]) and same(r.params[1], base.params[1] / 2)
    # ... the estimate of the doubled column on the halved grid, up to rounding.
    half = [c.grid[0], (-25, 25, 0.25)]
    doubled = emcf.LinkEstimator(c.design * [1, 2.0], half).estimate(phase)
    np.testing.assert_allclose(r.params, doubled.params, atol=1e-6)


def strided_variants(a):
    """The same values in C order, F order, a column slice, a transposed buffer and a
    reversed-row buffer (the last three strided)."""
    wide = np.zeros((a.shape[0], 2 * a.shape[1]), a.dtype)
    wide[:, ::2] = a
    rev = np.ascontiguousarray(a[::-1])
    return {"C": np.ascontiguousarray(a), "F": np.asfortranarray(a),
            "slice": wide[:, ::2], "transposed": np.ascontiguousarray(a.T).T,
            "reversed": rev[::-1]}


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.complex64])
def test_layouts_give_identical_results(link_case, dtype):
    c = link_case
    base = c.wrapped[:, :300].astype(np.float64)
    a = np.exp(1j * base).astype(dtype) if np.dtype(dtype).kind == "c" else base.astype(
        dtype)
    est = emcf.LinkEstimator(c.design, c.grid)
    tu = emcf.TemporalUnwrapper(c.nslc, c.design, c.grid)
    ref = est.estimate(np.ascontiguousarray(a))
    ref_u = tu.unwrap(np.ascontiguousarray(a))
    for name, v in strided_variants(a).items():
        r = est.estimate(v)
        for k in ref:
            assert same(r[k], ref[k]), (name, k)
        u = tu.unwrap(v)
        for k in ref_u:
            assert same(u[k], ref_u[k]), (name, k)


def test_strided_inputs_are_not_copied():
    a = np.arange(48.0).reshape(6, 8)
    for v in [a, a[:, ::2], a.T, a[::-1], a[::-1, 1::3], a.astype(np.complex64).T]:
        assert emcf._emcf._view_address(v) == v.__array_interface__["data"][0]
    # The view reads the right elements: the estimate of a strided view equals that
    # of its copy (test_layouts_give_identical_results), and its address is the first
    # element even for negative strides.
    assert emcf._emcf._view_address(a[::-1]) == a[5:].__array_interface__["data"][0]


# --- caller misuse ------------------------------------------------------------------------

def raises(exc, match, fn, *args, **kwargs):
    with pytest.raises(exc) as e:
        fn(*args, **kwargs)
    assert match in str(e.value), str(e.value)
    return str(e.value)


def test_bad_inputs_raise_emcfs_errors(link_case):
    c = link_case
    est = emcf.LinkEstimator(c.design, c.grid)
    msg = raises(ValueError, "'phase'", est.estimate, c.wrapped[:10])
    assert msg.startswith("emcf: invalid argument 'phase': expected 84 rows")
    raises(TypeError, "'phase': expected dtype", est.estimate,
           c.wrapped.astype(np.int32))
    raises(TypeError, "'phase': expected a numpy.ndarray", est.estimate,
           c.wrapped.tolist())
    raises(ValueError, "'phase': expected a 2-D array", est.estimate, c.wrapped[:, 0])
    raises(ValueError, "'weights'", est.estimate, c.wrapped, weights=np.ones(3))
    raises(ValueError, "'weights'", est.estimate, c.wrapped,
           weights=-np.ones(len(c.pairs)))
    raises(ValueError, "'column_scale'", est.estimate, c.wrapped,
           column_scale=np.zeros(c.nlinks))
    raises(ValueError, "'geometry.wavelength'", emcf.design_matrix, c.times, c.bperp,
           np.nan, SLANT_RANGE, LOOK_ANGLE)
    raises(ValueError, "'geometry.look_angle'", emcf.design_matrix, c.times, c.bperp,
           WAVELENGTH, SLANT_RANGE, 2.0)
    raises(ValueError, "'times'", emcf.design_matrix, c.times[::-1], c.bperp,
           **geometry())
    raises(ValueError, "'ranges'", emcf.LinkEstimator, c.design, [])
    raises(ValueError, "step must be finite and > 0", emcf.LinkEstimator, c.design,
           [(-20, 20, 0, "velocity"), (-50, 50, 1)])
    raises(ValueError, "'velocity'", emcf.LinkEstimator, c.design,
           [(-20, 20, -1, "velocity"), (-50, 50, 1)])
    raises(ValueError, "'grid'", emcf.LinkEstimator, c.design, [(1, 2)])
    raises(ValueError, "'precision'", emcf.LinkEstimator, c.design, c.grid,
           precision="float16")
    raises(ValueError, "'path'", emcf.LinkEstimator, c.design, c.grid, path="fast")
    raises(ValueError, "'tile_size': unknown option", emcf.LinkEstimator, c.design,
           c.grid, tile_size=3)
    tu = emcf.TemporalUnwrapper(c.nslc, c.design, c.grid)
    raises(ValueError, "'wrapped'", tu.unwrap, c.wrapped[:-1])
    raises(ValueError, "'link_model.design'", emcf.TemporalUnwrapper, c.nslc + 1,
           c.design, c.grid)
    raises(ValueError, "'edges'", emcf.PlanarGraph, 4, np.array([[1, 0]]))
    raises(TypeError, "'edges': expected dtype int32 or int64", emcf.PlanarGraph, 4,
           np.array([[0.0, 1.0]]))
    g = emcf.grid_graph(3, 3)
    raises(ValueError, "'values'", emcf.integrate_link_parameters, g, np.zeros(2),
           np.ones(g.nedges))


# --- temporal unwrapper -------------------------------------------------------------------

def cycle_closure(graph, values):
    """Sum of +-values around every cycle of graph (NumPy, from the cycle lists)."""
    index = {tuple(e): k for k, e in enumerate(graph.edges)}
    off, ver = graph.cycle_offsets, graph.cycle_vertices
    out = []
    for c in range(graph.ncycles):
        cyc = ver[off[c]:off[c + 1]]
        total = 0
        for a, b in zip(cyc, np.roll(cyc, -1)):
            total = total + (values[index[(a, b)]] if a < b else -values[index[(b, a)]])
        out.append(total)
    return np.array(out)


@pytest.mark.parametrize("precision", ["float32", "float64"])
def test_temporal_unwrapper_recovers_aliased_links(link_case, precision):
    c = link_case
    tu = emcf.TemporalUnwrapper(c.nslc, c.design, c.grid, precision=precision)
    r = tu.unwrap(c.wrapped)
    assert r.unwrapped.shape == c.truth.shape and np.all(r.valid == 1)
    assert np.abs(r.unwrapped - c.truth).max() < 1e-4
    assert np.abs(cycle_closure(tu.temporal, r.unwrapped)).max() < 1e-4
    ok = r.link_status == emcf.LinkStatus.ok
    assert ok.mean() > 0.9
    assert np.abs(r.link_params[0, ok] - c.params[0, ok]).max() < 1.0
    assert np.abs(r.link_params[1, ok] - c.params[1, ok]).max() < 0.5
    # Without the model, height contrasts of tens of metres alias in time.
    plain = emcf.TemporalUnwrapper(c.nslc).unwrap(c.wrapped)
    wrong = (np.abs(plain.unwrapped - c.truth) > 1e-4).any(axis=0)
    assert wrong.mean() > 0.5 and "link_params" not in plain


def test_temporal_unwrapper_threads_are_bit_identical(link_case):
    c = link_case
    one = emcf.TemporalUnwrapper(c.nslc, c.design, c.grid).unwrap(c.wrapped)
    two = emcf.TemporalUnwrapper(c.nslc, c.design, c.grid, threads=2).unwrap(c.wrapped)
    for k in one:
        assert same(one[k], two[k]), k


# --- EMCF unwrapper and integration -------------------------------------------------------

def test_emcf_unwrapper_recovers_a_scene():
    # 150 scattered points, smooth velocity and small DEM errors; SLC phases are the
    # model's (noise-free), so every interferogram is recoverable up to the reference.
    rng = np.random.default_rng(3)
    c = LinkCase(nlinks=1)
    xy = rng.uniform(0, 1000, (150, 2))
    vel = 8 * np.sin(xy[:, 0] / 300) + 4 * np.cos(xy[:, 1] / 250)
    dem = rng.uniform(-5, 5, 150)
    a_epoch = np.stack([4 * np.pi / WAVELENGTH * c.times / 365.25e3,
                        4 * np.pi / WAVELENGTH * c.bperp
                        / (SLANT_RANGE * np.sin(LOOK_ANGLE))], 1)
    phase = a_epoch @ np.stack([vel, dem])  # nslc x npoints
    slc = np.exp(1j * phase).astype(np.complex64)
    u = emcf.EmcfUnwrapper(xy, c.nslc, c.design, c.grid)
    r = u.unwrap_slc(slc)
    truth = phase[c.pairs[:, 1]] - phase[c.pairs[:, 0]]
    ref = int(r.references[0])
    assert r.ncomponents == 1 and r.point_status[ref] == emcf.PointStatus.reference
    got = r.unwrapped - r.unwrapped[:, [ref]]
    np.testing.assert_allclose(got, truth - truth[:, [ref]], atol=1e-3)
    # Congruent with the input modulo 2 pi at every point.
    np.testing.assert_allclose(wrap(r.unwrapped - truth), 0, atol=1e-3)
    # Interferogram input gives the same answer.
    ifg = u.unwrap_interferograms(slc[c.pairs[:, 1]] * np.conj(slc[c.pairs[:, 0]]))
    np.testing.assert_allclose(ifg.unwrapped - ifg.unwrapped[:, [ref]], got, atol=1e-3)
    p = u.point_parameters(r)
    np.testing.assert_allclose(p.params[0] - p.params[0, ref], vel - vel[ref], atol=0.05)
    np.testing.assert_allclose(p.params[1] - p.params[1, ref], dem - dem[ref], atol=0.05)
    # Masked points: NaN and PointStatus.masked.
    mask = np.ones(150, bool)
    mask[7] = False
    m = u.unwrap_slc(slc, mask=mask)
    assert np.isnan(m.unwrapped[:, 7]).all()
    assert m.point_status[7] == emcf.PointStatus.masked


def test_integrate_link_parameters_recovers_point_values():
    rng = np.random.default_rng(7)
    xy = rng.uniform(0, 100, (200, 2))
    g = emcf.delaunay_graph(xy)
    values = rng.normal(0, 3, 200)
    e = g.edges
    diffs = values[e[:, 1]] - values[e[:, 0]]
    r = emcf.integrate_link_parameters(g, diffs, np.ones(g.nedges))
    ref = int(np.flatnonzero(r.point_status == emcf.PointStatus.reference)[0])
    np.testing.assert_allclose(r.point_values - r.point_values[ref], values - values[ref],
                               atol=1e-9)
    # From coordinates (Delaunay inside) and by spanning tree: the same answer.
    t = emcf.integrate_link_parameters(xy, diffs, np.ones(g.nedges),
                                       method="spanning_tree")
    np.testing.assert_allclose(t.point_values, r.point_values, atol=1e-9)


# --- pickling -----------------------------------------------------------------------------

def test_objects_survive_pickling(link_case):
    c = link_case
    g = emcf.delaunay_graph(np.random.default_rng(1).uniform(0, 1, (30, 2)))
    g2 = pickle.loads(pickle.dumps(g))
    assert same(g2.edges, g.edges) and same(g2.cycle_vertices, g.cycle_vertices)
    assert same(g2.points, g.points)
    est = emcf.LinkEstimator(c.design, c.grid, precision="float64")
    tu = emcf.TemporalUnwrapper(c.nslc, c.design, c.grid)
    phase = c.wrapped[:, :100]
    assert same(pickle.loads(pickle.dumps(est)).estimate(phase).params,
                est.estimate(phase).params)
    assert same(pickle.loads(pickle.dumps(tu)).unwrap(phase).unwrapped,
                tu.unwrap(phase).unwrapped)
    u = emcf.EmcfUnwrapper(g, c.nslc)
    assert pickle.loads(pickle.dumps(u)).nlinks == g.nedges
