#!/usr/bin/env bash
# Benchmark: fp-info's coverage check against a geopandas user's naive check
# (spatial-index pairs and their intersections, holes in the union, a
# negative buffer for width) on the same layers in the same run. Prints wall
# time and peak memory of each and the ratios. Run it on an idle machine:
# the load average is printed beside the times.
#
#   scripts/bench/coverage.sh [SHARED_DATA_DIR]
set -euo pipefail
. "$(dirname "$0")/common.sh"

bench() { # NAME FP_SPEC PY_SPEC
    measure "$bin/fp-info" --quiet --format json "$2"
    local fp_s=$seconds fp_kib=$peak_kib
    measure /usr/bin/python3 "$repo/scripts/bench/geopandas_coverage.py" "$3"
    local gp_s=$seconds gp_kib=$peak_kib gp_result=$output
    printf '%s\n  fp-info    %6.2f s %7d MiB\n  geopandas  %6.2f s %7d MiB  %s\n' \
        "$1" "$fp_s" $((fp_kib / 1024)) "$gp_s" $((gp_kib / 1024)) "$gp_result"
    awk -v f="$fp_s" -v g="$gp_s" -v fm="$fp_kib" -v gm="$gp_kib" \
        'BEGIN { printf "  fp-info is %.1fx faster, peak memory %.2fx of geopandas\n", g / f, fm / gm }'
}

echo "cores: $(nproc); $(date -u +%Y-%m-%d); load: $(cut -d' ' -f1-3 /proc/loadavg)"
bench "stp16 (shipped)" "$data|layer=stp16" "$data:stp16"
bench "lad16 (shipped)" "$data|layer=lad16" "$data:lad16"
bench "lsoa11_bgc" "$shared/boundaries/lsoa11_bgc.gpkg" "$shared/boundaries/lsoa11_bgc.gpkg"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
