#!/usr/bin/env bash
# Install the remote SPARQL stores the parity tests run lapekg against, from the
# registries only:
#   1. the Oxigraph server: the `oxigraph` package on PyPI, a dev dependency in
#      pyproject.toml (its `oxigraph` command lands in the virtualenv) — nothing here;
#   2. Virtuoso Open Source: Debian's virtuoso-opensource (apt), when virtuoso-t is
#      missing. Its package asks for a DBA password; the tests start their own server
#      with their own database and configuration, so the answer does not matter.
#
# Usage: scripts/install-stores.sh        Idempotent: skipped when virtuoso-t is there.
set -euo pipefail

if command -v virtuoso-t >/dev/null 2>&1; then
  echo "install-stores: $(virtuoso-t -? 2>&1 | grep -m1 -i version || echo virtuoso-t) already installed"
  exit 0
fi
SUDO=""
if [[ "$(id -u)" != 0 ]]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
echo "virtuoso-opensource-7 virtuoso-opensource-7/dba-password password dba" | $SUDO debconf-set-selections
echo "virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password dba" | $SUDO debconf-set-selections
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null
# The package starts a system-wide server; the tests do not use it.
$SUDO service virtuoso-opensource-7 stop >/dev/null 2>&1 || true
echo "install-stores: $(virtuoso-t -? 2>&1 | grep -m1 -i version || echo virtuoso-t) installed"
