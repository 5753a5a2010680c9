#!/usr/bin/env bash
# The web app's browser tests (issue 9), for .ci/run: Debian's chromium driven by the npm
# package playwright-core (which never downloads a browser here), against a dossier built in
# release mode. Screenshots of every page walked go to target/browser-artifacts/.
# Idempotent; works on a fresh Debian machine as root.
set -euo pipefail
cd "$(dirname "$0")/../.."

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v node >/dev/null || need+=(nodejs npm)
if [ "${#need[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

cargo build --release --locked -p dossier
target="${CARGO_TARGET_DIR:-target}"
case "$target" in /*) ;; *) target="$PWD/$target" ;; esac
export DOSSIER_BIN="$target/release/dossier"

cd tests/browser
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
npm ci --no-audit --no-fund --loglevel=error
node --test web.test.mjs
echo "screenshots: $(ls "$target/browser-artifacts" | wc -l) in $target/browser-artifacts"
