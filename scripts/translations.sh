#!/usr/bin/env bash
# Translation catalogues. `extract` refreshes messages.pot and the .po files from the code;
# `compile` builds the .mo files (never committed) that the app reads.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
case "${1:-compile}" in
  extract)
    "$PYBABEL" extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 --no-location --sort-output \
      --project youthvoice --msgid-bugs-address "" -o youthvoice/translations/messages.pot youthvoice >/dev/null 2>&1
    # every language of youthvoice/core/languages.py (a new one gets its catalogue here, empty until translated)
    languages=$("${PYTHON:-.venv/bin/python}" -c 'from youthvoice.core.languages import CODES; print(*CODES)')
    for lang in $languages; do
      if [ -f "youthvoice/translations/$lang/LC_MESSAGES/messages.po" ]; then
        "$PYBABEL" update --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date \
          -i youthvoice/translations/messages.pot -d youthvoice/translations -l "$lang" >/dev/null 2>&1
      else
        "$PYBABEL" init -i youthvoice/translations/messages.pot -d youthvoice/translations -l "$lang" >/dev/null 2>&1
      fi
    done
    "${PYTHON:-.venv/bin/python}" scripts/fill_english.py youthvoice/translations/en/LC_MESSAGES/messages.po
    ;;
  compile)
    if ! out=$("$PYBABEL" compile --statistics -d youthvoice/translations 2>&1); then
      echo "$out" >&2
      exit 1
    fi
    ;;
  *) echo "usage: $0 extract|compile" >&2; exit 2 ;;
esac
