"""Her voice answers: keep a recording on an item of hers, play one back (her, or whoever may see the item), and
delete her own. The page script (static/js/voice.js) records and sends; without it the text boxes work as ever."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, make_response, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthvoice.core import audio
from youthvoice.core.db import get_session, parse_id
from youthvoice.core.errors import InvalidInput
from youthvoice.identity.models import Role
from youthvoice.meetings import recordings
from youthvoice.meetings.models import VoiceRecording
from youthvoice.sharing import access
from youthvoice.web.view_helpers import created, idempotent, role_required, room_for_uploads

bp = Blueprint("voice", __name__, url_prefix="/voice")

UPLOAD_ROOM = 64 * 1024  # above the recording's own limit, so a too-big one gets its own message


room_for_uploads(bp, {"voice.keep": audio.MAX_BYTES + UPLOAD_ROOM})


def _described(recording: VoiceRecording) -> dict[str, Any]:
    return {"id": str(recording.id), "url": url_for("voice.play", recording_id=recording.id),
            "seconds": recording.seconds, "delete_url": url_for("voice.delete", recording_id=recording.id)}


def _replay_kept(record: Any, item_kind: str, item_id: str) -> Any:
    """The same recording sent again (the outbox, a double tap): the one it made, not a second."""
    ident = parse_id(record.resource_id)
    recording = get_session().get(VoiceRecording, ident) if ident is not None else None
    body = _described(recording) if recording is not None else {}
    return jsonify({**body, "replayed": True}), 200


def _refused(message: object, status: int) -> Any:
    return jsonify({"error": str(message), "field": "audio", "status": status}), status


@bp.post("/<item_kind>/<item_id>")
@role_required(Role.YOUNG_PERSON)
@idempotent(_replay_kept)
def keep(item_kind: str, item_id: str) -> Any:
    """Keep her recording on an item of hers (the body is the recording; `?question=` names a preparation question
    of the meeting `item_id`). Refused with a message she can read: not audio, too long, too big, broken."""
    db = get_session()
    answers, item, meeting_id = recordings.own_item(db, current_user, item_kind, item_id, request.args.get("question"))
    if (request.content_length or 0) > audio.MAX_BYTES:
        return _refused(audio.TOO_BIG, 413)
    data = request.get_data(cache=False)
    try:
        recording = recordings.keep(db, owner=current_user, answers=answers, item_id=item, meeting_id=meeting_id,
                                    data=data)
    except InvalidInput as error:
        db.rollback()
        return _refused(error.message, 413 if error.message == audio.TOO_BIG else 422)
    db.flush()
    created(recording.id)
    return jsonify({**_described(recording), "replayed": False, "message": _("Your recording is kept.")}), 201


@bp.get("/<recording_id>")
@role_required(Role.YOUNG_PERSON, Role.PROFESSIONAL, Role.BISIDDER, Role.SUPPORTER)
def play(recording_id: str) -> Any:
    """The recording's bytes, for her and for whoever may see the item it answers (anyone else: 404). Opening the
    sealed bytes for someone else notes the view, and it is written before the response leaves (words.py)."""
    recording = access.recording_for(get_session(), current_user, recording_id)
    data = recording.audio or b""
    response = make_response(data)
    response.headers["Content-Type"] = audio.MEDIA_TYPES.get(recording.container, "application/octet-stream")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Disposition"] = "inline"
    return response.make_conditional(request, accept_ranges=True, complete_length=len(data))


@bp.post("/<recording_id>/delete")
@role_required(Role.YOUNG_PERSON)
def delete(recording_id: str) -> Any:
    """Delete one of her recordings (her text, if any, stays)."""
    db = get_session()
    recording = recordings.own_recording(db, current_user, recording_id)  # anyone else's: 404 before anything
    if request.form.get("confirm") != "yes":
        return _refused(_("Nothing was changed. To go ahead, tap the button and then confirm."), 400)
    db.delete(recording)
    return jsonify({"deleted": True, "message": _("Your recording is deleted.")})
