"""youthvoice: young people's own voice in their case."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from youthvoice.admin import area as admin_area
from youthvoice.api import area as api_area
from youthvoice.casework import area as casework_area
from youthvoice.core import area as core_area
from youthvoice.core import assets, db, errors, idempotency, logs, metrics, security
from youthvoice.core.config import Defaults, from_environment, instance_secret_key
from youthvoice.core.extensions import babel, compress, csrf, limiter, login_manager
from youthvoice.core.request import CleanRequest
from youthvoice.council import area as council_area
from youthvoice.demo import area as demo_area
from youthvoice.groups import area as groups_area
from youthvoice.home import area as home_area
from youthvoice.identity import area as identity_area
from youthvoice.identity.sessions import DatabaseSessionInterface
from youthvoice.meetings import area as meetings_area
from youthvoice.mydata import area as mydata_area
from youthvoice.network import area as network_area
from youthvoice.notify import area as notify_area
from youthvoice.privacy import area as privacy_area
from youthvoice.privacy import sealing
from youthvoice.pwa import area as pwa_area
from youthvoice.sharing import area as sharing_area
from youthvoice.support import area as support_area
from youthvoice.transition import area as transition_area
from youthvoice.web import fragments, i18n, template_globals

# In the order they join the app: lower layers first (README, "Architecture").
AREAS = (core_area, privacy_area, notify_area, identity_area, sharing_area, meetings_area, support_area, network_area,
         council_area, groups_area, mydata_area, casework_area, transition_area, admin_area, api_area, pwa_area,
         home_area, demo_area)

STATIC_FOLDER = Path(__file__).resolve().parent.parent / "static"


def create_app(test_config: Mapping[str, Any] | None = None, *, instance_path: str | None = None) -> Flask:
    """Build the app: configuration from defaults, then the environment, then `test_config`."""

    app = Flask(__name__, instance_relative_config=True, static_folder=None, template_folder="web/templates",
                instance_path=instance_path or os.environ.get("YOUTHVOICE_INSTANCE"))
    app.request_class = CleanRequest
    app.config.from_object(Defaults)
    app.config.update(from_environment())
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    if not app.config.get("MASTER_KEYS"):
        app.config["MASTER_KEYS"] = sealing.instance_master_keys(app.instance_path)
    app.extensions["yv_master_keys"] = sealing.MasterKeys.parse(app.config["MASTER_KEYS"])
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = db.default_database_url(app.instance_path)
    app.config["WEBAUTHN_ORIGIN"] = app.config["WEBAUTHN_ORIGIN"].rstrip("/")
    app.config["RATELIMIT_STORAGE_URI"] = app.config.get("REDIS_URL") or "memory://"

    security.init_app(app)  # first: its headers go on every response, the error page of a failed commit too
    logs.init_app(app)  # before the unit of work: a request's log line is written after its commit
    metrics.init_app(app)  # so is its count and time
    db.init_app(app)  # then the unit of work: its commit runs after every later after_request hook
    assets.init_app(app, STATIC_FOLDER)
    compress.init_app(app)
    app.session_interface = DatabaseSessionInterface()
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    template_globals.init_app(app)
    fragments.init_app(app)
    errors.init_app(app)
    idempotency.init_app(app)
    for area in AREAS:  # (after db: the after_request hooks areas add run before the unit of work ends)
        area.init_app(app)
    return app
