#!/usr/bin/env bash
# Prints the path of the Chromium that the summary rendering test (test/render) and `npm run screenshots` draw in:
# CHROMIUM_PATH when set, else Debian's /usr/bin/chromium, else Google Chrome where a runner image has it; when there
# is none, installs Debian's `chromium` package (and the colour emoji font the summaries use) with apt-get. Never a
# browser downloaded by a library. Used by .ci/run and the CI workflow.
set -euo pipefail
for bin in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/google-chrome; do
  if [ -n "$bin" ] && [ -x "$bin" ]; then
    echo "$bin"
    exit 0
  fi
done
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
echo "Installing Debian's chromium and fonts-noto-color-emoji with apt-get" >&2
started=$SECONDS
$sudo apt-get update -qq >&2
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji >&2
echo "Installed in $((SECONDS - started)) s" >&2
echo /usr/bin/chromium
