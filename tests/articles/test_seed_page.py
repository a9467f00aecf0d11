"""The seed article as the demo publishes it: the page reads like the seed, in order, word for
word. The demo content is loaded once for this module (its tests only read it)."""

from __future__ import annotations

import json
import re

import pytest

from articles.demo import content, spanish
from tests.html import assert_in_order, parse, visible_text

pytestmark = pytest.mark.usefixtures("demo_content")

# --------------------------------------------------------------------------------------------
# The seed page, from the demo content
# --------------------------------------------------------------------------------------------

SEED_URL = f"/articles/{content.SEED_SLUG}/"
SUBHEADINGS = [
    "Factors Contributing to Secure Attachment Style in Adults",
    "Key Themes in Attachment-Informed Therapy",
    "The Importance of Attachment Security in Adulthood",
]
# Sentences of the seed page, word for word (citation numbers apart: see articles/demo).
SEED_SENTENCES = [
    "To develop a secure attachment style as an adult, it is crucial to focus on "
    "self-awareness, emotional regulation, and building healthy relationships, as recent "
    "studies suggest that attachment remains malleable beyond infancy, even into adolescence "
    "and adulthood, to some extent",
    "When considering the development of a secure attachment style, several key factors come "
    "into play, including:",
    "Self-awareness: Examining your current attachment patterns through reflection or "
    "journaling about your relationship behaviors and emotional responses is essential.",
    "Emotional regulation: Practicing emotional regulation by identifying and naming your "
    "feelings without judgment, using mindfulness techniques like deep breathing when feeling "
    "anxious or avoidant in relationships, can help.",
    "Building healthy relationships: Seeking therapy, particularly cognitive-behavioral therapy "
    "or psychodynamic approaches, can help address attachment wounds from childhood",
    "less secure attachment styles are associated with increased symptoms of postpartum "
    "depression and other mental health issues",
    "In terms of specific strategies for developing a secure attachment style, it is essential to:",
    "Practice self-compassion by treating yourself with the same kindness you would offer a "
    "friend.",
    "Communicate openly about your needs and boundaries while respecting those of others in "
    "relationships.",
    "Recognize that developing secure attachment takes time, as you are rewiring neural "
    "pathways formed early in life",
    "the importance of forming and maintaining safe, stable, and nurturing relationships",
    "Several factors contribute to the development of a secure attachment style in adults, "
    "including:",
    "A positive and supportive therapeutic relationship, which can provide a secure base for "
    "individuals to explore and process their attachment experiences",
    "The ability to formulate and process relationship experiences in a healthy and "
    "constructive manner",
    "The presence of self-compassion, which can mediate the relationship between attachment "
    "style and eudaimonic well-being",
    "Experiences that foster personal confidence and secure mental models of the self, such as "
    "positive dependence and secure relationships",
    "A therapist's awareness of their own and their clients' attachment experiences, and their "
    "ability to formulate and meet clients' attachment needs",
    "Research has identified several key themes in attachment-informed therapy, including:",
    "Changing internal working models",
    "The therapeutic relationship and creating a secure base",
    "Formulating and processing relationship experiences",
    "Countertransference",
    "Separation, termination, and boundary issues",
    "Working with different attachment styles or patterns",
    "Attachment security is important for psychological well-being in adulthood, and is related "
    "to feelings of joy, comfort, and contentment throughout life",
    "Secure attachment can facilitate an attitude of kindness and acceptance toward the self, "
    "and can enhance psychological and physical well-being",
]
# The guideline is listed once (1), then the 2018 review (2) and the 2007 article (3).
SEED_NUMBERED = [
    "to some extent 1.",
    "other mental health issues 1.",
    "safe, stable, and nurturing relationships 2.",
    "process their attachment experiences 3",
    "in a healthy and constructive manner 2, 3",
    "attachment style and eudaimonic well-being 3",
    "positive dependence and secure relationships 2",
    "meet clients' attachment needs 3",
    "Working with different attachment styles or patterns 3",
    "contentment throughout life 3.",
    "psychological and physical well-being 3.",
]
SEED_REFERENCES = [
    ("Guideline", "trauma-informed care.", "Pediatrics, 2021"),
    (
        "Research",
        "Revising Working Models Across Time: Relationship Situations That Enhance Attachment "
        "Security.",
        "Personality and social psychology review : an official journal of the Society for "
        "Personality and Social Psychology, Inc, 2018",
    ),
    (
        "Research",
        "Accentuating the positive in adult attachments.",
        "Attachment & human development, 2007",
    ),
]
DISCLAIMER = (
    "This information is intended for healthcare professionals. Any medical decision-making "
    "should rely on clinical judgment and independently verified information. The content "
    "provided herein does not replace professional discretion and should be considered "
    "supplementary to established clinical guidelines. Healthcare providers should verify all "
    "information against primary literature and current practice standards before application "
    "in patient care."
)


@pytest.fixture
def seed_page(db, client, settings):
    settings.PUBLISHER_NAME = "Northwind Clinical Press"
    response = client.get(SEED_URL)
    assert response.status_code == 200
    return response


def test_seed_page_reads_like_the_seed_in_order(seed_page):
    text = visible_text(seed_page)
    assert_in_order(
        text,
        [
            content.SEED_TITLE,
            "Medical Advisory Board",
            "All articles are reviewed for accuracy by our Medical Advisory Board",
            "Article Review Status",
            "Submitted",
            "Under Review",
            "Approved",
            "Last updated: February 25, 2025",
            "View editorial policy",
            "From the Guidelines",
            SEED_SENTENCES[0],
            "From the Research",
            SUBHEADINGS[0],
            SUBHEADINGS[1],
            SUBHEADINGS[2],
            "References",
            "Guideline",
            "trauma-informed care.",
            "Pediatrics, 2021",
            "Professional Medical Disclaimer",
            DISCLAIMER,
            "Northwind Clinical Press assumes no liability for clinical decisions based on this "
            "content.",
        ],
    )


def test_seed_page_sentences_appear_verbatim_in_order(seed_page):
    text = visible_text(seed_page)
    assert_in_order(text, SEED_SENTENCES)
    assert_in_order(text, SEED_NUMBERED)


def test_seed_page_headings(seed_page):
    page = parse(seed_page)
    assert [h1.text() for h1 in page.find_all("h1")] == [content.SEED_TITLE]
    article = page.find("article")
    h2s = [h2.text() for h2 in article.find_all("h2")]
    assert h2s == [
        "Article Review Status",
        "From the Guidelines",
        "From the Research",
        "References",
        "Change log",
        "Cite this page",
        "Professional Medical Disclaimer",
    ]
    assert [h3.text() for h3 in article.find_all("h3")] == SUBHEADINGS
    assert page.find("title").text() == f"{content.SEED_TITLE} | Northwind Clinical Press"


def test_seed_page_tracker_marks_approved_as_the_current_step(seed_page):
    page = parse(seed_page)
    steps = page.find("ol", **{"class": "tracker"}).find_all("li")
    assert [" ".join(step.text().replace("(completed)", "").split()) for step in steps] == [
        "Submitted",
        "Under Review",
        "Approved",
    ]
    current = [step.text() for step in steps if "aria-current" in step.attrs]
    assert current == ["Approved"]
    assert steps[2].attrs["aria-current"] == "step"


def test_seed_page_meta_line_links_to_the_editorial_policy(seed_page):
    page = parse(seed_page)
    meta = page.find("p", **{"class": "article__meta"})
    assert meta.text().startswith("Last updated: February 25, 2025")
    assert meta.find("time").attrs["datetime"] == "2025-02-25"
    links = [link.text() for link in meta.find_all("a", href="/editorial-policy/")]
    assert links == ["View editorial policy"]


def test_seed_page_reference_list_is_deduplicated_and_labelled(seed_page):
    page = parse(seed_page)
    items = page.find("ol", **{"class": "references__list"}).find_all("li")
    assert [item.attrs["id"] for item in items] == ["ref-1", "ref-2", "ref-3"]
    entries = []
    for item in items:
        kind = item.find("span", **{"class": "reference__kind"}).text()
        title = item.find("span", **{"class": "reference__title"}).text()
        source = item.find("span", **{"class": "reference__source"}).text()
        entries.append((kind, title, source))
    assert entries == SEED_REFERENCES


def test_seed_page_citations_all_resolve(seed_page):
    page = parse(seed_page)
    ids = {node.attrs["id"] for node in page.iter() if node.attrs.get("id")}
    citation_links = [
        link for sup in page.find_all("sup", **{"class": "citation"}) for link in sup.find_all("a")
    ]
    # 11 markers in the seed, one of them citing two works.
    assert len(citation_links) == 12
    targets = [link.attrs["href"] for link in citation_links]
    assert all(re.fullmatch(r"#ref-\d+", target) for target in targets), targets
    assert {target[1:] for target in targets} <= ids
    assert {target[1:] for target in targets} == {"ref-1", "ref-2", "ref-3"}
    for link in citation_links:
        assert link.text() == link.attrs["href"].removeprefix("#ref-")
    html = seed_page.content.decode()
    assert "citation-missing" not in html
    assert "[@" not in visible_text(seed_page)
    assert "[?" not in visible_text(seed_page)


def test_seed_page_disclaimer_names_the_configured_publisher(seed_page):
    page = parse(seed_page)
    disclaimer = page.find("section", **{"class": "disclaimer"})
    assert disclaimer.find("h2").text() == "Professional Medical Disclaimer"
    paragraph = disclaimer.find("p").text()
    assert paragraph.startswith(DISCLAIMER)
    assert paragraph.endswith(
        "Northwind Clinical Press assumes no liability for clinical decisions based on this "
        "content."
    )
    assert "Dr.Oracle" not in seed_page.content.decode()
    assert "Dr. Oracle" not in seed_page.content.decode()


def test_demo_articles_that_were_never_approved_are_not_public(seed_page, client):
    for demo in content.OTHER_ARTICLES:
        expected = 200 if demo["state"] in {"under_review"} else 404
        response = client.get(f"/articles/{demo['slug']}/")
        assert response.status_code == expected, (demo["state"], demo["slug"])


def test_demo_article_under_re_review_shows_its_approved_text(seed_page, client):
    demo = next(demo for demo in content.OTHER_ARTICLES if demo["state"] == "under_review")
    text = visible_text(client.get(f"/articles/{demo['slug']}/"))
    assert "remain protective beyond early childhood 1." in text
    assert "clinicians can help families build them" not in text


def test_seed_page_states_the_reviewers_declarations_and_the_claim_checks(seed_page):
    text = visible_text(seed_page)
    assert_in_order(
        text,
        [
            "Medically reviewed by",
            "Conflicts of interest: Dr. Daniel Okafor: no conflicts of interest declared · "
            "Dr. Priya Raman: no conflicts of interest declared",
            "Every cited claim checked by the Medical Advisory Board against its source.",
            "From the Guidelines",
        ],
    )


# --------------------------------------------------------------------------------------------
# The seed's Spanish translation: the same page, in Spanish
# --------------------------------------------------------------------------------------------

SPANISH_DATE = re.compile(r"\b\d{1,2} de [a-z]+ de \d{4}\b")


@pytest.fixture
def spanish_seed_page(db, client, settings):
    """The page of the seed's Spanish translation, as the demo publishes it (drafted by its
    translator, reviewed and approved by the board members who review in Spanish)."""
    from articles.models import Article

    settings.PUBLISHER_NAME = "Northwind Clinical Press"
    translation = Article.objects.get(translation_of__slug=content.SEED_SLUG, language="es")
    assert translation.is_published and not translation.is_out_of_date
    assert translation.get_absolute_url() == f"/es/articles/{translation.slug}/"
    response = client.get(translation.get_absolute_url())
    assert response.status_code == 200
    return response


def test_the_spanish_seed_page_reads_like_the_seed_in_order_in_spanish(spanish_seed_page):
    text = visible_text(spanish_seed_page)
    assert parse(spanish_seed_page).find("html").attrs["lang"] == "es"
    assert_in_order(
        text,
        [
            spanish.SEED_TITLE,
            "Traducido del original en inglés",
            content.SEED_TITLE,  # the original, linked
            "Consejo Asesor Médico",
            "Estado de revisión del artículo",
            "Enviado",
            "En revisión",
            "Aprobado",
            "Última actualización: 26 de marzo de 2025",
            "Ver la política editorial",
            spanish.GUIDELINES,
            spanish.RESEARCH,
            "Referencias",
            "Guía de práctica clínica",
            "Historial de cambios",
            "Cómo citar esta página",
            "Aviso médico profesional",
            "Esta información está dirigida a profesionales sanitarios.",
            "Northwind Clinical Press",
        ],
    )
    assert "Last updated" not in text and "Article Review Status" not in text


def test_the_spanish_seed_page_headings_are_in_spanish(spanish_seed_page):
    page = parse(spanish_seed_page)
    assert [h1.text() for h1 in page.find_all("h1")] == [spanish.SEED_TITLE]
    h2s = [h2.text() for h2 in page.find("article").find_all("h2")]
    assert h2s == [
        "Estado de revisión del artículo",
        spanish.GUIDELINES,
        spanish.RESEARCH,
        "Referencias",
        "Historial de cambios",
        "Cómo citar esta página",
        "Aviso médico profesional",
    ]
    assert page.find("title").text() == f"{spanish.SEED_TITLE} | Northwind Clinical Press"


def test_the_spanish_seed_page_cites_the_seed_s_works_numbered_as_it_cites_them(
    spanish_seed_page,
):
    page = parse(spanish_seed_page)
    items = page.find("ol", **{"class": "references__list"}).find_all("li")
    ids = [item.attrs["id"] for item in items]
    assert ids == [f"ref-{number}" for number in range(1, len(items) + 1)]
    titles = [item.find("span", **{"class": "reference__title"}).text() for item in items]
    assert set(titles) <= {title for _, title, _ in SEED_REFERENCES}
    links = [
        link for sup in page.find_all("sup", **{"class": "citation"}) for link in sup.find_all("a")
    ]
    assert links
    assert {link.attrs["href"] for link in links} == {f"#{id}" for id in ids}
    assert "citation-missing" not in spanish_seed_page.content.decode()
    assert "[@" not in visible_text(spanish_seed_page)


def test_the_spanish_seed_page_is_cited_in_spanish(spanish_seed_page):
    page = parse(spanish_seed_page)
    cite = page.find("p", **{"class": "cite__text"}).text()
    assert cite.startswith(f"{spanish.SEED_TITLE} Northwind Clinical Press.")  # a question
    assert "Consultado el" in cite and "Accessed" not in cite
    assert SPANISH_DATE.search(cite)
    data = json.loads(page.find("script", type="application/ld+json").text())
    assert data["inLanguage"] == "es"
    assert data["translationOfWork"]["@id"].endswith(f"/articles/{content.SEED_SLUG}/")


def test_the_english_seed_page_links_its_spanish_translation(seed_page):
    page = parse(seed_page)
    links = {
        link.attrs["hreflang"]: link
        for link in page.find("nav", **{"class": "language-switcher"}).find_all("a")
    }
    assert links["en"].attrs["aria-current"] == "page"
    assert links["es"].attrs["href"].startswith("/es/articles/")
    assert links["es"].text() == "Español"
