#!/usr/bin/env bash
# Install what the tests need (Debian's Chromium included) and run the whole suite: lint, unit tests on
# SQLite and PostgreSQL (where 127.0.0.1:5432 answers), and the browser journeys in e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian's chromium for the browser tests"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

echo "== installing youthvoice with its test tools"
bash scripts/setup.sh --dev

if [ -f package-lock.json ]; then
  echo "== installing the browser-test tools from package-lock.json (axe-core)"
  npm ci --no-audit --no-fund --silent
fi

echo "== ruff"
.venv/bin/ruff check youthvoice tests e2e bench scripts conftest.py

echo "== import direction (lint-imports: lower layers never import higher ones)"
.venv/bin/lint-imports

echo "== mypy (types of youthvoice/)"
.venv/bin/mypy youthvoice

echo "== pytest (unit tests and browser journeys)"
.venv/bin/python -m pytest tests e2e "$@"
