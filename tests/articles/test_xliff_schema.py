"""The XLIFF exchange (issue 24, item 5) against the OASIS XLIFF 2.0 core schema itself, not only
our own reading of it (``test_xliff.py``): the export of the seed article, of an article of code
and line breaks, of one with every kind of code the export writes, and of one with characters
XML cannot hold; and each file translated as an agency's tool would, the file we import, valid
too and read back into the translation exactly.

The schema is ``xliff_core_2.0.xsd`` of XLIFF Version 2.0, OASIS Standard, 5 August 2014
(https://docs.oasis-open.org/xliff/xliff-core/v2.0/os/schemas/), with the W3C's ``xml.xsd`` it
imports, laid out as OASIS distributes them. It is not part of this repository (we keep no copy
of a public file that was not written here): the tests read it from the folder named by
``XLIFF_SCHEMA_DIR``, or else ``xliff-2.0/`` in the ``shared/`` folder beside the checkout, and
never from the network. Without it they are skipped, saying so; a copy that is not the OASIS
file (its SHA-256 with LF line ends) fails them.
"""

from __future__ import annotations

import copy
import hashlib
import os
from pathlib import Path

import pytest
from django.conf import settings
from lxml import etree

from articles.demo import content
from articles.services import article_create
from articles.xliff import export_revision, xliff_export, xliff_import
from tests.articles.test_xliff import CONTROLS, X, spanish, translate, xml
from tests.articles.translation_helpers import approve, translator_user
from tests.factories import ReferenceFactory, author_user
from tests.shared_corpus import KEPT_OUTSIDE

pytestmark = pytest.mark.django_db

CORE = "xliff_core_2.0.xsd"
XML_SCHEMA = "informativeCopiesOf3rdPartySchemas/w3c/xml.xsd"
SHA256 = {
    CORE: "9527fca41fe7c5df1b1597a5a57d8ca9f2e50482443a4a77e9ba47b08eacd728",
    XML_SCHEMA: "61960fb3131e38022caad5360e2f33a3382578ab3c80cd58bd74320ede61b20c",
}


def schema_dir() -> Path:
    named = os.environ.get("XLIFF_SCHEMA_DIR")
    return Path(named) if named else Path(settings.BASE_DIR).parent / "shared" / "xliff-2.0"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    folder = schema_dir()
    if not (folder / CORE).is_file():
        pytest.skip(
            f"the OASIS XLIFF 2.0 core schema ({KEPT_OUTSIDE}) is not at {folder / CORE}: set "
            f"XLIFF_SCHEMA_DIR to a "
            f"folder holding {CORE} and {XML_SCHEMA}"
        )
    for name, expected in SHA256.items():
        text = (folder / name).read_bytes().replace(b"\r\n", b"\n")
        assert hashlib.sha256(text).hexdigest() == expected, f"{name} is not the OASIS file"
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(folder / CORE), parser))


def problems(schema: etree.XMLSchema, data: bytes) -> list[str]:
    valid = schema.validate(etree.fromstring(data))
    return [] if valid else [f"{error.line}: {error.message}" for error in schema.error_log]


# --------------------------------------------------------------------------------------------
# The articles
# --------------------------------------------------------------------------------------------

CODE_AND_BREAKS = """\
Run this to list the sessions:

```python
sessions = [s for s in notes if s.kind == "weekly" and s.weeks < 12]
print(len(sessions))
```

The first line of an address,
the second after a line break,{hard_break}
and a third after a hard one.

    indented code: a < b && b > c
""".format(hard_break="  ")
EVERY_CODE = """\
# A heading

## A second heading

Plain text with & < > " ' in it [@smith2021], two works [@smith2021; @jones2018], a comma
[@smith2021, @jones2018] and a marker over a line break [@smith2021;
@jones2018].

- **Strong** and *emphasis* and [a link](https://example.org/guide),
  [*a link's emphasis*](https://example.org/em) and **strong [@jones2018] with a marker**
* `code`, ``code with a ` tick``, and `[@not-a-marker]`
+ a third bullet

1. first
2) second

> A quotation [@jones2018].

### A third heading
"""

# The Markdown of every kind of code the export writes, as it is in the file's data.
EVERY_KIND = {"# ", "## ", "- ", "\n* ", "\n+ ", "1. ", "\n2) ", "> ", "### ", "\n"}
EVERY_KIND |= {"**", "*", "[", "](https://example.org/guide)", "`code`", "``code with a ` tick``"}
EVERY_KIND |= {"[@smith2021]", "[@smith2021; @jones2018]", "[@smith2021, @jones2018]"}
EVERY_KIND |= {"[@smith2021;\n@jones2018]", "`[@not-a-marker]`"}


def approved(slug: str, title: str, sections: list[tuple[str, str]], keys: list[str]):
    for key in keys:
        ReferenceFactory(key=key)
    article = article_create(
        author=author_user(), title=title, slug=slug, sections=sections, reference_keys=keys
    )
    return approve(article)


ARTICLES = {
    "the seed": lambda: approved(
        "seed", content.SEED_TITLE, content.SEED_SECTIONS, content.SEED_REFERENCE_KEYS
    ),
    "code and line breaks": lambda: approved(
        "code",
        "How do I list the sessions?",
        [("From the Guidelines", CODE_AND_BREAKS + "\nSee [@smith2021].\n")],
        ["smith2021"],
    ),
    "every kind of code": lambda: approved(
        "codes",
        "What *exactly* does [@smith2021] say?",
        [("From the Guidelines", EVERY_CODE), ("From the **Research**", "Yes [@jones2018].")],
        ["smith2021", "jones2018"],
    ),
    "characters XML cannot hold": lambda: approved(
        "pasted",
        "Is secure attachment\x0blearnt?",
        [("From the\x1b Guidelines", "It is\x0c learnt [@smith2021].\n\nType `a\x01b` here.\n")],
        ["smith2021"],
    ),
}


@pytest.fixture(params=list(ARTICLES))
def original(request):
    return ARTICLES[request.param]()


def test_the_articles_hold_what_they_are_chosen_for(original):
    root = etree.fromstring(xliff_export(revision=original.live_revision, language="es"))
    codes = {etree.QName(code).localname for code in root.iter(f"{X}ph", f"{X}pc", f"{X}cp")}
    data = {item.text for item in root.iter(f"{X}data") if item.text}
    if original.slug == "seed":
        assert len(list(root.iter(f"{X}unit"))) == 1 + 2 * len(content.SEED_SECTIONS)
        assert codes == {"ph", "pc"}
    elif original.slug == "code":
        assert "```python\n" in original.sections.get().body and "\n" in data
    elif original.slug == "codes":
        assert data >= EVERY_KIND and codes == {"ph", "pc"}
    else:
        assert codes == {"ph", "cp"}


# --------------------------------------------------------------------------------------------
# Valid against the schema
# --------------------------------------------------------------------------------------------


def test_the_export_is_valid_xliff_2_core(schema, original):
    data = xliff_export(revision=export_revision(original, "es"), language="es")
    assert problems(schema, data) == []


def test_the_translated_file_is_valid_and_reads_back_exactly(schema, original):
    data = xml(translate(xliff_export(revision=original.live_revision, language="es")))
    assert problems(schema, data) == []
    translation = xliff_import(data=data, original=original, language="es", by=translator_user())
    live = original.live_revision
    assert translation.title == spanish(live.title)
    assert [(section.heading, section.body) for section in translation.sections.all()] == [
        (spanish(section["heading"]), spanish(section["body"])) for section in live.sections
    ]
    assert translation.cited_keys() == original.cited_keys()


def test_the_schema_refuses_what_the_core_forbids(schema):
    """The check can fail: each change below breaks a rule of the core."""
    original = ARTICLES["every kind of code"]()
    root = translate(xliff_export(revision=original.live_revision, language="es"))
    assert problems(schema, xml(root)) == []

    def broken(change) -> list[str]:
        copied = copy.deepcopy(root)
        change(copied)
        return problems(schema, xml(copied))

    def target_first(tree):
        segment = tree.find(f".//{X}segment")
        segment.insert(0, segment.find(f"{X}target"))

    def text_in_a_placeholder(tree):
        tree.find(f".//{X}ph").text = "content"

    def an_unknown_attribute(tree):
        tree.find(f".//{X}pc").set("colour", "red")

    def a_flag_neither_yes_nor_no(tree):
        tree.find(f".//{X}ph").set("canDelete", "never")

    def a_unit_without_id(tree):
        del tree.find(f".//{X}unit").attrib["id"]

    def a_code_point_not_hex(tree):
        etree.SubElement(tree.find(f".//{X}target"), f"{X}cp", hex="zz")

    for change in [
        target_first,
        text_in_a_placeholder,
        an_unknown_attribute,
        a_flag_neither_yes_nor_no,
        a_unit_without_id,
        a_code_point_not_hex,
    ]:
        assert broken(change), change.__name__


def test_a_control_character_is_a_code_point_the_schema_accepts(schema):
    original = ARTICLES["characters XML cannot hold"]()
    root = etree.fromstring(xliff_export(revision=original.live_revision, language="es"))
    assert sorted(cp.get("hex") for cp in root.iter(f"{X}cp")) == sorted(CONTROLS.values())
    assert problems(schema, xml(root)) == []
