"""Small recordings in the containers phones make (WebM, Ogg Opus, MP4), with chosen lengths and a marker in
their bytes, for the voice-answer tests. Real recordings from Chromium's fake microphone are in the e2e."""

from __future__ import annotations

import struct


def webm(marker: bytes = b"", size: int = 2000) -> bytes:
    """A WebM stream as MediaRecorder writes it: EBML header (doc type "webm"), then a Segment (no length)."""
    header = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02"
    body = header + b"\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff" + marker
    return body + b"\x00" * max(0, size - len(body))


def _ogg_page(granule: int, payload: bytes, sequence: int, flags: int = 0) -> bytes:
    return (b"OggS" + bytes([0, flags]) + struct.pack("<qII", granule, 1234, sequence) + b"\x00\x00\x00\x00"
            + bytes([1, len(payload)]) + payload)


def ogg(seconds: float, marker: bytes = b"") -> bytes:
    """Opus in Ogg: the head page, a page of sound and a last page whose granule position gives the length."""
    head = b"OpusHead" + bytes([1, 1]) + struct.pack("<HIhB", 312, 48000, 0, 0)
    return (_ogg_page(0, head, 0, flags=2) + _ogg_page(0, (b"OpusTags" + marker)[:255], 1)
            + _ogg_page(int(seconds * 48000) + 312, b"\x00" * 200, 2, flags=4))


def _box(kind: bytes, content: bytes) -> bytes:
    return struct.pack(">I", 8 + len(content)) + kind + content


def mp4(seconds: float, marker: bytes = b"") -> bytes:
    """AAC in MP4: ftyp, moov with a movie header (timescale 1000), and mdat."""
    mvhd = bytes(4) + struct.pack(">IIII", 0, 0, 1000, int(seconds * 1000)) + bytes(80)
    return _box(b"ftyp", b"M4A \x00\x00\x00\x00isomM4A ") + _box(b"moov", _box(b"mvhd", mvhd)) \
        + _box(b"mdat", marker + bytes(500))
