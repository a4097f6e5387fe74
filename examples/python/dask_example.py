"""emcf.dask example: link estimation and temporal unwrapping of an (nifg x nlinks)
dask.array with map_blocks (interferogram axis in one chunk, links chunked), on the
threaded scheduler and on a dask.distributed LocalCluster, each checked bit for bit
against one in-memory call.

  PYTHONPATH=<build>/examples/python/python OPENBLAS_NUM_THREADS=1 \\
    /usr/bin/python3 examples/python/dask_example.py
"""

import pathlib
import sys

# The built package (PYTHONPATH), not the source folder beside this script.
_here = pathlib.Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if pathlib.Path(p or ".").resolve() != _here]

import dask  # noqa: E402
import dask.array as da  # noqa: E402
import numpy as np  # noqa: E402

import emcf  # noqa: E402
import emcf.dask as edask  # noqa: E402


def simulated_links(nslc=30, nlinks=5000, seed=0):
    """X-band hop-3 links whose height / velocity contrasts alias in time."""
    rng = np.random.default_rng(seed)
    times = 11.0 * np.arange(nslc)
    bperp = np.r_[0.0, rng.uniform(-250, 250, nslc - 1)]
    design = emcf.design_matrix(times, bperp, 0.031, 650e3, np.deg2rad(35.0))
    x = np.stack([rng.uniform(-18, 18, nlinks), rng.uniform(-45, 45, nlinks)])
    truth = design @ x + rng.normal(0, 0.1, (design.shape[0], nlinks))
    wrapped = (np.pi - np.mod(np.pi - truth, 2 * np.pi)).astype(np.float32)
    return design, wrapped


def same(a, b):
    return all(np.array_equal(a[k], b[k], equal_nan=a[k].dtype.kind == "f") for k in b)


def main():
    nslc = 30
    design, wrapped = simulated_links(nslc)
    grid = [(-20, 20, 2, "velocity"), (-50, 50, 0.5, "dem_error")]
    whole_est = emcf.LinkEstimator(design, grid).estimate(wrapped)
    whole_unw = emcf.TemporalUnwrapper(nslc, design, grid).unwrap(wrapped)

    x = da.from_array(wrapped, chunks=(wrapped.shape[0], 1000))  # realigned to 1024
    lazy = {"estimate": edask.estimate_links(x, design, grid),
            "unwrap": edask.unwrap_links(x, nslc, design, grid)}

    (threaded,) = dask.compute(lazy, scheduler="threads")
    ok = [same(threaded["estimate"], whole_est), same(threaded["unwrap"], whole_unw)]
    print("threaded scheduler: estimate identical:", ok[0], "| unwrap identical:", ok[1])

    from dask.distributed import Client, LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster):
        (dist,) = dask.compute(lazy)
    ok += [same(dist["estimate"], whole_est), same(dist["unwrap"], whole_unw)]
    print("LocalCluster (2 worker processes): estimate identical:", ok[2],
          "| unwrap identical:", ok[3])
    mean_coherence = float(np.nanmean(dist["unwrap"]["link_coherence"]))
    print(f"{wrapped.shape[1]} links, mean link coherence {mean_coherence:.3f}")
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
