"""A picture on a proposal, on a phone (412 px, then 320 px): Amira writes a proposal, tries a file that is not a
picture (refused beside what she typed), adds a photo with words for those who cannot see it, shares it, sees it
on the proposal's page, and removes it again."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from PIL import Image
from playwright.sync_api import BrowserContext, Page, expect

from .support import ContextFactory, LiveServer, login_as_demo, shot_if_asked, unique_tag
from .test_council_journey import CAUSE_PATH

pytestmark = pytest.mark.e2e

NewPage = Callable[[BrowserContext], Page]


def _photo() -> bytes:
    image = Image.new("RGB", (1600, 1200), (40, 120, 200))
    for x in range(300, 1300):  # a bench, roughly
        for y in range(700, 760):
            image.putpixel((x, y), (120, 80, 40))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (55.0, 38.0, 24.0)}  # where it was taken
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_a_member_adds_a_picture_to_her_proposal(live_server: LiveServer, new_phone_context: ContextFactory,
                                                 new_page: NewPage) -> None:
    base = live_server.url
    amira = new_page(new_phone_context("amira"))
    login_as_demo(amira, base, "amira")
    title = f"Nye bænke {unique_tag()}"
    amira.goto(base + "/council/propose")
    amira.wait_for_load_state("domcontentloaded")
    amira.locator("#title").fill(title)
    amira.locator("#change").fill("Nye bænke i skolegården, for de gamle er knækket.")
    amira.get_by_test_id("step1-next").click()
    expect(amira.get_by_test_id("step-2")).to_be_visible()
    amira.locator("#why").fill("Vi har ingen steder at sidde i frikvarteret.")
    expect(amira.locator("#picture")).to_have_attribute("accept", "image/*")  # a phone offers its camera

    # Not a picture: refused with a message, and what she typed is still there.
    amira.locator("#picture").set_input_files({"name": "noter.pdf", "mimeType": "application/pdf",
                                               "buffer": b"%PDF-1.7 not a picture"})
    amira.get_by_test_id("save-draft").click()
    expect(amira.locator("#picture-error")).to_be_visible()
    expect(amira.locator("#why")).to_have_value("Vi har ingen steder at sidde i frikvarteret.")

    amira.locator("#picture").set_input_files({"name": "IMG_0042.jpg", "mimeType": "image/jpeg",
                                               "buffer": _photo()})
    amira.locator("#picture_alt").fill("Den knækkede bænk i skolegården")
    shot_if_asked(amira, "council-picture-step2-412")
    amira.get_by_test_id("submit-proposal").click()
    expect(amira).to_have_url(CAUSE_PATH)
    picture = amira.get_by_test_id("cause-picture")
    expect(picture).to_have_attribute("alt", "Den knækkede bænk i skolegården")
    expect(picture).to_have_js_property("complete", True)
    assert picture.evaluate("img => img.naturalWidth") == 1200  # made again on the server, smaller
    shot_if_asked(amira, "council-picture-cause-412")
    amira.set_viewport_size({"width": 320, "height": 800})
    assert amira.evaluate("document.documentElement.scrollWidth") <= 320
    shot_if_asked(amira, "council-picture-cause-320")

    # She removes it again (two taps).
    amira.get_by_test_id("remove-picture").click()
    amira.get_by_test_id("remove-picture-yes").click()
    expect(amira.get_by_test_id("cause-picture")).to_have_count(0)
