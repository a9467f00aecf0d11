"""Reading what reference managers export: RIS, BibTeX, PubMed MEDLINE and CSL-JSON.

RIS is read by rispy (``ris``) and BibTeX by bibtexparser 2 (``bibtex``, with its middlewares in
the order BibTeX defines, ``bibtex_middlewares``: field names case-insensitive, co-authors
separated and names split while braces still protect "{Centers for Disease Control and
Prevention}", LaTeX decoded last). MEDLINE (NLM's MEDLINE/PubMed format, ``medline``) and
CSL-JSON (the CSL-JSON schema, ``csl_json``) have no maintained Python reader that fits, so they
are read here, following their specifications. What every format shares is in modules of its
own: bytes to text (``decoding``), the limits on a file (``limits``), values whatever the format
(``fields``), and the steps that finish every entry (``finishing``); ``reading`` recognises the
format and runs them.

Every format becomes the same ``ParsedEntry`` (``entries``); an entry lists what stops it from
becoming a reference in ``errors`` and what was changed or dropped on the way in ``warnings``.
Identifiers come only from the fields that mean them, and the evidence kind only from the
record's publication-type data: when a file does not say, ``kind`` is "" and the person
importing chooses. A file that cannot be read at all raises ``ReferenceParseError`` with a
message for the user. Each entry is parsed once, in time linear in the file's size; nothing here
touches the database.
"""

from bibtexparser.splitter import Splitter

from references.parsers.bibtex import parse_bibtex
from references.parsers.csl_json import parse_csl_json
from references.parsers.decoding import decode_upload
from references.parsers.entries import (
    FORMAT_BIBTEX,
    FORMAT_CHOICES,
    FORMAT_CSL_JSON,
    FORMAT_MEDLINE,
    FORMAT_RIS,
    ParsedEntry,
    ParsedFile,
    ReferenceParseError,
)
from references.parsers.fields import (
    clean,
    doi_or_url,
    extract_doi,
    kind_from_publication_types,
    name_from_text,
    parse_year,
    vancouver_name,
)
from references.parsers.finishing import finish_entry, validate_entry
from references.parsers.limits import MAX_ENTRIES, MAX_IMPORT_BYTES, MAX_JSON_DEPTH, MAX_LENGTHS
from references.parsers.medline import parse_medline
from references.parsers.reading import PARSERS, detect_format, parse_references, read_references
from references.parsers.ris import parse_ris

__all__ = [
    "FORMAT_BIBTEX",
    "FORMAT_CHOICES",
    "FORMAT_CSL_JSON",
    "FORMAT_MEDLINE",
    "FORMAT_RIS",
    "MAX_ENTRIES",
    "MAX_IMPORT_BYTES",
    "MAX_JSON_DEPTH",
    "MAX_LENGTHS",
    "PARSERS",
    "ParsedEntry",
    "ParsedFile",
    "ReferenceParseError",
    "Splitter",  # bibtexparser's, which the BibTeX reader runs (tests watch it)
    "clean",
    "decode_upload",
    "detect_format",
    "doi_or_url",
    "extract_doi",
    "finish_entry",
    "kind_from_publication_types",
    "name_from_text",
    "parse_bibtex",
    "parse_csl_json",
    "parse_medline",
    "parse_references",
    "parse_ris",
    "parse_year",
    "read_references",
    "validate_entry",
    "vancouver_name",
]
