"""Topics named in each language (issue 24): editors give a topic its name and description in
the site's other languages in the admin, beside the topic; a page in a language shows them (the
topic's page, the home's topics, the topics under each article of a list, the article page and
its JSON-LD), or the topic's own, marked as in the site's language. A translation changed makes
stale the pages showing the topic and no other, in the app and at the HTTP caches."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Topic, TopicTranslation
from editorial.caching import forget_local_pages
from editorial.models import PurgeRequest
from editorial.page_keys import LISTING, article_key, key_versions, topic_key
from tests.articles.translation_helpers import approve, translation_into
from tests.factories import article_in_state
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def original():
    original = article_in_state("approved")
    cardiology = Topic.objects.create(
        name="Cardiology", slug="cardiology", description="The heart and its vessels."
    )
    cardiology.articles.add(original)
    Topic.objects.create(name="Sleep", slug="sleep").articles.add(original)
    return Article.objects.get(pk=original.pk)


@pytest.fixture
def spanish(original):
    """The original's Spanish translation, live; Cardiology has its Spanish name, Sleep none."""
    TopicTranslation.objects.create(
        topic=Topic.objects.get(slug="cardiology"),
        language="es",
        name="Cardiología",
        description="El corazón y sus vasos.",
    )
    return approve(translation_into(original))


def topic_links(html, selector: str) -> dict[str, dict]:
    """The topic links under ``selector`` (a class): their text and their lang attribute."""
    (block,) = [node for node in html.iter() if node.has_class(selector)]
    return {
        link.attrs["href"]: {"text": link.text(), "lang": link.attrs.get("lang")}
        for link in block.find_all("a")
    }


SPANISH_LINKS = {
    "/es/topics/cardiology/": {"text": "Cardiología", "lang": None},
    "/es/topics/sleep/": {"text": "Sleep", "lang": "en"},  # not translated: the site's name
}


# --------------------------------------------------------------------------------------------
# What readers see
# --------------------------------------------------------------------------------------------


def test_the_spanish_topic_page_shows_the_topic_s_spanish_name_and_description(client, spanish):
    html = parse(client.get("/es/topics/cardiology/"))

    heading = html.find("h1")
    assert heading.text() == "Cardiología" and "lang" not in heading.attrs
    assert html.find("title").text().startswith("Cardiología |")
    assert html.find("meta", property="og:title").attrs["content"] == "Cardiología"
    (lead,) = [node for node in html.find_all("p") if node.has_class("lead")]
    assert lead.text() == "El corazón y sus vasos." and "lang" not in lead.attrs
    assert "Cardiology" not in html.find("body").text()
    assert not [node for node in html.find_all("p") if node.has_class("notice")]


def test_a_topic_not_translated_shows_its_own_name_marked_as_english_with_a_note(client, spanish):
    html = parse(client.get("/es/topics/sleep/"))

    heading = html.find("h1")
    assert (heading.text(), heading.attrs["lang"]) == ("Sleep", "en")
    (note,) = [node for node in html.find_all("p") if node.has_class("notice")]
    assert note.text() == (
        "Este tema aún no se ha traducido; se muestra en su idioma original (inglés)."
    )
    assert "lang" not in note.attrs  # the note is in the page's language


def test_a_translation_without_a_description_shows_the_topic_s_own_marked_as_english(
    client, spanish
):
    TopicTranslation.objects.filter(language="es").update(description="")
    forget_local_pages()
    cache.clear()

    html = parse(client.get("/es/topics/cardiology/"))

    assert "lang" not in html.find("h1").attrs
    (lead,) = [node for node in html.find_all("p") if node.has_class("lead")]
    assert (lead.text(), lead.attrs["lang"]) == ("The heart and its vessels.", "en")
    assert [node for node in html.find_all("p") if node.has_class("notice")]


def test_the_spanish_home_lists_the_topics_by_their_spanish_names(client, spanish):
    html = parse(client.get("/es/"))

    assert topic_links(html, "topic-list") == SPANISH_LINKS
    # Under the translation, its original's topics, named in Spanish too.
    assert topic_links(html, "article-list__topics") == SPANISH_LINKS


def test_the_spanish_topics_are_in_the_order_of_their_spanish_names(client, spanish):
    TopicTranslation.objects.create(
        topic=Topic.objects.get(slug="sleep"), language="es", name="Sueño"
    )
    Topic.objects.filter(slug="cardiology").update(name="Zoology of the heart")
    TopicTranslation.objects.filter(name="Cardiología").update(name="Anatomía cardíaca")
    forget_local_pages()
    cache.clear()

    listed = topic_links(parse(client.get("/es/")), "topic-list")

    assert [link["text"] for link in listed.values()] == ["Anatomía cardíaca", "Sueño"]


def test_the_spanish_article_page_names_its_topics_in_spanish(client, spanish):
    response = client.get(spanish.get_absolute_url())
    html = parse(response)

    assert topic_links(html, "review-meta__topics") == SPANISH_LINKS
    tags = [meta.attrs["content"] for meta in html.find_all("meta", property="article:tag")]
    assert tags == ["Cardiología", "Sleep"]
    data = json.loads(html.find("script", type="application/ld+json").text())
    assert data["about"] == [
        {"@type": "Thing", "name": "Cardiología", "url": "http://testserver/es/topics/cardiology/"},
        {"@type": "Thing", "name": "Sleep", "url": "http://testserver/es/topics/sleep/"},
    ]


def test_the_english_pages_keep_the_topic_s_own_names(client, original, spanish):
    for url in ("/", "/topics/cardiology/", original.get_absolute_url()):
        html = parse(client.get(url))
        assert "Cardiología" not in html.text(), url
        assert "Cardiology" in html.find("body").text(), url
        topic_links = [
            node
            for node in html.find_all("a")
            if "/topics/" in node.attrs["href"] and "hreflang" not in node.attrs  # the switcher
        ]
        assert topic_links and not [node for node in topic_links if "lang" in node.attrs], url
    data = json.loads(
        parse(client.get(original.get_absolute_url()))
        .find("script", type="application/ld+json")
        .text()
    )
    assert data["about"][0] == {
        "@type": "Thing",
        "name": "Cardiology",
        "url": "http://testserver/topics/cardiology/",
    }


def test_the_read_api_names_an_article_s_topics_in_its_language(client, original, spanish):
    """The topics' own endpoints are the site's language's (they have no language of their
    own): the site's names. An article's topics are named in the article's language."""
    listed = client.get("/api/v1/topics/").json()["results"]
    assert {topic["name"] for topic in listed} == {"Cardiology", "Sleep"}
    names = {"Cardiology", "Sleep"}
    assert {
        t["name"] for t in client.get(f"/api/v1/articles/{original.slug}/").json()["topics"]
    } == names
    (english,) = client.get("/api/v1/articles/").json()["results"]
    assert {topic["name"] for topic in english["topics"]} == names
    in_spanish = {"Cardiología", "Sleep"}  # Sleep has no Spanish name: the site's
    detail = client.get(f"/api/v1/articles/{spanish.slug}/").json()
    assert {topic["name"] for topic in detail["topics"]} == in_spanish
    response = client.get("/api/v1/articles/?language=es")
    (listed_spanish,) = response.json()["results"]
    assert {topic["name"] for topic in listed_spanish["topics"]} == in_spanish
    assert topic_key(Topic.objects.get(slug="cardiology").pk) in response["xkey"].split()

    translation = TopicTranslation.objects.get(language="es")
    translation.name = "Cardiología clínica"
    translation.save()

    (listed_spanish,) = client.get("/api/v1/articles/?language=es").json()["results"]
    assert "Cardiología clínica" in {topic["name"] for topic in listed_spanish["topics"]}
    detail = client.get(f"/api/v1/articles/{spanish.slug}/").json()
    assert "Cardiología clínica" in {topic["name"] for topic in detail["topics"]}


HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def test_a_hostile_spanish_name_is_shown_as_text_everywhere(client, spanish):
    translation = TopicTranslation.objects.get(language="es")
    translation.name, translation.description = HOSTILE, HOSTILE
    translation.save()

    for url in ("/es/", "/es/topics/cardiology/", spanish.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
    page = parse(client.get(spanish.get_absolute_url()))
    data = json.loads(page.find("script", type="application/ld+json").text())
    assert data["about"][0]["name"] == HOSTILE  # the JSON-LD holds it, escaped for <script>


# --------------------------------------------------------------------------------------------
# What a change makes stale
# --------------------------------------------------------------------------------------------


def test_a_translation_changed_rebuilds_the_pages_showing_the_topic(client, original, spanish):
    pages = ["/es/", "/es/topics/cardiology/", spanish.get_absolute_url()]
    for url in pages:
        assert "Cardiología" in client.get(url).content.decode(), url

    translation = TopicTranslation.objects.get(language="es")
    translation.name = "Cardiología clínica"
    translation.save()

    for url in pages:
        assert "Cardiología clínica" in client.get(url).content.decode(), url


def test_a_translation_removed_shows_the_topic_s_own_name_again(client, spanish):
    assert client.get("/es/topics/cardiology/").content.decode().count("Cardiología")

    TopicTranslation.objects.get(language="es").delete()

    heading = parse(client.get("/es/topics/cardiology/")).find("h1")
    assert (heading.text(), heading.attrs["lang"]) == ("Cardiology", "en")
    links = topic_links(parse(client.get(spanish.get_absolute_url())), "review-meta__topics")
    assert links["/es/topics/cardiology/"] == {"text": "Cardiology", "lang": "en"}


def test_a_translation_changed_marks_stale_the_topic_s_key_only(
    client, settings, original, spanish
):
    """Its key and the keys of the articles whose pages show the topic (their records are
    rebuilt): not the lists (another topic's page, search, the feed) nor another article."""
    other = article_in_state("approved")
    Topic.objects.create(name="Neurology", slug="neurology").articles.add(other)
    unrelated = [LISTING, article_key(other.pk), topic_key(Topic.objects.get(slug="sleep").pk)]
    before = key_versions(unrelated)
    settings.HTTP_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]
    cardiology = Topic.objects.get(slug="cardiology")

    with transaction.atomic():
        translation = TopicTranslation.objects.get(topic=cardiology)
        translation.name = "Cardiología clínica"
        translation.save()

    (purge,) = PurgeRequest.objects.all()
    assert set(purge.keys.split()) == {
        topic_key(cardiology.pk),
        article_key(original.pk),
        article_key(spanish.pk),
    }
    assert key_versions(unrelated) == before


def test_every_page_naming_a_topic_carries_its_key(client, original, spanish):
    cardiology, sleep = (Topic.objects.get(slug=slug).pk for slug in ("cardiology", "sleep"))
    for url in (
        "/",
        "/es/",
        "/topics/cardiology/",
        "/es/topics/sleep/",
        spanish.get_absolute_url(),
    ):
        keys = set(client.get(url)["xkey"].split())
        assert {topic_key(cardiology), topic_key(sleep)} <= keys, url


# --------------------------------------------------------------------------------------------
# Query budgets
# --------------------------------------------------------------------------------------------


def test_the_article_pages_keep_their_query_budgets(
    client, original, spanish, django_assert_max_num_queries
):
    untranslated = article_in_state("approved")
    Topic.objects.get(slug="cardiology").articles.add(untranslated)
    for article, budget in ((untranslated, 3), (original, 4), (spanish, 5)):
        cache.clear()
        forget_local_pages()
        with django_assert_max_num_queries(budget):
            response = client.get(article.get_absolute_url())
        assert "review-meta__topics" in response.content.decode()


def test_the_spanish_lists_read_as_many_queries_as_the_english_ones(client, original, spanish):
    for _ in range(3):  # more translated articles and topics: no query more
        more = article_in_state("approved")
        topic = Topic.objects.create(name=f"Topic {more.pk}", slug=f"topic-{more.pk}")
        topic.articles.add(more)
        TopicTranslation.objects.create(topic=topic, language="es", name=f"Tema {more.pk}")
        approve(translation_into(Article.objects.get(pk=more.pk)))
    counts = {}
    for url in ("/", "/es/", "/topics/cardiology/", "/es/topics/cardiology/"):
        cache.clear()
        forget_local_pages()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured)
    assert counts["/es/"] == counts["/"]
    assert counts["/es/topics/cardiology/"] == counts["/topics/cardiology/"]


# --------------------------------------------------------------------------------------------
# The database keeps one per topic and language
# --------------------------------------------------------------------------------------------


def test_the_database_refuses_a_second_translation_into_the_same_language(spanish):
    cardiology = Topic.objects.get(slug="cardiology")
    with pytest.raises(IntegrityError), transaction.atomic():
        TopicTranslation.objects.create(topic=cardiology, language="es", name="Corazón")
    assert TopicTranslation.objects.filter(topic=cardiology).count() == 1


def test_the_database_refuses_two_topics_with_the_same_name_in_a_language(spanish):
    with pytest.raises(IntegrityError), transaction.atomic():
        TopicTranslation.objects.create(
            topic=Topic.objects.get(slug="sleep"), language="es", name="Cardiología"
        )


# --------------------------------------------------------------------------------------------
# Editors name the topics in the admin
# --------------------------------------------------------------------------------------------


def change_url(topic: Topic) -> str:
    return f"/admin/articles/topic/{topic.pk}/change/"


def topic_form(topic: Topic, *rows: dict, initial: int = 0) -> dict:
    """The topic's change form as the admin posts it, with ``rows`` of translations."""
    data = {
        "name": topic.name,
        "slug": topic.slug,
        "description": topic.description,
        "articles": [str(pk) for pk in topic.articles.values_list("pk", flat=True)],
        "translations-TOTAL_FORMS": str(len(rows)),
        "translations-INITIAL_FORMS": str(initial),
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        data |= {f"translations-{number}-{field}": value for field, value in row.items()}
        data[f"translations-{number}-topic"] = str(topic.pk)
    return data


SPANISH_ROW = {"language": "es", "name": "Sueño", "description": "El sueño y sus trastornos."}


def test_an_editor_names_a_topic_in_spanish_beside_it_with_its_history(client, editor, spanish):
    sleep = Topic.objects.get(slug="sleep")
    client.force_login(editor)
    page = client.get(change_url(sleep)).content.decode()
    assert 'name="translations-TOTAL_FORMS"' in page
    assert '<option value="es">' in page and '<option value="en">' not in page

    response = client.post(change_url(sleep), topic_form(sleep, SPANISH_ROW))

    assert response.status_code == 302, response.content.decode()
    translation = TopicTranslation.objects.get(topic=sleep)
    assert (translation.language, translation.name) == ("es", "Sueño")
    assert translation.history.get().history_user == editor
    client.logout()
    heading = parse(client.get("/es/topics/sleep/")).find("h1")
    assert (heading.text(), heading.attrs.get("lang")) == ("Sueño", None)


def test_an_editor_changes_a_translation_and_may_not_delete_it(client, editor, spanish):
    """Like a topic, a translation is never deleted (nobody deletes anything): it is changed."""
    cardiology = Topic.objects.get(slug="cardiology")
    translation = TopicTranslation.objects.get(topic=cardiology)
    row = {"id": str(translation.pk), "language": "es", "name": "Corazón", "description": ""}
    client.force_login(editor)
    assert 'name="translations-0-DELETE"' not in client.get(change_url(cardiology)).content.decode()

    client.post(change_url(cardiology), topic_form(cardiology, row, initial=1))
    client.post(change_url(cardiology), topic_form(cardiology, row | {"DELETE": "on"}, initial=1))

    assert TopicTranslation.objects.get(pk=translation.pk).name == "Corazón"
    assert [entry.history_type for entry in translation.history.order_by("history_id")] == [
        "+",
        "~",
    ]
    assert translation.history.latest().history_user == editor


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ({"language": "fr"}, "Select a valid choice. fr is not one of the available choices."),
        ({"language": "en"}, "Select a valid choice. en is not one of the available choices."),
        ({"name": ""}, "This field is required."),
    ],
    ids=["unconfigured language", "the site's own language", "no name"],
)
def test_a_translation_the_site_cannot_show_is_refused_and_nothing_is_saved(
    client, editor, spanish, row, error
):
    sleep = Topic.objects.get(slug="sleep")
    client.force_login(editor)

    response = client.post(
        change_url(sleep), topic_form(sleep, SPANISH_ROW | row) | {"name": "Sleep renamed"}
    )

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not TopicTranslation.objects.filter(topic=sleep).exists()
    assert Topic.objects.get(pk=sleep.pk).name == "Sleep"  # the topic's own change neither


def test_a_second_translation_into_the_same_language_is_refused(client, editor, spanish):
    sleep = Topic.objects.get(slug="sleep")
    client.force_login(editor)

    response = client.post(
        change_url(sleep), topic_form(sleep, SPANISH_ROW, SPANISH_ROW | {"name": "Descanso"})
    )

    assert response.status_code == 200
    assert "Please correct the duplicate data for language." in (response.content.decode())
    assert not TopicTranslation.objects.filter(topic=sleep).exists()


def test_a_translation_into_a_language_the_topic_has_is_refused(client, editor, spanish):
    cardiology = Topic.objects.get(slug="cardiology")
    client.force_login(editor)

    response = client.post(change_url(cardiology), topic_form(cardiology, SPANISH_ROW))

    assert response.status_code == 200
    assert "The topic already has its name in this language." in response.content.decode()
    assert TopicTranslation.objects.get(topic=cardiology).name == "Cardiología"


def test_a_name_another_topic_has_in_the_language_is_refused(client, editor, spanish):
    sleep = Topic.objects.get(slug="sleep")
    client.force_login(editor)

    response = client.post(
        change_url(sleep), topic_form(sleep, SPANISH_ROW | {"name": "Cardiología"})
    )

    assert response.status_code == 200
    assert "Another topic already has this name in this language." in response.content.decode()
    assert not TopicTranslation.objects.filter(topic=sleep).exists()


@pytest.mark.parametrize("who", ["author", "board_member"])
def test_who_may_not_edit_topics_cannot_name_one(client, request, spanish, who):
    sleep = Topic.objects.get(slug="sleep")
    client.force_login(request.getfixturevalue(who))

    response = client.post(change_url(sleep), topic_form(sleep, SPANISH_ROW))

    assert response.status_code in (302, 403)
    assert not response.get("Location", "").startswith(change_url(sleep))
    assert not TopicTranslation.objects.filter(topic=sleep).exists()


def test_a_board_member_given_only_the_topics_cannot_name_one(client, board_member, spanish):
    """Changing topics is not changing their translations: the admin offers no row to add."""
    from django.contrib.auth.models import Permission

    board_member.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_topic", "change_topic"])
    )
    sleep = Topic.objects.get(slug="sleep")
    client.force_login(board_member)

    response = client.post(change_url(sleep), topic_form(sleep, SPANISH_ROW))

    assert response.status_code == 302
    assert not TopicTranslation.objects.filter(topic=sleep).exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, spanish):
    sleep = Topic.objects.get(slug="sleep")

    response = client.post(change_url(sleep), topic_form(sleep, SPANISH_ROW))

    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not TopicTranslation.objects.filter(topic=sleep).exists()
