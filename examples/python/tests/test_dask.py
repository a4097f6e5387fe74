"""emcf.dask: blockwise results on the threaded scheduler and on a dask.distributed
LocalCluster (worker processes) are bit-identical to one in-memory call."""

import dask
import dask.array as da
import numpy as np
import pytest
from conftest import same

import emcf
import emcf.dask as edask


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as c:
            yield c


def check_equal(lazy, whole, scheduler):
    (got,) = dask.compute(lazy, scheduler=scheduler)
    assert set(got) == set(whole)
    # computed here, on that scheduler (not lazily by the comparison below)
    assert all(isinstance(v, np.ndarray) for v in got.values())
    for k in whole:
        assert same(got[k], whole[k]), k


def test_aligned_chunks():
    assert edask.aligned_chunks(1000, 300) == (512, 488)
    assert edask.aligned_chunks(1000, 100) == (256, 256, 256, 232)
    assert edask.aligned_chunks(512, 512) == (512,)
    # Unaligned input chunks are realigned; aligned ones are kept.
    x = da.zeros((84, 1000), chunks=(40, 300))
    assert edask._align(x, None).chunks == ((84,), (512, 488))
    y = da.zeros((84, 1000), chunks=(84, 256))
    assert edask._align(y, None).chunks == y.chunks


@pytest.mark.parametrize("scheduler", ["threads", "distributed"])
def test_estimate_links_equals_one_call(link_case, scheduler, request):
    c = link_case
    if scheduler == "distributed":
        scheduler = request.getfixturevalue("client")
    whole = emcf.LinkEstimator(c.design, c.grid).estimate(c.wrapped)
    # Deliberately unaligned input chunks: the helper realigns them to 256 links.
    phase = da.from_array(c.wrapped, chunks=(c.wrapped.shape[0], 300))
    check_equal(edask.estimate_links(phase, c.design, c.grid), whole, scheduler)
    # Per-link weights and column scales travel with their chunks.
    w = np.random.default_rng(2).uniform(0.5, 1, c.wrapped.shape)
    s = np.random.default_rng(3).uniform(0.8, 1.2, c.nlinks)
    whole_w = emcf.LinkEstimator(c.design, c.grid).estimate(c.wrapped, w, s)
    lazy = edask.estimate_links(phase, c.design, c.grid, weights=da.from_array(w),
                                column_scale=s, links_per_chunk=256)
    check_equal(lazy, whole_w, scheduler)


@pytest.mark.parametrize("scheduler", ["threads", "distributed"])
def test_unwrap_links_equals_one_call(link_case, scheduler, request):
    c = link_case
    if scheduler == "distributed":
        scheduler = request.getfixturevalue("client")
    whole = emcf.TemporalUnwrapper(c.nslc, c.design, c.grid).unwrap(c.wrapped)
    wrapped = da.from_array(c.wrapped, chunks=(c.wrapped.shape[0], 200))
    check_equal(edask.unwrap_links(wrapped, c.nslc, c.design, c.grid), whole,
                scheduler)
    # Without the link model too, and links_per_chunk rounded up to 256.
    plain = emcf.TemporalUnwrapper(c.nslc).unwrap(c.wrapped)
    check_equal(edask.unwrap_links(wrapped, c.nslc, links_per_chunk=100), plain,
                scheduler)
