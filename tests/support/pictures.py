"""Pictures for tests: a small photo as a phone would send it (with where it was taken in its EXIF)."""

from __future__ import annotations

import io

from PIL import Image

GPS_MARKER = "GPSMARKER-Roskilde-55.64N"


def small_photo(size: tuple[int, int] = (80, 60), fmt: str = "JPEG") -> bytes:
    image = Image.new("RGB", size, (40, 120, 200))
    exif = Image.Exif()
    exif[0x010E] = GPS_MARKER  # ImageDescription: a marker to look for in the bytes
    exif[0x8825] = {1: "N", 2: (55.0, 38.0, 24.0), 3: "E", 4: (12.0, 5.0, 0.0)}  # the GPS IFD
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif.tobytes())
    return out.getvalue()
