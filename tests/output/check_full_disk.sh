#!/usr/bin/env bash
# A full disk: every writer must fail with exit status 1 and the system's
# reason ("No space left on device"), and leave nothing behind, whatever
# the format. GDAL reports some failed writes late or not at all, so this
# runs each writer against a small tmpfs mounted in a private mount
# namespace (unshare -m), which needs root or CAP_SYS_ADMIN; without it the
# test is skipped, saying why.
#
#   check_full_disk.sh BIN_DIR
set -u
bin_dir=$(cd "$1" && pwd)
data=$(cd "$(dirname "$0")/../../data" && pwd)
export PATH="$bin_dir:$PATH"

if ! unshare -m true 2>/dev/null; then
    echo "SKIPPED full-disk test: cannot make a mount namespace here (unshare -m needs root or CAP_SYS_ADMIN)"
    exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
printf 'AREACD,FP16CD\nM1,F1\nM2,F2\n' >origins.csv
printf 'TRUSTCD,FP16CD\nT1,F1\nT2,F2\n' >providers.csv
printf 'origin,destination,count\nM1,T1,5\nM2,T1,3\nM2,T2,4\n' >flows.csv
# The 23 CCGs of West Yorkshire and Greater Manchester, none split between
# footprints: enough for every output to overflow the disk, and quick under
# AddressSanitizer too.
chosen="ccg16cd IN (SELECT ccg16cd FROM ccg16_stp16 WHERE stp16cd IN ('E54000005', 'E54000007'))"
ogr2ogr -f GPKG -nln ccg16 ccgs.gpkg "$data/england-2016.gpkg" -dialect SQLite -sql "SELECT * FROM ccg16 WHERE $chosen"
ogr2ogr -f CSV table.csv "$data/england-2016.gpkg" ccg16_stp16 -where "stp16cd IN ('E54000005', 'E54000007')"

# Each line: a name, then the command, writing into $FULL (a 12 KiB tmpfs).
# Every output is larger than the disk.
cases=(
    "build-geojson|fp-build ccgs.gpkg table.csv -o \$FULL/f.geojson"
    "build-geojsonl|fp-build ccgs.gpkg table.csv -o \$FULL/f.geojsonl"
    "build-gml|fp-build ccgs.gpkg table.csv -o \$FULL/f.gml"
    "build-kml|fp-build ccgs.gpkg table.csv -o \$FULL/f.kml"
    "build-gpkg|fp-build ccgs.gpkg table.csv -o \$FULL/f.gpkg"
    "build-shp|fp-build ccgs.gpkg table.csv -o \$FULL/f.shp"
    "pieces-geojson|fp-coterm --no-weights '|layer=stp16' '|layer=utla16' --pieces \$FULL/p.geojson"
    "pieces-csv|fp-coterm --no-weights '|layer=stp16' '|layer=utla16' --pieces \$FULL/p.csv"
    "text|fp-coterm --no-weights '|layer=stp16' '|layer=lad16' -o \$FULL/report.txt"
    "map-png|fp-map '|layer=stp16' '|layer=utla16' --no-weights --png \$FULL/map.png"
    "junit|fp-check '|layer=stp16' --coterm '|layer=lad16' --junit \$FULL/checks.xml"
)

status=0
for entry in "${cases[@]}"; do
    name=${entry%%|*} cmd=${entry#*|}
    # In the namespace: mount, run, list what is left, all before the
    # namespace (and its tmpfs) goes away.
    out=$(unshare -m bash -c '
        FULL=$(mktemp -d) && mount -t tmpfs -o size=12k tmpfs "$FULL" || exit 99
        export FULL
        bash -c "$1" >/dev/null 2>stderr.txt
        echo "rc=$?"
        echo "left=$(ls -A "$FULL" | tr "\n" " ")"
        umount "$FULL"; rmdir "$FULL"' _ "$cmd" 2>&1)
    rc=$(sed -n 's/^rc=//p' <<<"$out") left=$(sed -n 's/^left=//p' <<<"$out")
    if [ "$rc" = "" ]; then
        echo "SKIPPED full-disk test: cannot mount a tmpfs here ($out)"
        exit 77
    fi
    stderr=$(cat stderr.txt)
    problems=()
    [ "$rc" = 1 ] || problems+=("exit status $rc, expected 1")
    grep -q 'No space left on device$' stderr.txt || problems+=("stderr does not end in the system's reason")
    [ "$(wc -l <stderr.txt)" = 1 ] || problems+=("not one line on stderr")
    grep -q "^fp-[a-z]*: " stderr.txt || problems+=("stderr does not start with the tool's name")
    [ -z "${left// /}" ] || problems+=("left behind: $left")
    if [ ${#problems[@]} -gt 0 ]; then
        printf 'FAIL %s: %s\n' "$name" "${problems[@]}"
        echo "  stderr: $stderr"
        status=1
    else
        echo "ok $name: $stderr"
    fi
done
exit $status
