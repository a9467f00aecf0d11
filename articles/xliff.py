"""Exchange with translation agencies: a revision of an original exported as XLIFF 2.0 and
the translated file imported back into the translation's working copy (its draft).

One ``<unit>`` per piece of text (the question, each section's heading and body), its
paragraphs as ``<segment>``s. What the translator must not change is an inline code: a
citation marker ``[@key]``, inline code, a line break with the list or heading marker after
it as ``<ph>``; emphasis and a link's text as ``<pc>`` around the words translated. The
codes' Markdown is in each unit's ``<originalData>`` for the agency's tools to show, but the
import never reads it back: it takes every code, the blank lines between paragraphs and the
order of the units from the exported revision itself, so markers and Markdown come back
exactly as they were, and a file whose codes were lost, doubled or invented is refused. A
character XML cannot hold (a control character pasted from a word processor) is written as the
core's ``<cp hex="…"/>`` and read back as that character.

The file is written with lxml and read with defusedxml (no DTD, no entity, no external
reference: an XML bomb or an external entity is refused before anything is expanded), up to
``MAX_BYTES``. Every refusal says what is wrong, and nothing is saved unless all is right.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from django.core.exceptions import ValidationError
from django.db import transaction
from lxml import etree

from articles.feeds import NOT_XML as XML_CANNOT_HOLD
from articles.feeds import xml_text
from articles.models import Article, ArticleRevision
from articles.services import article_update
from articles.translations import translation_create
from editorial.languages import is_configured, language_name
from editorial.models import User
from editorial.workflow import WorkflowError
from references.citations import MALFORMED_RE, MARKER_RE

NS = "urn:oasis:names:tc:xliff:document:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MAX_BYTES = 2 * 1024 * 1024  # an article is a few dozen kilobytes of XLIFF
FILE_ID_RE = re.compile(r"article-(?P<article>\d+)-revision-(?P<revision>\d+)\Z")
NOTE = (
    "Translate the text of each segment into its target. Keep every code (ph, pc) as it is: "
    "they are citation markers, links and Markdown the article needs."
)

TOO_BIG = "The file is larger than {limit} kB: an article's XLIFF is far smaller."
NOT_XML = "The file is not well-formed XML ({error})."
UNSAFE_XML = (
    "The file declares a document type or entities (XML bombs and external entities are how "
    "such files attack a server): an XLIFF 2.0 file needs none. Nothing was read."
)
NOT_XLIFF = 'The file is not an XLIFF 2.0 document (its root is not <xliff version="2.0">).'
ONE_FILE = "The file must hold exactly one <file>, the one exported from this site."
NOT_OURS = "The file does not name an article and revision of this site (file id “{id}”)."
OTHER_ARTICLE = (
    "The file is for another article (article {found}): this is article {expected}, "
    "“{title}”. Export this article's file and translate that."
)
OTHER_REVISION = (
    "The file translates revision {found} of “{title}”, but the {language} translation "
    "translates revision {expected}. Export the file again and translate that."
)
SOURCE_LANGUAGE = "The file's source language is “{found}”; “{title}” is written in {language}."
OTHER_TARGET = "The file is a translation into “{found}”, not into {language} as chosen."
NO_TARGET_LANGUAGE = "The file names no target language (trgLang)."
UNIT_MISSING = "The unit “{unit}” ({what}) is missing from the file."
UNIT_UNKNOWN = "The file has a unit “{unit}” that the exported revision has not."
UNIT_TWICE = "The unit “{unit}” is in the file twice."
SEGMENT_MISSING = "In “{unit}” ({what}), segment “{segment}” is missing or has no <target>."
EMPTY_TARGET = "In “{unit}” ({what}), segment “{segment}” has an empty translation."
CODES_CHANGED = (
    "In “{unit}” ({what}), segment “{segment}”: the codes (citation markers, links, Markdown) "
    "must be kept exactly once each; {problem}."
)
MARKERS_TYPED = (
    "In “{unit}” ({what}), segment “{segment}”: a citation marker was typed into the text "
    "({markers}); keep the markers as the file's codes."
)
LINE_BREAK_TYPED = (
    "In “{unit}” ({what}), segment “{segment}”: a line break was typed into the text; the "
    "paragraphs and list items are the file's segments and codes, keep them as they are."
)
UNKNOWN_ELEMENT = "In “{unit}” ({what}), segment “{segment}”: <{tag}> is not accepted there."
BAD_CODE_POINT = (
    'In “{unit}” ({what}), segment “{segment}”: <cp hex="{hex}"> is not a character the '
    "article can hold that XML cannot (write other characters as text)."
)
REFUSED_TEXT = "The translated text cannot be saved: {problems}"

# The Markdown a translator keeps, in the order tried at each position.
_CODE = re.compile(
    r"(?P<code>(?P<ticks>`+).+?(?P=ticks))"
    rf"|(?P<cite>{MARKER_RE.pattern})"
    r"|(?P<link>\[(?P<label>[^\[\]\n]+)\](?P<target>\([^()\s]+\)))"
    r"|(?P<strong>\*\*(?P<strong_text>[^\n]+?)\*\*)"
    r"|(?P<em>(?<![\w*])\*(?P<em_text>[^*\s\n](?:[^*\n]*[^*\s\n])?)\*(?![\w*]))"
    r"|(?P<line>(?:\A|\n)[ \t]*(?:[-*+]|\d{1,3}[.)]|#{1,6}|>)[ \t]+|\n)",
)
_PARAGRAPH_BREAK = re.compile(r"\s*\n[ \t]*\n\s*")


class XliffRefused(WorkflowError):
    """The file cannot be imported; ``problems`` say why (nothing was saved)."""


# --------------------------------------------------------------------------------------------
# Text as segments of text and codes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placeholder:
    id: str
    markdown: str


@dataclass(frozen=True)
class Paired:
    id: str
    start: str
    end: str
    children: list[Part] = field(default_factory=list)


Part = str | Placeholder | Paired


@dataclass
class _Ids:
    count: int = 0

    def next(self) -> str:
        self.count += 1
        return f"c{self.count}"


def _parts(text: str, ids: _Ids) -> list[Part]:
    parts: list[Part] = []
    position = 0
    for match in _CODE.finditer(text):
        if match.start() > position:
            parts.append(text[position : match.start()])
        if match["link"]:
            children = _parts(match["label"], ids)
            parts.append(Paired(ids.next(), "[", "]" + match["target"], children))
        elif match["strong"]:
            children = _parts(match["strong_text"], ids)
            parts.append(Paired(ids.next(), "**", "**", children))
        elif match["em"]:
            children = _parts(match["em_text"], ids)
            parts.append(Paired(ids.next(), "*", "*", children))
        else:  # inline code, a citation marker, a line break and the marker after it
            parts.append(Placeholder(ids.next(), match.group(0)))
        position = match.end()
    if position < len(text):
        parts.append(text[position:])
    return parts


def _markdown(parts: list[Part]) -> str:
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Placeholder):
            out.append(part.markdown)
        else:
            out.append(part.start + _markdown(part.children) + part.end)
    return "".join(out)


def _codes(parts: list[Part]) -> dict[str, Placeholder | Paired]:
    found: dict[str, Placeholder | Paired] = {}
    for part in parts:
        if isinstance(part, Placeholder):
            found[part.id] = part
        elif isinstance(part, Paired):
            found[part.id] = part
            found.update(_codes(part.children))
    return found


@dataclass(frozen=True)
class Segment:
    id: str
    parts: list[Part]


@dataclass(frozen=True)
class Unit:
    """One piece of text of the revision: its paragraphs (segments) and the whitespace around
    and between them, which the import takes from here."""

    id: str
    what: str
    separators: list[str]  # len(segments) + 1: before, between, after
    segments: list[Segment]

    @classmethod
    def of(cls, unit_id: str, what: str, text: str) -> Unit:
        ids = _Ids()
        pieces = _PARAGRAPH_BREAK.split(text.strip())
        separators = _PARAGRAPH_BREAK.findall(text.strip())
        leading = text[: len(text) - len(text.lstrip())]
        trailing = text[len(text.rstrip()) :]
        segments = [
            Segment(f"p{number}", _parts(piece, ids))
            for number, piece in enumerate(pieces, start=1)
            if piece or len(pieces) == 1
        ]
        return cls(unit_id, what, [leading, *separators, trailing], segments)

    def text(self, translated: dict[str, list[Part]]) -> str:
        out = [self.separators[0]]
        for number, segment in enumerate(self.segments):
            if number:
                out.append(self.separators[number])
            out.append(_markdown(translated[segment.id]))
        out.append(self.separators[-1])
        return "".join(out)


def revision_units(revision: ArticleRevision) -> list[Unit]:
    """The units of a revision, in order: the question, then each section's heading and body."""
    units = [Unit.of("title", "the question", revision.title)]
    for number, section in enumerate(revision.sections, start=1):
        units.append(
            Unit.of(f"s{number}-heading", f"heading of section {number}", section["heading"])
        )
        if section["body"].strip():
            units.append(Unit.of(f"s{number}-body", f"text of section {number}", section["body"]))
    return units


# --------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _write_text(
    element: etree._Element, last: etree._Element | None, text: str
) -> etree._Element | None:
    """Append ``text`` to ``element`` after its child ``last`` (None: at its start), each
    character XML cannot hold as a ``<cp>``; returns the element the text now ends after."""
    for piece in re.split(f"({XML_CANNOT_HOLD.pattern})", text):
        if XML_CANNOT_HOLD.fullmatch(piece):
            last = etree.SubElement(element, _q("cp"), hex=f"{ord(piece):04X}")
        elif piece and last is None:
            element.text = (element.text or "") + piece
        elif piece:
            last.tail = (last.tail or "") + piece
    return last


def _write_parts(element: etree._Element, parts: list[Part], data: dict[str, str]) -> None:
    last: etree._Element | None = None
    for part in parts:
        if isinstance(part, str):
            last = _write_text(element, last, part)
            continue
        if isinstance(part, Placeholder):
            reference = f"d{len(data) + 1}"
            data[reference] = part.markdown
            last = etree.SubElement(
                element,
                _q("ph"),
                id=part.id,
                canDelete="no",
                canCopy="no",
                dataRef=reference,
                disp=xml_text(part.markdown.strip()) or "↵",
                equiv=xml_text(part.markdown) if part.markdown.strip() else " ",
            )
        else:
            start, end = f"d{len(data) + 1}", f"d{len(data) + 2}"
            data[start], data[end] = part.start, part.end
            last = etree.SubElement(
                element,
                _q("pc"),
                id=part.id,
                canDelete="no",
                canCopy="no",
                dataRefStart=start,
                dataRefEnd=end,
                dispStart=xml_text(part.start),
                dispEnd=xml_text(part.end),
            )
            _write_parts(last, part.children, data)


def file_id(revision: ArticleRevision) -> str:
    return f"article-{revision.article_id}-revision-{revision.number}"


def export_revision(original: Article, language: str) -> ArticleRevision:
    """The revision of ``original`` a translation into ``language`` translates: the one its
    working copy records, or (none yet) the original's live revision."""
    translation = original.translations.filter(language=language).first()
    if translation is not None:
        return translation.source_revision
    return original.live_revision


def xliff_export(*, revision: ArticleRevision, language: str) -> bytes:
    """The revision as an XLIFF 2.0 document to translate into ``language``."""
    article = revision.article
    root = etree.Element(
        _q("xliff"), nsmap={None: NS}, version="2.0", srcLang=article.language, trgLang=language
    )
    document = etree.SubElement(
        root, _q("file"), id=file_id(revision), original=article.get_absolute_url()
    )
    notes = etree.SubElement(document, _q("notes"))
    etree.SubElement(notes, _q("note"), category="instructions").text = NOTE
    etree.SubElement(notes, _q("note"), category="article").text = xml_text(
        f"“{article.title}”, revision {revision.number}"
    )
    for unit in revision_units(revision):
        element = etree.SubElement(document, _q("unit"), id=unit.id, name=unit.what)
        element.set(f"{{{XML_NS}}}space", "preserve")
        data: dict[str, str] = {}
        original_data = etree.SubElement(element, _q("originalData"))
        for segment in unit.segments:
            segment_element = etree.SubElement(element, _q("segment"), id=segment.id)
            _write_parts(etree.SubElement(segment_element, _q("source")), segment.parts, data)
        if data:
            for reference, markdown in data.items():
                _write_text(
                    etree.SubElement(original_data, _q("data"), id=reference), None, markdown
                )
        else:
            element.remove(original_data)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=False)


# --------------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------------


def _parse(data: bytes) -> Element:
    if len(data) > MAX_BYTES:
        raise XliffRefused(TOO_BIG.format(limit=MAX_BYTES // 1024))
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise XliffRefused(UNSAFE_XML) from exc
    except ParseError as exc:
        raise XliffRefused(NOT_XML.format(error=exc)) from exc
    if root.tag != _q("xliff") or root.get("version") != "2.0":
        raise XliffRefused(NOT_XLIFF)
    return root


@dataclass(frozen=True)
class _Where:
    unit: Unit
    segment: str

    def say(self, template: str, **extra: str) -> str:
        return template.format(
            unit=self.unit.id, what=self.unit.what, segment=self.segment, **extra
        )


def _read_parts(
    element: Element, codes: dict[str, Placeholder | Paired], seen: Counter, where: _Where
) -> list[Part]:
    parts: list[Part] = []
    if element.text:
        parts.append(element.text)
    for child in element:
        code = codes.get(child.get("id", ""))
        tag = child.tag.removeprefix(f"{{{NS}}}")
        if tag == "cp":
            parts.append(_code_point(child, where))
        elif tag == "ph" and isinstance(code, Placeholder):
            seen[code.id] += 1
            parts.append(code)
        elif tag == "pc" and isinstance(code, Paired):
            seen[code.id] += 1
            children = _read_parts(child, codes, seen, where)
            parts.append(Paired(code.id, code.start, code.end, children))
        elif tag in ("ph", "pc"):
            problem = f'<{tag} id="{child.get("id", "")}"> is not one of the segment\'s codes'
            raise XliffRefused(where.say(CODES_CHANGED, problem=problem))
        else:
            raise XliffRefused(where.say(UNKNOWN_ELEMENT, tag=tag))
        if child.tail:
            parts.append(child.tail)
    return parts


def _code_point(element: Element, where: _Where) -> str:
    """The character a ``<cp>`` stands for: one that XML cannot hold and an article can (a
    control character; no NUL, no surrogate)."""
    hex_value = element.get("hex", "")
    value = int(hex_value, 16) if re.fullmatch(r"[0-9A-Fa-f]{1,6}", hex_value) else 0
    storable = 0 < value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF
    if not storable or not XML_CANNOT_HOLD.fullmatch(chr(value)):
        raise XliffRefused(where.say(BAD_CODE_POINT, hex=hex_value))
    return chr(value)


def _text_only(parts: list[Part]) -> str:
    return "".join(
        part
        if isinstance(part, str)
        else ""
        if isinstance(part, Placeholder)
        else _text_only(part.children)
        for part in parts
    )


def _translated_segment(unit_element: Element, unit: Unit, segment: Segment) -> list[Part]:
    where = _Where(unit, segment.id)
    found = [
        element
        for element in unit_element.findall(_q("segment"))
        if element.get("id") == segment.id
    ]
    target = found[0].find(_q("target")) if len(found) == 1 else None
    if target is None:
        raise XliffRefused(where.say(SEGMENT_MISSING))
    codes = _codes(segment.parts)
    seen: Counter = Counter()
    parts = _read_parts(target, codes, seen, where)
    missing = sorted(set(codes) - set(seen))
    twice = sorted(code for code, count in seen.items() if count > 1)
    if missing or twice:
        problem = "; ".join(
            [
                *[
                    f"{codes[code_id].__class__.__name__.lower()} “{code_id}” "
                    f"({_shown(codes[code_id])}) is missing"
                    for code_id in missing
                ],
                *[f"“{code_id}” is there {seen[code_id]} times" for code_id in twice],
            ]
        )
        raise XliffRefused(where.say(CODES_CHANGED, problem=problem))
    if "\n" in _text_only(parts) or "\r" in _text_only(parts):
        raise XliffRefused(where.say(LINE_BREAK_TYPED))
    typed = MALFORMED_RE.findall(_text_only(parts))
    if typed:
        raise XliffRefused(where.say(MARKERS_TYPED, markers=", ".join(typed)))
    if not _text_only(parts).strip() and _text_only(segment.parts).strip():
        raise XliffRefused(where.say(EMPTY_TARGET))
    return parts


def _shown(code: Placeholder | Paired) -> str:
    if isinstance(code, Placeholder):
        return code.markdown.strip() or "a line break"
    return f"{code.start}…{code.end}"


def _translated_units(document: Element, revision: ArticleRevision) -> dict[str, str]:
    elements: dict[str, Element] = {}
    for element in document.findall(_q("unit")):
        unit_id = element.get("id", "")
        if unit_id in elements:
            raise XliffRefused(UNIT_TWICE.format(unit=unit_id))
        elements[unit_id] = element
    units = revision_units(revision)
    expected = {unit.id for unit in units}
    for unit_id in elements:
        if unit_id not in expected:
            raise XliffRefused(UNIT_UNKNOWN.format(unit=unit_id))
    texts = {}
    for unit in units:
        element = elements.get(unit.id)
        if element is None:
            raise XliffRefused(UNIT_MISSING.format(unit=unit.id, what=unit.what))
        translated = {
            segment.id: _translated_segment(element, unit, segment) for segment in unit.segments
        }
        texts[unit.id] = unit.text(translated)
    return texts


def _checked_revision(root: Element, original: Article, language: str) -> ArticleRevision:
    """The revision the file translates, once it is this original's, in its language, into
    ``language``, and the one the translation into ``language`` translates."""
    documents = root.findall(_q("file"))
    if len(documents) != 1:
        raise XliffRefused(ONE_FILE)
    identity = FILE_ID_RE.match(documents[0].get("id", ""))
    if identity is None:
        raise XliffRefused(NOT_OURS.format(id=documents[0].get("id", "")))
    if int(identity["article"]) != original.pk:
        raise XliffRefused(
            OTHER_ARTICLE.format(
                found=identity["article"], expected=original.pk, title=original.title
            )
        )
    if root.get("srcLang") != original.language:
        raise XliffRefused(
            SOURCE_LANGUAGE.format(
                found=root.get("srcLang", ""),
                title=original.title,
                language=language_name(original.language),
            )
        )
    target = root.get("trgLang")
    if not target:
        raise XliffRefused(NO_TARGET_LANGUAGE)
    if target != language:
        raise XliffRefused(OTHER_TARGET.format(found=target, language=language_name(language)))
    expected = export_revision(original, language)
    if expected is None or int(identity["revision"]) != expected.number:
        raise XliffRefused(
            OTHER_REVISION.format(
                found=identity["revision"],
                title=original.title,
                language=language_name(language),
                expected=expected.number if expected else "none",
            )
        )
    return expected


def _sections(revision: ArticleRevision, texts: dict[str, str]) -> list[tuple[str, str]]:
    return [
        (texts[f"s{number}-heading"], texts.get(f"s{number}-body", section["body"]))
        for number, section in enumerate(revision.sections, start=1)
    ]


@transaction.atomic
def xliff_import(*, data: bytes, original: Article, language: str, by: User) -> Article:
    """Read the translated file into the working copy (the draft) of ``original``'s translation
    into ``language``, starting the translation when there is none yet (as
    ``translation_create`` allows). Raises ``XliffRefused``, or the services' refusals
    (``PermissionRefused``, ``WorkflowError``), saving nothing."""
    if not is_configured(language):
        raise XliffRefused(OTHER_TARGET.format(found=language, language=language))
    root = _parse(data)
    revision = _checked_revision(root, original, language)
    texts = _translated_units(root.find(_q("file")), revision)
    translation = original.translations.filter(language=language).first()
    if translation is None:
        translation = translation_create(source=original, language=language, by=by)
    try:
        return article_update(
            article=translation,
            by=by,
            title=texts["title"],
            sections=_sections(revision, texts),
        )
    except ValidationError as error:
        raise XliffRefused(REFUSED_TEXT.format(problems=" ".join(error.messages))) from error
