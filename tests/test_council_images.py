"""Pictures on proposals (issue 21.4): made again on the server (a small JPEG, no EXIF, no GPS), refused with a
message beside what was typed when they are not usable, seen only by whoever may see the proposal (and in public
only while the cause is public there), removed only by their author, in "my data", and erased with the proposal or
kept with it under "a former member"."""

from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image
from sqlmodel import select
from support.client import csrf_token
from support.council_setup import build_town, choose, client_for, propose, today
from support.database import reread
from support.pictures import GPS_MARKER, small_photo
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from youthvoice.core import images, personal_data
from youthvoice.core.db import new_session
from youthvoice.core.errors import InvalidInput, NotAllowed
from youthvoice.council import causes as council_causes
from youthvoice.council import data, pictures
from youthvoice.council.models import Cause, CauseImage
from youthvoice.identity.models import User
from youthvoice.mydata import data_rights


def _photo(size: tuple[int, int] = (1600, 1200), fmt: str = "JPEG") -> bytes:
    """A phone's photo: where it was taken in its EXIF (a GPS block, and a marker we can look for in the bytes)."""
    return small_photo(size, fmt)


@pytest.fixture
def town(app, db):  # type: ignore[no-untyped-def]
    town = build_town(db)
    town.council.public_page = True
    db.add(town.council)
    db.commit()
    return town


def _edit(client, cause, picture: bytes | None, **fields):  # type: ignore[no-untyped-def]
    form = {"csrf_token": csrf_token(client, f"/council/causes/{cause.id}/edit"), "title": cause.title,
            "change": cause.change, "why": cause.why, "who": cause.who, "category": cause.category, **fields}
    if picture is not None:
        form["picture"] = FileStorage(io.BytesIO(picture), filename="IMG_0001.jpg", content_type="image/jpeg")
    boundary, body = encode_multipart(form)  # in memory (the test client would spool a big one to an open file)
    return client.post(f"/council/causes/{cause.id}/edit", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def _stored(db, cause) -> list[CauseImage]:  # type: ignore[no-untyped-def]
    reread(db)
    return list(db.exec(select(CauseImage).where(CauseImage.cause_id == cause.id)))


def test_a_phones_photo_is_kept_small_and_without_where_it_was_taken(app, db, town):
    cause = propose(db, town, title="Flere bænke")
    upload = _photo()
    assert GPS_MARKER.encode() in upload and Image.open(io.BytesIO(upload)).getexif().get_ifd(0x8825)
    amira = client_for(app, town["amira"])
    response = _edit(amira, cause, upload, picture_alt="Den knækkede bænk i skolegården")
    assert response.status_code == 302
    [stored] = _stored(db, cause)
    assert GPS_MARKER.encode() not in stored.data and b"Exif" not in stored.data
    again = Image.open(io.BytesIO(stored.data))
    assert again.format == "JPEG" and max(again.size) == pictures.LONGEST_SIDE and not again.getexif()
    assert stored.alt == "Den knækkede bænk i skolegården" and stored.added_by_id == town["amira"].id
    # Shown on the proposal with her words, served as what it is.
    page = client_for(app, town["oliver"]).get(f"/council/causes/{cause.id}").get_data(as_text=True)
    assert 'alt="Den knækkede bænk i skolegården"' in page
    served = client_for(app, town["karina"]).get(f"/council/causes/{cause.id}/pictures/{stored.id}")
    assert served.status_code == 200 and served.mimetype == "image/jpeg" and served.data == stored.data
    assert served.headers["X-Content-Type-Options"] == "nosniff"


def test_the_file_input_lets_a_phone_use_its_camera(app, db, town):
    draft = propose(db, town, title="Lys på stien", submit=False)
    page = client_for(app, town["amira"]).get(f"/council/causes/{draft.id}/step-2").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page and 'accept="image/*"' in page


@pytest.mark.parametrize("upload", [b"%PDF-1.7 not a picture", b"GIF89a\x01\x00", _photo()[:500]])
def test_what_is_not_a_picture_is_refused_with_a_message_and_what_was_typed_is_kept(app, db, town, upload):
    cause = propose(db, town, title="Flere bænke")
    response = _edit(client_for(app, town["amira"]), cause, upload, title="Flere bænke i skolegården")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="picture-error"' in page and "That is not a picture we can use" in page
    assert 'value="Flere bænke i skolegården"' in page  # what she typed is still in the form
    assert _stored(db, cause) == [] and db.get(Cause, cause.id).title == "Flere bænke"  # nothing half-saved


def test_a_too_big_picture_is_refused_with_its_own_message(app, db, town, monkeypatch):
    cause = propose(db, town, title="Flere bænke")
    big = b"\xff\xd8" + b"x" * (images.MAX_BYTES + 10)  # over the limit, and bigger than an ordinary form may be
    response = _edit(client_for(app, town["amira"]), cause, big)
    assert response.status_code == 400 and "The picture is too big" in response.get_data(as_text=True)
    monkeypatch.setattr(images, "MAX_PIXELS", 100 * 100)
    response = _edit(client_for(app, town["amira"]), cause, _photo(size=(200, 200)))
    assert response.status_code == 400 and "too many pixels" in response.get_data(as_text=True)
    assert _stored(db, cause) == []


def test_at_most_three_and_only_while_the_text_may_change(app, db, town):
    cause = propose(db, town, title="Flere bænke")
    for _ in range(pictures.MAX_PER_CAUSE):
        pictures.add(db, actor=town["amira"], cause=cause, today=today(), upload=_photo((80, 60)), alt="")
    with pytest.raises(InvalidInput):
        pictures.add(db, actor=town["amira"], cause=cause, today=today(), upload=_photo((80, 60)), alt="")
    with pytest.raises(NotAllowed):  # not hers
        pictures.add(db, actor=town["oliver"], cause=db.get(Cause, cause.id), today=today(),
                     upload=_photo((80, 60)), alt="")
    db.commit()
    council_causes.start_discussion(db, actor=town["karina"], cause=cause, today=today())
    db.commit()
    assert not pictures.may_add(db, town["amira"], cause, today())


def test_only_the_author_removes_a_picture_and_the_default_words_are_the_title(app, db, town):
    cause = propose(db, town, title="Flere bænke")
    picture = pictures.add(db, actor=town["amira"], cause=cause, today=today(), upload=_photo((80, 60)), alt="")
    db.commit()
    url = f"/council/causes/{cause.id}/pictures/{picture.id}/remove"
    page = client_for(app, town["oliver"]).get(f"/council/causes/{cause.id}").get_data(as_text=True)
    assert "Flere bænke”" in page and 'data-testid="remove-picture"' not in page  # the title as its words
    for who in ("oliver", "karina"):
        browser = client_for(app, town[who])
        token = csrf_token(browser, f"/council/causes/{cause.id}")
        assert browser.post(url, data={"csrf_token": token, "confirm": "yes"}).status_code == 403
    assert len(_stored(db, cause)) == 1
    amira = client_for(app, town["amira"])
    assert 'data-testid="remove-picture"' in amira.get(f"/council/causes/{cause.id}").get_data(as_text=True)
    token = csrf_token(amira, f"/council/causes/{cause.id}")
    assert amira.post(url, data={"csrf_token": token}).status_code == 302 and len(_stored(db, cause)) == 1
    assert amira.post(url, data={"csrf_token": token, "confirm": "yes"}).status_code == 302
    assert _stored(db, cause) == []


def test_nobody_outside_the_council_sees_a_picture_and_a_drafts_only_its_author(app, db, town):
    cause = propose(db, town, title="Flere bænke")
    draft = propose(db, town, title="Hemmeligt udkast", submit=False)
    shared = pictures.add(db, actor=town["amira"], cause=cause, today=today(), upload=_photo((80, 60)), alt="")
    private = pictures.add(db, actor=town["amira"], cause=draft, today=today(), upload=_photo((80, 60)), alt="")
    db.commit()
    shared_url = f"/council/causes/{cause.id}/pictures/{shared.id}"
    draft_url = f"/council/causes/{draft.id}/pictures/{private.id}"
    for who in ("sara", "lene", "henrik", "bisidder", "emil", "sofie"):  # not on this council
        assert client_for(app, town[who]).get(shared_url).status_code == 404, who
    assert client_for(app, town["oliver"]).get(draft_url).status_code == 404  # a draft is hers alone
    assert client_for(app, town["amira"]).get(draft_url).status_code == 200
    assert client_for(app, town["oliver"]).get(f"/council/causes/{cause.id}/pictures/{private.id}").status_code == 404
    assert app.test_client().get(shared_url).status_code in (302, 401)  # not logged in


def test_the_public_page_shows_a_picture_only_while_the_cause_is_public(app, db, town):
    cause = propose(db, town, title="Flere bænke")
    picture = pictures.add(db, actor=town["amira"], cause=cause, today=today(), upload=_photo((80, 60)),
                           alt="Bænken")
    db.commit()
    slug = town.roskilde.slug
    url = f"/public/council/{slug}/causes/{cause.id}/pictures/{picture.id}"
    anyone = app.test_client()
    assert anyone.get(url).status_code == 404  # a proposal is not public
    choose(db, db.get(Cause, cause.id))
    page = anyone.get(f"/public/council/{slug}/causes/{cause.id}").get_data(as_text=True)
    assert f'src="{url}"' in page and 'alt="Bænken"' in page
    served = anyone.get(url)
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert anyone.get(f"/public/council/{town.ballerup.slug}/causes/{cause.id}/pictures/{picture.id}"
                      ).status_code == 404  # not through another council's page
    town.council.public_page = False
    db.add(town.council)
    db.commit()
    assert anyone.get(url).status_code == 404


def test_my_data_lists_the_pictures_and_the_zip_holds_them(app, db, town):
    cause = propose(db, town, title="Flere bænke")
    pictures.add(db, actor=town["amira"], cause=cause, today=today(), upload=_photo((80, 60)), alt="Bænken")
    db.commit()
    amira = db.get(User, town["amira"].id)
    exported = data.export_council(db, amira)["pictures"]
    assert [(p["proposal"], p["alt"]) for p in exported] == [("Flere bænke", "Bænken")]
    browser = client_for(app, town["amira"])
    assert 'data-testid="data-pictures"' in browser.get("/account/data").get_data(as_text=True)
    download = browser.get("/account/data/pictures.zip")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(download.data))
    assert bundle.namelist() == [p["file"] for p in exported]
    assert bundle.read(exported[0]["file"]) == _stored(db, cause)[0].data


def test_erasure_takes_the_pictures_with_the_proposal_or_keeps_them_with_it(app, db, town):
    alone = propose(db, town, title="Kun min")
    built_on = propose(db, town, title="Flere bænke")
    for cause in (alone, built_on):
        pictures.add(db, actor=town["amira"], cause=cause, today=today(), upload=_photo((80, 60)), alt=cause.title)
    council_causes.support(db, actor=town["oliver"], cause=built_on, today=today())  # others built on it
    db.commit()
    amira_id = town["amira"].id
    db.close()
    report = data_rights.erase_each(lambda: new_session(app), [amira_id], reason="request",
                                    erasers=list(personal_data.registry_of(app).erasers.values()))
    assert report.failed == []
    reread(db)
    db.expunge_all()
    assert db.get(Cause, alone.id) is None and _stored(db, alone) == []
    [kept] = _stored(db, built_on)
    assert kept.added_by_id is None  # under "a former member", with the proposal
    assert db.exec(select(CauseImage).where(CauseImage.added_by_id == amira_id)).all() == []


def test_a_deleted_draft_takes_its_pictures(app, db, town):
    draft = propose(db, town, title="Et udkast", submit=False)
    pictures.add(db, actor=town["amira"], cause=draft, today=today(), upload=_photo((80, 60)), alt="")
    db.commit()
    council_causes.delete_draft(db, actor=town["amira"], cause=draft, today=today())
    db.commit()
    assert _stored(db, draft) == []
