#!/usr/bin/env bash
# One command on a fresh machine: install everything the tests need, then run the whole suite.
# Neo4j 5.26 is started by the tests themselves from Maven (tools/neo4j-harness); Chromium comes
# from Debian's packages when apt-get is available.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
if command -v java >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1; then
  tools/neo4j-harness/build.sh
else
  echo "test.sh: java or maven missing: the Neo4j tests will be skipped (they run whenever CI=true)" >&2
fi
if [ -x scripts/install-browser.sh ]; then
  scripts/install-browser.sh || echo "test.sh: could not install Chromium; browser tests will say why" >&2
fi
exec .venv/bin/python -m pytest "$@"
