#!/usr/bin/env bash
# The README's main job: installs what it needs, builds the end-to-end demo (Release) and
# runs it on built-in synthetic data. Env: BUILD_DIR (default ./build-demo), JOBS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash cmake/install_deps.sh demo
B=${BUILD_DIR:-$root/build-demo}
cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release -DEMCF_BUILD_TESTS=OFF \
  -DEMCF_BUILD_BENCHMARKS=OFF -DEMCF_WITH_XTENSOR=OFF -DEMCF_INSTALL=OFF
cmake --build "$B" --target emcf_demo -j "${JOBS:-$(nproc)}"
"$B/examples/emcf_demo" "$@"
