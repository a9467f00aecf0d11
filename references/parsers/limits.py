"""What a file may hold: its size, its number of entries, how deep it nests, and the length of
each field (those of ``Reference``, so that an over-long value is an entry error, not a database
error)."""

from __future__ import annotations

from references.parsers.entries import ReferenceParseError

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_ENTRIES = 1000
MAX_JSON_DEPTH = 16

# Field lengths of Reference, so that an over-long value is an entry error, not a database error.
MAX_LENGTHS = {
    "title": 500,
    "authors": 100_000,  # any number of authors (a consortium paper's thousands), within reason
    "journal": 300,
    "journal_abbreviation": 120,
    "publisher": 200,
    "volume": 20,
    "issue": 20,
    "pages": 40,
    "doi": 255,
    "pmcid": 16,
    "url": 500,
}


def too_large() -> ReferenceParseError:
    return ReferenceParseError(
        f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB: split it and import "
        "the parts."
    )


def check_count(count: int) -> None:
    if count > MAX_ENTRIES:
        raise ReferenceParseError(
            f"The file holds {count} references; import at most {MAX_ENTRIES} at a time."
        )


def check_nesting(text: str, opening: str, closing: str, what: str) -> None:
    depth = 0
    in_string = escaped = False
    quote = '"' if opening == "[{" else None
    for char in text:
        if quote:
            if in_string:
                if escaped:
                    escaped = False
                elif char == "\\":
                    escaped = True
                elif char == quote:
                    in_string = False
                continue
            if char == quote:
                in_string = True
                continue
        if char in opening:
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise ReferenceParseError(
                    f"The file nests {what} more than {MAX_JSON_DEPTH} levels deep; no reference "
                    "manager exports that."
                )
        elif char in closing:
            depth -= 1
