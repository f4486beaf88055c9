"""youthvoice: young people's own voice in their case."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

STATIC_FOLDER = Path(__file__).resolve().parent.parent / "static"


def create_app(test_config: Mapping[str, Any] | None = None, *, instance_path: str | None = None) -> Flask:
    """Build the app: configuration from defaults, then the environment, then `test_config`."""
    from youthvoice import (
        assets,
        audit_anchor,
        cli,
        db,
        errors,
        fragments,
        i18n,
        idempotency,
        push,
        sealing,
        security,
        template_globals,
        words,
    )
    from youthvoice.config import Defaults, from_environment, instance_secret_key
    from youthvoice.extensions import babel, compress, csrf, limiter, login_manager
    from youthvoice.request import CleanRequest
    from youthvoice.routes import register_blueprints
    from youthvoice.sessions import DatabaseSessionInterface

    app = Flask(__name__, instance_relative_config=True, static_folder=None,
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
    audit_anchor.init_app(app)  # the audit keys (AUDIT_KEYS, or the instance folder's) and where checkpoints go
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = db.default_database_url(app.instance_path)
    app.config["WEBAUTHN_ORIGIN"] = app.config["WEBAUTHN_ORIGIN"].rstrip("/")
    app.config["RATELIMIT_STORAGE_URI"] = app.config.get("REDIS_URL") or "memory://"

    db.init_app(app)
    words.init_app(app)  # after db: its after_request hook runs before the session is released
    push.init_app(app)
    assets.init_app(app, STATIC_FOLDER)
    compress.init_app(app)
    app.session_interface = DatabaseSessionInterface()
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    template_globals.init_app(app)
    fragments.init_app(app)
    errors.init_app(app)
    idempotency.init_app(app)
    register_blueprints(app)
    cli.init_app(app)
    return app
