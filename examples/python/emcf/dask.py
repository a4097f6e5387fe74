"""Blockwise emcf for Dask: link estimation and temporal unwrapping of an
(nifg x nlinks) dask.array, interferogram axis in one chunk, links chunked.

Results are bit-identical to one in-memory call on the whole array, on any scheduler
(threaded, processes, dask.distributed), because

* links are independent and every chunk starts at a multiple of ``links_per_task``
  (256): the helpers rechunk the link axis so. A GEMM may round a link's grid search
  differently by its column within a 256-link group, so unaligned splits could change
  the last bits of the refined parameters;
* each task uses one thread (parallelism comes from Dask) and the objects it calls are
  rebuilt from their constructor arguments in worker processes (pickling).

Each helper returns a dict of dask arrays computed from ONE packed float64 block per
chunk: compute them together (``dask.compute(result)``) so that each chunk runs once.
"""

import math

import dask.array as da
import numpy as np

from . import _api

__all__ = ["aligned_chunks", "estimate_links", "unwrap_links"]


def aligned_chunks(nlinks, links_per_chunk):
    """Chunk sizes of the link axis: ``links_per_chunk`` rounded up to a multiple of
    links_per_task, the last chunk taking the rest."""
    step = _api.links_per_task
    size = max(step, math.ceil(links_per_chunk / step) * step)
    full, rest = divmod(nlinks, size)
    return (size,) * full + ((rest,) if rest else ())


def _align(x, links_per_chunk):
    """x with the interferogram axis whole and every link chunk starting at a multiple
    of links_per_task (kept as it is when it already does)."""
    x = da.asarray(x)
    if x.ndim != 2:
        raise ValueError(f"emcf: expected an (nifg x nlinks) array, got {x.ndim}-D")
    starts = np.cumsum((0,) + x.chunks[1][:-1])
    if (links_per_chunk is None and len(x.chunks[0]) == 1
            and not np.any(starts % _api.links_per_task)):
        return x
    if links_per_chunk is None:
        links_per_chunk = max(x.chunks[1])
    return x.rechunk({0: -1, 1: aligned_chunks(x.shape[1], links_per_chunk)})


def _links_like(v, x):
    """A per-link 1-D input chunked as the link axis of x (None stays None)."""
    return None if v is None else da.asarray(v).astype(np.float64).rechunk((x.chunks[1],))


def _blockwise(fn, x, extra, rows, obj, **kwargs):
    """map_blocks over the link chunks of x (and of the per-link arrays in `extra`,
    which map_blocks aligns with x's last axis), producing `rows` float64 rows."""
    present = [e for e in extra if e is not None]
    flags = tuple(e is not None for e in extra)
    return da.map_blocks(fn, x, *present, obj=obj, flags=flags, dtype=np.float64,
                         chunks=((rows,), x.chunks[1]),
                         meta=np.empty((0, 0), np.float64), **kwargs)


def _split(packed, layout):
    """Named row ranges of a packed block array, cast back to their dtypes (exact: every
    packed value is representable in float64)."""
    out, r = {}, 0  # a plain dict: dask.compute() traverses it (not its subclasses)
    for name, nrows, dtype in layout:
        part = packed[r:r + nrows]
        out[name] = (part if nrows > 1 or name in ("params", "link_params", "unwrapped")
                     else part[0]).astype(dtype)
        r += nrows
    return out


def _unpack_extra(rest, flags):
    it = iter(rest)
    return [next(it) if f else None for f in flags]


def _aligned(block):
    """A block as the kernels read it: in place, unless its buffer is not aligned to
    its element size (blocks unpickled in a worker process can be); then one copy."""
    return None if block is None else np.require(block, requirements="A")


def _estimate_block(phase, *rest, obj, flags, weights_vector):
    weights, scale = map(_aligned, _unpack_extra(rest, flags))
    if weights is None:
        weights = weights_vector
    r = obj.estimate(_aligned(phase), weights=weights, column_scale=scale)
    return np.vstack([r.params, r.coherence, r.status, r.best_node,
                      r.node_coherence]).astype(np.float64)


def estimate_links(phase, design, grid, precision="float32", weights=None,
                   column_scale=None, links_per_chunk=None, **options):
    """Per-link model estimates of an (nifg x nlinks) dask array.

    weights: None, nifg values (per interferogram, a NumPy array) or an (nifg x nlinks)
    array chunked like phase; column_scale: None or nlinks values. links_per_chunk:
    links per task (rounded up to a multiple of 256; default: phase's chunking if
    aligned, else its largest chunk). Other options as emcf.LinkEstimator (threads is
    1 per task; ``chunk`` defaults to 256 so the estimator's own tasks are aligned).

    Returns a dict of dask arrays: params (nparams x nlinks float64), coherence
    (float32), status (uint8 LinkStatus), best_node (int64), node_coherence (float32).
    """
    options.setdefault("chunk", _api.links_per_task)
    est = _api.LinkEstimator(design, grid, precision=precision, threads=1, **options)
    phase = _align(phase, links_per_chunk)
    per_link_w = weights is not None and np.ndim(weights) == 2
    w = _align(weights, None).rechunk(phase.chunks) if per_link_w else None
    w_vec = None if weights is None or per_link_w else np.asarray(weights, np.float64)
    packed = _blockwise(_estimate_block, phase, (w, _links_like(column_scale, phase)),
                        est.nparams + 4, est, weights_vector=w_vec)
    return _split(packed, [("params", est.nparams, np.float64),
                           ("coherence", 1, np.float32), ("status", 1, np.uint8),
                           ("best_node", 1, np.int64),
                           ("node_coherence", 1, np.float32)])


def _unwrap_block(wrapped, *rest, obj, flags):
    (scale,) = map(_aligned, _unpack_extra(rest, flags))
    r = obj.unwrap(_aligned(wrapped), column_scale=scale)
    rows = [r.unwrapped, r.residues, r.corrections, r.flow_status, r.valid]
    if obj.has_link_model:
        rows += [r.link_params, r.link_coherence, r.link_status]
    return np.vstack(rows).astype(np.float64)


def unwrap_links(wrapped, temporal, design=None, grid=None, precision="float32",
                 column_scale=None, links_per_chunk=None, **settings):
    """Temporal unwrapping of an (nifg x nlinks) dask array of wrapped double
    differences (emcf.TemporalUnwrapper per chunk, one thread each).

    temporal: number of epochs (hop-3) or a PlanarGraph; design, grid: the link model
    (optional); settings: temporal_costs, estimator, memory_budget.

    Returns a dict of dask arrays: unwrapped (nifg x nlinks float64), residues,
    corrections (int32), flow_status, valid (uint8) and, with the link model,
    link_params (nparams x nlinks), link_coherence (float32), link_status (uint8).
    """
    tu = _api.TemporalUnwrapper(temporal, design, grid, precision=precision,
                                threads=1, **settings)
    wrapped = _align(wrapped, links_per_chunk)
    nifg, npar = tu.ninterferograms, tu.nparams
    layout = [("unwrapped", nifg, np.float64), ("residues", 1, np.int32),
              ("corrections", 1, np.int32), ("flow_status", 1, np.uint8),
              ("valid", 1, np.uint8)]
    if tu.has_link_model:
        layout += [("link_params", npar, np.float64), ("link_coherence", 1, np.float32),
                   ("link_status", 1, np.uint8)]
    packed = _blockwise(_unwrap_block, wrapped, (_links_like(column_scale, wrapped),),
                        sum(n for _, n, _ in layout), tu)
    return _split(packed, layout)
