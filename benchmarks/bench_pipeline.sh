#!/usr/bin/env bash
# End-to-end EMCF benchmark (issue 5): 10^4 and 10^5 points x 30 and 100 SLCs with the
# link model (and 10^5 x 100 without it, to see what the model costs), one case per
# process so that each peak RSS is its own. Prints a table of seconds per stage and
# memory. Env: BUILD_DIR (default ./build-bench), EMCF_BENCH_THREADS (default 2).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
B=${BUILD_DIR:-$root/build-bench}
cmake -S "$root" -B "$B" -DCMAKE_BUILD_TYPE=Release -DEMCF_BUILD_TESTS=OFF \
  -DEMCF_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$B" --target bench_pipeline -j "${JOBS:-2}" >/dev/null
printf '%-22s %7s %7s %8s %8s %8s %8s %8s %9s %9s\n' case setup prepare temporal \
  spatial points total in_MB peak_MB
for c in 10000/30/1 10000/100/1 100000/30/1 100000/100/1 100000/100/0; do
  IFS=/ read -r np ns m <<<"$c"
  "$B/benchmarks/bench_pipeline" \
    --benchmark_filter="BM_emcf_urban/points:$np/slcs:$ns/model:$m/" \
    --benchmark_format=json 2>/dev/null |
    /usr/bin/python3 -c '
import json, sys
b = json.load(sys.stdin)["benchmarks"][0]
s = [b[k] for k in ("setup_s", "prepare_s", "temporal_s", "spatial_s", "points_s")]
name = "%d x %d %s" % (int(sys.argv[1]), int(sys.argv[2]), "model" if sys.argv[3] == "1" else "plain")
print("%-22s %7.2f %7.2f %8.2f %8.2f %8.2f %8.2f %8.0f %9.0f" % (name, *s, sum(s), b["input_MB"], b["peak_MB"]))
' "$np" "$ns" "$m"
done
