"""What a voice recording really is, from its bytes: the containers phones record in (Opus in WebM or Ogg, AAC in
MP4), never the type the browser declared. A recording that is not audio, too long, too big or broken is refused
with a message for its owner; what the length is read cheaply where the container says it (Ogg's last granule
position, MP4's movie header). MediaRecorder's WebM has no length in its header: its size limit bounds it."""

from __future__ import annotations

import struct
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from youthvoice.core.errors import InvalidInput

MAX_SECONDS = 120  # the browser stops at 2:00
LENGTH_SLACK = 5  # seconds a container may run over (the last packet, the timer's rounding)
MAX_BYTES = 3 * 1024 * 1024  # two minutes of Opus at the browser's 32 kbit/s are about 0.5 MB; AAC more
MIN_BYTES = 64

MEDIA_TYPES = {"webm": "audio/webm", "ogg": "audio/ogg", "mp4": "audio/mp4"}
EXTENSIONS = {"webm": "webm", "ogg": "ogg", "mp4": "m4a"}

NOT_AUDIO = _l("This is not a sound recording. Record again, or write instead.")
TOO_BIG = _l("The recording is too big. Keep it under 2 minutes.")
TOO_LONG = _l("The recording is longer than 2 minutes. Record a shorter one.")
BROKEN = _l("The recording is broken. Record it again.")


@dataclass(frozen=True)
class Audio:
    container: str  # webm, ogg or mp4
    seconds: float | None  # None: the container does not say (MediaRecorder's WebM)

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.container]


def container_of(data: bytes) -> str | None:
    """The container by its magic bytes: WebM's EBML header, Ogg's page marker, MP4's `ftyp` box."""
    if data[:4] == b"\x1a\x45\xdf\xa3":
        return "webm"
    if data[:4] == b"OggS":
        return "ogg"
    if data[4:8] == b"ftyp":
        return "mp4"
    return None


def check(data: bytes, *, field: str = "audio") -> Audio:
    """The recording's container and length, or InvalidInput saying what is wrong with it."""
    if len(data) > MAX_BYTES:
        raise InvalidInput(TOO_BIG, field)
    container = container_of(data)
    if container is None:
        raise InvalidInput(NOT_AUDIO, field)
    if len(data) < MIN_BYTES:
        raise InvalidInput(BROKEN, field)
    try:
        seconds = {"webm": _webm_seconds, "ogg": _ogg_seconds, "mp4": _mp4_seconds}[container](data)
    except (ValueError, struct.error, IndexError, ZeroDivisionError) as error:
        raise InvalidInput(BROKEN, field) from error
    if seconds is not None and seconds > MAX_SECONDS + LENGTH_SLACK:
        raise InvalidInput(TOO_LONG, field)
    return Audio(container, seconds)


def _webm_seconds(data: bytes) -> float | None:
    """A WebM stream: the EBML header names the document type and a Segment follows it."""
    head = data[:512]
    if b"webm" not in head and b"matroska" not in head:
        raise ValueError("no WebM document type")
    if b"\x18\x53\x80\x67" not in head:
        raise ValueError("no segment")
    return None


def _ogg_seconds(data: bytes) -> float | None:
    """Opus (or Vorbis) in Ogg: the last page's granule position, in samples."""
    if data[4] != 0:
        raise ValueError("unknown Ogg version")
    segments = data[26]
    first = data[27 + segments: 27 + segments + 20]
    if first.startswith(b"OpusHead"):
        pre_skip = struct.unpack_from("<H", first, 10)[0]
        rate = 48000
    elif first.startswith(b"\x01vorbis"):
        pre_skip, rate = 0, struct.unpack_from("<I", first, 12)[0]
    else:
        raise ValueError("not Opus or Vorbis")
    last = data.rfind(b"OggS")
    granule = struct.unpack_from("<q", data, last + 6)[0]
    if granule < 0:  # a page where no packet ends: the length is not known from it
        return None
    return max(granule - pre_skip, 0) / rate


def _mp4_seconds(data: bytes) -> float | None:
    """AAC in MP4: the top-level boxes must add up, and the movie header gives the length (0 in a fragmented
    recording, whose length is then not known)."""
    boxes = dict(_boxes(data, 0, len(data)))
    if "moov" not in boxes:
        raise ValueError("no movie box")
    start, end = boxes["moov"]
    inner = dict(_boxes(data, start, end))
    if "mvhd" not in inner:
        raise ValueError("no movie header")
    at = inner["mvhd"][0]
    version = data[at]
    if version == 1:
        timescale, duration = struct.unpack_from(">IQ", data, at + 20)
    else:
        timescale, duration = struct.unpack_from(">II", data, at + 12)
    if not duration:
        return None
    return duration / timescale


def _boxes(data: bytes, start: int, end: int) -> list[tuple[str, tuple[int, int]]]:
    """The boxes between `start` and `end` as (type, (content start, content end)); a size that runs past the end
    is a broken file."""
    found = []
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, at)
        header = 8
        if size == 1:
            size, header = struct.unpack_from(">Q", data, at + 8)[0], 16
        elif size == 0:
            size = end - at
        if size < header or at + size > end:
            raise ValueError("a box runs past the end")
        found.append((kind.decode("latin-1"), (at + header, at + size)))
        at += size
    return found
