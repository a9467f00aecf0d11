"""The public article page, the home page and the editorial policy page, as readers get them."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
import time_machine
from django.core.management import call_command

from articles.demo import content
from articles.models import Article, ArticleReference, Section
from articles.services import article_update
from editorial.workflow import ACTIONS, ReviewState, article_transition, policy_table
from tests.factories import (
    ArticleFactory,
    ReferenceFactory,
    article_in_state,
    board_reviews,
    invitees_review,
)

# --------------------------------------------------------------------------------------------
# A small HTML tree, enough to read a page the way a reader (or a screen reader) does.
# --------------------------------------------------------------------------------------------

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "caption", "div", "footer", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = field(default_factory=list)

    def _raw_text(self) -> str:
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag in BLOCK_TAGS:
                parts.append(f" {child._raw_text()} ")
            else:
                parts.append(child._raw_text())
        return "".join(parts)

    def text(self) -> str:
        return " ".join(self._raw_text().split())

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str, **attrs: str) -> list[Node]:
        return [
            node
            for node in self.iter()
            if node.tag == tag
            and all(
                node.attrs.get(name.replace("_", "-")) == value for name, value in attrs.items()
            )
        ]

    def find(self, tag: str, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"expected one <{tag} {attrs}>, found {len(found)}"
        return found[0]

    def has_class(self, name: str) -> bool:
        return name in (self.attrs.get("class") or "").split()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(response) -> Node:
    builder = _TreeBuilder()
    builder.feed(response.content.decode())
    builder.close()
    return builder.root


def visible_text(response) -> str:
    return parse(response).find("body").text()


def assert_in_order(text: str, parts: list[str]) -> None:
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found != -1, (
            f"{part!r} is missing after position {position}; the text goes on: "
            f"{text[position : position + 300]!r}"
        )
        position = found + len(part)


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
    settings.DEBUG = True
    settings.PUBLISHER_NAME = "Northwind Clinical Press"
    call_command("load_demo", stdout=io.StringIO())
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


# --------------------------------------------------------------------------------------------
# Visibility: readers see approved revisions only
# --------------------------------------------------------------------------------------------

UNPUBLISHED_STATES = [
    "draft",
    "submitted",
    "under_review",
    "changes_requested",
    "rejected",
    "withdrawn",
    "archived",
]


@pytest.mark.django_db
@pytest.mark.parametrize("state", UNPUBLISHED_STATES)
def test_unpublished_article_is_404_for_everyone(client, state, editor, board_member):
    article = article_in_state(state, editor=editor, board=board_member)
    assert article.status == ReviewState(state)
    url = f"/articles/{article.slug}/"
    assert client.get(url).status_code == 404
    for user in (article.author, editor, board_member):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
        client.logout()


@pytest.mark.django_db
def test_approved_article_is_public(client):
    article = article_in_state("approved")
    response = client.get(f"/articles/{article.slug}/")
    assert response.status_code == 200
    page = parse(response)
    assert page.find("h1").text() == article.title
    assert "Guidance says so" in visible_text(response)


@pytest.mark.django_db
def test_unknown_slug_is_404(client):
    article_in_state("approved")
    assert client.get("/articles/no-such-article/").status_code == 404


def _at(year: int, month: int, day: int):
    return time_machine.travel(datetime(year, month, day, 12, tzinfo=UTC), tick=False)


@pytest.fixture
def published(db, editor, board_member):
    """An article approved on March 1, 2025."""
    with _at(2025, 3, 1):
        return article_in_state("approved", editor=editor, board=board_member)


def _start_update(article: Article, editor, *, title: str, body: str) -> Article:
    """Revise an approved article, change it, submit it and hand it to the board."""
    author = article.author
    key = article.references.get().key
    with _at(2025, 6, 10):
        article_transition(article=article, action="revise", by=author)
        article_update(
            article=article,
            by=author,
            title=title,
            sections=[("From the Guidelines", f"{body} [@{key}]."), ("From the Research", "")],
        )
        article_transition(article=article, action="submit", by=author)
        article_transition(article=article, action="start_review", by=editor)
    return Article.objects.get(pk=article.pk)


def test_working_copy_of_a_published_article_stays_private_until_approved(
    client, published, editor, board_member
):
    url = published.get_absolute_url()
    old_title = published.title
    author = published.author
    key = published.references.get().key

    def shows_old_version() -> None:
        response = client.get(url)
        assert response.status_code == 200
        text = visible_text(response)
        assert parse(response).find("h1").text() == old_title
        assert "Guidance says so 1." in text
        assert "Research agrees." in text
        assert "Updated guidance" not in text
        assert "Is this the revised question?" not in text
        assert "Last updated: March 1, 2025" in text

    with _at(2025, 6, 10):
        article_transition(article=published, action="revise", by=author)
        shows_old_version()
        article_update(
            article=published,
            by=author,
            title="Is this the revised question?",
            sections=[
                ("From the Guidelines", f"Updated guidance [@{key}]."),
                ("From the Research", ""),
            ],
        )
        shows_old_version()
        article_transition(article=published, action="submit", by=author)
        shows_old_version()
        article_transition(article=published, action="start_review", by=editor)
        shows_old_version()
    with _at(2025, 6, 12):
        # The round's reviewers were invited again by "start_review"; they approve.
        assert len(invitees_review(published)) == 2
        shows_old_version()
    with _at(2025, 6, 15):
        article_transition(article=published, action="approve", by=board_member)

    response = client.get(url)
    assert response.status_code == 200
    text = visible_text(response)
    assert parse(response).find("h1").text() == "Is this the revised question?"
    assert "Updated guidance 1." in text
    assert "Guidance says so" not in text
    assert "Research agrees." not in text
    assert "Last updated: June 15, 2025" in text
    assert "Last updated: March 1, 2025" not in text  # the change log keeps the first date


def test_rejected_update_keeps_the_approved_version_public(client, published, editor, board_member):
    _start_update(published, editor, title="Is this the rejected question?", body="Wrong claim")
    article_transition(
        article=published, action="reject", by=board_member, comment="Not supported."
    )
    article = Article.objects.get(pk=published.pk)
    assert article.status == ReviewState.REJECTED
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200
    text = visible_text(response)
    assert "Guidance says so 1." in text
    assert "Wrong claim" not in text
    assert "Is this the rejected question?" not in text
    assert "Last updated: March 1, 2025" in text


def test_update_rejected_with_a_long_board_comment_keeps_the_approved_version_public(
    client, published, editor, board_member
):
    """Board comments are often a paragraph long (the demo's are); rejecting must still work."""
    _start_update(published, editor, title=published.title, body="Unsupported claim")
    comment = (
        "The central claim is causal and absolute, and the cited article does not support it. "
        "The question needs a different evidence base."
    )
    assert len(comment) > 100
    article_transition(article=published, action="reject", by=board_member, comment=comment)
    assert Article.objects.get(pk=published.pk).status == ReviewState.REJECTED
    text = visible_text(client.get(published.get_absolute_url()))
    assert "Guidance says so 1." in text
    assert "Unsupported claim" not in text


@pytest.mark.django_db
def test_home_page_lists_published_articles_only(client, editor, board_member):
    articles = {
        state: article_in_state(state, editor=editor, board=board_member)
        for state in ["approved", *UNPUBLISHED_STATES]
    }
    # A published article whose next revision is in the works is listed with its live title.
    revised = article_in_state("approved", editor=editor, board=board_member)
    live_title = revised.title
    article_transition(article=revised, action="revise", by=revised.author)
    article_update(article=revised, by=revised.author, title="A working title nobody may read?")

    response = client.get("/")
    assert response.status_code == 200
    listed = [
        (heading.text(), heading.find("a").attrs["href"])
        for heading in parse(response).find("ul", **{"class": "article-list"}).find_all("h2")
    ]
    assert sorted(listed) == sorted(
        [
            (articles["approved"].title, f"/articles/{articles['approved'].slug}/"),
            (live_title, f"/articles/{revised.slug}/"),
        ]
    )
    html = response.content.decode()
    for state in UNPUBLISHED_STATES:
        assert articles[state].title not in html, state
    assert "A working title nobody may read?" not in html


@pytest.mark.django_db
def test_home_page_without_published_articles(client):
    draft = ArticleFactory()
    response = client.get("/")
    assert response.status_code == 200
    assert "No article has been approved by the board yet." in visible_text(response)
    assert draft.title not in response.content.decode()


def _revised(editor, board_member) -> Article:
    article = article_in_state("approved", editor=editor, board=board_member)
    article_transition(article=article, action="revise", by=article.author)
    return Article.objects.get(pk=article.pk)


def _rejected_update(editor, board_member) -> Article:
    article = article_in_state("approved", editor=editor, board=board_member)
    article = _start_update(article, editor, title=article.title, body="Changed")
    article_transition(article=article, action="reject", by=board_member, comment="No.")
    return Article.objects.get(pk=article.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "expected"),
    [
        *[(state, False) for state in UNPUBLISHED_STATES],
        ("approved", True),
        ("approved, then revised", True),
        ("approved, then an update rejected", True),
    ],
)
def test_published_queryset_and_is_published_agree(case, expected, editor, board_member):
    if case == "approved, then revised":
        article = _revised(editor, board_member)
    elif case == "approved, then an update rejected":
        article = _rejected_update(editor, board_member)
    else:
        article = article_in_state(case, editor=editor, board=board_member)
    article_in_state("approved", editor=editor, board=board_member)  # another, always public
    assert article.is_published is expected
    assert Article.objects.published().filter(pk=article.pk).exists() is expected
    assert Article.objects.filter(pk=article.pk).published().exists() is expected


# --------------------------------------------------------------------------------------------
# Query budget: constant, whatever the number of references
# --------------------------------------------------------------------------------------------


def approved_article_citing(count: int, editor, board_member) -> Article:
    """An approved article with ``count`` references, cited across three sections."""
    article = ArticleFactory(content=False)
    references = ReferenceFactory.create_batch(count)
    ArticleReference.objects.bulk_create(
        ArticleReference(article=article, reference=reference) for reference in references
    )
    keys = [reference.key for reference in references]
    thirds = [keys[0::3], keys[1::3], keys[2::3]]
    for position, part in enumerate(thirds, start=1):
        body = " ".join(f"Claim [@{key}]." for key in part)
        body += f" Together [@{'; @'.join(part[:3])}]."
        Section.objects.create(
            article=article, position=position, heading=f"Part {position}", body=body
        )
    article_transition(article=article, action="submit", by=article.author)
    article_transition(article=article, action="start_review", by=editor)
    board_reviews(article, editor=editor)
    article_transition(article=article, action="approve", by=board_member)
    return Article.objects.get(pk=article.pk)


@pytest.mark.django_db
def test_article_page_query_count_does_not_grow_with_references(
    client, editor, board_member, django_assert_max_num_queries
):
    small = approved_article_citing(5, editor, board_member)
    large = approved_article_citing(50, editor, board_member)
    counts = []
    for article, references in [(small, 5), (large, 50)]:
        with django_assert_max_num_queries(10) as captured:  # issue 5's budget
            response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        page = parse(response)
        assert len(page.find("ol", **{"class": "references__list"}).find_all("li")) == references
        counts.append(len(captured))
    assert counts[0] == counts[1] >= 1


@pytest.mark.django_db
def test_home_page_query_count_does_not_grow_with_articles(
    client, editor, board_member, django_assert_max_num_queries
):
    counts = []
    for total in (2, 6):
        while Article.objects.published().count() < total:
            article_in_state("approved", editor=editor, board=board_member)
        with django_assert_max_num_queries(10) as captured:  # issue 5's budget
            response = client.get("/")
        assert response.status_code == 200
        assert len(parse(response).find_all("li", **{"class": "article-list__item"})) == total
        counts.append(len(captured))
    assert counts[0] == counts[1]


# --------------------------------------------------------------------------------------------
# The editorial policy page
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_editorial_policy_page_describes_the_process(client):
    response = client.get("/editorial-policy/")
    assert response.status_code == 200
    page = parse(response)
    assert page.find("h1").text() == "Editorial policy"
    headings = [h2.text() for h2 in page.find("article").find_all("h2")]
    for expected in [
        "How articles are written",
        "How articles are reviewed",
        "How articles are approved and published",
        "How articles are updated and corrected",
    ]:
        assert expected in headings
    text = visible_text(response)
    for phrase in [
        "every citation leads to an entry in the article's reference list",
        "its text and references are frozen as a revision",
        "Nobody reviews or approves an article they wrote.",
        "A member of the Medical Advisory Board who is not one of its authors approves",
        "Drafts, submissions and articles in review are never shown to readers.",
        "until the board approves it, readers keep seeing the last approved version",
    ]:
        assert phrase in text


@pytest.mark.django_db
def test_editorial_policy_page_shows_the_workflow_table(client):
    page = parse(client.get("/editorial-policy/"))
    table = page.find("table", **{"class": "policy-table"})
    rows = [
        tuple(cell.text() for cell in row.iter() if cell.tag in {"th", "td"})
        for row in table.find("tbody").find_all("tr")
    ]
    expected = [
        (row.label, row.sources, row.target, row.who, row.conditions) for row in policy_table()
    ]
    assert len(expected) == len(ACTIONS) > 0
    assert rows == expected
    labels = [row[0] for row in rows]
    for label in [
        "Submit for review",
        "Start review",
        "Start a periodic re-review",
        "Approve",
        "Reject",
        "Archive",
    ]:
        assert label in labels
    by_label = {row[0]: row for row in rows}
    # Issue 3's rules, written down independently of the code.
    assert by_label["Start a periodic re-review"][1:4] == (
        "Approved",
        "Under review",
        "An editor who is not an author of the article",
    )
    _, sources, target, who, conditions = by_label["Approve"]
    assert (sources, target) == ("Under review", "Approved")
    assert who.startswith("An editor, or a board member where the board may decide")
    assert who.endswith("who is not an author of the article")
    for needed in [
        "quorum of approving reviews (EDITORIAL_APPROVAL_QUORUM, 2 by default)",
        "conflict of interest left unresolved",
        "every 'reject' recommendation of the round has been addressed by an editor",
    ]:
        assert needed in conditions
    for decision in ["Request changes", "Reject"]:
        assert by_label[decision][3] == who


@pytest.mark.django_db
def test_editorial_policy_page_prose_states_the_quorum_and_the_periodic_re_review(client):
    """The prose above the table must not contradict issue 3's rules: approval needs a quorum
    of approving board reviews (and an editor may take the decision), and approved articles
    are re-reviewed periodically."""
    page = parse(client.get("/editorial-policy/"))
    prose = [p.text() for p in page.find("article").find_all("p")]  # not the generated table
    text = " ".join(prose).lower()
    assert "frozen as a revision" in text  # the prose is there

    assert "quorum" in text or "approving reviews" in text
    assert "re-review" in text
