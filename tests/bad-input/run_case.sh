#!/usr/bin/env bash
# Runs one hostile-input case: the tool must end with the documented exit
# status and exactly the expected message, must not crash, and must write
# nothing when it fails.
#
#   run_case.sh CASE_DIR BIN_DIR REPO_DATA_DIR
#
# A case directory holds:
#   setup     optional shell script that makes the hostile inputs in the
#             scratch directory (generated at test time: printf, python3,
#             ogr2ogr, dd)
#   cmd       one shell command running one fp-* tool
#   rc        expected exit status (default 0)
#   stdout    expected standard output (default: not compared; a case that
#             exits 0 must have one, empty when nothing is printed)
#   stderr    expected standard error (default: must be empty)
#   changes   expected changes to the scratch directory made by cmd, one a
#             line: "created NAME", "changed NAME" or "removed NAME" (default:
#             none when cmd fails, not compared when it succeeds)
#   killed    present when cmd is expected to end by a signal (rc 128+N)
# $DATA (the shipped data directory), $WORK (the scratch directory, also the
# working directory) and $CASES (this directory, for shared helpers) are
# set; paths are written as $DATA and $WORK in expected files, and the random
# part of a temporary name beside an output (out.txt.tmp.AbC123) as XXXXXX.
#
# Before cmd runs, the scratch directory is listed with each file's size and
# checksum; when cmd exits non-zero, anything it created, changed or removed
# there fails the case unless listed in `changes`: nothing may be written
# when a run fails. Every stderr line must come from the tool ("fp-x: ...",
# or CLI11's "Run 'fp-x --help' for usage."): no raw GDAL "Warning 1:" or
# "ERROR 1:" lines, no "terminate called", no sanitizer reports.
#
# FP_UPDATE_GOLDEN=1 rewrites rc, stdout, stderr and changes from the actual
# run; review the diff. It refuses to record a signal exit unless `killed`.
set -u
. "$(dirname "$0")/../golden.sh"
case_dir=$(cd "$1" && pwd) bin_dir=$(cd "$2" && pwd) data=$(cd "$3" && pwd)
cases=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$case_dir")

work=$(mktemp -d)
meta=$(mktemp -d)
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work" "$meta"' EXIT
export PATH="$bin_dir:$PATH" DATA="$data" WORK="$work" CASES="$cases"
data_real=$(cd "$data" && pwd -P)
work_real=$(cd "$work" && pwd -P)

# One line per entry: type, size and checksum of files, sorted by name.
snapshot() {
    (cd "$work" && find . -mindepth 1 -printf '%P\t%y\n' | LC_ALL=C sort | while IFS=$'\t' read -r path type; do
        if [ "$type" = f ]; then
            printf '%s\tf\t%s\t%s\n' "$path" "$(stat -c %s -- "$path")" "$(sha256sum -- "$path" | cut -d' ' -f1)"
        else
            printf '%s\t%s\n' "$path" "$type"
        fi
    done)
}

# Temporary names beside an output end in .tmp. and six random characters.
normalise_temp() { sed -E 's/\.tmp\.[A-Za-z0-9]{6}/.tmp.XXXXXX/g'; }
# The versions that outputs record (provenance) differ between machines.
normalise_versions() {
    sed -E -e 's/"(gdal|geos|proj)": "[^"]*"/"\1": "$VERSION"/g' -e 's/"footprint": "[0-9]+\.[0-9]+\.[0-9]+[^"]*"/"footprint": "$VERSION"/g' \
        -e 's/\(footprint [^,]*, gdal [^,]*, geos [^,]*, proj [^)]*\)/(footprint $VERSION, gdal $VERSION, geos $VERSION, proj $VERSION)/g'
}

normalise() {
    sed -e "s|$work_real|\$WORK|g" -e "s|$work|\$WORK|g" \
        -e "s|$data_real|\$DATA|g" -e "s|$data|\$DATA|g" "$1" | normalise_temp | normalise_versions
}

cd "$work"
if [ -e "$case_dir/setup" ] && ! bash "$case_dir/setup" >"$meta/setup.log" 2>&1 </dev/null; then
    echo "FAIL $name: setup failed:"
    cat "$meta/setup.log"
    exit 1
fi
snapshot >"$meta/before"

start=$(date +%s%N)
# In a subshell whose own stderr is discarded: a shell reports a child
# killed by a signal ("Killed") there.
(bash -c "$(cat "$case_dir/cmd")" >"$meta/stdout" 2>"$meta/stderr" </dev/null; exit $?) 2>/dev/null
actual_rc=$?
elapsed="$(( ($(date +%s%N) - start) / 1000000 )) ms"

cd "$meta"
snapshot >"$meta/after"
# "created NAME", "changed NAME", "removed NAME", by name.
awk -F'\t' 'FILENAME == ARGV[1] { before[$1] = $0; next }
             !($1 in before) { print "created " $1; next }
             before[$1] != $0 { print "changed " $1 }
             { delete before[$1] }
             END { for (name in before) print "removed " name }' "$meta/before" "$meta/after" |
    normalise_temp | LC_ALL=C sort >"$meta/changes"
normalise "$meta/stdout" >"$meta/stdout.n"
normalise "$meta/stderr" >"$meta/stderr.n"

# Whatever the expected files say, these are never right.
problems=()
if [ "$actual_rc" -ge 128 ] && [ ! -e "$case_dir/killed" ]; then
    problems+=("killed by signal $((actual_rc - 128))")
fi
if grep -qE '^(Warning|ERROR) [0-9]+:|terminate called|Segmentation fault|Aborted|core dumped|Sanitizer|runtime error:' \
        "$meta/stderr.n"; then
    problems+=("a crash, sanitizer report or raw GDAL message on stderr")
fi
if grep -vqE "^fp-[a-z]+: |^Run 'fp-[a-z]+ --help' for usage\.\$" "$meta/stderr.n"; then
    problems+=("a stderr line that does not start with the tool's name")
fi
if [ "$actual_rc" = 1 ] || [ "$actual_rc" = 2 ]; then
    [ -s "$meta/stderr.n" ] || problems+=("exit status $actual_rc with nothing on stderr")
fi

if [ "${FP_UPDATE_GOLDEN:-0}" = 1 ]; then
    if [ ${#problems[@]} -gt 0 ]; then
        printf 'FAIL %s: not updated: %s\n' "$name" "${problems[@]}"
        cat "$meta/stderr.n"
        exit 1
    fi
    echo "$actual_rc" >"$case_dir/rc"
    { [ -e "$case_dir/stdout" ] || [ -s "$meta/stdout.n" ] || [ "$actual_rc" = 0 ]; } &&
        cp "$meta/stdout.n" "$case_dir/stdout"
    if [ -s "$meta/stderr.n" ]; then cp "$meta/stderr.n" "$case_dir/stderr"; else rm -f "$case_dir/stderr"; fi
    if [ -e "$case_dir/changes" ] || { [ -s "$meta/changes" ] && [ "$actual_rc" != 0 ]; }; then
        cp "$meta/changes" "$case_dir/changes"
    fi
    echo "updated $name ($elapsed)"
    exit 0
fi

status=0
for problem in "${problems[@]}"; do
    echo "FAIL $name: $problem"
    status=1
done
check_golden "$case_dir" "$name" "$actual_rc" "$meta/stdout.n" "$meta/stderr.n" || status=1
expected_changes=/dev/null
[ -e "$case_dir/changes" ] && expected_changes="$case_dir/changes"
if { [ "$actual_rc" != 0 ] || [ -e "$case_dir/changes" ]; } && ! diff -u "$expected_changes" "$meta/changes"; then
    echo "FAIL $name: the run changed the scratch directory (above); nothing may be written when a run fails"
    status=1
fi
[ $status = 0 ] && echo "ok $name ($elapsed)"
exit $status
