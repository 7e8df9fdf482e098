#!/usr/bin/env bash
# Time-boxed exploration, for developers and not for CI: builds the fuzz
# targets (scripts/fuzz-common.sh), replays the corpus, then fuzzes each
# target for SECONDS (default 60) with a seed libFuzzer picks (FUZZ_SEED
# fixes one), to find new ground. Do it before a release and after any
# change to a reader; add what it finds to fuzz/corpus/ once fixed.
#
#   scripts/fuzz-explore.sh [SECONDS]
#   TARGETS="flows points" FUZZ_SEED=7 scripts/fuzz-explore.sh 600
seconds=${1:-60}
case $seconds in '' | *[!0-9]*)
    echo "fuzz-explore.sh: SECONDS must be a whole number, not '$seconds'" >&2
    exit 2
    ;;
esac
seed=${FUZZ_SEED:-0}
# shellcheck source=scripts/fuzz-common.sh
source "$(dirname "$0")/fuzz-common.sh"
build_and_replay
fuzz_targets "${seconds}s (seed ${seed/#0/random})" -seed="$seed" -max_total_time="$seconds"
