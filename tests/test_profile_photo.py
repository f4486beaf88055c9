"""Issue 18.2: a professional's optional photo on the short profile a young person sees. The picture is made again
on the server (core/images.py): small, upright, a JPEG with no metadata; anything that is not a usable picture is
refused with a message; it is shown only to whoever may see the profile."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from support.client import csrf_token
from support.people import link, login_as, make_municipality, make_person
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from youthvoice.casework.models import ProfilePhoto
from youthvoice.core import images
from youthvoice.core.errors import InvalidInput
from youthvoice.identity.models import Role

GPS_MARKER = b"GPSMARKER-Roskilde-55.64N"


def _photo(fmt: str = "JPEG", size: tuple[int, int] = (900, 1200), *, with_gps: bool = True) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    out = io.BytesIO()
    exif = Image.Exif()
    if with_gps:
        exif[0x010E] = GPS_MARKER.decode()  # ImageDescription: a marker we can find in the bytes
        exif[0x8825] = {2: (55.0, 38.0, 24.0), 1: "N"}  # GPS IFD
    image.save(out, format=fmt, exif=exif.tobytes() if fmt in ("JPEG", "WEBP", "PNG") else None)
    return out.getvalue()


def test_a_picture_is_made_again_small_and_without_its_metadata():
    upload = _photo()
    assert GPS_MARKER in upload  # the phone's photo carries it
    picture = images.reencode(upload)
    assert GPS_MARKER not in picture.data
    again = Image.open(io.BytesIO(picture.data))
    assert again.format == "JPEG" and max(again.size) == 600 and not again.getexif()
    for fmt in ("PNG", "WEBP"):
        assert images.reencode(_photo(fmt)).content_type == "image/jpeg"


@pytest.mark.parametrize("data", [b"", b"GIF89a not a photo", b"%PDF-1.7 hello", _photo()[:400]])
def test_what_is_not_a_usable_picture_is_refused(data):
    with pytest.raises(InvalidInput):
        images.reencode(data)


def test_too_many_bytes_or_pixels_are_refused_before_unpacking(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 100 * 100)
    with pytest.raises(InvalidInput):
        images.reencode(_photo(size=(200, 200)))
    monkeypatch.setattr(images, "MAX_BYTES", 100)
    with pytest.raises(InvalidInput):
        images.reencode(_photo(size=(50, 50)))


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    town = make_municipality(db, "Fotoby")
    people = {"lene": make_person(db, town, Role.PROFESSIONAL, name="Lene Holm"),
              "sara": make_person(db, town, name="Sara Jensen"), "nora": make_person(db, town, name="Nora Berg")}
    link(db, people["sara"], people["lene"])
    db.commit()
    return people


def _client(app, person):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, person)
    return client


def test_she_sees_the_photo_of_her_professional_and_nobody_else_does(app, db, office):
    lene = _client(app, office["lene"])
    token = csrf_token(lene, "/people/profile")
    refused = lene.post("/people/profile/photo", data={"csrf_token": token,
                                                      "photo": (io.BytesIO(b"not a picture"), "x.jpg")},
                        content_type="multipart/form-data")
    assert refused.status_code == 400 and 'id="photo-error"' in refused.get_data(as_text=True)
    saved = lene.post("/people/profile/photo", data={"csrf_token": token, "photo": (io.BytesIO(_photo()), "me.jpg")},
                      content_type="multipart/form-data")
    assert saved.status_code == 302
    stored = db.get(ProfilePhoto, office["lene"].id)
    assert stored is not None and GPS_MARKER not in stored.data
    url = f"/people/{office['lene'].id}/photo"
    sara = _client(app, office["sara"])
    assert 'data-testid="profile-photo"' in sara.get(f"/my-people/{office['lene'].id}").get_data(as_text=True)
    served = sara.get(url)
    assert served.status_code == 200 and served.mimetype == "image/jpeg" and served.data == stored.data
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert _client(app, office["nora"]).get(url).status_code == 404  # she does not work with Nora
    assert app.test_client().get(url).status_code in (302, 401)  # not logged in: the log-in page
    assert lene.post("/people/profile/photo/remove", data={"csrf_token": token, "confirm": "yes"}).status_code == 302
    assert sara.get(url).status_code == 404


def _post_big(client, url: str, fields: dict, name: str, data: bytes):  # type: ignore[no-untyped-def]
    """A multipart body built in memory: werkzeug's test client spools a big one to a file it never closes."""
    boundary, body = encode_multipart({**fields, name: FileStorage(io.BytesIO(data), filename="phone.jpg")})
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def test_a_phone_sized_photo_is_taken_and_a_too_big_one_gets_its_message_not_an_error_page(app, db, office):
    """A form may carry 1 MB (MAX_CONTENT_LENGTH); a phone's photo is 2-4 MB and was refused with a bare 413 page."""
    lene = _client(app, office["lene"])
    token = csrf_token(lene, "/people/profile")
    phone_sized = _photo() + b"\0" * (3 * 1024 * 1024)  # bytes after the picture's end, as a camera's big file
    assert app.config["MAX_CONTENT_LENGTH"] < len(phone_sized) < images.MAX_BYTES
    saved = _post_big(lene, "/people/profile/photo", {"csrf_token": token}, "photo", phone_sized)
    assert saved.status_code == 302
    stored = db.get(ProfilePhoto, office["lene"].id)
    assert stored is not None and len(stored.data) < 200_000
    refused = _post_big(lene, "/people/profile/photo", {"csrf_token": token}, "photo",
                        _photo() + b"\0" * (images.MAX_BYTES + 1))
    assert refused.status_code == 400 and 'id="photo-error"' in refused.get_data(as_text=True)
