"""Static files: content-hashed names cached for a year, compressed; pages compressed too."""

from __future__ import annotations

import re


def test_static_files_have_hashed_names_and_long_cache(client):
    page = client.get("/login").get_data(as_text=True)
    css = re.search(r'href="(/static/css/app\.[0-9a-f]{10}\.css)"', page)
    assert css, "the stylesheet is linked by its content-hashed name"
    response = client.get(css.group(1), headers={"Accept-Encoding": "br, gzip"})
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"] and "max-age=31536000" in response.headers["Cache-Control"]
    assert response.headers["Content-Encoding"] == "br"
    assert client.get(css.group(1), headers={"Accept-Encoding": "gzip"}).headers["Content-Encoding"] == "gzip"
    plain = client.get(css.group(1), headers={"Accept-Encoding": ""})
    assert "Content-Encoding" not in plain.headers and b"--primary" in plain.data
    etag = plain.headers["ETag"]
    assert client.get(css.group(1), headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/static/css/app.0000000000.css").status_code == 404
    assert client.get("/static/../pyproject.toml").status_code == 404


def test_pages_are_compressed(client):
    response = client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("Content-Encoding") == "gzip"
