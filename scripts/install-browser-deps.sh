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
  # The diffusion map: d3-geo (with d3-array, which it needs) for projection and paths,
  # and Finland's outline from Natural Earth (world-atlas, 1:50m), cut out here with
  # topojson-client so the browser loads one small GeoJSON file, not the world.
  local maps="$ROOT/service/lapekg/web/static/maps"
  mkdir -p "$maps"
  cp "$ROOT/node_modules/d3-array/dist/d3-array.min.js" "$ROOT/node_modules/d3-geo/dist/d3-geo.min.js" "$maps/"
  cp "$ROOT/node_modules/cytoscape/dist/cytoscape.min.js" "$maps/"  # the diffusion network
  (cd "$ROOT" && node -e '
    const topojson = require("topojson-client");
    const world = require("world-atlas/countries-50m.json");
    const finland = world.objects.countries.geometries.filter(g => g.properties.name === "Finland");
    if (finland.length !== 1) { console.error("Finland not found in world-atlas"); process.exit(1); }
    const feature = topojson.feature(world, {type: "GeometryCollection", geometries: finland});
    feature.source = "Natural Earth 1:50m Admin 0 countries (v4.1.0, public domain) via world-atlas " +
      require("world-atlas/package.json").version;
    require("fs").writeFileSync(process.argv[1], JSON.stringify(feature));
  ' "$maps/finland.geo.json")
  echo "install-browser-deps: map and network assets (d3-geo, Finland outline, Cytoscape.js) copied to ${maps#"$ROOT"/}"
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
