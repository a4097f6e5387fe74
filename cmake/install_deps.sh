#!/usr/bin/env bash
# Installs the Debian 12 packages emcf needs, with apt-get only (no other network).
#   cmake/install_deps.sh demo   # what the end-to-end demo needs
#   cmake/install_deps.sh test   # what the whole test suite needs (tests, benchmarks,
#                                # examples, consumers, LEMON oracle, Python binding,
#                                # clang++ for the second-compiler check, doxygen)
set -euo pipefail
what=${1:-test}
pkgs=(g++ cmake make git pkg-config libeigen3-dev)
if [ "$what" = test ]; then
  pkgs+=(xtensor-dev libxtensor-blas-dev libopenblas-dev doctest-dev libbenchmark-dev
         liblemon-dev clang doxygen
         python3 python3-dev python3-numpy pybind11-dev python3-pybind11 python3-pytest
         python3-dask python3-distributed)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
echo "installing: ${missing[*]}"
if ! $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"; then
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
