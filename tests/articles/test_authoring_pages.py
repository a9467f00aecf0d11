"""The authors' preview, dashboard and "what changed": safe output, same template, query budgets."""

from __future__ import annotations

import pytest

from articles.models import Article, ArticleReference, Section
from articles.services import article_update
from editorial.workflow import article_transition
from references.models import Reference
from tests.articles.test_rendering import assert_no_executable_markup
from tests.factories import ArticleFactory, ReferenceFactory, article_in_state

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
IMG = '<img src=x onerror="alert(1)">'


@pytest.fixture
def hostile(db) -> Article:
    """An article whose every field a user types carries a payload."""
    reference = Reference.objects.create(
        key="evil2024",
        kind="research",
        title=f"Title {SCRIPT}",
        authors=f"Evil A, {IMG}",
        journal=f"Journal {IMG}",
        year=2024,
        volume="<b>1</b>",
        pages='"><svg onload=alert(1)>',
        url="https://example.org/?q=<script>",
    )
    article = ArticleFactory(title=f"Is {SCRIPT} safe?", content=False)
    ArticleReference.objects.create(article=article, reference=reference)
    Section.objects.create(
        article=article,
        position=1,
        heading=f"Heading {IMG}",
        body=(
            f"Body {SCRIPT} [@evil2024]\n\n[click](javascript:alert(1)) "
            '<a href="javascript:alert(2)">raw</a> [x](JaVaScRiPt:alert(3))\n\n'
            '<iframe src="https://evil.example"></iframe> [d](data:text/html,hi)'
        ),
    )
    return article


def test_payloads_are_neutralised_on_the_preview(client, hostile):
    client.force_login(hostile.author)
    response = client.get(f"/write/{hostile.pk}/preview/")
    html = response.content.decode()
    assert response.status_code == 200
    assert_no_executable_markup(html.split('<main id="main">')[1].split("</main>")[0])
    assert "Is &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; safe?" in html  # shown as text
    assert "Heading &lt;img src=x" in html
    assert "Title &lt;script&gt;" in html


def test_payloads_are_neutralised_on_the_dashboard_and_edit_page(client, hostile):
    client.force_login(hostile.author)
    for url in ["/write/", f"/write/{hostile.pk}/edit/", f"/write/{hostile.pk}/changes/"]:
        html = client.get(url).content.decode()
        main = html.split('<main id="main">')[1].split("</main>")[0]
        assert "<script" not in main.lower(), url
        assert "<img" not in main.lower() and "<svg" not in main.lower(), url
        assert "Is &lt;script&gt;" in main, url


def test_payloads_typed_in_the_form_are_neutralised_when_the_form_is_shown_again(client):
    article = ArticleFactory()
    client.force_login(article.author)
    from tests.articles.authoring_helpers import editor_data

    data = editor_data(
        article,
        title="",  # refused: the form comes back with everything typed
        sections=[(f"H {IMG}", f"B {SCRIPT}")],
        new_reference={
            "key": "k1",
            "kind": "research",
            "title": SCRIPT,
            "journal": IMG,
            "year": "2020",
            "authors": "",
            "doi": "",
            "pmid": "",
            "url": "javascript:alert(1)",
        },
    )
    html = client.post(f"/write/{article.pk}/edit/", data).content.decode()
    main = html.split('<main id="main">')[1].split("</main>")[0]
    assert "<script>alert" not in main and "<img src=x" not in main
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in main


def test_preview_uses_the_public_template_with_the_same_numbering_and_is_marked(client):
    published = article_in_state("approved")
    client.force_login(published.author)
    public = client.get(published.get_absolute_url()).content.decode()
    preview = client.get(f"/write/{published.pk}/preview/").content.decode()
    assert "Preview, not approved." in preview and "Preview, not approved." not in public
    assert '<meta name="robots" content="noindex, nofollow">' in preview

    def body(html: str) -> str:
        start = html.index('<article class="article">')
        return html[start : html.index("</article>", start)]

    for fragment in [
        '<h2 id="section-from-the-guidelines">From the Guidelines</h2>',
        '<a href="#ref-1" aria-label="Reference 1" rel="noopener noreferrer nofollow">1</a>',
        '<li id="ref-1" class="reference reference--research">',
        'id="disclaimer-heading">Professional Medical Disclaimer</h2>',
    ]:
        assert fragment in body(public) and fragment in body(preview), fragment


def test_preview_numbers_works_by_first_citation_and_flags_unresolved_markers(client):
    article = ArticleFactory(content=False)
    first, second = ReferenceFactory(key="b-second"), ReferenceFactory(key="a-first")
    for reference in (first, second):
        ArticleReference.objects.create(article=article, reference=reference)
    Section.objects.create(
        article=article, position=1, heading="One", body="See [@a-first; @b-second] [@ghost]."
    )
    client.force_login(article.author)
    html = client.get(f"/write/{article.pk}/preview/").content.decode()
    refs = html[html.index('class="references__list"') :]
    assert refs.index(second.title) < refs.index(first.title)  # a-first is [1]
    assert "These citation markers name no reference yet: [@ghost]." in html


def test_what_changed_against_the_last_submission_and_the_live_revision(client):
    published = article_in_state("approved")
    article_transition(article=published, action="revise", by=published.author)
    key = published.references.get().key
    article_update(
        article=published,
        by=published.author,
        title="A <b>new</b> question?",
        sections=[("From the Guidelines", f"Guidance says otherwise [@{key}]."), ("Extra", "<i>")],
    )
    client.force_login(published.author)
    html = client.get(f"/write/{published.pk}/changes/").content.decode()
    assert "Since your last submission" in html and "Against the live article" in html
    assert "Revision 1, submitted → Working copy" in html
    assert "Revision 1, live → Working copy" in html
    assert "<del>so</del>" in html and "<ins>otherwise</ins>" in html
    assert "<ins>A &lt;b&gt;new&lt;/b&gt; question?</ins>" in html or "&lt;b&gt;new" in html
    assert "<b>new</b>" not in html and "<i>" not in html


def test_what_changed_before_any_submission(client):
    article = ArticleFactory()
    client.force_login(article.author)
    html = client.get(f"/write/{article.pk}/changes/").content.decode()
    assert "has not been submitted yet" in html and "Nothing of this article is published" in html


def test_dashboard_query_count_does_not_grow_with_articles(client, django_assert_max_num_queries):
    article = ArticleFactory()
    author = article.author
    client.force_login(author)
    counts = []
    for total in (1, 6):
        while Article.objects.filter(author=author).count() < total:
            ArticleFactory(author=author)
        with django_assert_max_num_queries(12) as captured:
            response = client.get("/write/")
        assert response.status_code == 200
        assert response.content.decode().count('class="author-article"') == total
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_preview_query_count_does_not_grow_with_references(client, django_assert_max_num_queries):
    article = ArticleFactory(content=False)
    for position in range(1, 4):
        keys = []
        for _ in range(10):
            reference = ReferenceFactory()
            ArticleReference.objects.create(article=article, reference=reference)
            keys.append(reference.key)
        Section.objects.create(
            article=article,
            position=position,
            heading=f"Part {position}",
            body=" ".join(f"[@{key}]" for key in keys),
        )
    client.force_login(article.author)
    with django_assert_max_num_queries(10):
        response = client.get(f"/write/{article.pk}/preview/")
    assert response.content.decode().count('class="reference reference--') == 30
