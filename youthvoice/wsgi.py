"""The WSGI entry point for gunicorn: `gunicorn youthvoice.wsgi:app`."""

import gc

from werkzeug.middleware.proxy_fix import ProxyFix

from youthvoice import create_app

app = create_app()
if app.config.get("BEHIND_PROXY"):
    # Flask's documented way to wrap its WSGI app in middleware (mypy sees a method being replaced)
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

# Everything made while loading the app lives as long as the process: keep it out of the garbage collector's
# full passes (less CPU per request, and forked workers share more memory).
gc.collect()
gc.freeze()
