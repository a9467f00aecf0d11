"""Every output channel escapes what authors and reviewers write.

A public list of XSS vectors (PayloadsAllTheThings', about 180) and Markdown-specific ones go into
every field an author or a reviewer writes: the question, section headings and bodies, every
field of the references, notes to the board, comments for the author and for the board, decline
reasons, conflict-of-interest declarations, decision letters and their templates, editors' notes,
change summaries, retraction notices and acknowledgements, topics, board members' profiles, user
names and the editorial policy. Fields that hold one text carry many vectors at once; fields
that repeat (sections, references, draft titles) carry one vector each.

Then every channel is read as its consumer reads it: the public, authoring and admin HTML pages
(and the preview of a pasted reference import) as a browser parses them, the Atom feed as a
feed reader decodes it (XML parsed, a summary of type "html" read as HTML), the JSON-LD, the
sitemap, the emails, the RIS, BibTeX and CSL-JSON exports as reference managers read them, and
"Cite this page".

That walk over every channel (each test reading the hostile content) is marked slow.

The public list is not in this repository (tests/references/CORPUS.md): without it (see
EDITORIAL_TEST_CORPUS) the walk runs with the Markdown-specific vectors alone, and the test of the
public list's size is skipped, saying so.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import unescape
from xml.etree import ElementTree

import bibtexparser
import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.utils.html import escape

from articles.feeds import xml_text
from articles.models import Article, ArticleReference, ArticleRevision, Section, Topic
from articles.rendering import web_url
from articles.retractions import retraction_acknowledge
from editorial import notifications
from editorial.models import (
    ChecklistAnswer,
    ClaimVerdict,
    DecisionLetterTemplate,
    Recommendation,
    ReminderStep,
    ReviewInvitation,
)
from editorial.policy import policy_publish
from editorial.reviews import (
    invitation_accept,
    invitation_declare_conflict,
    invitation_decline,
    invitation_replace,
    invitations_create,
    review_address,
    review_submit,
)
from editorial.workflow import article_transition
from references.citations import malformed_markers
from references.models import Reference, ReferenceKind, Retraction
from tests.conftest import FAST_PASSWORD_HASHERS
from tests.factories import author_user, board_user, editor_user
from tests.reference_imports import previewed
from tests.tasks import run_queued_tasks
from tests.xss import (
    CORPUS_ABSENT,
    MARKDOWN_VECTORS,
    executable_markup,
    load_vectors,
    raw_vector_markup,
    report,
)

pytestmark = pytest.mark.django_db

VECTORS = load_vectors()
JOINED = "\n".join(VECTORS)
ATOM = "{http://www.w3.org/2005/Atom}"


def nth_vector(number: int) -> str:
    """The vector of that number, counting round again when the public list is not there."""
    return VECTORS[number % len(VECTORS)]


def clip(text: str, length: int) -> str:
    return text[:length]


def packed(vectors: list[str], length: int) -> list[str]:
    """The vectors joined with spaces into texts of at most ``length`` characters each."""
    texts, current = [], ""
    for vector in vectors:
        vector = " ".join(vector.split())[:length]
        if current and len(current) + 1 + len(vector) > length:
            texts.append(current)
            current = ""
        current = f"{current} {vector}".strip()
    return [*texts, current] if current else texts


@dataclass
class Hostile:
    author: object
    editor: object
    members: list
    published: Article
    returned: Article
    in_review: Article
    drafts: list[Article]
    topic: Topic
    references: list[Reference]
    emails: list = field(default_factory=list)

    def login(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client


def _review(invitation, user, recommendation=Recommendation.APPROVE):
    invitation_accept(invitation=invitation, by=user)
    invitation_declare_conflict(invitation=invitation, by=user, has_conflict=False)
    return review_submit(
        invitation=invitation,
        by=user,
        recommendation=recommendation,
        claims_supported=ChecklistAnswer.YES,
        guidelines_current=ChecklistAnswer.YES,
        safety_accurate=ChecklistAnswer.YES,
        language_suitable=ChecklistAnswer.YES,
        comments_for_author=JOINED,
        confidential_comments=JOINED,
        claim_checks={
            claim.fingerprint: (ClaimVerdict.SUPPORTED, JOINED)
            for claim in invitation.round.revision.claims()
        },
    )


def submittable(vector: str) -> str:
    """``vector`` as an author must write it to submit: a malformed citation marker (refused
    at submission) escaped, so that readers still get its text, ``[@`` and all."""
    return vector.replace("[@", "\\[@") if malformed_markers(vector) else vector


def _article(author, title: str, slug: str, references: list[Reference], vectors: list[str]):
    article = Article.objects.create(title=title, slug=slug, author=author)
    for number, (reference, vector) in enumerate(zip(references, vectors, strict=True), 1):
        ArticleReference.objects.create(article=article, reference=reference)
        Section.objects.create(
            article=article,
            position=number,
            heading=clip(vector, 200),
            body=f"[@{reference.key}]\n\n{submittable(vector)}",
        )
    return article


def _build() -> Hostile:
    titles = packed(VECTORS, 300)
    author = author_user(first_name=clip(nth_vector(4), 150))
    editor = editor_user(first_name=clip(nth_vector(11), 150))
    members = [board_user() for _ in range(5)]
    for number, member in enumerate(members):
        profile = member.board_member
        profile.display_name = clip(nth_vector(number * 3), 200)
        profile.credentials = clip(nth_vector(number * 3 + 1), 100)
        profile.specialty = clip(nth_vector(number * 3 + 2), 200)
        profile.bio = clip(JOINED, 2000)
        profile.save()
    references = [
        Reference.objects.create(
            key=f"xss{number}",
            kind=ReferenceKind.GUIDELINE if number % 3 == 0 else ReferenceKind.RESEARCH,
            title=clip(f"{number} {vector}", 500),
            authors=clip(vector, 1000),
            journal=clip(vector, 300),
            year=2020,
            volume=clip(vector, 20),
            issue=clip(vector, 20),
            pages=clip(vector, 40),
            doi=clip(f"10.1000/{number}{vector}", 255) if number % 2 else "",
            url=""
            if number % 2
            else clip(vector if number % 4 else f"https://example.org/?q={vector}", 500),
        )
        for number, vector in enumerate(VECTORS)
    ]
    policy_publish(
        body=f"{JOINED}\n\n## {clip(nth_vector(20), 100)}\n\n{JOINED}",
        disclaimer=JOINED,
        change_note=clip(nth_vector(21), 200),
        by=editor,
    )

    # Published: through the whole review, every board-only text written on the way.
    published = _article(author, titles[0], "xss-published", references, VECTORS)
    article_transition(article=published, action="submit", by=author, comment=JOINED)
    article_transition(article=published, action="start_review", by=editor)
    invitations = invitations_create(
        article=published, reviewers=[m.board_member for m in members], by=editor
    )
    _review(invitations[0], members[0])
    _review(invitations[1], members[1])
    rejection = _review(invitations[2], members[2], Recommendation.REJECT)
    review_address(review=rejection, by=editor, note=JOINED)
    invitation_accept(invitation=invitations[3], by=members[3])
    invitation_declare_conflict(
        invitation=invitations[3], by=members[3], has_conflict=True, description=JOINED
    )
    invitation_replace(invitation=invitations[3], by=editor)
    invitation_decline(invitation=invitations[4], by=members[4], reason=JOINED)
    article_transition(article=published, action="approve", by=editor, comment=JOINED)
    published.refresh_from_db()
    ArticleRevision.objects.filter(pk=published.live_revision_id).update(change_summary=JOINED)
    # A retraction of a cited work (editors import the list) and the editor's acknowledgement.
    Retraction.objects.create(
        doi=references[1].doi, notice=JOINED, source=clip(nth_vector(40), 200), imported_by=editor
    )
    retraction_acknowledge(article=published, reference=references[1], by=editor, note=JOINED)
    DecisionLetterTemplate.objects.update(body=f"$reviews\n{JOINED}")
    topic = Topic.objects.create(
        name=clip(nth_vector(30), 100), slug="xss-topic", description=clip(JOINED, 1000)
    )
    topic.articles.add(published)

    # Returned to its author with the board's requests.
    returned = _article(author, titles[1], "xss-returned", references, VECTORS)
    article_transition(article=returned, action="submit", by=author, comment=JOINED)
    article_transition(article=returned, action="start_review", by=editor)
    (invitation,) = invitations_create(
        article=returned, reviewers=[members[0].board_member], by=editor
    )
    _review(invitation, members[0], Recommendation.MAJOR)
    article_transition(article=returned, action="request_changes", by=editor, comment=JOINED)

    # In review, with a reviewer still to write (the review form) and one review in.
    in_review = _article(author, titles[2], "xss-in-review", references[:40], VECTORS[:40])
    article_transition(article=in_review, action="submit", by=author, comment=JOINED)
    article_transition(article=in_review, action="start_review", by=editor)
    first, second = invitations_create(
        article=in_review, reviewers=[members[0].board_member, members[1].board_member], by=editor
    )
    _review(first, members[0])
    invitation_accept(invitation=second, by=members[1])
    invitation_declare_conflict(invitation=second, by=members[1], has_conflict=False)
    second.refresh_from_db()
    notifications.review_reminder(second, ReminderStep.DUE_SOON)
    notifications.review_reminder(second, ReminderStep.OVERDUE)
    notifications.rereviews_due([published, returned])

    # Every other vector in a question: drafts, which the dashboard and the admin list.
    drafts = [
        Article.objects.create(title=title, slug=f"xss-draft-{number}", author=author)
        for number, title in enumerate(titles[3:])
    ]
    return Hostile(
        author=author,
        editor=editor,
        members=members,
        published=Article.objects.get(pk=published.pk),
        returned=Article.objects.get(pk=returned.pk),
        in_review=Article.objects.get(pk=in_review.pk),
        drafts=drafts,
        topic=topic,
        references=references,
    )


@pytest.fixture(scope="module")
def hostile(django_db_setup, django_db_blocker):
    """The hostile content, built once for the module in a transaction rolled back at its end
    (the tests only read it). The emails its steps sent are collected on the way."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        mail.outbox = []
        with (
            override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS),
            TestCase.captureOnCommitCallbacks(execute=True),
        ):
            content = _build()
            run_queued_tasks()  # the worker delivers what the steps queued
        content.emails = list(mail.outbox)
    yield content
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def _fetch(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@pytest.fixture(scope="module")
def baseline(hostile, django_db_blocker) -> str:
    """Pages of the site without anyone's content: its own markup (the admin's icons)."""
    with django_db_blocker.unblock():
        return _fetch(hostile.login(hostile.editor), "/admin/") + _fetch(
            Client(), "/accounts/login/"
        )


def _check_pages(pages: dict[str, str], baseline: str) -> None:
    problems = []
    for name, html in pages.items():
        findings = executable_markup(html, baseline=baseline) + raw_vector_markup(
            html, VECTORS, baseline
        )
        problems.append(report(name, findings, VECTORS))
    problems = [problem for problem in problems if problem]
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------------------------
# HTML pages
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_public_pages(hostile, baseline):
    client = Client()
    slug = hostile.published.slug
    pages = {
        url: _fetch(client, url)
        for url in [
            "/",
            f"/articles/{slug}/",
            f"/topics/{hostile.topic.slug}/",
            "/board/",
            "/editorial-policy/",
            "/search/?q=alert",
        ]
    }
    for vector in VECTORS[:40:4]:
        pages[f"search for {vector!r}"] = _fetch(client, f"/search/?{_query(q=vector)}")
    _check_pages(pages, baseline)
    article = pages[f"/articles/{slug}/"]
    # The vectors are there, as text: a section heading and the question read back exactly.
    assert unescape(re.sub(r"\s+", " ", hostile.published.sections.first().heading)) in (
        unescape(re.sub(r"\s+", " ", article))
    )


def _query(**params: str) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


@pytest.mark.slow
def test_cite_this_page_is_text(hostile):
    html = _fetch(Client(), f"/articles/{hostile.published.slug}/")
    cite = re.search(r'<p class="cite__text">(.*?)</p>', html, re.S).group(1)
    assert "<" not in cite
    assert unescape(cite).startswith(hostile.published.live_revision.title)


@pytest.mark.slow
def test_authoring_pages(hostile, baseline):
    client = hostile.login(hostile.author)
    pages = {"/write/": _fetch(client, "/write/")}
    for article in (hostile.published, hostile.returned, hostile.in_review):
        for suffix in ("edit", "preview", "changes"):
            url = f"/write/{article.pk}/{suffix}/"
            pages[url] = _fetch(client, url)
    for article, step in (
        (hostile.returned, "resubmit"),
        (hostile.returned, "withdraw"),
        (hostile.published, "revise"),
    ):
        url = f"/write/{article.pk}/{step}/"
        pages[url] = _fetch(client, url)
    _check_pages(pages, baseline)


@pytest.mark.slow
def test_the_reference_import_preview(hostile, baseline):
    """What an author pastes is shown back in the preview before anything is saved."""
    single_lines = [vector for vector in VECTORS if "\n" not in vector]
    ris = "".join(
        f"TY  - JOUR\nTI  - {vector}\nAU  - {clip(vector, 200)}\nJO  - {vector}\nPY  - 2020\n"
        f"UR  - {vector}\nER  - \n\n"
        for vector in single_lines
    )
    response = previewed(hostile.login(hostile.author), {"text": ris})
    assert response.status_code == 200 and "Preview ready" in response.content.decode()
    html = response.content.decode()
    assert escape(single_lines[0]) in html  # the entries are shown, as text
    _check_pages({"/references/imports/<id>/ (preview)": html}, baseline)


@pytest.mark.slow
def test_admin_pages_for_editors(hostile, baseline):
    client = hostile.login(hostile.editor)
    urls = ["/admin/articles/article/", "/admin/editorial/reviewinvitation/"]
    for article in (hostile.published, hostile.returned, hostile.in_review):
        base = f"/admin/articles/article/{article.pk}"
        urls += [f"{base}/change/", f"{base}/timeline/", f"{base}/compare/"]
        urls += [f"{base}/citations/", f"{base}/history/"]
        urls += [
            f"/admin/editorial/reviewinvitation/{invitation.pk}/change/"
            for invitation in article.review_rounds.first().invitations.all()
        ]
    record = hostile.published.history.order_by("-history_id").first()
    urls += [
        f"/admin/articles/article/{hostile.published.pk}/history/{record.history_id}/",
        f"/admin/articles/articlerevision/{hostile.published.live_revision_id}/change/",
        "/admin/editorial/transitionlog/",
        "/admin/editorial/boardmember/",
        f"/admin/editorial/boardmember/{hostile.members[0].board_member.pk}/change/",
        "/admin/references/reference/",
        f"/admin/articles/topic/{hostile.topic.pk}/change/",
        "/admin/editorial/editorialpolicy/",
    ]
    urls += [
        f"/admin/references/reference/{reference.pk}/change/"
        for reference in hostile.references[::25]
    ]
    _check_pages({url: _fetch(client, url) for url in urls}, baseline)


@pytest.mark.slow
def test_admin_pages_for_board_members(hostile, baseline):
    member = hostile.members[1]
    client = hostile.login(member)
    invitation = ReviewInvitation.objects.get(
        reviewer=member.board_member, round__article=hostile.in_review
    )
    urls = [
        "/admin/editorial/awaitingmyreview/",
        f"/admin/editorial/reviewinvitation/{invitation.pk}/change/",
        f"/admin/editorial/reviewinvitation/{invitation.pk}/review/",
        f"/admin/articles/article/{hostile.in_review.pk}/change/",
        "/board/",
    ]
    _check_pages({url: _fetch(client, url) for url in urls}, baseline)


# --------------------------------------------------------------------------------------------
# The Atom feed, as a feed reader decodes it
# --------------------------------------------------------------------------------------------


def _feed_entries(hostile) -> list[ElementTree.Element]:
    response = Client().get("/feed/")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return root.findall(f"{ATOM}entry")


@pytest.mark.slow
def test_the_feed_as_a_feed_reader_decodes_it(hostile):
    entries = _feed_entries(hostile)
    assert len(entries) == 1
    findings = []
    decoded_text = []
    for entry in entries:
        for element in entry.iter():
            kind = element.get("type", "text")
            text = element.text or ""
            assert kind in {"text", "html"}, f"{element.tag} of type {kind}"
            if kind == "html":  # a reader renders it as markup
                findings += executable_markup(text, page=False) + raw_vector_markup(text, VECTORS)
                decoded_text.append(text)
            else:
                decoded_text.append(text)
    assert not findings, report("Atom feed", findings, VECTORS)
    # The summary carries the vectors, shown to the reader as the text the author wrote.
    summary = entries[0].find(f"{ATOM}summary")
    assert summary is not None
    assert nth_vector(0) in summary.text
    assert xml_text(JOINED) in summary.text


# --------------------------------------------------------------------------------------------
# Machine-readable channels
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_json_ld_is_data_a_script_element_cannot_escape(hostile):
    html = _fetch(Client(), f"/articles/{hostile.published.slug}/")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    assert "<" not in blocks[0]
    data = json.loads(blocks[0])
    assert data["headline"] == hostile.published.live_revision.title
    titles = {citation["name"] for citation in data["citation"]}
    assert {reference.title for reference in hostile.references} <= titles

    def urls(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in {"url", "@id"}:
                    yield item
                else:
                    yield from urls(item)
        elif isinstance(value, list):
            for item in value:
                yield from urls(item)

    for url in urls(data):
        assert url.startswith(("http://", "https://")), url


@pytest.mark.slow
def test_sitemap_lists_only_site_urls(hostile):
    response = Client().get("/sitemap.xml")
    root = ElementTree.fromstring(response.content)
    locations = [element.text for element in root.iter() if element.tag.endswith("loc")]
    assert f"http://testserver/articles/{hostile.published.slug}/" in locations
    for location in locations:
        assert re.fullmatch(r"http://testserver/[-a-zA-Z0-9_/.]*", location), location


def _web(url: str) -> bool:
    return re.match(r"https?://[^/\s]", url) is not None


@pytest.mark.slow
def test_ris_export_reads_back_as_one_record_per_work(hostile):
    response = Client().get(f"/articles/{hostile.published.slug}/references.ris")
    assert response["Content-Disposition"].startswith("attachment")
    assert "html" not in response["Content-Type"]
    lines = response.content.decode().split("\r\n")
    records = [line for line in lines if line.startswith("TY  - ")]
    ends = [line for line in lines if line.startswith("ER  - ")]
    assert len(records) == len(ends) == len(hostile.references)
    for line in lines:
        assert line == "" or re.match(r"^[A-Z][A-Z0-9]  - ", line), line
    titles = [line[6:] for line in lines if line.startswith("TI  - ")]
    assert titles == [" ".join(reference.title.split()) for reference in hostile.references]
    links = [line[6:] for line in lines if line.startswith("UR  - ")]
    assert links and all(_web(link) for link in links)  # as the page links them, or not at all


@pytest.mark.slow
def test_bibtex_export_reads_back_as_one_entry_per_work(hostile):
    response = Client().get(f"/articles/{hostile.published.slug}/references.bib")
    assert "html" not in response["Content-Type"]
    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    assert len(library.entries) == len(hostile.references)
    for entry in library.entries:
        assert "url" not in entry.fields_dict or _web(entry.fields_dict["url"].value)
        assert set(entry.fields_dict) <= {
            "author", "title", "journal", "institution", "year", "volume", "number", "pages",
            "doi", "pmid", "url", "keywords", "type",
        }  # fmt: skip


@pytest.mark.slow
def test_csl_json_export_reads_back_with_the_same_titles(hostile):
    response = Client().get(f"/articles/{hostile.published.slug}/references.json")
    assert "html" not in response["Content-Type"]
    items = json.loads(response.content)
    assert [item["title"] for item in items] == [
        reference.title for reference in hostile.references
    ]
    assert all(_web(item["URL"]) for item in items if "URL" in item)


# --------------------------------------------------------------------------------------------
# Emails
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_emails_are_plain_text_with_the_text_as_written(hostile):
    assert len(hostile.emails) >= 8
    quoted = 0
    for message in hostile.emails:
        assert message.content_subtype == "plain", message.subject
        assert not isinstance(message, EmailMultiAlternatives) or not message.alternatives
        assert not message.attachments
        assert "\n" not in message.subject and "\r" not in message.subject
        message.message()  # headers encode (no header injection)
        if JOINED in message.body:
            quoted += 1
    # Decision letters, notes to the board, decline reasons and conflicts are quoted verbatim
    # (plain text: not escaped, not rendered).
    assert quoted >= 4


@pytest.mark.slow
def test_the_build_itself_sent_every_kind_of_email(hostile):
    subjects = " ".join(message.subject for message in hostile.emails)
    for expected in ("Invitation to review", "Review received", "Overdue review", "re-review"):
        assert expected in subjects, expected


def test_the_vectors_are_distinct_with_at_least_20_markdown_ones():
    assert len(VECTORS) == len(set(VECTORS))
    assert VECTORS[-len(MARKDOWN_VECTORS) :] == MARKDOWN_VECTORS
    assert len(MARKDOWN_VECTORS) >= 20


@pytest.mark.skipif(bool(CORPUS_ABSENT), reason=CORPUS_ABSENT)
def test_the_public_list_holds_at_least_150_vectors():
    assert len(VECTORS) - len(MARKDOWN_VECTORS) >= 150


# --------------------------------------------------------------------------------------------
# The helpers behind two of the fixes
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "linked"),
    [
        ("https://example.org/a?b=c", "https://example.org/a?b=c"),
        (" HTTP://Example.org ", "HTTP://Example.org"),
        ("javascript:alert(1)", ""),
        ("JaVaScRiPt://%0aalert(1)", ""),
        ("data:text/html;base64,PHN2Zz4=", ""),
        ("//evil.example/x", ""),
        ("/relative/path", ""),
        ("https:///x", ""),
        ("", ""),
    ],
)
def test_only_web_addresses_become_links(stored, linked):
    assert web_url(stored) == linked


def test_text_xml_cannot_carry_is_left_out_of_the_feed():
    assert xml_text("a\x00b\x0bc\x0cd\ud800e\ufffff\tg\nh") == "abcdef\tg\nh"
