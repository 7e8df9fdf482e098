#!/usr/bin/env bash
# Fails when a C or C++ source differs from what clang-format makes of it
# under .clang-format. The formatter's output changes between LLVM releases:
# this is Debian 12's clang-format 14, which scripts/setup.sh installs.
#
#   check_format.sh SOURCE_DIR        # fix with: clang-format -i FILE...
set -u
cd "$1" || exit 1
if ! command -v clang-format >/dev/null; then
    echo "SKIPPED: clang-format not found (Debian package clang-format)"
    exit 77
fi
mapfile -t files < <(find lib tools tests fuzz -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.c' -o -name '*.h' \) | LC_ALL=C sort)
clang-format --dry-run --Werror "${files[@]}" 2>&1 | grep -E '^[^ ].*: error:' | sed 's/: error: code should be clang-formatted.*/: not as clang-format lays it out/' | sort -u
status=${PIPESTATUS[0]}
[ "$status" = 0 ] && echo "${#files[@]} files formatted as .clang-format says"
exit "$status"
