"""The check that keeps a summary's image from stopping pdflatex: real PNG and JPEG files
pass, every one-byte corruption of a PNG's chunks is caught (pdfTeX's libpng stops at it)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from sphinx_shortscience.util.image_files import pdflatex_problem

ROOTS = Path(__file__).parent / "roots"
EXAMPLE = Path(__file__).parent.parent / "example"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(width: int, height: int, *, interlace: int = 0) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, interlace)
    if interlace:
        rows = b""  # Adam7: every pass's rows, each with its filter byte
        for x0, y0, dx, dy in ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
                               (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)):
            columns = max(0, (width - x0 + dx - 1) // dx)
            for _ in range(max(0, (height - y0 + dy - 1) // dy) if columns else 0):
                rows += b"\x00" + b"\x10\x20\x30" * columns
    else:
        rows = b"".join(b"\x01" + b"\x10\x20\x30" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows))
            + _chunk(b"IEND", b""))


@pytest.mark.parametrize("interlace", [0, 1])
def test_a_well_formed_png_passes(tmp_path: Path, interlace: int) -> None:
    path = tmp_path / "p.png"
    path.write_bytes(_png(13, 7, interlace=interlace))
    assert pdflatex_problem(path) is None


def test_every_image_the_project_ships_passes() -> None:
    shipped = [p for folder in (EXAMPLE, ROOTS, Path(__file__).parent.parent / "docs")
               for p in folder.rglob("*") if p.suffix.lower() in (".png", ".jpg", ".jpeg")
               and "_build" not in p.parts]
    broken = {"bad-checksum.png", "not-a-picture.png", "cut-short.jpg"}
    assert shipped
    assert {p.name for p in shipped if pdflatex_problem(p) is not None} <= broken


def test_every_corrupted_byte_of_a_png_is_caught(tmp_path: Path) -> None:
    """Flip each byte after the signature: a changed length, type, data or checksum."""
    good = _png(3, 2)
    path = tmp_path / "p.png"
    for position in range(8, len(good)):
        broken = bytearray(good)
        broken[position] ^= 0x41
        path.write_bytes(bytes(broken))
        assert pdflatex_problem(path) is not None, position


@pytest.mark.parametrize(("content", "problem"), [
    (lambda good: good[:-5], "cut short"),
    (lambda good: good.replace(b"IEND", b"IEN"), "cut short"),
    (lambda good: b"GIF89a" + good[8:], "not a PNG or JPEG"),
    (lambda good: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "cut short"),
    (lambda good: b"\xff\xd8\xff\xd9", "no frame header"),
    (lambda good: b"\xff\xd8\xff\xc0\x00\x0b\x08\x00\x00\x00\x10\x01\x01\x11\x00", "values"),
])
def test_broken_files_are_named(tmp_path: Path, content: object, problem: str) -> None:
    path = tmp_path / "p.img"
    path.write_bytes(content(_png(2, 2)))  # type: ignore[operator]
    assert problem in (pdflatex_problem(path) or "")


def test_a_decompression_bomb_is_refused_before_it_inflates(tmp_path: Path) -> None:
    header = struct.pack(">IIBBBBB", 60000, 60000, 8, 6, 0, 0, 0)
    path = tmp_path / "bomb.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
                     + _chunk(b"IDAT", zlib.compress(b"\x00" * 1_000_000)) + _chunk(b"IEND", b""))
    assert "more than 256 MB" in (pdflatex_problem(path) or "")


def test_a_good_jpeg_passes(tmp_path: Path) -> None:
    path = tmp_path / "p.jpg"
    frame = b"\xff\xc0\x00\x11\x08\x00\x10\x00\x10\x03" + b"\x01\x11\x00\x02\x11\x01\x03\x11\x01"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
                     + frame + b"\xff\xd9")
    assert pdflatex_problem(path) is None
