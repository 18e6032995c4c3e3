#!/usr/bin/env bash
# Install what the web pages and their browser tests need, from the registries only:
#   1. Debian's Chromium and ChromeDriver (apt), when /usr/bin/chromium is missing;
#   2. the npm packages pinned in package-lock.json (npm ci): the YASGUI query editor;
#   3. YASGUI's built assets, copied into service/lapekg/web/static/yasgui/ (a build
#      artefact: git-ignored, served locally so the editor loads nothing from a CDN);
#   (the Python `playwright` package — its driver only, no browser download; the tests
#   launch /usr/bin/chromium through executable_path — is a dev dependency in pyproject.)
#
# Usage: scripts/install-browser-deps.sh [--assets-only]
#   Idempotent: each step is skipped when its result is already there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATIC="$ROOT/service/lapekg/web/static/yasgui"
ASSETS_ONLY=0
if [[ "${1:-}" == "--assets-only" ]]; then
  ASSETS_ONLY=1
fi

copy_assets() {
  local build="$ROOT/node_modules/@zazuko/yasgui/build"
  if [[ ! -f "$build/yasgui.min.js" ]]; then
    echo "install-browser-deps: $build/yasgui.min.js missing; run npm ci first" >&2
    return 1
  fi
  mkdir -p "$STATIC"
  cp "$build/yasgui.min.js" "$build/yasgui.min.css" "$STATIC/"
  cp "$ROOT/node_modules/@zazuko/yasgui/package.json" "$STATIC/package.json"
  echo "install-browser-deps: YASGUI $(node -p "require('$STATIC/package.json').version" 2>/dev/null || echo '?') copied to ${STATIC#"$ROOT"/}"
}

if [[ "$ASSETS_ONLY" == 1 ]]; then
  copy_assets
  exit 0
fi

if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
  echo "install-browser-deps: installing Debian's chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core
fi

cd "$ROOT"
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
copy_assets

echo "install-browser-deps: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
