"""The WSGI entry point for gunicorn: `gunicorn youthvoice.wsgi:app`."""

from werkzeug.middleware.proxy_fix import ProxyFix

from . import create_app

app = create_app()
if app.config.get("BEHIND_PROXY"):
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
