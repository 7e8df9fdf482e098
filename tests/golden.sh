# What every golden CLI case checks, sourced by tests/cli/run_case.sh and
# tests/bad-input/run_case.sh: the exit status, stdout and stderr.
#
#   check_golden CASE_DIR NAME ACTUAL_RC STDOUT_FILE STDERR_FILE
# prints one FAIL line per difference (with a diff above it) and returns 1
# when there is any. A missing rc file means 0; a missing stderr file means
# nothing on stderr.
check_golden() {
    local case_dir=$1 name=$2 actual_rc=$3 stdout=$4 stderr=$5
    local failed=0 expected_rc expected_stderr=/dev/null
    expected_rc=$(cat "$case_dir/rc" 2>/dev/null || echo 0)
    if [ "$actual_rc" != "$expected_rc" ]; then
        echo "FAIL $name: exit status $actual_rc, expected $expected_rc"
        failed=1
    fi
    # A successful run's output is what it is for: a case that expects one
    # says what it is, even when it is nothing.
    if [ "$expected_rc" = 0 ] && [ ! -e "$case_dir/stdout" ]; then
        echo "FAIL $name: the case expects exit status 0 but has no stdout file (FP_UPDATE_GOLDEN=1 writes it; review it)"
        failed=1
    fi
    if [ -e "$case_dir/stdout" ] && ! diff -u "$case_dir/stdout" "$stdout"; then
        echo "FAIL $name: stdout differs (above)"
        failed=1
    fi
    [ -e "$case_dir/stderr" ] && expected_stderr="$case_dir/stderr"
    if ! diff -u "$expected_stderr" "$stderr"; then
        echo "FAIL $name: stderr differs (above)"
        failed=1
    fi
    return $failed
}
