"""Apply translations from a JSON file ({"msgid": "msgstr"} or {"singular": ["one", "many"]}) to a catalogue,
and list what is still untranslated.

    python scripts/po_apply.py da translations.json     # apply, then list what is left
    python scripts/po_apply.py da                       # only list what is left
"""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

language = sys.argv[1]
path = Path(__file__).resolve().parent.parent / "youthvoice" / "translations" / language / "LC_MESSAGES" / "messages.po"
with open(path, "rb") as handle:
    catalog = read_po(handle, locale=language)
if len(sys.argv) > 2:
    updates = json.loads(Path(sys.argv[2]).read_text())
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in updates:
            value = updates[key]
            message.string = tuple(value) if isinstance(message.id, tuple) else value
            message.flags.discard("fuzzy")
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=76, sort_output=True)
left = [
    m.id for m in catalog
    if m.id and (m.fuzzy or not m.string or (isinstance(m.string, tuple) and not all(m.string)))
]
for message_id in left:
    print(json.dumps(message_id[0] if isinstance(message_id, tuple) else message_id, ensure_ascii=False))
print(f"{len(left)} untranslated in {language}", file=sys.stderr)
