"""Bytes to text: the encodings reference managers write, and what is no text at all."""

from __future__ import annotations

import codecs
import re

from references.parsers.entries import ReferenceParseError
from references.parsers.limits import MAX_IMPORT_BYTES, too_large

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
BINARY_SIGNATURES = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b")
BINARY_SIGNATURES += (b"\xd0\xcf\x11\xe0",)
NOT_TEXT = "This is not a text file. Export RIS, BibTeX, MEDLINE or CSL-JSON and try again."
LATIN1_WARNING = (
    "The file is not UTF-8: it was read as Latin-1 (Windows-1252). Check accented names in the "
    "preview, or export it as UTF-8."
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_upload(data: bytes) -> tuple[str, list[str]]:
    """The text of an uploaded file and warnings about how it was read.

    UTF-8 with or without a byte order mark, UTF-16 (and UTF-32) with one; anything else that is
    not UTF-8 is read as Latin-1 (Windows-1252) with a warning. Huge and binary files raise
    ``ReferenceParseError``. A stray NUL in a text file is left for the entry holding it.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise too_large()
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), []
            except UnicodeDecodeError as error:
                raise ReferenceParseError(
                    f"The file starts as {encoding.upper()} but is not: export it as UTF-8."
                ) from error
    if data.startswith(BINARY_SIGNATURES):
        raise ReferenceParseError(NOT_TEXT)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), [LATIN1_WARNING]
    except UnicodeDecodeError:
        return data.decode("latin-1"), [LATIN1_WARNING]


def check_text(text: str) -> str:
    text = text.removeprefix("\ufeff")
    if len(text) > MAX_IMPORT_BYTES or len(text.encode("utf-8", "surrogatepass")) > (
        MAX_IMPORT_BYTES
    ):
        raise too_large()
    sample = text[:8192]
    controls = len(_CONTROLS.findall(sample))
    if controls > max(8, len(sample) // 100) or (controls and controls * 2 >= len(sample)):
        raise ReferenceParseError(NOT_TEXT)
    return text.replace("\r\n", "\n").replace("\r", "\n")
