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
