"""Uploaded pictures (a professional's profile photo): decoded with Pillow, checked, and re-encoded as a small JPEG,
so what is kept and served is a picture we made, never the bytes as they came: no metadata (a phone's photo carries
where and when it was taken in its EXIF), no hidden payload, no format a browser might read as something else.

Refused with a translated message: not a picture (JPEG, PNG or WebP), too many bytes, too many pixels (a
"decompression bomb": a small file that would unpack to gigabytes), or broken.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from youthvoice.core.errors import InvalidInput

MAX_BYTES = 12 * 1024 * 1024  # a phone's photo is 2-4 MB; a 48-megapixel one at full size up to about 12
MAX_PIXELS = 40_000_000  # 48-megapixel phones bin to 12; anything bigger is refused before it is unpacked
FORMATS = {"JPEG", "PNG", "WEBP"}
CONTENT_TYPE = "image/jpeg"


@dataclass(frozen=True)
class Picture:
    data: bytes
    width: int
    height: int
    content_type: str = CONTENT_TYPE


def reencode(data: bytes, *, longest_side: int = 600, field: str = "photo") -> Picture:
    """The picture in `data`, turned upright, shrunk to `longest_side` and saved again as a JPEG with nothing but
    its pixels."""
    if not data:
        raise InvalidInput(_("Please choose a picture."), field=field)
    if len(data) > MAX_BYTES:
        raise InvalidInput(_("The picture is too big. At most %(num)d MB.", num=MAX_BYTES // (1024 * 1024)),
                           field=field)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in FORMATS:
                    raise InvalidInput(_("That is not a picture we can use. Please choose a JPEG, PNG or WebP "
                                         "picture."), field=field)
                if probe.width * probe.height > MAX_PIXELS:
                    raise InvalidInput(_("The picture has too many pixels."), field=field)
                probe.verify()  # a broken file fails here, before anything is decoded
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
                rgb = _on_white(upright)
                rgb.thumbnail((longest_side, longest_side))
                out = io.BytesIO()
                rgb.save(out, format="JPEG", quality=82, optimize=True)  # no exif, icc or comment: only pixels
                return Picture(out.getvalue(), rgb.width, rgb.height)
    except InvalidInput:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError,
            ValueError, SyntaxError):
        raise InvalidInput(_("That is not a picture we can use. Please choose a JPEG, PNG or WebP picture."),
                           field=field) from None


def _on_white(image: Image.Image) -> Image.Image:
    """RGB, with any transparency laid on white (JPEG has none)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
