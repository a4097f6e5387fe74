#!/usr/bin/env bash
# Per-link estimator against the numpy batched method of spurt PR 97 (the peer it
# replaces), on the grid-search cases of reference/anchors.md B.1, in one run:
#   1. builds bench_estimator (Release, -march=native) and runs it single-threaded,
#      best of 3 repetitions (the peer harness also reports its best clean repetition);
#   2. runs ../shared/bench/gridsearch/bench_python.py --method new (Debian's
#      /usr/bin/python3, OPENBLAS_NUM_THREADS=1) on the same cases;
#   3. prints a ratio table; the last line is "min speedup vs numpy: X.X" over the
#      default configuration (automatic path = separable on these regular-sampling
#      cases, float search, BLAS).
# Env: BUILD_DIR (default ./build-bench), OUT_DIR (default $BUILD_DIR/compare_estimator),
#      GRIDSEARCH_DIR (default ../shared/bench/gridsearch from the repository root),
#      CASES (default all nine "S1_41:30,...,X_201:200"), REPS (default 3).
# Check that the machine is idle first (top -bn1): the numbers are single-core rates.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
B=${BUILD_DIR:-$root/build-bench}
OUT=${OUT_DIR:-$B/compare_estimator}
GS=${GRIDSEARCH_DIR:-$root/../shared/bench/gridsearch}
CASES=${CASES:-S1_41:30,S1_41:100,S1_41:200,X_101:30,X_101:100,X_101:200,X_201:30,X_201:100,X_201:200}
REPS=${REPS:-3}
mkdir -p "$OUT"

cmake -S "$root" -B "$B" -DCMAKE_BUILD_TYPE=Release -DEMCF_BUILD_TESTS=OFF \
  -DEMCF_BUILD_EXAMPLES=OFF -DEMCF_BENCHMARK_NATIVE=ON >/dev/null
cmake --build "$B" --target bench_estimator -j "${JOBS:-2}" >/dev/null

export OPENBLAS_NUM_THREADS=1
# C++: every benchmark of the selected cases (both paths, both precisions, both GEMM
# backends, raw cgemm), single-threaded except the explicit threads:2 entries.
filter=""
for c in ${CASES//,/ }; do
  g=${c%%:*}; n=${c##*:}; nobs=$((3 * n - 6))
  filter="${filter:+$filter|}(^|/)$g/$nobs/"
done
"$B/benchmarks/bench_estimator" --benchmark_filter="$filter" \
  --benchmark_repetitions="$REPS" --benchmark_min_time=0.5 \
  --benchmark_out="$OUT/cpp.json" --benchmark_out_format=json >"$OUT/cpp.txt" 2>&1

# numpy peer (complex128 GEMM + np.abs + argmax + 3x3 quadratic, as in the PR)
(cd "$GS" && /usr/bin/python3 bench_python.py --method new --cases "$CASES" \
  --out "$OUT/numpy.csv") >"$OUT/numpy.txt" 2>&1

/usr/bin/python3 - "$OUT/cpp.json" "$OUT/numpy.csv" <<'PY'
import csv, json, sys
from collections import defaultdict

cpp = json.load(open(sys.argv[1]))
best = defaultdict(float)      # name -> best items/s (or GFLOP/s) over repetitions
for b in cpp["benchmarks"]:
    if b.get("run_type") != "iteration":
        continue
    name = b["run_name"].removesuffix("/real_time")
    rate = b.get("items_per_second", b.get("GFLOPs", 0.0))
    if name.startswith("estimator/"):
        best[name] = max(best[name], rate)
        best[name + "#gflops"] = max(best[name + "#gflops"], b.get("GFLOPs", 0.0))
    else:
        best[name] = max(best[name], b.get("GFLOPs", 0.0))

numpy = {}
for r in csv.DictReader(open(sys.argv[2])):
    numpy[(r["grid"], int(r["nobs"]))] = float(r["links_per_s"])

def g(name):
    return best.get(name, float("nan"))

blas = "blas" if any("/blas" in k for k in best) else "eigen"
print(f"{'case':<12} {'numpy':>9} {'sep f32':>10} {'sep f64':>10} {'gen f32':>9} "
      f"{'gen f64':>9} {'x numpy':>8} {'gen GF/s':>9} {'cgemm GF/s':>10} {'gen/cgemm':>9} "
      f"{'eigen/blas sep':>14} {'2 thr':>7}")
speedups = []
missing = []
for (grid, nobs), np_rate in sorted(numpy.items(), key=lambda t: (t[0][0], t[0][1])):
    base = f"estimator/{grid}/{nobs}/"
    sep32 = g(base + f"separable/float/{blas}")
    sep64 = g(base + f"separable/double/{blas}")
    gen32 = g(base + f"general/float/{blas}")
    gen64 = g(base + f"general/double/{blas}")
    gf = g(base + f"general/float/{blas}#gflops")
    cg = g(f"cgemm/{grid}/{nobs}/{blas}")
    eig = g(base + "separable/float/eigen")
    thr2 = g(base + f"separable/float/{blas}/threads:2")
    sp = sep32 / np_rate
    if sp == sp:  # the peer harness reports NaN when no repetition was clean
        speedups.append(sp)
    else:
        missing.append(f"{grid}/{nobs}")
    print(f"{grid + '/' + str(nobs):<12} {np_rate:>9.0f} {sep32:>10.0f} {sep64:>10.0f} "
          f"{gen32:>9.0f} {gen64:>9.0f} {sp:>8.1f} {gf:>9.1f} {cg:>10.1f} "
          f"{gf / cg:>9.2f} {eig / sep32:>14.2f} {thr2 / sep32:>7.2f}")
print("links/s, best of the repetitions; 'x numpy' = separable float / numpy new (c128);")
print("gen/cgemm = general path (float) GFLOP/s over raw cgemm GFLOP/s at M=ngrid, K=nobs;")
print("'2 thr' = two-thread separable rate over one thread (meaningful only if the other core is idle)")
if missing:
    print("no clean numpy repetition (machine busy) for: " + ", ".join(missing))
print(f"min speedup vs numpy: {min(speedups) if speedups else float('nan'):.1f}")
PY
