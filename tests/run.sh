#!/usr/bin/env bash
# The README's test command: installs what it needs, then
#   1. C++17 Release build (tests, benchmarks, examples, the Python binding), all tests
#      (the pytest suites of the binding and its Dask module are CTest tests "python_*");
#   2. C++20 build, all tests;
#   3. clang++ front end (-fsyntax-only) over every test, benchmark and example source
#      (tests/clang_check.sh): the headers through a second compiler;
#   4. Doxygen over the public headers and docs/ with warnings as errors (undocumented
#      or misnamed parameters, broken markup);
#   5. AddressSanitizer + UndefinedBehaviorSanitizer build, all tests;
#   6. install, then the two consumer projects (find_package and FetchContent).
# Warnings are errors everywhere (-Wall -Wextra -Wpedantic -Werror).
# Env: BUILD_ROOT (default ./build-ci), JOBS (default nproc).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash cmake/install_deps.sh test
B=${BUILD_ROOT:-$root/build-ci}
J=${JOBS:-$(nproc)}
export CTEST_OUTPUT_ON_FAILURE=1
stage() { printf '\n=== %s (%ss) ===\n' "$1" "$SECONDS"; }

stage "C++17 Release: tests, benchmarks, examples"
cmake -S . -B "$B/cxx17" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_STANDARD=17 \
  -DCMAKE_CXX_EXTENSIONS=OFF -DCMAKE_INSTALL_PREFIX="$B/install" -DEMCF_BUILD_PYTHON=ON
cmake --build "$B/cxx17" -j "$J"
ctest --test-dir "$B/cxx17" -j "$J" --timeout 600

stage "C++20: tests"
cmake -S . -B "$B/cxx20" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_STANDARD=20 \
  -DCMAKE_CXX_EXTENSIONS=OFF -DEMCF_BUILD_BENCHMARKS=OFF -DEMCF_BUILD_EXAMPLES=OFF
cmake --build "$B/cxx20" -j "$J"
ctest --test-dir "$B/cxx20" -j "$J" --timeout 600

stage "clang++ front end: every test, benchmark and example source"
bash tests/clang_check.sh "$B/clang" "$J"

stage "API documentation: Doxygen over the headers and docs, warnings are errors"
mkdir -p "$B/api"
{ cat docs/Doxyfile; echo "WARN_AS_ERROR = FAIL_ON_WARNINGS"; echo "OUTPUT_DIRECTORY = $B/api"; } |
  doxygen - > "$B/api/doxygen.log"

stage "AddressSanitizer + UndefinedBehaviorSanitizer: tests"
cmake -S . -B "$B/asan" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
  -DCMAKE_CXX_STANDARD=17 -DCMAKE_CXX_EXTENSIONS=OFF -DEMCF_SANITIZE=ON \
  -DEMCF_BUILD_BENCHMARKS=OFF -DEMCF_BUILD_EXAMPLES=OFF
cmake --build "$B/asan" -j "$J"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$B/asan" -j "$J" --timeout 900

stage "install + consumer via find_package"
rm -rf "$B/install"
cmake --install "$B/cxx17"
cmake -S examples/consumer_find_package -B "$B/consumer_find_package" \
  -DCMAKE_PREFIX_PATH="$B/install"
cmake --build "$B/consumer_find_package"
"$B/consumer_find_package/consumer"

stage "consumer via FetchContent (git clone of this repository)"
rev=$(git -C "$root" rev-parse HEAD)
rm -rf "$B/consumer_fetchcontent"
cmake -S examples/consumer_fetchcontent -B "$B/consumer_fetchcontent" \
  -DEMCF_GIT_REPOSITORY="$root" -DEMCF_GIT_TAG="$rev" \
  -DFETCHCONTENT_TRY_FIND_PACKAGE_MODE=NEVER
cmake --build "$B/consumer_fetchcontent"
"$B/consumer_fetchcontent/consumer"

stage "all passed"
