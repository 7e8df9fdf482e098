#!/usr/bin/env bash
# CI's fuzz step, deterministic: builds the fuzz targets (scripts/fuzz-common.sh),
# replays the checked-in corpus, then runs each target for exactly RUNS
# inputs (default 2000) from its corpus with the fixed seed 1. The same
# commit does the same work on a slow machine as on a fast one, so a result
# never depends on how far a time budget reached: a new GDAL bug found by
# chance cannot fail an unrelated commit, and a failure always reproduces.
# At the default, fuzz_flows and fuzz_membership each took about 35 s of
# CPU (measured: 4000 runs, 67 s each), so the six targets take a few
# minutes after the build. For time-boxed exploration with random seeds, use
# scripts/fuzz-explore.sh, which CI does not run.
#
#   scripts/fuzz.sh [RUNS]                      # after scripts/setup.sh
#   TARGETS="flows membership" scripts/fuzz.sh 20000
runs=${1:-2000}
case $runs in '' | *[!0-9]*)
    echo "fuzz.sh: RUNS must be a whole number of inputs, not '$runs'" >&2
    exit 2
    ;;
esac
# shellcheck source=scripts/fuzz-common.sh
source "$(dirname "$0")/fuzz-common.sh"
build_and_replay
fuzz_targets "$runs runs (seed 1)" -seed=1 -runs="$runs"
