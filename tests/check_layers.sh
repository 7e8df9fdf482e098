#!/usr/bin/env bash
# Fails when a library file includes a header from a higher layer than its
# own. The folders of lib/ are layers, lowest first:
#   core < geometry < io < overlay < flows < check < report
# so that, for example, reading a layer (io) never depends on how a report
# is written (report).
#
#   check_layers.sh SOURCE_DIR
set -u
cd "$1/lib" || exit 1
layers=(core geometry io overlay flows check report)
rank() {
    local i
    for i in "${!layers[@]}"; do
        [ "${layers[$i]}" = "$1" ] && { echo "$i"; return; }
    done
    echo -1
}
status=0
count=0
while IFS= read -r file; do
    own=$(echo "$file" | sed -E 's#^(include/footprint|src)/([a-z]+)/.*#\2#')
    own_rank=$(rank "$own")
    if [ "$own_rank" -lt 0 ]; then
        echo "$file: not in a layer folder (${layers[*]})"
        status=1
        continue
    fi
    count=$((count + 1))
    while IFS= read -r included; do
        dir=${included%%/*}
        if [ "$(rank "$dir")" -gt "$own_rank" ]; then
            echo "$file: includes footprint/$included from a higher layer ($dir above $own)"
            status=1
        fi
    done < <(sed -nE 's/^#include "footprint\/([a-z_]+\/[a-z_]+\.hpp)".*/\1/p' "$file")
done < <(find include/footprint src -type f \( -name '*.hpp' -o -name '*.cpp' \) | LC_ALL=C sort)
[ "$status" = 0 ] && echo "$count library files include only their own layer or lower ones"
exit "$status"
