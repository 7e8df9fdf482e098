#!/usr/bin/env bash
# Installs footprint's build dependencies from Debian 12 packages and builds
# it in ./build. Safe to run again: apt skips what is installed and the
# build is incremental.
#
#   scripts/setup.sh            # as root, or with sudo available
#   BUILD_DIR=out scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}

# librsvg2-bin renders fp-map --png; chromium (with the DejaVu fonts the
# maps name) loads the HTML report in a test.
# postgresql and its PostGIS extension run the throwaway server of the PostGIS tests
# (scripts/pg-cluster.sh); nothing else needs them.
# clang and libclang-rt-14-dev (its sanitizer and libFuzzer runtimes, only
# recommended by clang) are for scripts/fuzz.sh; scripts/sanitize.sh uses
# GCC's sanitizer runtimes, which build-essential brings. clang-format
# (14, as Debian 12 ships it) checks the sources' layout in a test.
# libre2-dev matches fp-check's user patterns in linear time (std::regex
# recursed per character and backtracked exponentially); libtomlplusplus-dev
# (header-only) parses TOML configs strictly, with the line of each error.
packages=(build-essential cmake ninja-build pkg-config
          libgdal-dev gdal-bin libgeos-dev libproj-dev
          libcli11-dev doctest-dev man-db libre2-dev libtomlplusplus-dev
          clang libclang-rt-14-dev clang-format
          postgresql postgresql-15-postgis-3
          librsvg2-bin chromium fonts-dejavu-core
          python3-lxml) # tests parse every SVG, HTML and XML output with a real parser

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "setup: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
cmake --build "$build_dir" >&2
