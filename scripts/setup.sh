#!/usr/bin/env bash
# Create the virtualenv and install youthvoice (with test tools when called with --dev), pinned by
# constraints.txt, then compile the translation catalogues. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
extras=""
[ "${1:-}" = "--dev" ] && extras="[dev]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".${extras}"
bash scripts/translations.sh compile
