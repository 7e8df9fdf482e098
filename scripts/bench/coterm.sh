#!/usr/bin/env bash
# Benchmark: fp-coterm against geopandas (overlay, then area) on the same
# inputs in the same run. Prints wall time and peak memory of each and the
# ratios.
#
#   scripts/bench/coterm.sh [SHARED_DATA_DIR]
set -euo pipefail
. "$(dirname "$0")/common.sh"

bench() { # NAME A_SPEC B_SPEC A_PY B_PY
    measure "$bin/fp-coterm" --quiet --no-weights --format csv "$2" "$3"
    local fp_s=$seconds fp_kib=$peak_kib
    local fp_pieces
    fp_pieces=$("$bin/fp-coterm" --quiet --no-weights --format csv "$2" "$3" | tail -n +2 | wc -l)
    measure /usr/bin/python3 "$repo/scripts/bench/geopandas_overlay.py" "$4" "$5"
    local gp_s=$seconds gp_kib=$peak_kib gp_result=$output
    printf '%s\n  fp-coterm  %6.2f s %7d MiB  %s pieces\n  geopandas  %6.2f s %7d MiB  %s\n' \
        "$1" "$fp_s" $((fp_kib / 1024)) "$fp_pieces" "$gp_s" $((gp_kib / 1024)) "$gp_result"
    awk -v f="$fp_s" -v g="$gp_s" -v fm="$fp_kib" -v gm="$gp_kib" \
        'BEGIN { printf "  fp-coterm is %.1fx faster, peak memory %.2fx of geopandas\n", g / f, fm / gm }'
}

echo "cores: $(nproc); $(date -u +%Y-%m-%d)"
bench "LSOA x CCG (lsoa11_bgc x ccg16_bsc)" \
    "$shared/boundaries/lsoa11_bgc.gpkg" "$shared/boundaries/ccg16_bsc.gpkg" \
    "$shared/boundaries/lsoa11_bgc.gpkg" "$shared/boundaries/ccg16_bsc.gpkg"
bench "LAD x STP (shipped lad16 x stp16)" \
    "$data|layer=lad16" "$data|layer=stp16" "$data:lad16" "$data:stp16"
