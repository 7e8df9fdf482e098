#!/usr/bin/env bash
# Builds everything with AddressSanitizer and UndefinedBehaviorSanitizer in
# ./build-asan (-DFOOTPRINT_SANITIZE=ON) and runs the whole test suite
# there, including the fuzz targets over their checked-in corpus. Any
# sanitizer report fails a test: unit tests exit non-zero, and the CLI
# golden tests compare stderr exactly.
#
#   scripts/sanitize.sh                 # after scripts/setup.sh
#   BUILD_DIR=/tmp/asan scripts/sanitize.sh -R unit/   # extra args go to ctest
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build_dir=${BUILD_DIR:-build-asan}
jobs=${JOBS:-2}

# Leaks are checked; only third-party global state is suppressed. Undefined
# behaviour aborts (-fno-sanitize-recover) with a stack trace.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=1:strict_string_checks=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/scripts/sanitizers/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# -O1 keeps the suite's real-data tests fast enough; no -DNDEBUG.
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DFOOTPRINT_SANITIZE=ON >&2
cmake --build "$build_dir" -j "$jobs" >&2
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" "$@"
