"""The installable app: manifest, service worker (served from the root scope) and the offline page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, make_response, render_template, url_for
from flask_babel import gettext as _

from youthvoice.network.steps import AREA_LABELS

bp = Blueprint("pwa", __name__, template_folder="templates")

# What the service worker keeps for offline use: only what works without the server. The passkey, council and push
# scripts need the server anyway; their pages load them (cached a year by their hashed names), so a first visit on
# a thin data plan does not pay for them (e2e/test_page_weight.py: at most 50 KB).
SHELL = ("css/app.css", "js/app.js", "js/outbox.js", "js/autosave.js", "js/read-aloud.js", "icons/icon.svg",
         "icons/icon-192.png")


@bp.get("/manifest.webmanifest")
def manifest() -> Any:
    """What a phone needs to install youthvoice on its home screen."""
    asset = current_app.extensions["yv_assets"].url
    icons = [{"src": asset(f"icons/{kind}-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png",
              "purpose": "maskable" if kind == "maskable" else "any"}
             for kind in ("icon", "maskable") for size in (192, 512)]
    response = jsonify({
        "id": "/", "name": "youthvoice", "short_name": "youthvoice", "start_url": "/", "scope": "/",
        "display": "standalone", "background_color": "#f5f3ee", "theme_color": "#17655c",
        "description": _("Your voice in your own case"), "lang": "da", "icons": icons,
    })
    response.mimetype = "application/manifest+json"
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.get("/sw.js")
def service_worker() -> Any:
    """The service worker, from the root so its scope is the whole app; always revalidated."""
    assets = current_app.extensions["yv_assets"]
    body = render_template("pwa/sw.js", version=assets.version, shell=[assets.url(path) for path in SHELL],
                           icon=assets.url("icons/icon-192.png"), notifications=url_for("notifications.index"))
    response = make_response(body)
    response.mimetype = "text/javascript"
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/offline")
def offline() -> Any:
    """Shown by the service worker when a page cannot be reached; it holds nothing personal."""

    response = make_response(render_template("pwa/offline.html", areas=AREA_LABELS))
    response.headers["Cache-Control"] = "no-cache"
    return response
