#!/usr/bin/env bash
# npm run mutate [-- <Stryker options>]: Stryker (stryker.config.mjs) on Node 24, then the per-file floor.
# Options go to Stryker, e.g. --incremental, --mutate 'src/modes/rotate/**', --force.
set -euo pipefail
cd "$(dirname "$0")/../.."
node24="$(scripts/node24.sh)"
# Stryker and the test processes it starts all run on Node 24.
export PATH="$(dirname "$node24"):$PATH"
# A stale report must never pass the per-file check after a run that did not finish.
rm -f reports/mutation/mutation.json
status=0
node node_modules/@stryker-mutator/core/bin/stryker.js run "$@" || status=$?
node scripts/mutation/per-file.mjs || status=1
exit "$status"
