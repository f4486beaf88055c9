"""Static files with a content hash in their names, so browsers may keep them for a year.

`asset("css/app.css")` gives `/static/css/app.3f2a1b9c0d.css`; a changed file gets a new name, so nobody is
ever served a stale stylesheet or script. The hashes are computed once at start-up.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import brotli
from flask import Blueprint, Flask, Response, current_app, request
from werkzeug.exceptions import NotFound

YEAR = 365 * 24 * 3600
COMPRESSIBLE = (".css", ".js", ".svg", ".json", ".webmanifest", ".html", ".txt")


@dataclass(frozen=True)
class Asset:
    body: bytes
    mimetype: str
    etag: str
    br: bytes | None
    gz: bytes | None


class Assets:
    """Every static file in memory, compressed once with brotli and gzip (they are small)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hashed: dict[str, str] = {}  # real path -> hashed path
        self.real: dict[str, str] = {}  # hashed path -> real path
        self.files: dict[str, Asset] = {}
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.name.startswith("."):
                continue
            relative = path.relative_to(folder).as_posix()
            body = path.read_bytes()
            digest = hashlib.sha256(body).hexdigest()[:10]
            hashed = f"{relative[: -len(path.suffix)]}.{digest}{path.suffix}" if path.suffix else f"{relative}.{digest}"
            self.hashed[relative] = hashed
            self.real[hashed] = relative
            packed = path.suffix in COMPRESSIBLE and len(body) > 400
            self.files[relative] = Asset(
                body=body, mimetype=mimetypes.guess_type(path.name)[0] or "application/octet-stream", etag=digest,
                br=brotli.compress(body, quality=11) if packed else None,
                gz=gzip.compress(body, compresslevel=9, mtime=0) if packed else None)

    def url(self, relative: str) -> str:
        return "/static/" + self.hashed.get(relative, relative)

    @property
    def version(self) -> str:
        """One short hash of every static file, for the service worker's cache name."""
        return hashlib.sha256("".join(sorted(self.hashed.values())).encode()).hexdigest()[:12]


bp = Blueprint("assets", __name__)


def serve(asset: Asset, cache_control: str) -> Response:
    """One static file, compressed the way the browser accepts, with validators for revalidation."""
    accepted = request.accept_encodings
    if asset.br is not None and accepted["br"]:
        response = Response(asset.br, mimetype=asset.mimetype)
        response.headers["Content-Encoding"] = "br"
    elif asset.gz is not None and accepted["gzip"]:
        response = Response(asset.gz, mimetype=asset.mimetype)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(asset.body, mimetype=asset.mimetype)
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = cache_control
    response.set_etag(asset.etag)
    response.make_conditional(request)  # in place (it returns the same object, typed as werkzeug's Response)
    return response


@bp.get("/static/<path:filename>")
def static_file(filename: str) -> Any:
    """A hashed name is immutable and cached for a year; a plain name is served with a short cache."""
    assets: Assets = current_app.extensions["yv_assets"]
    real = assets.real.get(filename)
    if real is not None:
        return serve(assets.files[real], f"public, max-age={YEAR}, immutable")
    if filename in assets.files:
        return serve(assets.files[filename], "public, max-age=300")
    raise NotFound


_BUILT: dict[tuple[str, tuple[tuple[str, float, int], ...]], Assets] = {}


def _assets_for(folder: Path) -> Assets:
    """Hashing and compressing happens once per process (and again only when a file changed)."""
    state = tuple(sorted((p.as_posix(), p.stat().st_mtime, p.stat().st_size) for p in folder.rglob("*") if p.is_file()))
    key = (folder.as_posix(), state)
    if key not in _BUILT:
        _BUILT.clear()
        _BUILT[key] = Assets(folder)
    return _BUILT[key]


def init_app(app: Flask, folder: Path) -> None:
    assets = _assets_for(folder)
    app.extensions["yv_assets"] = assets
    app.register_blueprint(bp)
    app.add_template_global(assets.url, "asset")
