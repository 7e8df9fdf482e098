# Shared by scripts/fuzz.sh and scripts/fuzz-explore.sh (sourced, not run):
# builds the libFuzzer targets with clang in $build_dir
# (-DFOOTPRINT_FUZZ=ON: -fsanitize=fuzzer,address,undefined), replays each
# target's checked-in corpus in fuzz/corpus/ (the regression tests), and
# fuzzes each target from a copy of its corpus in a temporary directory, so
# the repository gains no inputs. A target fails when it crashes, leaks,
# trips a sanitizer, throws anything but the library's typed errors, or
# times out on one input; the input is kept in $build_dir/artifacts/TARGET/:
# fix the bug, then add it to fuzz/corpus/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build_dir=${BUILD_DIR:-build-fuzz}
jobs=${JOBS:-2}
targets=${TARGETS:-membership flows geojson wkt_csv info points}

# GDAL checks malloc for null, so a failed malloc is not a crash; operator
# new failing still is. Leaks are checked; only third-party global state is
# suppressed.
export ASAN_OPTIONS=${ASAN_OPTIONS:-allocator_may_return_null=1:detect_leaks=1:detect_stack_use_after_return=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/scripts/sanitizers/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

build_and_replay() {
    CC=${CC:-clang} CXX=${CXX:-clang++} cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DFOOTPRINT_FUZZ=ON -DFOOTPRINT_BUILD_TESTS=OFF >&2
    cmake --build "$build_dir" -j "$jobs" --target $(printf 'fuzz_%s ' $targets) >&2
    # Regression: every checked-in input must pass before fuzzing.
    ctest --test-dir "$build_dir" --output-on-failure -R "^fuzz-corpus/($(echo $targets | tr ' ' '|'))\$"
}

dict_for() {
    case $1 in
    geojson) echo fuzz/dict/geojson.dict ;;
    wkt_csv | info | points) echo fuzz/dict/wkt_csv.dict ;;
    *) echo fuzz/dict/table.dict ;;
    esac
}

# fuzz_targets WHAT LIBFUZZER-OPTION...: fuzzes every target with these
# options (the budget and the seed); WHAT says it in the messages.
fuzz_targets() {
    local what=$1
    shift
    local work failed=()
    work=$(mktemp -d)
    # shellcheck disable=SC2064 # expand now: $work is local
    trap "rm -rf '$work'" EXIT
    for t in $targets; do
        mkdir -p "$work/$t" "$build_dir/artifacts/$t"
        cp -r "fuzz/corpus/$t/." "$work/$t/"
        echo "fuzz: fuzzing $t for $what" >&2
        if ! "$build_dir/fuzz/fuzz_$t" "$@" -timeout=20 -rss_limit_mb=2560 -max_len=8192 \
            -dict="$(dict_for "$t")" -artifact_prefix="$build_dir/artifacts/$t/" -print_final_stats=1 \
            "$work/$t" >"$work/$t.log" 2>&1; then
            tail -n 60 "$work/$t.log" >&2
            failed+=("$t")
        else
            grep -E '^(stat::number_of_executed_units|stat::new_units_added|#[0-9]+ +DONE)' "$work/$t.log" >&2 || true
        fi
    done
    if [ ${#failed[@]} -gt 0 ]; then
        echo "fuzz: FAILED: ${failed[*]}; inputs in $build_dir/artifacts/" >&2
        exit 1
    fi
    echo "fuzz: ${targets// /, }: no failures in $what each" >&2
}
