#!/usr/bin/env bash
# One command on a fresh machine: install, ingest the bundled demo corpus into the embedded store,
# and serve the API + UI on http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/innograph demo "$@"
