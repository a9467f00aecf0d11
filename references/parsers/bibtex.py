"""BibTeX, read by bibtexparser 2 with its middlewares and the library's
(``references.parsers.bibtex_middlewares``)."""

from __future__ import annotations

import re
from typing import Any

from bibtexparser.library import Library
from bibtexparser.middlewares.names import NameParts
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
    String,
)
from bibtexparser.splitter import Splitter

from references.parsers.bibtex_middlewares import (
    BIBTEX_MAX_FIELD,
    BIBTEX_VENUES,
    BIBTEX_VERBATIM,
    bibtex_parse_stack,
)
from references.parsers.entries import ParsedEntry, ReferenceParseError
from references.parsers.fields import (
    clean,
    doi_or_url,
    extract_isbn,
    extract_pmcid,
    kind_from_publication_types,
    parse_year,
    vancouver_name,
)
from references.parsers.limits import check_count, check_nesting

# The start of an entry (not an @string, @comment or @preamble) at the start of a line or right
# after another block, counted before splitting so that a file of too many entries is refused
# without being read.
BIBTEX_ENTRY_START = re.compile(
    r"(?:^|[})])[ \t]*@[ \t]*(?!(?:string|comment|preamble)\b)[A-Za-z]+[ \t]*[{(]",
    re.MULTILINE | re.IGNORECASE,
)


def parse_bibtex(text: str) -> list[ParsedEntry]:
    # Entries nested past a few levels of braces are no real export; refuse them early.
    check_nesting(text, "{", "}", "braces")
    check_count(len(BIBTEX_ENTRY_START.findall(text)))
    split = Splitter(bibstr=text).split()
    # Entries only go through the middlewares: comments and preambles are no references, and
    # @strings are resolved where entries use them.
    blocks = [
        block
        for block in split.blocks
        if isinstance(block, Entry)
        or (isinstance(block, ParsingFailedBlock) and _is_failed_entry(block))
    ]
    check_count(len(blocks))
    if not blocks:
        raise ReferenceParseError("No BibTeX entry was found.")
    blocks, repeated_keys = _entries_kept(blocks)
    library = Library(blocks, fail_on_duplicate_key=False)
    # Every @string in file order, a repeated one too (bibtexparser fails the repeat): the last
    # definition holds, as in BibTeX for the entries after it.
    strings = [
        block.ignore_error_block if isinstance(block, ParsingFailedBlock) else block
        for block in split.blocks
        if isinstance(getattr(block, "ignore_error_block", block), String)
    ]
    for middleware in bibtex_parse_stack(strings):
        library = middleware.transform(library)
    entries = []
    for block in library.blocks:
        if isinstance(block, Entry):
            block.key = repeated_keys.get(block.key, block.key)
            entries.append(bibtex_entry(block))
        elif isinstance(block, ParsingFailedBlock):
            entries.append(bibtex_failed_entry(block))
    return entries


def _entries_kept(blocks: list[Any]) -> tuple[list[Any], dict[str, str]]:
    """Entries that bibtexparser would set aside but that are fine to read, read like the
    others, with a warning: an entry whose key repeats an earlier one's (given a key of its own
    while the middlewares run, returned in the map to be restored), and an entry with a field
    given twice (the first kept, as BibTeX does)."""
    kept, seen, repeated = [], set(), {}
    for block in blocks:
        original = getattr(block, "ignore_error_block", None)
        if isinstance(block, DuplicateBlockKeyBlock) and isinstance(original, Entry):
            block = original
        elif isinstance(block, DuplicateFieldKeyBlock) and isinstance(original, Entry):
            block = _first_of_each_field(original)
        if isinstance(block, Entry):
            if block.key.casefold() in seen:
                block.parser_metadata["repeated_key"] = True
                original, block.key = block.key, f"{block.key}\u0000{len(repeated) + 1}"
                repeated[block.key] = original
            seen.add(block.key.casefold())
        kept.append(block)
    return kept, repeated


def _first_of_each_field(entry: Entry) -> Entry:
    fields, names = [], set()
    for item in entry.fields:
        if item.key.lower() in names:
            entry.parser_metadata.setdefault("repeated_fields", []).append(item.key.lower())
            continue
        names.add(item.key.lower())
        fields.append(item)
    entry.fields = fields
    return entry


def _is_failed_entry(block: ParsingFailedBlock) -> bool:
    """A block that failed and was an entry (not a repeated or broken @string)."""
    if isinstance(block.ignore_error_block, String):
        return False
    return not re.match(r"\s*@\s*string\b", block.raw or "", re.IGNORECASE)


def bibtex_failed_entry(block: ParsingFailedBlock) -> ParsedEntry:
    original = block.ignore_error_block
    if isinstance(original, Entry) and type(block).__name__ == "DuplicateBlockKeyBlock":
        return bibtex_entry(original)  # a repeated key: the entry itself is fine
    match = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]+)", block.raw or "")
    failed = ParsedEntry(source_key=match.group(1)[:64] if match else "")
    failed.errors.append(
        f"This entry could not be read (line {block.start_line + 1}); it may be cut off or have "
        "unbalanced braces."
    )
    return failed


def _bibtex_text(fields: dict[str, Any], *names: str) -> str:
    """The first of the fields that has a value. Decoding LaTeX has taken the braces out of the
    others, so a brace left is a character (``\\{``) or part of a field kept as written;
    verbatim fields (DOI, URL) lose the braces that protect them."""
    for name in names:
        value = fields.get(name)
        if isinstance(value, str) and clean(value):
            if name in BIBTEX_VERBATIM:
                value = value.replace("{", "").replace("}", "")
            return clean(value)
    return ""


BIBTEX_WORK_TYPES = {"book": "book", "inbook": "chapter", "incollection": "chapter"}


def bibtex_entry(entry: Entry) -> ParsedEntry:
    fields = {item.key: item.value for item in entry.fields}
    doi, url = doi_or_url(_bibtex_text(fields, "doi"), [_bibtex_text(fields, "url")])
    parsed = ParsedEntry(
        source_key=entry.key,
        title=_bibtex_text(fields, "title"),
        authors=bibtex_authors(fields),
        journal=_bibtex_text(fields, *BIBTEX_VENUES),
        year=parse_year(_bibtex_text(fields, "year", "date")),
        volume=_bibtex_text(fields, "volume"),
        issue=_bibtex_text(fields, "number", "issue"),
        pages=re.sub(r"[\u2013\u2014]|-+", "-", _bibtex_text(fields, "pages")),
        doi=doi,
        pmid=bibtex_pmid(fields),
        pmcid=extract_pmcid(_bibtex_text(fields, "pmcid")),
        isbn=extract_isbn([_bibtex_text(fields, "isbn")]),
        url=url,
        kind=kind_from_publication_types(
            [_bibtex_text(fields, name) for name in ("type", "entrysubtype", "pubtype")]
        ),
    )
    if entry.parser_metadata.get("repeated_key"):
        parsed.warnings.append(
            f"The key “{entry.key[:64]}” repeats an earlier entry's: this entry gets a citation "
            "key of its own."
        )
    for name in sorted(set(entry.parser_metadata.get("repeated_fields", []))):
        parsed.warnings.append(f"The {name} field is given twice: the first is kept.")
    if entry.parser_metadata.get("semicolons"):
        parsed.warnings.append("The authors were separated by semicolons: check the names.")
    for name in entry.parser_metadata.get("too_long", []):
        parsed.errors.append(f"The {name} field is longer than {BIBTEX_MAX_FIELD} characters.")
    parsed.work_type = BIBTEX_WORK_TYPES.get(entry.entry_type.lower(), "article")
    if parsed.work_type == "article":
        parsed.journal_abbreviation = _bibtex_text(fields, "shortjournal")
    elif _bibtex_text(fields, "publisher") != parsed.journal:
        parsed.publisher = _bibtex_text(fields, "publisher")
    for name in entry.parser_metadata.get("undefined", []):
        parsed.warnings.append(f"“{name}” is an abbreviation no @string in the file defines.")
    if entry.parser_metadata.get("latex_error"):
        parsed.errors.append("Some LaTeX in this entry could not be read.")
    for name in entry.parser_metadata.get("latex_budget", []):
        parsed.warnings.append(
            f"The LaTeX in the {name} field is shown as written, not decoded: the file holds "
            "more LaTeX than one import decodes. Check it, or import the file in parts."
        )
    return parsed


def bibtex_authors(fields: dict[str, Any]) -> list[str]:
    """Authors, else editors. A name without a first name is kept whole: an organisation in
    braces ("{World Health Organization}") or a single name."""
    names = fields.get("author") or fields.get("editor") or []
    if isinstance(names, str):  # a field SeparateCoAuthors could not split
        names = [names]
    authors = []
    for name in names:
        if not isinstance(name, NameParts):
            authors.append(clean(name))
        elif not name.first and not name.jr:
            authors.append(clean(" ".join(name.von + name.last)))
        else:
            authors.append(
                vancouver_name(" ".join(name.von + name.last), " ".join(name.first))
                + (f" {clean(' '.join(name.jr))}" if name.jr else "")
            )
    return [author for author in authors if author]


def bibtex_pmid(fields: dict[str, Any]) -> str:
    """A ``pmid`` field, or an ``eprint`` whose ``eprinttype`` is pubmed (biblatex)."""
    pmid = _bibtex_text(fields, "pmid")
    if not pmid and _bibtex_text(fields, "eprinttype", "archiveprefix").lower() == "pubmed":
        pmid = _bibtex_text(fields, "eprint")
    return pmid
