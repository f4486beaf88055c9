"""The ceiling, and a naive page for scale, served like youthvoice.

    gunicorn -k gthread --threads 8 -w 2 -b 127.0.0.1:PORT --chdir bench bare_app:app

`/` is a bare Flask endpoint returning a small HTML string: the ceiling for any Flask app here.
`/naive?user=<id>` is the page issue 7 takes as its yardstick ("a naive page with three queries and a
template"): three ORM statements on the benchmark's own database (the person, their next five meetings, how
many small steps they took) and a small Jinja template; no log-in, session, CSRF, translations, security headers
or compression. It is measured in the same run, so a key page's ratio can be read against it.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

from flask import Flask, abort, request
from sqlalchemy import create_engine, func
from sqlmodel import Session, select

from youthvoice.identity.models import User
from youthvoice.meetings.models import Meeting
from youthvoice.network.models import Step

app = Flask(__name__)

PAGE = ("<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\"><title>bare</title></head><body><main>"
        "<h1>Hej</h1><p>A bare Flask endpoint: the ceiling for any Flask app here.</p></main></body></html>")

NAIVE_TEMPLATE = app.jinja_env.from_string("""<!doctype html>
<html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hej {{ person.display_name }}</title></head>
<body><header><a href="/">youthvoice</a></header><main>
<h1>Hej {{ person.display_name }}</h1>
<section><h2>Dine næste møder</h2>
{% if meetings %}<ul>{% for meeting in meetings %}
<li><a href="/meetings/{{ meeting.id }}">{{ meeting.kind }}</a> {{ meeting.starts_at.strftime("%d.%m.%Y %H:%M") }}</li>
{% endfor %}</ul>{% else %}<p>Ingen møder.</p>{% endif %}
</section>
<section><h2>Små skridt</h2><p>Du har taget {{ steps }} små skridt.</p></section>
</main><footer>youthvoice</footer></body></html>
""")

_engine = create_engine(os.environ["DATABASE_URL"]) if os.environ.get("DATABASE_URL") else None


@app.get("/")
def index() -> str:
    return PAGE


@app.get("/naive")
def naive() -> str:
    if _engine is None:
        abort(404)
    try:
        person_id = uuid.UUID(request.args.get("user", ""))
    except ValueError:
        abort(404)
    with Session(_engine) as db:
        person = db.exec(select(User).where(User.id == person_id)).first()
        if person is None:
            abort(404)
        meetings = db.exec(select(Meeting).where(Meeting.owner_id == person_id,
                                                 Meeting.starts_at >= datetime.now(UTC))
                           .order_by(Meeting.starts_at).limit(5)).all()
        steps = db.exec(select(func.count()).select_from(Step).where(Step.owner_id == person_id)).one()
        return NAIVE_TEMPLATE.render(person=person, meetings=meetings, steps=steps)
