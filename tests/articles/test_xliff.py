"""XLIFF 2.0 exchange with translation agencies (issue 24, item 5): an original's revision
exported, translated by a script as an agency's tool would, and imported back into the
translation's draft with its markers and Markdown exactly as they were; each bad file refused
with its reason and nothing saved; and who may not."""

from __future__ import annotations

import copy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from lxml import etree

from articles.models import Article
from articles.services import article_create, article_update
from articles.xliff import (
    BAD_CODE_POINT,
    CODES_CHANGED,
    LINE_BREAK_TYPED,
    MARKERS_TYPED,
    MAX_BYTES,
    NS,
    UNIT_MISSING,
    XliffRefused,
    export_revision,
    revision_units,
    xliff_export,
    xliff_import,
)
from editorial.workflow import article_transition
from tests.articles.translation_helpers import approve, translator_user
from tests.factories import ReferenceFactory, author_user, board_user

pytestmark = pytest.mark.django_db

X = f"{{{NS}}}"
XML = "http://www.w3.org/XML/1998/namespace"
GUIDANCE = """\
Secure attachment remains malleable in adulthood [@smith2021], to some extent.

- **Self-awareness:** examining your attachment patterns is essential [@smith2021; @jones2018].
- *Emotional regulation* helps, as the [AAP report](https://example.org/aap) says.
- Use `[@not-a-marker]` literally.
"""
RESEARCH = """
### Factors in secure attachment

Several factors contribute [@jones2018].
"""
WORDS = {"attachment": "apego", "secure": "seguro", "factors": "factores", "Several": "Varios"}


def spanish(text: str) -> str:
    for english, translated in WORDS.items():
        text = text.replace(english, translated)
    return text


@pytest.fixture
def original():
    author = author_user()
    ReferenceFactory(key="smith2021")
    ReferenceFactory(key="jones2018")
    article = article_create(
        author=author,
        title="What makes attachment secure in adults?",
        slug="attachment",
        sections=[("From the Guidelines", GUIDANCE), ("From the Research", RESEARCH)],
        reference_keys=["smith2021", "jones2018"],
    )
    return approve(article)


def translate(data: bytes, words=spanish) -> etree._Element:
    """What an agency's tool does: a target beside each source, its text translated and its
    codes where they were."""
    root = etree.fromstring(data)
    for segment in root.iter(f"{X}segment"):
        target = copy.deepcopy(segment.find(f"{X}source"))
        target.tag = f"{X}target"
        for element in target.iter():
            element.text = words(element.text) if element.text else element.text
            if element is not target:
                element.tail = words(element.tail) if element.tail else element.tail
        segment.append(target)
    return root


def xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def exported(original, language="es") -> bytes:
    return xliff_export(revision=export_revision(original, language), language=language)


def refused(original, data: bytes, *, language="es", by=None) -> str:
    before = Article.objects.count()
    with pytest.raises(XliffRefused) as refusal:
        xliff_import(data=data, original=original, language=language, by=by or translator_user())
    assert Article.objects.count() == before
    assert not original.translations.exists() or by is not None
    return " ".join(refusal.value.problems)


# --------------------------------------------------------------------------------------------
# The file
# --------------------------------------------------------------------------------------------


def test_the_file_names_the_article_the_revision_and_the_languages(original):
    root = etree.fromstring(exported(original))
    assert root.tag == f"{X}xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "en", "es")
    (document,) = root.findall(f"{X}file")
    assert document.get("id") == f"article-{original.pk}-revision-{original.live_revision.number}"
    assert document.get("original") == original.get_absolute_url()
    units = [unit.get("id") for unit in document.findall(f"{X}unit")]
    assert units == ["title", "s1-heading", "s1-body", "s2-heading", "s2-body"]


def test_paragraphs_are_segments_and_markers_and_markdown_are_codes(original):
    root = etree.fromstring(exported(original))
    body = root.find(f".//{X}unit[@id='s1-body']")
    segments = body.findall(f"{X}segment")
    assert [segment.get("id") for segment in segments] == ["p1", "p2"]
    first = segments[0].find(f"{X}source")
    assert first.text == "Secure attachment remains malleable in adulthood "
    (marker,) = first.findall(f"{X}ph")
    data = {item.get("id"): item.text for item in body.iter(f"{X}data")}
    assert data[marker.get("dataRef")] == "[@smith2021]"
    assert marker.get("canDelete") == "no"
    second = segments[1].find(f"{X}source")
    shown = [
        (code.tag.removeprefix(X), code.get("disp") or code.get("dispStart"))
        for code in second.iter(f"{X}ph", f"{X}pc")
    ]
    assert ("pc", "**") in shown and ("pc", "*") in shown and ("pc", "[") in shown
    assert ("ph", "[@smith2021; @jones2018]") in shown
    assert ("ph", "`[@not-a-marker]`") in shown
    link = second.find(f".//{X}pc[@dispStart='[']")
    assert (
        link.text == "AAP report" and data[link.get("dataRefEnd")] == "](https://example.org/aap)"
    )
    # No text a translator sees holds Markdown of a list or a line break.
    assert all("\n" not in (text or "") for text in second.itertext())


# What XLIFF 2.0 core (OASIS Standard, 2014) allows of the elements the export writes: the
# attributes of each, the order of a unit's children, and ids unique in their unit.
ATTRIBUTES = {
    "xliff": {"version", "srcLang", "trgLang"},
    "file": {"id", "original", "canResegment", "translate", "srcDir", "trgDir"},
    "notes": set(),
    "note": {"id", "appliesTo", "category", "priority"},
    "unit": {"id", "name", "canResegment", "translate", "srcDir", "trgDir", f"{{{XML}}}space"},
    "originalData": set(),
    "data": {"id", "dir", f"{{{XML}}}space"},
    "segment": {"id", "canResegment", "state", "subState"},
    "source": {f"{{{XML}}}lang", f"{{{XML}}}space"},
    "ph": {"id", "canCopy", "canDelete", "canReorder", "copyOf", "disp", "equiv", "dataRef"}
    | {"subFlows", "subType", "type"},
    "pc": {"id", "canCopy", "canDelete", "canOverlap", "canReorder", "copyOf", "dispEnd"}
    | {"dispStart", "equivEnd", "equivStart", "dataRefEnd", "dataRefStart", "subFlowsEnd"}
    | {"subFlowsStart", "subType", "type", "dir"},
}
REQUIRED = {"xliff": {"version", "srcLang"}, "file": {"id"}, "unit": {"id"}, "data": {"id"}}
REQUIRED |= {"ph": {"id"}, "pc": {"id"}}


def _name(element) -> str:
    return etree.QName(element).localname


def core_problems(element) -> list[str]:
    """An element's namespace and attributes against the core's."""
    name = _name(element)
    problems = []
    if etree.QName(element).namespace != NS:
        problems.append(f"{name}: not in the XLIFF 2.0 namespace")
    if not set(element.attrib) <= ATTRIBUTES[name]:
        problems.append(f"{name}: {sorted(set(element.attrib) - ATTRIBUTES[name])}")
    if not REQUIRED.get(name, set()) <= set(element.attrib):
        problems.append(f"{name}: lacks {sorted(REQUIRED[name] - set(element.attrib))}")
    if any(element.get(flag, "no") not in ("yes", "no") for flag in ("canCopy", "canDelete")):
        problems.append(f"{name}: canCopy and canDelete are yes or no")
    return problems


def unit_problems(unit) -> list[str]:
    """A unit's children in the core's order, its ids unique, every data referred to."""
    problems = []
    order = [_name(child) for child in unit]
    if order != sorted(order, key=["notes", "originalData", "segment"].index):
        problems.append(f"{unit.get('id')}: children in the order {order}")
    ids = [e.get("id") for e in unit.iter(f"{X}segment", f"{X}ph", f"{X}pc")]
    data = [element.get("id") for element in unit.iter(f"{X}data")]
    references = [
        element.get(name)
        for element in unit.iter(f"{X}ph", f"{X}pc")
        for name in ("dataRef", "dataRefStart", "dataRefEnd")
        if element.get(name)
    ]
    if len(ids) != len(set(ids)) or len(data) != len(set(data)):
        problems.append(f"{unit.get('id')}: an id twice")
    if sorted(references) != sorted(data):
        problems.append(f"{unit.get('id')}: data and references differ")
    if any(len(ph) or ph.text for ph in unit.iter(f"{X}ph")):
        problems.append(f"{unit.get('id')}: a <ph> with content")
    if any(
        [_name(child) for child in segment] != ["source"] for segment in unit.iter(f"{X}segment")
    ):
        problems.append(f"{unit.get('id')}: a segment of other than its source")
    return problems


def test_the_export_keeps_to_the_xliff_2_core(original):
    root = etree.fromstring(exported(original))
    (document,) = root
    units = list(document.iter(f"{X}unit"))

    assert [problem for element in root.iter() for problem in core_problems(element)] == []
    assert [_name(child) for child in document] == ["notes"] + ["unit"] * len(units)
    assert [problem for unit in units for problem in unit_problems(unit)] == []
    assert all(any(_name(child) == "segment" for child in unit) for unit in units)
    assert len({unit.get("id") for unit in units}) == len(units)


def test_the_conformance_checks_catch_what_the_core_forbids(original):
    root = etree.fromstring(exported(original))
    unit = root.find(f".//{X}unit[@id='s1-body']")
    ph = unit.find(f".//{X}ph")
    ph.set("canDelete", "never")
    ph.set("colour", "red")
    ph.text = "content"
    unit.append(copy.deepcopy(unit.find(f"{X}originalData")))
    assert len(core_problems(ph)) == 2
    assert len(unit_problems(unit)) == 4


# --------------------------------------------------------------------------------------------
# Round trip
# --------------------------------------------------------------------------------------------


def test_a_translated_file_becomes_the_translations_draft_with_markers_and_markdown_exact(
    original,
):
    translator = translator_user()
    translation = xliff_import(
        data=xml(translate(exported(original))), original=original, language="es", by=translator
    )
    assert translation.translation_of == original and translation.language == "es"
    assert translation.source_revision == original.live_revision
    assert translation.status == "draft" and translation.author == translator
    assert translation.title == spanish(original.title)
    assert [(section.heading, section.body) for section in translation.sections.all()] == [
        ("From the Guidelines", spanish(GUIDANCE)),
        ("From the Research", spanish(RESEARCH)),
    ]
    assert translation.cited_keys() == original.cited_keys()
    assert translation.malformed_citation_problems() == []


def test_an_untouched_file_reads_back_as_the_original_text(original):
    translation = xliff_import(
        data=xml(translate(exported(original), words=str)),
        original=original,
        language="es",
        by=translator_user(),
    )
    live = original.live_revision
    assert translation.title == live.title
    assert [(s.heading, s.body) for s in translation.sections.all()] == [
        (section["heading"], section["body"]) for section in live.sections
    ]


def test_a_translator_may_move_a_code_within_its_segment(original):
    root = translate(exported(original))
    target = root.find(f".//{X}unit[@id='s2-body']/{X}segment[@id='p2']/{X}target")
    marker = target.find(f"{X}ph[@equiv='[@jones2018]']")
    target.remove(marker)
    target.text = ""
    target.insert(0, marker)
    marker.tail = " Varios factores contribuyen."
    translation = xliff_import(
        data=xml(root), original=original, language="es", by=translator_user()
    )
    assert translation.sections.all()[1].body.endswith(
        "[@jones2018] Varios factores contribuyen.\n"
    )


# What a word processor pastes that XML 1.0 cannot hold: a vertical tab (Word's line break),
# a form feed, an escape, a start of heading.
CONTROLS = {"\x0b": "000B", "\x0c": "000C", "\x1b": "001B", "\x01": "0001"}


@pytest.fixture
def pasted():
    ReferenceFactory(key="smith2021")
    article = article_create(
        author=author_user(),
        title="Is secure attachment\x0blearnt?",
        slug="pasted",
        sections=[
            ("From the\x1b Guidelines", "It is\x0c learnt [@smith2021].\n\nType `a\x01b` here.\n")
        ],
        reference_keys=["smith2021"],
    )
    return approve(article)


def test_characters_xml_cannot_hold_are_code_points_and_come_back(client, pasted):
    """A control character in the text is the core's <cp hex>, in a segment and in the data of
    a code; the translated file gives it back where it was (the export used to fail on it)."""
    translator = translator_user()
    client.force_login(translator)
    response = client.get(
        reverse("authoring:translate_xliff", args=[pasted.pk]), {"language": "es"}
    )
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    assert sorted(cp.get("hex") for cp in root.iter(f"{X}cp")) == sorted(CONTROLS.values())
    assert not [text for text in root.itertext() if any(c in text for c in CONTROLS)]
    (code,) = [data for data in root.iter(f"{X}data") if len(data)]  # the inline code's
    assert (code.text, [cp.get("hex") for cp in code], code[0].tail) == ("`a", ["0001"], "b`")
    translation = xliff_import(
        data=xml(translate(response.content, words=str)),
        original=pasted,
        language="es",
        by=translator,
    )
    live = pasted.live_revision
    assert translation.title == live.title == "Is secure attachment\x0blearnt?"
    assert [(s.heading, s.body) for s in translation.sections.all()] == [
        (section["heading"], section["body"]) for section in live.sections
    ]


def test_a_second_import_replaces_the_draft_of_the_same_translation(original):
    translator = translator_user()
    first = xliff_import(
        data=xml(translate(exported(original))), original=original, language="es", by=translator
    )
    again = xliff_import(
        data=xml(translate(exported(original), words=lambda text: text.upper())),
        original=original,
        language="es",
        by=translator,
    )
    assert again.pk == first.pk and again.version > first.version
    assert again.title == original.title.upper()


def test_the_translation_page_exports_and_imports(client, original):
    translator = translator_user()
    client.force_login(translator)
    page = client.get(reverse("authoring:translate", args=[original.pk]))
    assert page.status_code == 200
    response = client.get(
        reverse("authoring:translate_xliff", args=[original.pk]), {"language": "es"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xliff+xml")
    assert "attachment;" in response["Content-Disposition"]
    upload = SimpleUploadedFile("es.xlf", xml(translate(response.content)))
    done = client.post(
        reverse("authoring:translate", args=[original.pk]), {"language": "es", "file": upload}
    )
    translation = original.translations.get()
    assert done.status_code == 302 and done["Location"] == reverse(
        "authoring:edit", args=[translation.pk]
    )
    assert translation.sections.first().body == spanish(GUIDANCE)


# --------------------------------------------------------------------------------------------
# Bad files
# --------------------------------------------------------------------------------------------


def test_a_file_for_another_article_is_refused(original):
    other = approve(
        article_create(
            author=original.author,
            title="Another question?",
            slug="another",
            sections=[("From the Guidelines", "It is so [@smith2021].")],
            reference_keys=["smith2021"],
        )
    )
    problem = refused(original, xml(translate(exported(other))))
    assert f"another article (article {other.pk})" in problem


def test_a_file_for_another_revision_is_refused(original):
    data = xml(translate(exported(original)))  # revision 1, then the original moves on
    article_transition(article=original, action="revise", by=original.author)
    article_update(
        article=original,
        by=original.author,
        sections=[("From the Guidelines", GUIDANCE + "\nNewer guidance agrees."), ("R", RESEARCH)],
    )
    original = approve(Article.objects.get(pk=original.pk))
    assert original.live_revision.number == 2
    problem = refused(original, data)
    assert "translates revision 1" in problem and "revision 2" in problem


def test_a_file_into_another_language_than_chosen_is_refused(original):
    with override_settings(LANGUAGES=[("en", "English"), ("es", "Spanish"), ("fr", "French")]):
        problem = refused(original, xml(translate(exported(original, "es"))), language="fr")
    assert "a translation into “es”, not into French" in problem


def test_a_file_with_a_source_language_not_the_originals_is_refused(original):
    root = translate(exported(original))
    root.set("srcLang", "de")
    assert "source language is “de”" in refused(original, xml(root))


def _first_body_target(root):
    return root.find(f".//{X}unit[@id='s1-body']//{X}target")


def test_a_lost_marker_is_refused(original):
    root = translate(exported(original))
    target = _first_body_target(root)
    marker = target.find(f"{X}ph")
    target.remove(marker)
    problem = refused(original, xml(root))
    assert CODES_CHANGED.split("{")[0] in problem or "must be kept exactly once" in problem
    assert "[@smith2021]" in problem and "is missing" in problem


def test_a_doubled_marker_is_refused(original):
    root = translate(exported(original))
    target = _first_body_target(root)
    target.append(copy.deepcopy(target.find(f"{X}ph")))
    assert "is there 2 times" in refused(original, xml(root))


def test_a_code_from_elsewhere_is_refused(original):
    root = translate(exported(original))
    target = _first_body_target(root)
    etree.SubElement(target, f"{X}ph", id="c99")
    assert '<ph id="c99"> is not one of the segment' in refused(original, xml(root))


def test_a_marker_typed_into_the_text_is_refused(original):
    root = translate(exported(original))
    target = _first_body_target(root)
    target.text = "Secure attachment [@jones2018] "
    problem = refused(original, xml(root))
    assert problem == MARKERS_TYPED.format(
        unit="s1-body", what="text of section 1", segment="p1", markers="[@jones2018]"
    )


def test_a_line_break_typed_into_the_text_is_refused(original):
    root = translate(exported(original))
    target = _first_body_target(root)
    target.text = "El apego seguro\n\n- sigue siendo modificable "
    problem = refused(original, xml(root))
    assert problem == LINE_BREAK_TYPED.format(
        unit="s1-body", what="text of section 1", segment="p1"
    )


@pytest.mark.parametrize("hex_value", ["0041", "000A", "0000", "D800", "110000", "zz", ""])
def test_a_code_point_xml_could_hold_or_no_article_can_is_refused(original, hex_value):
    """<cp> is for what XML cannot hold: a letter or a line break written so, a NUL, a
    surrogate, no character at all is refused."""
    root = translate(exported(original))
    target = root.find(f".//{X}unit[@id='title']//{X}target")
    etree.SubElement(target, f"{X}cp", hex=hex_value)
    assert refused(original, xml(root)) == BAD_CODE_POINT.format(
        unit="title", what="the question", segment="p1", hex=hex_value
    )


def test_a_lost_link_or_emphasis_is_refused(original):
    root = translate(exported(original))
    second = root.findall(f".//{X}unit[@id='s1-body']//{X}target")[1]
    link = second.find(f".//{X}pc[@dispStart='[']")
    parent = link.getparent()
    parent.remove(link)  # its text goes with it
    assert "[…](https://example.org/aap)" in refused(original, xml(root))


def test_a_missing_unit_is_refused(original):
    root = translate(exported(original))
    unit = root.find(f".//{X}unit[@id='s2-heading']")
    unit.getparent().remove(unit)
    assert refused(original, xml(root)) == UNIT_MISSING.format(
        unit="s2-heading", what="heading of section 2"
    )


def test_an_untranslated_segment_is_refused(original):
    root = etree.fromstring(exported(original))  # no target anywhere
    assert "has no <target>" in refused(original, xml(root))


def test_malformed_xml_is_refused(original):
    data = xml(translate(exported(original)))
    assert "not well-formed XML" in refused(original, data[: len(data) // 2])


def test_another_xml_document_is_refused(original):
    assert "not an XLIFF 2.0 document" in refused(original, b"<html><body/></html>")


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0"
  version="2.0" srcLang="en" trgLang="es">&lol3;</xliff>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0"
  version="2.0" srcLang="en" trgLang="es">&secret;</xliff>
"""


@pytest.mark.parametrize("data", [BOMB, EXTERNAL], ids=["bomb", "external-entity"])
def test_an_xml_bomb_or_external_entity_is_refused_unread(original, data):
    assert "declares a document type or entities" in refused(original, data)


def test_a_huge_file_is_refused(original, client):
    data = exported(original)
    huge = data.replace(b"</xliff>", b"<!--" + b"x" * MAX_BYTES + b"--></xliff>")
    assert "larger than" in refused(original, huge)
    client.force_login(translator_user())
    response = client.post(
        reverse("authoring:translate", args=[original.pk]),
        {"language": "es", "file": SimpleUploadedFile("es.xlf", huge)},
    )
    assert response.status_code == 400 and "larger than" in response.content.decode()
    assert not original.translations.exists()


def test_a_refusal_on_the_page_says_why_and_saves_nothing(client, original):
    client.force_login(translator_user())
    response = client.post(
        reverse("authoring:translate", args=[original.pk]),
        {"language": "es", "file": SimpleUploadedFile("es.xlf", b"<xliff")},
    )
    assert response.status_code == 400
    assert "not well-formed XML" in response.content.decode()
    assert not original.translations.exists()


def test_a_refusal_after_the_translation_would_start_leaves_none(original):
    """The translation is created in the import's transaction: a text the working copy
    refuses (a heading too long) leaves no translation behind."""
    root = translate(exported(original), words=lambda text: text * 50)
    problem = refused(original, xml(root))
    assert "cannot be saved" in problem


# --------------------------------------------------------------------------------------------
# Who may not
# --------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, original):
    for name in ("authoring:translate", "authoring:translate_xliff"):
        response = client.get(reverse(name, args=[original.pk]), {"language": "es"})
        assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("who", [author_user, board_user], ids=["another-author", "board-member"])
def test_another_author_or_a_board_member_cannot_reach_it(client, original, who):
    client.force_login(who())
    for name in ("authoring:translate", "authoring:translate_xliff"):
        assert client.get(reverse(name, args=[original.pk]), {"language": "es"}).status_code == 404
    upload = SimpleUploadedFile("es.xlf", xml(translate(exported(original))))
    response = client.post(
        reverse("authoring:translate", args=[original.pk]), {"language": "es", "file": upload}
    )
    assert response.status_code == 404 and not original.translations.exists()


def test_the_originals_author_may(client, original):
    client.force_login(original.author)
    assert client.get(reverse("authoring:translate", args=[original.pk])).status_code == 200


def test_another_translator_cannot_overwrite_a_translation_they_do_not_write(client, original):
    first = xliff_import(
        data=xml(translate(exported(original))),
        original=original,
        language="es",
        by=translator_user(),
    )
    client.force_login(translator_user())
    upload = SimpleUploadedFile("es.xlf", xml(translate(exported(original), words=str.upper)))
    response = client.post(
        reverse("authoring:translate", args=[original.pk]), {"language": "es", "file": upload}
    )
    assert response.status_code == 403
    assert Article.objects.get(pk=first.pk).version == first.version


def test_units_follow_the_revisions_sections(original):
    units = revision_units(original.live_revision)
    assert [unit.what for unit in units] == [
        "the question",
        "heading of section 1",
        "text of section 1",
        "heading of section 2",
        "text of section 2",
    ]
