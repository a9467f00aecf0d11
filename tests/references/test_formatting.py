"""Full references in the official AMA style (citeproc-py and the CSL project's AMA style), the
public list's own form, and the CSL-JSON both are made from."""

from __future__ import annotations

import json

import pytest
from django.template import Context, Template

from references.exports import to_csl_json
from references.formatting import AMA_STYLE, ama_citation, csl_item
from tests.factories import ReferenceFactory


def work(**fields):
    base = {
        "key": "k", "kind": "research", "title": "", "authors": "", "journal": "", "year": 2020,
        "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": "",
    }  # fmt: skip
    return {**base, **fields}


PRISMA = work(
    key="Page2021", kind="guideline",
    title="The PRISMA 2020 statement: an updated guideline for reporting systematic reviews",
    authors="Page MJ, McKenzie JE, Bossuyt PM, Boutron I, Hoffmann TC, Mulrow CD, Shamseer L",
    journal="BMJ", year=2021, volume="372", pages="n71", doi="10.1136/bmj.n71", pmid="33782057",
)  # fmt: skip


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # More than six authors: three and et al (AMA 11th ed. 3.15.1); PMID is not printed.
        (PRISMA,
         "Page MJ, McKenzie JE, Bossuyt PM, et al. The PRISMA 2020 statement: an updated "
         "guideline for reporting systematic reviews. BMJ. 2021;372:n71. doi:10.1136/bmj.n71"),
        # A guideline in a journal is cited as the journal article it is.
        (work(kind="guideline", title="Trauma-informed care",
              authors="Forkey H, Szilagyi M, Kelly ET, Duffee J", journal="Pediatrics",
              year=2021, volume="148", issue="2", pages="e2021052580",
              doi="10.1542/peds.2021-052580"),
         "Forkey H, Szilagyi M, Kelly ET, Duffee J. Trauma-informed care. Pediatrics. "
         "2021;148(2):e2021052580. doi:10.1542/peds.2021-052580"),
        # A guideline issued by a body is a report: title case, publisher, the link.
        (work(kind="guideline", title="Guideline on the management of depression",
              authors="World Health Organization", journal="World Health Organization",
              year=2023, url="https://www.who.int/publications/example"),
         "World Health Organization. Guideline on the Management of Depression. World Health "
         "Organization; 2023. https://www.who.int/publications/example"),
        # No volume yet: published online (AMA 3.13.1).
        (work(kind="randomised_trial", title="An online-first trial", authors="Nguyễn VA",
              journal="JAMA", year=2024, doi="10.1001/jama.2024.1"),
         "Nguyễn VA. An online-first trial. JAMA. Published online 2024. "
         "doi:10.1001/jama.2024.1"),
        (work(title="Does it work?", journal="Lancet", year=2019, volume="393",
              issue="10170", pages="101-118"),
         "Does it work? Lancet. 2019;393(10170):101-118."),
    ],
)  # fmt: skip
def test_ama_strings_come_from_the_official_style(data, expected):
    assert ama_citation(data) == expected


def test_the_official_style_is_vendored_with_its_licence():
    style = AMA_STYLE.read_text()
    assert "<id>http://www.zotero.org/styles/american-medical-association</id>" in style
    assert "creativecommons.org/licenses/by-sa/3.0" in style
    notice = (AMA_STYLE.parent / "README.md").read_text()
    assert "Attribution-ShareAlike 3.0" in notice and "citationstyles.org" in notice


@pytest.mark.django_db
def test_a_reference_object_and_its_snapshot_format_alike():
    reference = ReferenceFactory(
        title="Attachment", authors="Müller HP", journal="Attach Hum Dev", year=2019,
        volume="21", issue="2", pages="101-118",
    )  # fmt: skip
    assert ama_citation(reference) == ama_citation(reference.snapshot())
    assert ama_citation(reference) == ("Müller HP. Attachment. Attach Hum Dev. 2019;21(2):101-118.")
    rendered = Template("{% load references %}{{ work|ama }}").render(Context({"work": reference}))
    assert rendered == ama_citation(reference)


def test_the_csl_json_download_is_what_the_style_formats():
    [item] = json.loads(to_csl_json([PRISMA]))
    assert item == csl_item(PRISMA)
    assert item["type"] == "article-journal" and item["container-title"] == "BMJ"
    assert item["author"][0] == {"family": "Page", "given": "M. J."}
    assert (item["genre"], item["PMID"]) == ("Guideline", "33782057")


@pytest.mark.django_db
def test_the_admin_shows_the_ama_string(client, editor):
    reference = ReferenceFactory(title="Does it work?", journal="Lancet", year=2019)
    client.force_login(editor)
    page = client.get(reference.get_admin_url()).content.decode()
    assert "Does it work? Lancet. Published online 2019." in page


@pytest.mark.django_db
def test_the_public_list_keeps_the_seed_s_form(client):
    from tests.factories import article_in_state

    article = article_in_state("approved")
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'class="reference__kind">Research</span>' in page
    assert "doi:" not in page  # no AMA string on the public list
