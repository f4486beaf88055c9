#!/usr/bin/env bash
# Copy the pictures of the preparation's picture cards from @tabler/icons (MIT; installed by `npm ci`) into the
# meetings area's templates, where the pages inline them: no extra request on a slow phone connection, and they
# take the text colour. Run again after changing a card or the icon set's version; the copies are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
source_dir=node_modules/@tabler/icons/icons/outline
target_dir=youthvoice/meetings/templates/cards
mkdir -p "$target_dir"
# topic (youthvoice/meetings/cards.py) = icon name in @tabler/icons
while IFS='=' read -r topic icon; do
  [ -z "$topic" ] && continue
  tr '\n' ' ' < "$source_dir/$icon.svg" \
    | sed -E 's/ +/ /g; s/ class="[^"]*"//; s/ width="24" height="24"//; s/<svg /<svg class="card-icon" aria-hidden="true" focusable="false" /; s/<path stroke="none" d="M0 0h24v24H0z" fill="none" \/>//; s/ +>/>/g; s/> </></g' \
    > "$target_dir/$topic.svg"
  echo >> "$target_dir/$topic.svg"
done <<'CARDS'
school=school
home=home
foster_family=home-heart
mum=woman
dad=man
siblings=users-group
friends=friends
money=coin
health=heart-rate-monitor
leisure=ball-football
phone=device-mobile
contact_person=user-heart
moving=truck-delivery
future=rocket
CARDS
echo "copied $(ls "$target_dir" | wc -l) card pictures into $target_dir"
