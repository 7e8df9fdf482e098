#!/usr/bin/env bash
# Rebuilds the shipped dataset from shared/data and compares it, layer by
# layer and feature by feature, with data/england-2016.gpkg: the shipped file
# must be current and the build deterministic.
#   check_rebuild.sh REPO BIN_DIR SHARED_DATA_DIR
set -u
repo=$1 bin=$2 shared=$3
if [ ! -d "$shared" ]; then
    echo "SKIPPED: real data not found at $shared (CI always has it)"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "${FP_SANITIZED:-0}" = 1 ]; then
    # The whole build takes minutes under the sanitizers. Its first step
    # stands for it there: two footprints dissolved from all the LSOAs, as
    # scripts/build-dataset.sh does, must equal the shipped features.
    lookup=$shared/lookups/lsoa11_ccg17_stp17_lad17.csv
    { head -n 1 "$lookup"; grep -E ',(E54000046|E54000047),' "$lookup"; } >"$work/two.csv"
    "$bin/fp-build" --quiet "$shared/boundaries/lsoa11_bgc.gpkg|layer=lsoa11" \
        "$work/two.csv|member=LSOA11CD|group=STP17CD" -n stp16 -o "$work/two.gpkg" >"$work/log" 2>&1 ||
        { cat "$work/log"; echo "FAIL: fp-build failed"; exit 1; }
    features() { ogrinfo -ro -q -al "$@" | grep -v -e '^OGRFeature' -e '^Layer name'; }
    if cmp -s <(features -where "stp16cd IN ('E54000046', 'E54000047')" "$repo/data/england-2016.gpkg" stp16) \
              <(features "$work/two.gpkg" stp16); then
        echo "ok stp16 E54000046 E54000047 (smaller variant for the sanitizer build)"
        exit 0
    fi
    echo "FAIL stp16 E54000046, E54000047 differ from a rebuild: run scripts/build-dataset.sh and commit the result"
    exit 1
fi
FP_BIN=$bin "$repo/scripts/build-dataset.sh" "$shared" "$work/rebuilt.gpkg" 2>"$work/log" ||
    { cat "$work/log"; echo "FAIL: the dataset build failed"; exit 1; }
status=0
layers=$(ogrinfo -ro -q "$repo/data/england-2016.gpkg" | sed -n 's/^[0-9]*: \([^ ]*\).*/\1/p')
for layer in $layers; do
    if cmp -s <(ogrinfo -ro -q -al "$repo/data/england-2016.gpkg" "$layer") \
              <(ogrinfo -ro -q -al "$work/rebuilt.gpkg" "$layer"); then
        echo "ok $layer"
    else
        echo "FAIL $layer differs from a rebuild: run scripts/build-dataset.sh and commit the result"
        status=1
    fi
done
exit $status
