#!/usr/bin/env bash
# Install the front-end assets (YASGUI) from the npm registry and copy the files the
# service serves into service/lapekg/web/static/yasgui/ (git-ignored build artefacts).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f package.json ]; then
  echo "no package.json: no front-end assets to install"
  exit 0
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/install-browser-deps.sh --assets-only
