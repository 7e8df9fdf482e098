#!/usr/bin/env bash
# Renders the England 2016 report in headless Chromium, takes a screenshot,
# and fails on any console message (a script error, a failed load). A page
# with a deliberate script error is rendered first, to show that such
# errors are seen.
#   check_render.sh BIN_DIR
set -u
bin_dir=$1
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
    echo "SKIPPED: chromium not installed (Debian package chromium; scripts/setup.sh installs it)"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

render() { # PAGE SCREENSHOT: console messages on stdout
    "$chromium" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --user-data-dir="$work/profile" --window-size=1200,3000 --enable-logging=stderr --v=0 \
        --screenshot="$2" "file://$1" 2>"$work/chromium.log" >/dev/null
    grep -F ':CONSOLE' "$work/chromium.log"
    return 0
}

printf '<!DOCTYPE html><html><body><script>notDefined();</script></body></html>\n' >"$work/broken.html"
if [ -z "$(render "$work/broken.html" "$work/broken.png")" ]; then
    echo "FAIL: a script error in a test page was not seen; cannot check the report"
    exit 1
fi

"$bin_dir/fp-report" --quiet -o "$work/england-2016.html" || { echo "FAIL: fp-report failed"; exit 1; }
messages=$(render "$work/england-2016.html" "$work/england-2016.png")
status=0
if [ -n "$messages" ]; then
    echo "FAIL: the report logged to the console:"
    echo "$messages"
    status=1
fi
# A real page, not a blank one: a PNG of the full window, and several kB.
size=$(stat -c %s "$work/england-2016.png" 2>/dev/null || echo 0)
if [ "$(head -c 4 "$work/england-2016.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" != 89504e47 ] || [ "$size" -lt 50000 ]; then
    echo "FAIL: no screenshot, or a nearly empty one ($size bytes)"
    status=1
fi
[ $status = 0 ] && echo "ok: report rendered in $("$chromium" --version 2>/dev/null), screenshot $size bytes, no console messages"
exit $status
