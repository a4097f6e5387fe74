#!/usr/bin/env bash
# emcf's min-cost-flow solvers against LEMON 1.3.1 CapacityScaling (the anchors of
# ../shared/reference/anchors.md) on the peer harness's problems, measured in the same
# run by bench_mcf, and the ratio table of docs/performance.md.
#
#   benchmarks/compare_mcf.sh            # all cases of the table
#   benchmarks/compare_mcf.sh temporal   # only the temporal ones (seconds, not minutes)
#   benchmarks/compare_mcf.sh temporal-costs  # the anchors' distance-cost temporal
#                                        # cases instead (hop-3 and Delaunay in time)
#   benchmarks/compare_mcf.sh peer       # the temporal cases in the peer harness
#                                        # itself (../shared/bench/mcf/mcfbench.cpp,
#                                        # emcf plugged in as its README says)
#
# Generates the problems if missing (../shared/bench/mcf/gen_problems.py with Debian's
# /usr/bin/python3: numpy + scipy; ~680 MB, ~2 min), builds bench_mcf in Release, runs
# it and prints the table; the last line is "min speedup vs LEMON: X.X".
# Env: EMCF_MCF_DATA (problem folder, default ./build-mcfdata), BUILD_DIR (default
# ./build-bench), GEN_PROBLEMS (the generator), JOBS (build jobs, default 2).
# RUNS (separate bench_mcf processes for the temporal cases, default 5) and REPS
# (repetitions of each temporal case per process, default 3).
# Close other CPU-heavy work first; figures are medians of per-pass CPU times.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${EMCF_MCF_DATA:-$root/build-mcfdata}
build=${BUILD_DIR:-$root/build-bench}
gen=${GEN_PROBLEMS:-$root/../shared/bench/mcf/gen_problems.py}
which=${1:-all}
temporal="t_hop3_30 t_hop3_100 t_hop3_300"
spatial="s_1e5_lo s_1e5_hi s_1e6_vlo s_1e6_lo s_1e6_hi"
[ "$which" = temporal ] || [ "$which" = peer ] && spatial=""
if [ "$which" = temporal-costs ]; then
  temporal="t_hop3_100_dist t_del_100_dist"
  spatial=""
fi

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

if [ "$which" = peer ]; then
    # The peer's own harness, copied with emcf's solver (benchmarks/mcfbench_emcf.hpp)
    # included before its make_solver() and registered as `emcf`; built with the flags
    # of its build.sh (without GLPK; needs libboost-graph-dev). Its rules: per-solve
    # steady_clock timing of the non-zero problems, median of --reps passes, LEMON
    # first (the cost reference), every flow verified on the first pass. RUNS
    # processes; the speed-up is the median of their ratios [range].
    harness=$(dirname "$gen")/mcfbench.cpp
    [ -f "$harness" ] || { echo "peer harness not found: $harness" >&2; exit 1; }
    mkdir -p "$build/peer"
    awk '/^static std::unique_ptr<Solver> make_solver\(/ {
             print "#include \"mcfbench_emcf.hpp\""; print; hooked++; next }
         hooked == 1 && /^  auto f = split\(spec/ {
             print "  if (spec == \"emcf\") return std::unique_ptr<Solver>(new EmcfSolver());"
             hooked++ }
         { print } END { if (hooked != 2) exit 1 }' "$harness" >"$build/peer/mcfbench.cpp" ||
        { echo "the peer harness changed: cannot plug emcf in" >&2; exit 1; }
    g++ -O3 -march=native -std=c++17 -DNDEBUG -I"$root/include" -I"$root/benchmarks" \
        -o "$build/peer/mcfbench" "$build/peer/mcfbench.cpp" -llemon
    tsv=$build/peer/results.tsv
    rm -f "$tsv"
    for i in $(seq "${RUNS:-5}"); do
        for c in $temporal; do
            "$build/peer/mcfbench" --solvers cap:1,tp,emcf --reps "${REPS:-5}" --verify \
                --tsv "$tsv" --case "$c.$i" "$data/$c.min" "$data/$c.sup" >&2
        done
    done
    /usr/bin/python3 - "$tsv" <<'PY'
import statistics, sys
rows = {}  # (case, solver) -> [(median s, problems, agreement) per process]
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    case = f[0].rsplit(".", 1)[0]
    rows.setdefault((case, f[1]), []).append((float(f[6]), int(f[4]), f[9]))
bad = [f"{c}/{s}: {a}" for (c, s), v in rows.items() for *_, a in v
       if a.split(",")[0] != "agree" or "BAD" in a or "FAILED" in a]
if bad:
    sys.exit("peer harness: costs or flows wrong: " + "; ".join(bad))
print("| case (problems/s) | LEMON cap:1 | prototype tp | emcf | vs LEMON | vs tp |")
print("|---|---:|---:|---:|---:|---:|")
ratios = []
for case in dict.fromkeys(c for c, _ in rows):
    t = {s: [m for m, _, _ in rows[(case, s)]] for s in ("cap:1", "tp", "emcf")}
    nprob = rows[(case, "emcf")][0][1]
    cells = [f"{nprob / statistics.median(t[s]):,.0f}" for s in ("cap:1", "tp", "emcf")]
    for ref in ("cap:1", "tp"):
        r = [a / b for a, b in zip(t[ref], t["emcf"])]
        cells.append(f"{statistics.median(r):.1f} [{min(r):.1f}–{max(r):.1f}]")
        if ref == "cap:1":
            ratios.append(statistics.median(r))
    print(f"| {case} | " + " | ".join(cells) + " |")
print(f"min speedup vs LEMON: {min(ratios):.1f}")
PY
    exit 0
fi

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DEMCF_BUILD_TESTS=OFF \
  -DEMCF_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" --target bench_mcf -j "${JOBS:-2}" >/dev/null

# Temporal cases: RUNS processes of REPS repetitions, LEMON's and emcf's interleaved in
# a random order within each, so that the machine's drift (tens of percent over seconds
# on a shared VM) falls on both alike; each repetition times many passes and keeps
# their median. Separate processes because LEMON's speed also differs from one process
# to the next by up to ~1.7x on this kind of machine (its repetitions within one agree
# to a few percent): the speed-up is the median of the per-process ratios, shown with
# their range. Spatial cases: one repetition (seconds per solve).
json=$build/bench_mcf.json
run() { # filter output
  EMCF_MCF_DATA=$data "$build/benchmarks/bench_mcf" --benchmark_filter="$1" \
    --benchmark_out="$2" --benchmark_out_format=json "${@:3}" >&2
}
jsons=""
for i in $(seq "${RUNS:-5}"); do
  run "^temporal/(lemon_cap1|emcf|emcf_dense)/($(echo $temporal | tr ' ' '|'))/" \
    "$json.temporal.$i" --benchmark_repetitions="${REPS:-3}" \
    --benchmark_enable_random_interleaving=true
  jsons="$jsons $json.temporal.$i"
done
if [ -n "$spatial" ]; then
  run "^spatial/(lemon_cap1?|emcf)/($(echo $spatial | tr ' ' '|'))/" "$json.spatial"
  jsons="$jsons $json.spatial"
fi

CASES="$temporal $spatial" /usr/bin/python3 - $jsons <<'PY'
import json, os, statistics, sys
times = {}     # (case, kind) -> (regime, problems, [ms of every repetition])
per_run = {}   # (case, kind) -> [median ms of each process]
for f in sys.argv[1:]:
    in_run = {}
    for r in json.load(open(f))["benchmarks"]:
        if r.get("error_occurred"):
            sys.exit(f"benchmark failed: {r['name']}: {r.get('error_message')}")
        if r.get("run_type") == "aggregate":
            continue
        regime, solver, case = r["name"].split("/")[:3]
        kind = solver if solver.startswith("emcf") else "lemon"
        times.setdefault((case, kind), (regime, r.get("problems", 1), []))[2].append(
            r["median_ms"])
        in_run.setdefault((case, kind), []).append(r["median_ms"])
    for key, ms in in_run.items():
        per_run.setdefault(key, []).append(statistics.median(ms))
med = {key: (regime, statistics.median(ms), nprob)
       for key, (regime, nprob, ms) in times.items()}


def speedup(case, kind):
    """LEMON's time over emcf's: the median of the per-process ratios, their range."""
    ratios = [a / b for a, b in zip(per_run[(case, "lemon")], per_run[(case, kind)])]
    return statistics.median(ratios), min(ratios), max(ratios)



cases = [c for c in os.environ["CASES"].split() if any(k[0] == c for k in med)]
# Temporal rows: emcf on the (node, supply) lists LEMON is given, flows as a list;
# "dense" = residue vectors in, a flow per edge out (information, not in the minimum).
# Problems/s: medians over every repetition; speed-ups: medians of the per-process
# ratios [their range].
print("| case | LEMON CapacityScaling | emcf | speedup | emcf dense | speedup |")
print("|---|---:|---:|---:|---:|---:|")
ratios = []
for c in cases:
    if (c, "lemon") not in med or (c, "emcf") not in med:
        continue
    regime, lem, nprob = med[(c, "lemon")]
    emc = med[(c, "emcf")][1]
    if regime == "temporal":  # one pass solves every supply vector of the case
        ratio, lo, hi = speedup(c, "emcf")
        den = med.get((c, "emcf_dense"), (None, float("nan")))[1]
        dense = (f"{speedup(c, 'emcf_dense')[0]:.1f}"
                 if (c, "emcf_dense") in per_run else "")
        print(f"| {c} (problems/s) | {nprob / lem * 1e3:,.0f} | {nprob / emc * 1e3:,.0f} "
              f"| {ratio:.1f} [{lo:.1f}–{hi:.1f}] | {nprob / den * 1e3:,.0f} | {dense} |")
    else:
        ratio = lem / emc
        print(f"| {c} (s) | {lem / 1e3:.4f} | {emc / 1e3:.4f} | {ratio:.1f} | | |")
    ratios.append(ratio)
print(f"min speedup vs LEMON: {min(ratios):.1f}")
PY
