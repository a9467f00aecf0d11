"""Reading a file: its format recognised (or given), its text checked, each entry read by its
format's reader and finished the same way."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from references.parsers.bibtex import parse_bibtex
from references.parsers.csl_json import parse_csl_json
from references.parsers.decoding import check_text, decode_upload
from references.parsers.entries import (
    FORMAT_BIBTEX,
    FORMAT_CSL_JSON,
    FORMAT_MEDLINE,
    FORMAT_RIS,
    ParsedEntry,
    ParsedFile,
    ReferenceParseError,
)
from references.parsers.finishing import finish_entry
from references.parsers.limits import check_count
from references.parsers.medline import MEDLINE_PMID, parse_medline
from references.parsers.ris import RIS_START, parse_ris

logger = logging.getLogger(__name__)

PARSERS: dict[str, Callable[[str], list[ParsedEntry]]] = {
    FORMAT_RIS: parse_ris,
    FORMAT_BIBTEX: parse_bibtex,
    FORMAT_MEDLINE: parse_medline,
    FORMAT_CSL_JSON: parse_csl_json,
}


def detect_format(text: str) -> str:
    stripped = text.lstrip(" \n\t")
    if stripped.startswith(("[", "{")):
        return FORMAT_CSL_JSON
    if RIS_START.search(text):
        return FORMAT_RIS
    if MEDLINE_PMID.search(text):
        return FORMAT_MEDLINE
    if re.search(r"^\s*@\s*[A-Za-z]+\s*[{(]", text, re.MULTILINE):
        return FORMAT_BIBTEX
    raise ReferenceParseError(
        "The format was not recognised. Paste or upload RIS, BibTeX, PubMed MEDLINE (.nbib) or "
        "CSL-JSON as your reference manager exports it."
    )


def parse_references(text: str, format: str = "") -> ParsedFile:
    """Read ``text`` in ``format`` (recognised when empty) into checked entries."""
    text = check_text(text)
    if not text.strip():
        raise ReferenceParseError("There is nothing to import: the file or text is empty.")
    format = format or detect_format(text)
    parser = PARSERS.get(format)
    if parser is None:
        raise ReferenceParseError("Unknown format.")
    try:
        entries = parser(text)
    except ReferenceParseError:
        raise
    except RecursionError as error:
        raise ReferenceParseError("The file is nested too deeply to be read.") from error
    except Exception as error:  # a library failing on hostile input is the file's fault
        logger.info("Reference file could not be parsed: %r", error)
        raise ReferenceParseError(
            "The file could not be read. Check that it is a complete export."
        ) from error
    if not entries:
        raise ReferenceParseError("No references were found in the file.")
    check_count(len(entries))
    for position, entry in enumerate(entries, start=1):
        entry.position = position
        finish_entry(entry)
    return ParsedFile(entries=entries, format=format)


def read_references(data: bytes, format: str = "") -> ParsedFile:
    """An uploaded file's bytes, decoded and parsed."""
    text, warnings = decode_upload(data)
    parsed = parse_references(text, format)
    parsed.warnings[:0] = warnings
    return parsed
