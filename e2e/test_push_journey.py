"""Push notifications on the phone, in Chromium.

Chromium's real `pushManager.subscribe()` registers with Google's push service, which cannot (and must not) be
reached from here, so the journey replaces `subscribe`/`getSubscription` with a stand-in that makes a real P-256
key pair and an endpoint on 127.0.0.1 (the live server accepts those only because the journeys set
PUSH_ALLOW_LOCAL_ENDPOINTS). Everything else is real: the permission, the switch, the server's answers, the state
on reload, and the service worker showing a pushed message (delivered through the DevTools protocol). Sending and
encryption are tested against a local push-service stand-in in tests/test_push.py.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from .support import danish, login_as_demo

pytestmark = pytest.mark.e2e

FAKE_PUSH_MANAGER = """
(() => {
  const KEY = "yv-e2e-subscription";
  const b64 = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
    .replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
  const wrap = (json) => json && {
    endpoint: json.endpoint, options: {applicationServerKey: null},
    toJSON: () => json,
    unsubscribe: () => { sessionStorage.removeItem(KEY); window.__unsubscribed = true; return Promise.resolve(true); },
  };
  PushManager.prototype.getSubscription = function () {
    return Promise.resolve(wrap(JSON.parse(sessionStorage.getItem(KEY) || "null")));
  };
  PushManager.prototype.subscribe = async function (options) {
    window.__applicationServerKey = b64(options.applicationServerKey);
    const pair = await crypto.subtle.generateKey({name: "ECDH", namedCurve: "P-256"}, true, ["deriveBits"]);
    const json = {endpoint: "http://127.0.0.1:9/push/e2e-" + crypto.randomUUID(), expirationTime: null,
                  keys: {p256dh: b64(await crypto.subtle.exportKey("raw", pair.publicKey)),
                         auth: b64(crypto.getRandomValues(new Uint8Array(16)))}};
    sessionStorage.setItem(KEY, JSON.stringify(json));
    return wrap(json);
  };
})();
"""

NOTIFICATIONS_SHOWN = """navigator.serviceWorker.ready.then((registration) => registration.getNotifications())
  .then((shown) => shown.map((n) => ({title: n.title, body: n.body, tag: n.tag})))"""


def test_turning_push_on_and_off_on_a_phone(new_phone_context, new_page, live_server) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    context = new_phone_context()
    context.grant_permissions(["notifications"], origin=base)
    context.add_init_script(FAKE_PUSH_MANAGER)
    page = new_page(context)
    login_as_demo(page, base, "sara")
    page.goto(base + "/account/")
    switch = page.get_by_test_id("push-switch")
    expect(page.get_by_role("heading", name=danish("Notifications on this phone").danish)).to_be_visible()
    expect(switch).to_be_enabled()
    expect(switch).to_have_attribute("aria-checked", "false")

    switch.click()
    expect(switch).to_have_attribute("aria-checked", "true")
    expect(page.locator("#push-status")).to_have_text(
        danish("On. This phone tells you when something is new, without saying what.").danish)
    key = page.evaluate("fetch('/account/push/key').then((r) => r.json())")
    assert key["enabled"] and page.evaluate("window.__applicationServerKey") == key["publicKey"]

    # The state comes from the server on the next visit.
    page.reload()
    expect(switch).to_have_attribute("aria-checked", "true")
    expect(switch).to_be_enabled()

    # The service worker shows a pushed message: generic text, one at a time.
    cdp = context.new_cdp_session(page)
    registrations: list[dict] = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    for _ in range(50):
        if any(not r["isDeleted"] and r["scopeURL"] == base + "/" for r in registrations):
            break
        page.wait_for_timeout(100)
    registration_id = next(r["registrationId"] for r in registrations if r["scopeURL"] == base + "/")
    message = {"title": "youthvoice", "body": danish("You have something new").danish, "url": "/notifications/"}
    for _ in range(2):
        cdp.send("ServiceWorker.deliverPushMessage",
                 {"origin": base, "registrationId": registration_id, "data": json.dumps(message)})
    shown: list[dict] = []
    for _ in range(50):
        shown = page.evaluate(NOTIFICATIONS_SHOWN)
        if shown:
            break
        page.wait_for_timeout(100)
    assert shown == [{"title": "youthvoice", "body": "Du har noget nyt",
                                                   "tag": "yv-new"}]

    switch.click()
    expect(switch).to_have_attribute("aria-checked", "false")
    expect(page.locator("#push-status")).to_have_text(
        danish("Off. You see what is new when you open youthvoice.").danish)
    assert page.evaluate("window.__unsubscribed") is True
    page.reload()
    expect(switch).to_be_enabled()
    expect(switch).to_have_attribute("aria-checked", "false")


def test_blocked_notifications_are_explained_and_the_list_is_still_there(new_phone_context, new_page,  # type: ignore[no-untyped-def]
                                                                          live_server) -> None:
    base = live_server.url
    context = new_phone_context()  # no permission granted: headless Chromium answers "denied"
    context.add_init_script(FAKE_PUSH_MANAGER)
    page = new_page(context)
    login_as_demo(page, base, "lene")
    page.goto(base + "/account/")
    switch = page.get_by_test_id("push-switch")
    switch.click()
    status = page.locator("#push-status")
    expect(status).to_have_text(
        danish("This browser blocks notifications from youthvoice. You can allow them in its settings.").danish)
    expect(status).to_have_class(re.compile(r"is-error"))
    expect(switch).to_have_attribute("aria-checked", "false")
    expect(switch).to_be_disabled()
    page.get_by_role("link", name=danish("See what is new").danish).click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
