"""One blueprint per area; this module registers them all."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from youthvoice.routes import (
        account,
        admin,
        api,
        auth,
        council,
        council_causes,
        council_members,
        council_public,
        council_rounds,
        decisions,
        demo,
        follow_up,
        health,
        main,
        meetings,
        network,
        notifications,
        people,
        preparation,
        push,
        pwa,
        recovery,
        room,
        steps,
        support,
        transparency,
    )

    for module in (main, auth, account, people, admin, notifications, meetings, preparation, room, follow_up,
                   decisions, transparency, support, pwa, council, council_causes, council_rounds, council_members,
                   council_public, network, steps, health, api, push, recovery):
        app.register_blueprint(module.bp)
    if app.config["DEMO_MODE"]:
        app.register_blueprint(demo.bp)
