#!/usr/bin/env bash
# emcf's min-cost-flow solvers against LEMON 1.3.1 CapacityScaling (the anchors of
# ../shared/reference/anchors.md) on the peer harness's problems, measured in the same
# run by bench_mcf, and the ratio table of docs/performance.md.
#
#   benchmarks/compare_mcf.sh            # all cases of the table
#   benchmarks/compare_mcf.sh temporal   # only the temporal ones (seconds, not minutes)
#
# Generates the problems if missing (../shared/bench/mcf/gen_problems.py with Debian's
# /usr/bin/python3: numpy + scipy; ~680 MB, ~2 min), builds bench_mcf in Release, runs
# it and prints the table; the last line is "min speedup vs LEMON: X.X".
# Env: EMCF_MCF_DATA (problem folder, default ./build-mcfdata), BUILD_DIR (default
# ./build-bench), GEN_PROBLEMS (the generator), JOBS (build jobs, default 2).
# REPS (repetitions of each temporal case, default 7).
# Close other CPU-heavy work first; figures are medians of per-pass CPU times.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${EMCF_MCF_DATA:-$root/build-mcfdata}
build=${BUILD_DIR:-$root/build-bench}
gen=${GEN_PROBLEMS:-$root/../shared/bench/mcf/gen_problems.py}
which=${1:-all}
temporal="t_hop3_30 t_hop3_100 t_hop3_300"
spatial="s_1e5_lo s_1e5_hi s_1e6_vlo s_1e6_lo s_1e6_hi"
[ "$which" = temporal ] && spatial=""

need() { # set name...: generate the set if any of its cases is missing
    local set=$1 missing=0
    shift
    for c in "$@"; do [ -f "$data/$c.min" ] || missing=1; done
    if [ "$missing" = 1 ]; then
        [ -f "$gen" ] || { echo "problem generator not found: $gen" >&2; exit 1; }
        echo "generating $set problems into $data" >&2
        /usr/bin/python3 "$gen" --out "$data" --set "$set" >&2
    fi
}
need temporal $temporal
[ -n "$spatial" ] && need spatial $spatial

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DEMCF_BUILD_TESTS=OFF \
  -DEMCF_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" --target bench_mcf -j "${JOBS:-2}" >/dev/null

# Temporal cases: REPS repetitions (default 7), LEMON's and emcf's interleaved in a
# random order, so that the machine's drift (tens of percent over seconds on a shared
# VM) falls on both alike; each repetition times many passes and keeps their median,
# and the table takes the median over repetitions. Spatial cases: one repetition
# (seconds per solve).
json=$build/bench_mcf.json
run() { # filter output
  EMCF_MCF_DATA=$data "$build/benchmarks/bench_mcf" --benchmark_filter="$1" \
    --benchmark_out="$2" --benchmark_out_format=json "${@:3}" >&2
}
run "^temporal/(lemon_cap1|emcf|emcf_dense)/($(echo $temporal | tr ' ' '|'))/" \
  "$json.temporal" --benchmark_repetitions="${REPS:-7}" \
  --benchmark_enable_random_interleaving=true
jsons=$json.temporal
if [ -n "$spatial" ]; then
  run "^spatial/(lemon_cap1?|emcf)/($(echo $spatial | tr ' ' '|'))/" "$json.spatial"
  jsons="$jsons $json.spatial"
fi

CASES="$temporal $spatial" /usr/bin/python3 - $jsons <<'PY'
import json, os, statistics, sys
runs = [r for f in sys.argv[1:] for r in json.load(open(f))["benchmarks"]]
times = {}
for r in runs:
    if r.get("error_occurred"):
        sys.exit(f"benchmark failed: {r['name']}: {r.get('error_message')}")
    if r.get("run_type") == "aggregate":
        continue
    regime, solver, case = r["name"].split("/")[:3]
    kind = solver if solver.startswith("emcf") else "lemon"
    times.setdefault((case, kind), (regime, r.get("problems", 1), []))[2].append(
        r["median_ms"])
med = {key: (regime, statistics.median(ms), nprob)
       for key, (regime, nprob, ms) in times.items()}
cases = [c for c in os.environ["CASES"].split() if any(k[0] == c for k in med)]
# Temporal rows: emcf on the (node, supply) lists LEMON is given, flows as a list;
# "dense" = residue vectors in, a flow per edge out (information, not in the minimum).
print("| case | LEMON CapacityScaling | emcf | speedup | emcf dense | speedup |")
print("|---|---:|---:|---:|---:|---:|")
ratios = []
for c in cases:
    if (c, "lemon") not in med or (c, "emcf") not in med:
        continue
    regime, lem, nprob = med[(c, "lemon")]
    emc = med[(c, "emcf")][1]
    ratio = lem / emc
    ratios.append(ratio)
    if regime == "temporal":  # one pass solves every supply vector of the case
        den = med.get((c, "emcf_dense"), (None, float("nan")))[1]
        print(f"| {c} (problems/s) | {nprob / lem * 1e3:,.0f} | {nprob / emc * 1e3:,.0f} "
              f"| {ratio:.1f} | {nprob / den * 1e3:,.0f} | {lem / den:.1f} |")
    else:
        print(f"| {c} (s) | {lem / 1e3:.4f} | {emc / 1e3:.4f} | {ratio:.1f} | | |")
print(f"min speedup vs LEMON: {min(ratios):.1f}")
PY
