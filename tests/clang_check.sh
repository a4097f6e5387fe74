#!/usr/bin/env bash
# The clang++ front end over every test, benchmark and example source: syntax and
# warnings only (-fsyntax-only still instantiates every template a file uses, so the
# public headers are checked by a second compiler as this project uses them; the builds
# of tests/run.sh use g++). Tests: one translation unit per module, as the unity build,
# in C++17 and C++20; benchmarks, examples and the Python binding's sources: C++17.
#   tests/clang_check.sh [WORK_DIR [JOBS]]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$root/build-ci/clang}
jobs=${2:-$(nproc)}
mkdir -p "$work"
units=()
for dir in "$root"/tests/*/; do
  module=$(basename "$dir")
  unit="$work/tests_$module.cpp"
  : > "$unit"
  for source in "$dir"*.cpp; do
    printf '#include "%s"\n' "$source" >> "$unit"
  done
  units+=("$unit")
done
# pybind11 and Python headers for the binding's sources, as system headers
python=$(/usr/bin/python3 -m pybind11 --includes | sed 's/-I/-isystem /g')
flags=(-fsyntax-only -Wall -Wextra -Wpedantic -Werror -DEMCF_ENABLE_DEBUG_ASSERTS
       -DDOCTEST_CONFIG_VOID_CAST_EXPRESSIONS -I"$root/include" -I"$root/tests"
       -I"$root/tests/support" -I"$root/benchmarks" -I"$root/examples"
       -I"$root/examples/python/src" -isystem /usr/include/eigen3)
# shellcheck disable=SC2206 # $python holds several flags
flags+=($python)
check() { # standard, files...
  local std=$1
  shift
  printf '%s\n' "$@" | xargs -P "$jobs" -I{} clang++ -std="$std" "${flags[@]}" {}
}
check c++17 "${units[@]}" "$root"/tests/*.cpp "$root"/benchmarks/*.cpp \
  "$root"/examples/*.cpp "$root"/examples/python/src/*.cpp
check c++20 "${units[@]}" "$root"/tests/*.cpp
echo "clang++ $(clang++ -dumpversion): every source passed"
