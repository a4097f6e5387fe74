"""Binding overhead and Dask scaling (issue 6), in one run on this machine:

1. links/s of emcf.LinkEstimator.estimate and emcf.TemporalUnwrapper.unwrap through the
   binding against the same C++ calls timed without Python (emcf_bench_binding_peer,
   built next to the extension, on the same inputs passed through files), one thread;
2. emcf.dask.unwrap_links on the threaded scheduler with 1 and 2 workers.

Usage (from a build configured with -DEMCF_BUILD_PYTHON=ON):
  PYTHONPATH=<build>/examples/python/python OPENBLAS_NUM_THREADS=1 \\
    /usr/bin/python3 examples/python/bench_binding.py [--links N] [--repeats N]
Not a test: it asserts nothing. Run it on an idle machine.
"""

import argparse
import pathlib
import subprocess
import sys
import tempfile
import time

# The built package (PYTHONPATH), not the source folder beside this script that lacks
# the extension.
_here = pathlib.Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if pathlib.Path(p or ".").resolve() != _here]

import dask  # noqa: E402
import dask.array as da  # noqa: E402
import numpy as np  # noqa: E402

import emcf  # noqa: E402
import emcf.dask as edask  # noqa: E402


def best(repeats, fn):
    t = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        t.append(time.perf_counter() - t0)
    return min(t)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--links", type=int, default=20000)
    ap.add_argument("--slcs", type=int, default=30)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--dask-links", type=int, default=80000)
    args = ap.parse_args()

    # Sentinel-1-like hop-3 case: 12-day revisit, B-perp within +-150 m, 41 x 41 grid.
    rng = np.random.default_rng(1)
    n, nl = args.slcs, args.links
    times = 12.0 * np.arange(n)
    bperp = np.concatenate([[0.0], rng.uniform(-150, 150, n - 1)])
    design = emcf.design_matrix(times, bperp, 0.0555, 850e3, np.deg2rad(39.0))
    grid = [(-20.0, 20.0, 1.0, "velocity"), (-20.0, 20.0, 1.0, "dem_error")]
    x = np.stack([rng.uniform(-18, 18, nl), rng.uniform(-18, 18, nl)])
    phase = design @ x + rng.normal(0, 0.3, (design.shape[0], nl))
    phase = (np.pi - np.mod(np.pi - phase, 2 * np.pi)).astype(np.float32)

    est = emcf.LinkEstimator(design, grid)
    tu = emcf.TemporalUnwrapper(n, design, grid)
    py_est = best(args.repeats, lambda: est.estimate(phase))
    py_unw = best(args.repeats, lambda: tu.unwrap(phase))

    peer = pathlib.Path(emcf.__file__).resolve().parents[2] / "emcf_bench_binding_peer"
    with tempfile.TemporaryDirectory() as d:
        np.ascontiguousarray(design, np.float64).tofile(f"{d}/design.f64")
        np.array([g[:3] for g in grid], np.float64).tofile(f"{d}/grid.f64")
        np.ascontiguousarray(phase).tofile(f"{d}/phase.f32")
        out = subprocess.run([str(peer), d, str(n), str(nl), str(args.repeats)],
                             check=True, capture_output=True, text=True).stdout
    cpp = {k: float(v) for k, v in (line.split() for line in out.splitlines())}

    print(f"binding overhead: {nl} links, {design.shape[0]} interferograms, 41 x 41 grid, "
          f"1 thread, best of {args.repeats}")
    print(f"{'call':<28} {'C++ links/s':>12} {'Python links/s':>15} {'overhead':>9}")
    for name, t_py, t_cpp in (("LinkEstimator.estimate", py_est, cpp["estimate"]),
                              ("TemporalUnwrapper.unwrap", py_unw, cpp["unwrap"])):
        print(f"{name:<28} {nl / t_cpp:>12,.0f} {nl / t_py:>15,.0f} "
              f"{100 * (t_py / t_cpp - 1):>8.1f}%")

    # Dask threaded scaling over links (one emcf thread per task).
    nd = args.dask_links
    big = np.tile(phase, (1, -(-nd // nl)))[:, :nd]
    lazy = edask.unwrap_links(da.from_array(big, chunks=(big.shape[0], 4096)), n,
                              design, grid)
    rates = {}
    for workers in (1, 2):
        t = best(2, lambda: dask.compute(lazy, scheduler="threads", num_workers=workers))
        rates[workers] = nd / t
    print(f"\ndask threaded, emcf.dask.unwrap_links, {nd} links in chunks of 4096:")
    for w, r in rates.items():
        print(f"  {w} worker(s): {r:,.0f} links/s")
    print(f"  scaling 1 -> 2 workers: {rates[2] / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
