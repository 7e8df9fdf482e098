#!/usr/bin/env bash
# Benchmark: fp-flows against pandas on a generated long flow table of
# ROWS rows (default 10 million), in the same run: the same join of origins
# and destinations to footprints and the same group-by into a footprint x
# footprint matrix. Prints wall time and peak memory of each and the ratios.
#
#   scripts/bench/flows.sh [ROWS]
#
# Installs python3-pandas and GNU time from Debian when missing.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
rows=${1:-10000000}
bin=${FP_BIN:-$repo/build/tools}

for p in python3-pandas time; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="${missing:-} $p"
done
if [ -n "${missing:-}" ]; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >&2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# 7,000 origins in 44 footprints, 250 providers; rows repeat pairs, as
# monthly tables do, so distinct pairs (1.75 million) are far fewer than rows.
awk -v rows="$rows" 'BEGIN {
    srand(2016);
    print "origin,destination,count" > "'"$work"'/flows.csv";
    for (i = 0; i < rows; i++)
        printf "O%04d,P%03d,%d\n", int(rand() * 7000), int(rand() * 250), int(rand() * 100) >> "'"$work"'/flows.csv";
    print "origin,footprint" > "'"$work"'/origins.csv";
    for (o = 0; o < 7000; o++) printf "O%04d,F%02d\n", o, o % 44 >> "'"$work"'/origins.csv";
    print "provider,footprint" > "'"$work"'/providers.csv";
    for (p = 0; p < 250; p++) printf "P%03d,F%02d\n", p, p % 44 >> "'"$work"'/providers.csv";
}'
echo "flow table: $rows rows, $(du -m "$work/flows.csv" | cut -f1) MiB; cores: $(nproc)"

measure() { # sets seconds and peak_kib
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    read -r seconds peak_kib <"$work/time"
}

measure "$bin/fp-flows" -q -f csv --table matrix "$work/flows.csv" \
    --origin-map "$work/origins.csv|member=origin|group=footprint" \
    --destination-map "$work/providers.csv|member=provider|group=footprint"
fp_s=$seconds fp_kib=$peak_kib
fp_total=$(tail -n +2 "$work/out" | tr -d '\r' | awk -F, '{ for (i = 2; i <= NF; i++) s += $i } END { printf "%.0f", s }')

cat >"$work/peer.py" <<'PY'
import sys
import pandas as pd
flows = pd.read_csv(sys.argv[1], dtype={"origin": str, "destination": str, "count": "float64"})
origins = pd.read_csv(sys.argv[2], dtype=str)
providers = pd.read_csv(sys.argv[3], dtype=str)
joined = flows.merge(origins, on="origin").merge(providers, left_on="destination", right_on="provider",
                                                  suffixes=("_origin", "_destination"))
matrix = joined.groupby(["footprint_origin", "footprint_destination"])["count"].sum().unstack(fill_value=0)
print(f"{matrix.values.sum():.0f}")
PY
measure /usr/bin/python3 "$work/peer.py" "$work/flows.csv" "$work/origins.csv" "$work/providers.csv"
pd_s=$seconds pd_kib=$peak_kib
pd_total=$(cat "$work/out")

printf 'fp-flows  %6.2f s %7d MiB  matrix total %s\npandas    %6.2f s %7d MiB  matrix total %s\n' \
    "$fp_s" $((fp_kib / 1024)) "$fp_total" "$pd_s" $((pd_kib / 1024)) "$pd_total"
awk -v f="$fp_s" -v p="$pd_s" -v fm="$fp_kib" -v pm="$pd_kib" \
    'BEGIN { printf "fp-flows is %.1fx faster, with %.1fx less peak memory\n", p / f, pm / fm }'
[ "$fp_total" = "$pd_total" ] || { echo "flows.sh: the two totals differ" >&2; exit 1; }
