"""The ceiling: a bare Flask app with one endpoint returning a small HTML string, served like youthvoice.

    gunicorn -k gthread --threads 8 -w 2 -b 127.0.0.1:PORT --chdir bench bare_app:app
"""

from flask import Flask

app = Flask(__name__)

PAGE = ("<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\"><title>bare</title></head><body><main>"
        "<h1>Hej</h1><p>A bare Flask endpoint: the ceiling for any Flask app here.</p></main></body></html>")


@app.get("/")
def index() -> str:
    return PAGE
