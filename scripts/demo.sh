#!/usr/bin/env bash
# Install youthvoice and start it on the embedded SQLite demo database: http://localhost:5000/demo
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/youthvoice serve --demo --host localhost --port "${PORT:-5000}"
