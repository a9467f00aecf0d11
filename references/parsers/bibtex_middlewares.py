"""The library's middlewares for bibtexparser 2, run with bibtexparser's own in the order that
keeps BibTeX's meaning (``bibtex_parse_stack``): fields not read dropped first, @strings resolved
as BibTeX does, over-long fields marked, LaTeX decoded last."""

from __future__ import annotations

import re
from typing import Any

from bibtexparser import middlewares
from bibtexparser.middlewares.middleware import BlockMiddleware
from bibtexparser.middlewares.names import NameParts
from bibtexparser.model import Entry, String

from references.latex import LatexDecoder

# The fields read. Others (abstracts, files, notes) are dropped before any decoding, so that
# no time is spent on what is never used.
BIBTEX_FIELDS = {
    "title", "author", "editor", "journal", "journaltitle", "booktitle", "institution",
    "organization", "publisher", "year", "date", "volume", "number", "issue", "pages", "doi",
    "url", "pmid", "pmcid", "isbn", "eprint", "eprinttype", "archiveprefix", "type",
    "entrysubtype", "pubtype", "shortjournal",
}  # fmt: skip
BIBTEX_VENUES = (
    "journal", "journaltitle", "booktitle", "institution", "organization", "publisher",
)  # fmt: skip
# Verbatim fields: a "%" or "\" in a DOI or URL is part of it, not LaTeX.
BIBTEX_VERBATIM = {"doi", "url", "pmid", "pmcid", "isbn", "eprint"}
# A field longer than this cannot fit the library (titles 500, journals 300, authors 1000
# characters, even with LaTeX markup) and is refused without being decoded.
BIBTEX_MAX_FIELD = 4000
BIBTEX_NAME_FIELDS = {"author", "editor"}
BIBTEX_MAX_NAMES = 100_000


def _top_level_split(value: str, separator: str) -> list[str]:
    """``value`` split at ``separator`` outside braces."""
    parts, start, depth = [], 0, 0
    for position, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(value[start:position])
            start = position + 1
    parts.append(value[start:])
    return parts


_AND = re.compile(r"\sand\s", re.IGNORECASE)
_NAME_LIKE = re.compile(r"[^\W\d_][^;]{0,98}", re.UNICODE)


def semicolon_names(value: str) -> list[str] | None:
    """The names of an author field that separates them with semicolons (Biblioscape, some
    hand-written files: ``Baklouti, F.; Huang, S. C.``), or None when it does not: BibTeX's own
    " and " separators win, and every piece must look like a name (a letter first, at most one
    comma, at most eight words, no digits), so that a semicolon inside an organisation's name
    or a note is left alone."""
    if ";" not in value or _AND.search(re.sub(r"\{[^{}]*\}", "", value)):
        return None
    pieces = [piece.strip() for piece in _top_level_split(value, ";")]
    if len(pieces) < 2 or not all(
        _NAME_LIKE.fullmatch(piece)
        and piece.count(",") <= 1
        and len(piece.split()) <= 8
        and not any(char.isdigit() for char in piece)
        for piece in pieces
    ):
        return None
    return pieces


class SemicolonAuthors(BlockMiddleware):
    """Author and editor fields separated by semicolons, rewritten with BibTeX's " and "
    (``semicolon_names``); the entry says so."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True, allow_parallel_execution=True)

    def transform_entry(self, entry: Entry, library: Any) -> Entry:
        for item in entry.fields:
            if item.key in BIBTEX_NAME_FIELDS and isinstance(item.value, str):
                names = semicolon_names(item.value)
                if names:
                    item.value = " and ".join(names)
                    entry.parser_metadata["semicolons"] = True
        return entry


class DropFieldsNotRead(BlockMiddleware):
    """Drops the fields the library does not read (field names compared case-insensitively),
    first, so that no time is spent on abstracts, notes or files."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True, allow_parallel_execution=True)

    def transform_entry(self, entry: Entry, library: Any) -> Entry:
        entry.fields = [item for item in entry.fields if item.key.lower() in BIBTEX_FIELDS]
        return entry


# BibTeX's own abbreviations, which every style defines.
BIBTEX_MONTHS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
    "jun": "June", "jul": "July", "aug": "August", "sep": "September", "oct": "October",
    "nov": "November", "dec": "December",
}  # fmt: skip


def bibtex_value_parts(value: str) -> list[str]:
    """A field's value split at the "#" that concatenate its parts, outside braces and quotes:
    ``jean # " " # {César}`` → ``['jean', '" "', '{César}']``."""
    parts, start, depth, quoted = [], 0, 0, False
    for position, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:position].strip())
            start = position + 1
    parts.append(value[start:].strip())
    return parts


class ResolveStrings(BlockMiddleware):
    """@string abbreviations replaced by their values, as BibTeX does: names compared
    case-insensitively, parts joined with "#" concatenated, @strings defined from others, and
    the month abbreviations. (bibtexparser resolves a value that is a single abbreviation only.)
    An abbreviation is resolved when an entry uses it, so that a file of thousands costs only
    those used. A name nothing defines reads as empty, and its entry says so."""

    def __init__(self, strings: list[String]) -> None:
        super().__init__(allow_inplace_modification=True, allow_parallel_execution=False)
        self.definitions = {string.key.lower(): str(string.value) for string in strings}
        self.resolved: dict[str, str] = dict(BIBTEX_MONTHS)

    def transform_entry(self, entry: Entry, library: Any) -> Entry:
        undefined: list[str] = []
        for item in entry.fields:
            if isinstance(item.value, str) and self._needs_resolving(item.value):
                item.value = "{" + self._resolve(item.value, undefined, set()) + "}"
        if undefined:
            entry.parser_metadata["undefined"] = undefined
        return entry

    @staticmethod
    def _needs_resolving(value: str) -> bool:
        enclosed = value[:1] in ("{", '"') and value[-1:] in ("}", '"')
        return not value.isdigit() and (not enclosed or "#" in value)

    def _resolve(self, value: str, undefined: list[str], resolving: set[str]) -> str:
        text = []
        for part in bibtex_value_parts(value):
            name = part.lower()
            if len(part) >= 2 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
                text.append(part[1:-1])
            elif part.isdigit():
                text.append(part)
            elif name in self.resolved:
                text.append(self.resolved[name])
            elif name in self.definitions and name not in resolving:  # not defined by itself
                resolved = self._resolve(self.definitions[name], undefined, resolving | {name})
                self.resolved[name] = resolved
                text.append(resolved)
            elif part:
                undefined.append(part[:40])
        return "".join(text)


class CheckFieldsRead(BlockMiddleware):
    """Marks over-long fields, which are read as empty. Author lists may be longer: a paper may
    have hundreds of authors, and the library stores them all."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True, allow_parallel_execution=True)

    def transform_entry(self, entry: Entry, library: Any) -> Entry:
        for item in entry.fields:
            if not isinstance(item.value, str):
                continue
            limit = BIBTEX_MAX_NAMES if item.key in BIBTEX_NAME_FIELDS else BIBTEX_MAX_FIELD
            if len(item.value) > limit:
                item.value = ""
                entry.parser_metadata.setdefault("too_long", []).append(item.key)
        return entry


class DecodeLatex(BlockMiddleware):
    """LaTeX decoded after names are split (so that braces still protect "{Centers for Disease
    Control and Prevention}" while names are split), in every name part of every author, and
    never in verbatim fields. ``references.latex`` decodes: the common forms from a table, the
    rest with pylatexenc within a budget for the whole file."""

    def __init__(self, decoder: LatexDecoder) -> None:
        super().__init__(allow_inplace_modification=True, allow_parallel_execution=False)
        self.decoder = decoder

    def transform_entry(self, entry: Entry, library: Any) -> Entry:
        for item in entry.fields:
            if item.key in BIBTEX_VERBATIM:
                continue
            if isinstance(item.value, str):
                item.value = self._decode(item.value, item.key, entry)
            elif isinstance(item.value, list):
                names = [name for name in item.value if isinstance(name, NameParts)]
                parts = [name.first + name.von + name.last + name.jr for name in names]
                decoded = self.decoder.decode_many([part for name in parts for part in name])
                for kept_because in {kept for _, kept in decoded if kept}:
                    self._kept(kept_because, item.key, entry)
                texts = iter(text for text, _ in decoded)
                for name in names:
                    name.first = [next(texts) for _ in name.first]
                    name.von = [next(texts) for _ in name.von]
                    name.last = [next(texts) for _ in name.last]
                    name.jr = [next(texts) for _ in name.jr]
        return entry

    def _decode(self, value: str, key: str, entry: Entry) -> str:
        text, kept_because = self.decoder.decode(value)
        if kept_because:
            self._kept(kept_because, key, entry)
        return text

    @staticmethod
    def _kept(kept_because: str, key: str, entry: Entry) -> None:
        kept = entry.parser_metadata.setdefault(f"latex_{kept_because}", [])
        if key not in kept:
            kept.append(key)


def bibtex_parse_stack(strings: list[String]) -> list[Any]:
    """bibtexparser's middlewares, and the library's, in the order that keeps BibTeX's meaning;
    they go through the entries only, the @strings being resolved where used."""
    return [
        DropFieldsNotRead(),
        ResolveStrings(strings),
        middlewares.RemoveEnclosingMiddleware(allow_inplace_modification=True),
        middlewares.NormalizeFieldKeys(allow_inplace_modification=True),
        CheckFieldsRead(),
        SemicolonAuthors(),
        middlewares.SeparateCoAuthors(allow_inplace_modification=True),
        middlewares.SplitNameParts(allow_inplace_modification=True),
        DecodeLatex(LatexDecoder()),
    ]
