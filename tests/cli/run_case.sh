#!/usr/bin/env bash
# Runs one CLI golden case and compares exit status, stdout and stderr.
#
#   run_case.sh CASE_DIR BIN_DIR SHARED_DATA_DIR REPO_DATA_DIR
#
# A case directory holds:
#   cmd            one shell command line; $SHARED, $DATA and $WORK (a fresh
#                  scratch directory, also the working directory) are set
#   rc             expected exit status (default 0)
#   stdout         expected standard output (default: not compared; a case that
#                  exits 0 must have one, empty when nothing is printed)
#   stderr         expected standard error (default: must be empty)
#   needs-shared   present when the case reads ../shared/data
#   needs-postgis  present when the case uses the test PostGIS server, named
#                  by $PG (a PG: connection string) and $PG_DIR (its socket
#                  directory); started by the CTest fixture pg/start
#   asan/          optional: a smaller variant of the case, itself a whole
#                  case, run instead when FP_SANITIZED=1 (CMake sets it in
#                  the sanitizer build, where real-data runs are ten times
#                  slower); it must test the same behaviour on less data
# Paths are written as $SHARED, $DATA and $WORK in expected files.
# FP_UPDATE_GOLDEN=1 rewrites stdout/stderr/rc from the actual run.
set -u
. "$(dirname "$0")/../golden.sh"
case_dir=$(cd "$1" && pwd) bin_dir=$(cd "$2" && pwd) data=$(cd "$4" && pwd)
shared=$3
[ -d "$shared" ] && shared=$(cd "$shared" && pwd)
name=$(basename "$case_dir")
if [ "${FP_SANITIZED:-0}" = 1 ] && [ -d "$case_dir/asan" ]; then
    case_dir=$case_dir/asan
    name="$name (smaller variant for the sanitizer build)"
fi

if [ -e "$case_dir/needs-shared" ] && [ ! -d "$shared" ]; then
    echo "SKIPPED $name: real data not found at $shared (CI always has it)"
    exit 77
fi

if [ -e "$case_dir/needs-postgis" ] && [ ! -S "${PG_DIR:-/nonexistent}/.s.PGSQL.5432" ]; then
    echo "SKIPPED $name: no test PostGIS server (install postgresql and postgis; see scripts/pg-cluster.sh)"
    exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PATH="$bin_dir:$PATH" SHARED="$shared" DATA="$data" WORK="$work"
shared_real=$(cd "$shared" 2>/dev/null && pwd -P || echo "$shared")
data_real=$(cd "$data" && pwd -P)

cd "$work"
bash -c "$(cat "$case_dir/cmd")" >"$work/.stdout" 2>"$work/.stderr" </dev/null
actual_rc=$?

# The versions that outputs record (provenance) differ between machines.
normalise() {
    sed -e "s|${PG_DIR:-@no-postgis@}|\$PG_DIR|g" -e "s|$work|\$WORK|g" -e "s|$shared_real|\$SHARED|g" -e "s|$shared|\$SHARED|g" \
        -e "s|$data_real|\$DATA|g" -e "s|$data|\$DATA|g" "$1" |
        sed -E -e 's/"(gdal|geos|proj)": "[^"]*"/"\1": "$VERSION"/g' \
            -e 's/"footprint": "[0-9]+\.[0-9]+\.[0-9]+[^"]*"/"footprint": "$VERSION"/g' \
            -e 's/\(footprint [^,]*, gdal [^,]*, geos [^,]*, proj [^)]*\)/(footprint $VERSION, gdal $VERSION, geos $VERSION, proj $VERSION)/g'
}
normalise "$work/.stdout" >"$work/.stdout.n"
normalise "$work/.stderr" >"$work/.stderr.n"

if [ "${FP_UPDATE_GOLDEN:-0}" = 1 ]; then
    echo "$actual_rc" >"$case_dir/rc"
    { [ -e "$case_dir/stdout" ] || [ -s "$work/.stdout.n" ] || [ "$actual_rc" = 0 ]; } &&
        cp "$work/.stdout.n" "$case_dir/stdout"
    if [ -s "$work/.stderr.n" ]; then cp "$work/.stderr.n" "$case_dir/stderr"; else rm -f "$case_dir/stderr"; fi
    echo "updated $name"
    exit 0
fi

status=0
check_golden "$case_dir" "$name" "$actual_rc" "$work/.stdout.n" "$work/.stderr.n" || status=1
[ $status = 0 ] && echo "ok $name"
exit $status
