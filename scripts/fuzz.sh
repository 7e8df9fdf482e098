#!/usr/bin/env bash
# Builds the libFuzzer fuzz targets with clang in ./build-fuzz
# (-DFOOTPRINT_FUZZ=ON: -fsanitize=fuzzer,address,undefined), runs each
# once over its checked-in corpus in fuzz/corpus/ (the regression tests),
# then fuzzes each for SECONDS (default 60) starting from a copy of its
# corpus in a temporary directory, so the repository gains no inputs.
# The mutations follow a fixed seed (FUZZ_SEED, default 1), so a CI run
# explores the same inputs as the run that tested the commit, for as far as
# its time allows: a new GDAL bug found by chance cannot fail an unrelated
# commit. FUZZ_SEED=0 lets libFuzzer pick a seed, for exploring.
# Fails when any target crashes, leaks, trips a sanitizer, throws anything
# but the library's typed errors, or times out on one input. Crashing
# inputs are kept in build-fuzz/artifacts/TARGET/: fix the bug, then add the
# input to fuzz/corpus/TARGET/.
#
#   scripts/fuzz.sh [SECONDS]           # after scripts/setup.sh
#   TARGETS="flows membership" FUZZ_SEED=0 scripts/fuzz.sh 600
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-60}
build_dir=${BUILD_DIR:-build-fuzz}
jobs=${JOBS:-2}
targets=${TARGETS:-membership flows geojson wkt_csv info points}
seed=${FUZZ_SEED:-1}

# GDAL checks malloc for null, so a failed malloc is not a crash; operator
# new failing still is. Leaks are checked; only third-party global state is
# suppressed.
export ASAN_OPTIONS=${ASAN_OPTIONS:-allocator_may_return_null=1:detect_leaks=1:detect_stack_use_after_return=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/scripts/sanitizers/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

CC=${CC:-clang} CXX=${CXX:-clang++} cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DFOOTPRINT_FUZZ=ON -DFOOTPRINT_BUILD_TESTS=OFF >&2
cmake --build "$build_dir" -j "$jobs" --target $(printf 'fuzz_%s ' $targets) >&2

# Regression: every checked-in input must pass before fuzzing.
ctest --test-dir "$build_dir" --output-on-failure -R "^fuzz-corpus/($(echo $targets | tr ' ' '|'))\$"

dict_for() {
    case $1 in
    geojson) echo fuzz/dict/geojson.dict ;;
    wkt_csv | info | points) echo fuzz/dict/wkt_csv.dict ;;
    *) echo fuzz/dict/table.dict ;;
    esac
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=()
for t in $targets; do
    mkdir -p "$work/$t" "$build_dir/artifacts/$t"
    cp -r "fuzz/corpus/$t/." "$work/$t/"
    echo "fuzz.sh: fuzzing $t for ${seconds}s (seed $seed)" >&2
    if ! "$build_dir/fuzz/fuzz_$t" -seed="$seed" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 -max_len=8192 \
        -dict="$(dict_for "$t")" -artifact_prefix="$build_dir/artifacts/$t/" -print_final_stats=1 \
        "$work/$t" >"$work/$t.log" 2>&1; then
        tail -n 60 "$work/$t.log" >&2
        failed+=("$t")
    else
        grep -E '^(stat::number_of_executed_units|stat::new_units_added|#[0-9]+ +DONE)' "$work/$t.log" >&2 || true
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: FAILED: ${failed[*]}; inputs in $build_dir/artifacts/" >&2
    exit 1
fi
echo "fuzz.sh: ${targets// /, }: no crashes in ${seconds}s each" >&2
