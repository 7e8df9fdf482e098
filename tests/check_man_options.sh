#!/usr/bin/env bash
# Fails when a tool's long options (from --help) and the OPTIONS section of
# its man page disagree.
#   check_man_options.sh TOOL_BINARY MAN_PAGE
set -u
tool=$1 page=$2
name=$(basename "$tool")
[ -f "$page" ] || { echo "FAIL $name: no man page at $page"; exit 1; }

from_help=$("$tool" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
from_man=$(sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$page" | grep -oE -- '\\-\\-[a-z][a-z0-9-]*' |
           sed 's/\\-/-/g' | sort -u)

status=0
missing=$(comm -23 <(echo "$from_help") <(echo "$from_man"))
extra=$(comm -13 <(echo "$from_help") <(echo "$from_man"))
[ -n "$missing" ] && { echo "FAIL $name: options missing from $page:" $missing; status=1; }
[ -n "$extra" ] && { echo "FAIL $name: $page documents options the tool lacks:" $extra; status=1; }
grep -q '^\.SH EXIT STATUS' "$page" || { echo "FAIL $name: $page has no EXIT STATUS section"; status=1; }
[ $status = 0 ] && echo "ok $name: $(echo "$from_help" | wc -l) options documented"
exit $status
