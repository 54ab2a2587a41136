"""Whether pdflatex can include an image file a summary names.

pdfTeX stops the whole book at an image it cannot read (``libpng: internal error`` for a
PNG whose checksum is wrong, a fatal error for a truncated JPEG header), so a summary's
image goes into the PDF only in a format checked here: PNG (every chunk's CRC, the
header's values, the pixel data inflating to exactly the size the header promises) and
JPEG (the markers up to the frame header pdfTeX reads). Anything else is refused: the
check is an allow-list, not a list of known ways to break libpng.
"""

from __future__ import annotations

import struct
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: The largest image a summary may put in the PDF, in bytes of pixel data (and of file).
MAX_PIXEL_BYTES = 256 * 1024 * 1024
MAX_FILE_BYTES = 64 * 1024 * 1024
#: PNG colour type -> (allowed bit depths, samples per pixel)
_PNG_COLOUR_TYPES = {0: ((1, 2, 4, 8, 16), 1), 2: ((8, 16), 3), 3: ((1, 2, 4, 8), 1),
                     4: ((8, 16), 2), 6: ((8, 16), 4)}
#: JPEG start-of-frame markers pdfTeX reads (baseline, extended, progressive, lossless).
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def pdflatex_problem(path: Path) -> str | None:
    """Why pdflatex could not include ``path``, or ``None`` when it can."""
    try:
        if not path.is_file():
            return "the file is not there"
        if path.stat().st_size > MAX_FILE_BYTES:
            return f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"
        data = path.read_bytes()
    except OSError as error:
        return f"the file cannot be read ({error.strerror or error})"
    if data.startswith(PNG_SIGNATURE):
        return _png_problem(data)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_problem(data)
    return "it is not a PNG or JPEG file (the formats a summary's image may have in the PDF)"


def shown_as_text_message(uri: str, problem: str) -> str:
    return f"image {uri[:60]!r} is shown as its text in the PDF: {problem}"


def _png_problem(data: bytes) -> str | None:
    position = len(PNG_SIGNATURE)
    header: bytes | None = None
    compressed = bytearray()
    has_palette = ended = False
    while position < len(data) and not ended:
        if position + 12 > len(data):
            return "the PNG file is cut short"
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        chunk = data[position + 8:position + 8 + length]
        if len(chunk) != length or position + 12 + length > len(data):
            return "the PNG file is cut short"
        (checksum,) = struct.unpack(">I", data[position + 8 + length:position + 12 + length])
        if zlib.crc32(kind + chunk) != checksum:
            return f"the PNG chunk {kind.decode('latin-1')!r} fails its checksum"
        if header is None and kind != b"IHDR":
            return "the PNG file does not start with its header"
        if kind == b"IHDR":
            header = chunk
        elif kind == b"PLTE":
            has_palette = True
        elif kind == b"IDAT":
            compressed += chunk
        elif kind == b"IEND":
            ended = True
        position += 12 + length
    if header is None or not ended:
        return "the PNG file is cut short"
    return _png_pixels_problem(header, bytes(compressed), has_palette)


def _png_pixels_problem(header: bytes, compressed: bytes, has_palette: bool) -> str | None:
    if len(header) != 13:
        return "the PNG header has the wrong size"
    width, height, depth, colour, method, filtering, interlace = struct.unpack(">IIBBBBB", header)
    depths, samples = _PNG_COLOUR_TYPES.get(colour, ((), 0))
    if not (width and height) or depth not in depths or method or filtering or interlace > 1:
        return "the PNG header holds values no PNG reader accepts"
    if colour == 3 and not has_palette:
        return "the PNG image has no palette"
    row_bytes = (width * samples * depth + 7) // 8
    expected = _interlaced_size(width, height, samples * depth) if interlace else (
        height * (row_bytes + 1))
    if expected > MAX_PIXEL_BYTES:
        return f"the image's pixels take more than {MAX_PIXEL_BYTES // (1024 * 1024)} MB"
    inflater = zlib.decompressobj()
    try:
        pixels = inflater.decompress(compressed, expected + 1)
    except zlib.error:
        return "the PNG pixel data does not inflate"
    if len(pixels) != expected or not inflater.eof:
        return "the PNG pixel data does not fill the image its header describes"
    if not interlace and any(pixels[row * (row_bytes + 1)] > 4 for row in range(height)):
        return "the PNG pixel data names a filter that does not exist"
    return None


def _interlaced_size(width: int, height: int, bits_per_pixel: int) -> int:
    """Bytes of filtered pixel data in the seven Adam7 passes."""
    total = 0
    for x0, y0, dx, dy in ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
                           (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)):
        columns = (width - x0 + dx - 1) // dx if width > x0 else 0
        rows = (height - y0 + dy - 1) // dy if height > y0 else 0
        if columns and rows:
            total += rows * ((columns * bits_per_pixel + 7) // 8 + 1)
    return total


def _jpeg_problem(data: bytes) -> str | None:
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return "the JPEG file's markers are broken"
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        (length,) = struct.unpack(">H", data[position + 2:position + 4])
        if length < 2 or position + 2 + length > len(data):
            return "the JPEG file is cut short"
        if marker in _JPEG_FRAMES:
            if length < 8:
                return "the JPEG frame header is cut short"
            precision, height, width, components = struct.unpack(
                ">BHHB", data[position + 4:position + 10])
            if precision not in (8, 12) or not (height and width) or components not in (1, 3, 4):
                return "the JPEG frame header holds values pdflatex does not accept"
            return None
        if marker in (0xD9, 0xDA):  # end of image, or scan data before any frame
            break
        position += 2 + length
    return "the JPEG file has no frame header"
