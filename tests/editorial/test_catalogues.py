"""The Spanish catalogue is complete: every word the code and the templates mark for
translation (as ``make messages`` extracts them today) has a Spanish translation, not fuzzy,
with the same placeholders and markup as the English."""

from __future__ import annotations

import re
from collections import Counter

import polib
import pytest
from django.conf import settings

from tests.catalogues import catalogue, extracted

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
TAG = re.compile(r"</?\w+|\w+=\"[^\"]*\"")  # element names and attributes, in order


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def _translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[form] for form in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


@pytest.fixture(scope="module")
def spanish(tmp_path_factory) -> tuple[polib.POFile, polib.POFile]:
    fresh = polib.pofile(str(extracted(tmp_path_factory.mktemp("messages"), "es")))
    return fresh, polib.pofile(str(catalogue("es")))


def test_spanish_is_a_configured_language():
    assert "es" in dict(settings.LANGUAGES)
    assert settings.LANGUAGE_CODE == "en"


def test_every_extracted_message_is_in_the_spanish_catalogue(spanish):
    fresh, translated = spanish
    assert len(fresh) > 100, "makemessages found the site's words"
    missing = {_key(entry) for entry in fresh} - {_key(entry) for entry in translated}
    assert not missing, f"run `make messages` and translate: {sorted(missing, key=str)}"


def test_the_spanish_catalogue_holds_no_message_the_code_no_longer_has(spanish):
    fresh, translated = spanish
    stale = {_key(entry) for entry in translated if not entry.obsolete} - {
        _key(entry) for entry in fresh
    }
    assert not stale, f"run `make messages` (it drops them): {sorted(stale, key=str)}"


def test_every_spanish_message_is_translated_and_not_fuzzy(spanish):
    _, translated = spanish
    untranslated = [
        entry.msgid
        for entry in translated
        if not entry.obsolete
        and ("fuzzy" in entry.flags or not all(text.strip() for text in _translations(entry)))
    ]
    assert not untranslated
    assert not translated.metadata_is_fuzzy
    assert translated.metadata["Language"] == "es"
    assert translated.percent_translated() == 100


def test_every_translation_keeps_the_placeholders_and_the_markup(spanish):
    _, translated = spanish
    problems = []
    for entry in translated:
        original = entry.msgid_plural or entry.msgid  # the forms of a plural name the count
        for text in _translations(entry):
            if Counter(PLACEHOLDER.findall(text)) != Counter(PLACEHOLDER.findall(original)):
                problems.append(f"placeholders: {entry.msgid!r} -> {text!r}")
            if TAG.findall(text) != TAG.findall(original):
                problems.append(f"markup: {entry.msgid!r} -> {text!r}")
    assert not problems, "\n".join(problems)


def test_a_translation_is_not_the_english_left_in_place(spanish):
    _, translated = spanish
    copied = [entry.msgid for entry in translated if entry.msgstr == entry.msgid]
    assert not copied
