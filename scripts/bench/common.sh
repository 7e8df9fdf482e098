# Shared by the benchmarks: sourced, not run. Sets repo, shared (the
# benchmark's first argument, or ../shared/data beside the repository), bin
# (FP_BIN or the build tree's tools) and data (the shipped dataset).
#
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
shared=$(cd "${1:-$repo/../shared/data}" && pwd)
bin=${FP_BIN:-$repo/build/tools}
data=$repo/data/england-2016.gpkg

# Installs python3-geopandas, python3-rtree (its spatial index) and GNU time
# from Debian when missing.
for p in python3-geopandas python3-rtree time; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="${missing:-} $p"
done
if [ -n "${missing:-}" ]; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >&2
fi

# Runs a command, and sets seconds and peak_kib from GNU time and output to
# what it printed.
measure() {
    local log
    log=$(mktemp)
    /usr/bin/time -f '%e %M' -o "$log" "$@" >"$log.out" 2>"$log.err" || { cat "$log.err" >&2; exit 1; }
    read -r seconds peak_kib <"$log"
    output=$(cat "$log.out")
    rm -f "$log" "$log.out" "$log.err"
}
