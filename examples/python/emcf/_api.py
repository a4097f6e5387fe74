"""Python-level objects over the _emcf extension.

They choose the precision, keep their constructor arguments so that they can be pickled
(rebuilt in a worker process; dask.distributed), and return results as `Result`
objects (dicts with attribute access) holding NumPy arrays.
"""

import collections
import enum
import pickle
import threading

import numpy as np

from . import _emcf

__all__ = [
    "ClosureStatus", "EmcfUnwrapper", "FlowStatus", "LinkEstimator", "LinkStatus",
    "PointStatus", "Result", "TemporalUnwrapper", "design_matrix", "estimate_links",
    "integrate_link_parameters", "links_per_task",
]


def _int_enum(name):
    # Values and names come from emcf's to_string(): one source of truth.
    return enum.IntEnum(name, [(n, v) for v, n in enumerate(_emcf.enum_names[name])])


LinkStatus = _int_enum("LinkStatus")
FlowStatus = _int_enum("FlowStatus")
PointStatus = _int_enum("PointStatus")
ClosureStatus = _int_enum("ClosureStatus")

#: Links per task of the temporal unwrapper and per GEMM group of the estimator: splits of
#: the link axis at multiples of it give bit-identical results (see docs/python.md).
links_per_task = _emcf.links_per_task


class Result(dict):
    """A dict of results whose keys are also attributes (``r.params``)."""

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    def __dir__(self):
        return list(self.keys()) + dir(dict)


def _suffix(precision):
    names = {"float32": "32", "float64": "64", np.float32: "32", np.float64: "64"}
    try:
        return names[precision]
    except (KeyError, TypeError):
        raise ValueError(
            f"emcf: invalid argument 'precision': expected 'float32' or 'float64', "
            f"got {precision!r}") from None


def _float64(x):
    """float64 view of auxiliary inputs (design, weights, scales): copied only if the
    dtype differs or the buffer is not aligned (arrays rebuilt from pickles, e.g. in a
    dask.distributed worker, can be). Phases are never converted (see docs/python.md)."""
    return None if x is None else np.require(x, dtype=np.float64, requirements="A")


# Objects rebuilt from pickles, per process: dask.distributed sends the same estimator
# with every task, and its tables need building only once per worker.
_CACHE_SIZE = 8
_cache = collections.OrderedDict()
_cache_lock = threading.Lock()


def _rebuild(cls, key, args):
    with _cache_lock:
        obj = _cache.get((cls, key))
        if obj is not None:
            _cache.move_to_end((cls, key))
            return obj
    obj = cls(*args[0], **args[1])
    with _cache_lock:
        _cache[(cls, key)] = obj
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return obj


class _Rebuildable:
    """Keeps the constructor arguments; pickles as "construct again from them". The
    objects are immutable after construction, so one instance per process can be shared
    by every task (their methods release the GIL and are thread-safe)."""

    def _keep(self, *args, **kwargs):
        self._args = (args, kwargs)
        self._key = pickle.dumps(self._args, protocol=pickle.HIGHEST_PROTOCOL)

    def __reduce__(self):
        return (_rebuild, (type(self), self._key, self._args))

    def __dask_tokenize__(self):
        return (type(self).__name__, self._key)


class LinkEstimator(_Rebuildable):
    """Per-link velocity / DEM-error (and extra columns) estimator.

    design: nifg x nparams design matrix [rad per unit] (e.g. design_matrix()).
    grid: one (lo, hi, step[, name]) range per design column.
    precision: "float32" (complex64 grid search, the default) or "float64".
    threads: worker threads inside estimate() (1 = calling thread, 0 = all cores).
    options: path ("automatic", "separable", "general"), gemm ("automatic", "eigen",
        "blas"), group_tolerance, separable_margin, tile_nodes, min_samples, refine,
        newton_iterations, scaled_column, memory_budget, chunk.
    """

    def __init__(self, design, grid, precision="float32", threads=1, **options):
        design = _float64(design)
        grid = [tuple(r) for r in grid]
        self._keep(design, grid, precision=precision, threads=threads, **options)
        self.precision = precision
        impl = getattr(_emcf, "LinkEstimator" + _suffix(precision))
        self._impl = impl(design, grid, dict(options, threads=threads))

    nobs = property(lambda self: self._impl.nobs)
    nparams = property(lambda self: self._impl.nparams)
    min_samples = property(lambda self: self._impl.min_samples)
    search_path = property(lambda self: self._impl.search_path)

    def estimate(self, phase, weights=None, column_scale=None):
        """phase: nifg x nlinks float32/float64 phases [rad] or complex64/complex128
        values, any strides (read in place). weights: None, nifg or nifg x nlinks.
        column_scale: None or nlinks scales of the DEM column (emcf::dem_scale).

        Returns Result(params: nparams x nlinks float64, coherence: nlinks float32,
        status: nlinks uint8 (LinkStatus), best_node: int64 (-1: none),
        node_coherence: float32).
        """
        p, c, s, b, n = self._impl.estimate(phase, _float64(weights),
                                            _float64(column_scale))
        return Result(params=p, coherence=c, status=s, best_node=b, node_coherence=n)


def estimate_links(phase, design, grid, precision="float32", weights=None,
                   column_scale=None, threads=1, **options):
    """One-call form of LinkEstimator(design, grid, ...).estimate(phase, ...)."""
    est = LinkEstimator(design, grid, precision=precision, threads=threads, **options)
    return est.estimate(phase, weights=weights, column_scale=column_scale)


def _temporal_graph(network):
    if isinstance(network, _emcf.PlanarGraph):
        return network
    if isinstance(network, (int, np.integer)):
        return _emcf.hop3_graph(int(network))
    raise TypeError("emcf: invalid argument 'temporal': expected the number of epochs "
                    f"(hop-3 network) or a PlanarGraph, got {type(network).__name__}")


def _settings(design, grid, threads, estimator, **other):
    s = {k: v for k, v in other.items() if v is not None}
    s["threads"] = threads
    if design is not None:
        s["design"] = _float64(design)
    if grid is not None:
        s["grid"] = [tuple(r) for r in grid]
    if estimator:
        s["estimator"] = dict(estimator)
    return s


class TemporalUnwrapper(_Rebuildable):
    """Temporal unwrapping of blocks of spatial links (the first EMCF stage alone).

    temporal: number of epochs (hop-3 network) or a PlanarGraph of epochs.
    design, grid: the link model (None: unwrap without it).
    precision: "float32" or "float64" (link-model search).
    threads: worker threads inside unwrap().
    temporal_costs: dict(model="constant"|"distance"|"centroid"|"caller", scale,
        costs, revcosts). estimator: dict of LinkEstimator options (path, gemm, ...).
    memory_budget: scratch bytes.
    """

    #: Links per task; splits of the link axis at its multiples are bit-identical.
    links_per_task = _emcf.links_per_task

    def __init__(self, temporal, design=None, grid=None, precision="float32",
                 threads=1, temporal_costs=None, estimator=None, memory_budget=None):
        self._keep(temporal, design, grid, precision, threads, temporal_costs,
                   estimator, memory_budget)
        self.precision = precision
        self.temporal = _temporal_graph(temporal)
        impl = getattr(_emcf, "TemporalUnwrapper" + _suffix(precision))
        self._impl = impl(self.temporal, _settings(
            design, grid, threads, estimator, temporal_costs=temporal_costs,
            memory_budget=memory_budget))

    nepochs = property(lambda self: self._impl.nepochs)
    ninterferograms = property(lambda self: self._impl.ninterferograms)
    nparams = property(lambda self: self._impl.nparams)
    has_link_model = property(lambda self: self._impl.has_link_model)

    def unwrap(self, wrapped, column_scale=None):
        """wrapped: nifg x nlinks wrapped double differences (float32/float64 [rad] or
        complex64/complex128), any strides. Returns Result(unwrapped: nifg x nlinks
        float64 (NaN for links not unwrapped), residues, corrections (int32),
        flow_status (uint8 FlowStatus), valid (uint8) and, with the link model,
        link_params (nparams x nlinks float64), link_coherence (float32), link_status
        (uint8 LinkStatus))."""
        return Result(self._impl.unwrap(wrapped, _float64(column_scale)))


class EmcfUnwrapper(_Rebuildable):
    """The two-stage EMCF unwrapper; graphs, duals and solver tables are built once.

    spatial: PlanarGraph of the points, or their N x 2 coordinates (Delaunay graph).
    temporal: number of epochs (hop-3 network) or a PlanarGraph of epochs.
    design, grid, precision, threads, estimator: as TemporalUnwrapper.
    settings: temporal_costs, spatial_costs (dicts), dem_scale (nlinks), memory_budget,
        links_per_batch, closure_tolerance, reference_points.
    """

    def __init__(self, spatial, temporal, design=None, grid=None, precision="float32",
                 threads=1, estimator=None, **settings):
        self._keep(spatial, temporal, design, grid, precision, threads, estimator,
                   **settings)
        self.precision = precision
        if not isinstance(spatial, _emcf.PlanarGraph):
            spatial = _emcf.delaunay_graph(_float64(spatial))
        self.spatial = spatial
        self.temporal = _temporal_graph(temporal)
        impl = getattr(_emcf, "EmcfUnwrapper" + _suffix(precision))
        self._impl = impl(spatial, self.temporal,
                          _settings(design, grid, threads, estimator, **settings))

    npoints = property(lambda self: self._impl.npoints)
    nlinks = property(lambda self: self._impl.nlinks)
    ninterferograms = property(lambda self: self._impl.ninterferograms)
    has_link_model = property(lambda self: self._impl.has_link_model)

    def unwrap_slc(self, slc, mask=None):
        """slc: nepochs x npoints complex values or phases, any strides; mask: None or
        npoints bool/uint8 (non-zero = use). Returns Result(unwrapped: nifg x npoints
        float64, temporal per-link outputs as TemporalUnwrapper.unwrap, ifg_* per
        interferogram, point_status, component, references, ...)."""
        return Result(self._impl.unwrap("slc", slc, mask))

    def unwrap_interferograms(self, interferograms, mask=None):
        """As unwrap_slc for an nifg x npoints interferogram stack (temporal-edge
        order)."""
        return Result(self._impl.unwrap("interferograms", interferograms, mask))

    def point_parameters(self, result, **options):
        """Per-point link-model parameters from an unwrap result (weighted least squares
        on the spatial graph). options: method ("least_squares", "spanning_tree"),
        reference ("point", "zero_median"), reference_points, irls_iterations, loss
        ("huber", "tukey"), huber_k, tukey_c, min_weight. Returns Result(params:
        nparams x npoints, coherence: npoints, and the integration diagnostics of the
        first parameter)."""
        params, coherence, info = self._impl.point_parameters(dict(result), options)
        return Result(info, params=params, coherence=coherence)


def design_matrix(times, bperp, wavelength, slant_range, look_angle, network=None,
                  extra=None):
    """nifg x (2 + ncols) float64 design matrix: [rad per mm/yr, rad per m, extra].

    times [days] and bperp [m] per epoch; network: None (hop-3), a PlanarGraph, or an
    nifg x 2 integer array of (i, j) pairs; extra: nepochs x ncols per-epoch columns.
    """
    return _emcf.design_matrix(_float64(times), _float64(bperp), wavelength,
                               slant_range, look_angle, network, _float64(extra))


def integrate_link_parameters(graph, values, weights, point_mask=None, **options):
    """Per-point values from link differences value(high) - value(low).

    graph: PlanarGraph, or N x 2 point coordinates (Delaunay graph). values, weights:
    nlinks. Options as EmcfUnwrapper.point_parameters. Returns Result(point_values:
    npoints float64 (NaN: isolated / masked), ncomponents, component, point_status,
    ...).
    """
    if not isinstance(graph, _emcf.PlanarGraph):
        graph = _emcf.delaunay_graph(_float64(graph))
    out, info = _emcf._integrate_link_parameters(graph, _float64(values),
                                                 _float64(weights), point_mask, options)
    return Result(info, point_values=out)
