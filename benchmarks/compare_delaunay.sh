#!/usr/bin/env bash
# Delaunay triangulation: emcf (bench_graph) against scipy.spatial.Delaunay (Qhull,
# what spurt's DelaunayGraph calls) on identical points, measured in the same run.
# Points: np.random.seed(1); np.random.rand(n, 2) for n = 1e4, 1e5, 1e6 (bench_graph
# regenerates them bit for bit with emcf_test::NumpyRandom), and the 1000 x 1000 pixel
# lattice. Prints a table of median seconds and the scipy / emcf ratio.
#
# Usage: benchmarks/compare_delaunay.sh [build-dir]   (default: build-bench)
# Needs: Debian's python3-scipy (/usr/bin/python3), a Release build of bench_graph
# (configured and built here if missing). Run on an otherwise idle machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-bench}
reps=${REPS:-3}
if [[ ! -x $build/benchmarks/bench_graph ]]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DEMCF_BUILD_TESTS=OFF \
    -DEMCF_BUILD_EXAMPLES=OFF >/dev/null
  nice -n 10 cmake --build "$build" --target bench_graph -j 2 >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$build/benchmarks/bench_graph" --benchmark_filter='BM_delaunay_(random|lattice/1000)' \
  --benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true \
  --benchmark_format=json >"$tmp/emcf.json" 2>/dev/null

/usr/bin/python3 - "$tmp/emcf.json" "$reps" <<'PY'
import json, statistics, sys, time
import numpy as np
from scipy.spatial import Delaunay

emcf = {}
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    if b.get("aggregate_name") == "median":
        name = b["run_name"].split("BM_delaunay_")[1]
        emcf[name] = b["real_time"] / 1e3  # ms -> s
reps = int(sys.argv[2])

def scipy_time(points):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        d = Delaunay(points)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), len(d.simplices)

cases = []
for n in (10**4, 10**5, 10**6):
    np.random.seed(1)
    cases.append((f"random/{n}", f"random {n:.0e} points", np.random.rand(n, 2)))
side = 1000
y, x = np.mgrid[0:side, 0:side]
cases.append(("lattice/1000", "lattice 1000 x 1000",
              np.column_stack([x.ravel(), y.ravel()]).astype(float)))

print(f"{'case':<24} {'emcf [s]':>10} {'scipy [s]':>10} {'scipy/emcf':>11}")
ratios = []
for key, label, pts in cases:
    s, ntri = scipy_time(pts)
    e = emcf[key]
    ratios.append(s / e)
    print(f"{label:<24} {e:>10.3f} {s:>10.3f} {s / e:>10.1f}x   ({ntri} triangles)")
print(f"min speedup vs scipy: {min(ratios):.1f}")
PY
