"""Search in each language (issue 24, item 3), on PostgreSQL; SQLite is untouched.

An article's language decides the text search configuration of its revisions' vectors
(``articles_search_config``: the language's PostgreSQL configuration, ``simple`` for one it has
no stemmer for; ``articles.search.SEARCH_CONFIGS`` is the same mapping, and a test holds them
equal), and each search entry holds its article's language, so that a page's search reads the
entries in its language and ranks them with its configuration. The vectors of the revisions of
articles in another language than English are computed again, and the entries refilled.
"""

import importlib

from django.db import migrations, models

SEARCH_ENTRIES = importlib.import_module("articles.migrations.0010_search_entries")

CONFIGS = {
    "ar": "arabic", "ca": "catalan", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "es": "spanish", "eu": "basque", "fi": "finnish", "fr": "french",
    "ga": "irish", "hi": "hindi", "hu": "hungarian", "hy": "armenian", "id": "indonesian",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "nl": "dutch", "no": "norwegian",
    "nb": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}  # fmt: skip

CASES = "\n".join(f"        WHEN '{code}' THEN '{name}'" for code, name in CONFIGS.items())


def text(config: str) -> str:
    return rf"""
    setweight(to_tsvector({config}, coalesce(r.title, '')), 'A') ||
    setweight(to_tsvector({config}, coalesce((
        SELECT regexp_replace(regexp_replace(string_agg((s->>'heading') || '. ' || (s->>'body'), ' '),
               '\[@[^\]]*\]', '', 'g'), '[*#>`|]+', ' ', 'g')
          FROM jsonb_array_elements(r.sections) AS s), '')), 'B')
"""


def revision_trigger(config: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION articles_revision_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector := (SELECT {text(config)} FROM (SELECT NEW.title AS title, NEW.sections AS sections) AS r);
    NEW.repeated_vector := articles_repeated_lexemes(NEW.search_vector);
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


ENTRY = """
INSERT INTO articles_searchentry
    (article_id, revision_id, approved_at, title_vector, search_vector, repeated_vector,
     language)
SELECT a.id, r.id, r.approved_at, ts_filter(r.search_vector, '{a}'), r.search_vector,
       r.repeated_vector, a.language
  FROM articles_article AS a JOIN articles_articlerevision AS r ON r.id = a.live_revision_id
 WHERE %s AND a.live_revision_id IS NOT NULL AND a.status <> 'archived'
"""

ARTICLE_TRIGGER = (
    """
CREATE OR REPLACE FUNCTION articles_search_entry_of_article() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.live_revision_id IS NOT DISTINCT FROM NEW.live_revision_id
       AND (OLD.status = 'archived') = (NEW.status = 'archived')
       AND OLD.language = NEW.language THEN
        RETURN NULL;  -- what readers may see of it is unchanged
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM articles_searchentry WHERE article_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
"""
    + ENTRY % "a.id = NEW.id"
    + """;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS articles_search_entry_of_article ON articles_article;
CREATE TRIGGER articles_search_entry_of_article
    AFTER INSERT OR DELETE OR UPDATE OF live_revision_id, status, language ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_search_entry_of_article();
"""
)

FORWARD = (
    f"""
CREATE FUNCTION articles_search_config(language text) RETURNS regconfig
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (CASE split_part(lower(coalesce(language, 'en')), '-', 1)
{CASES}
        ELSE 'simple' END)::regconfig
$$;
"""
    + revision_trigger(
        "articles_search_config((SELECT language FROM articles_article WHERE id = NEW.article_id))"
    )
    + ARTICLE_TRIGGER
    # The index first: the refilled entries' foreign keys are checked at commit, and PostgreSQL
    # creates no index on a table with checks pending.
    + """
CREATE INDEX articles_search_entry_language ON articles_searchentry (language);
UPDATE articles_articlerevision AS r SET title = r.title
  FROM articles_article AS a WHERE a.id = r.article_id AND a.language <> 'en';

DELETE FROM articles_searchentry;
"""
    + ENTRY % "TRUE"
    + """;
ANALYZE articles_searchentry;
"""
)

BACKWARD = (
    revision_trigger("'english'")
    + """
CREATE OR REPLACE FUNCTION articles_search_entry_of_article() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.live_revision_id IS NOT DISTINCT FROM NEW.live_revision_id
       AND (OLD.status = 'archived') = (NEW.status = 'archived') THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM articles_searchentry WHERE article_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
"""
    + SEARCH_ENTRIES.ENTRY % "a.id = NEW.id"
    + """;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS articles_search_entry_of_article ON articles_article;
CREATE TRIGGER articles_search_entry_of_article
    AFTER INSERT OR DELETE OR UPDATE OF live_revision_id, status ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_search_entry_of_article();

UPDATE articles_articlerevision AS r SET title = r.title
  FROM articles_article AS a WHERE a.id = r.article_id AND a.language <> 'en';
DROP INDEX IF EXISTS articles_search_entry_language;
DROP FUNCTION IF EXISTS articles_search_config(text);
"""
)


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_translations"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="language",
            field=models.CharField(
                default="en", help_text="The article's language.", max_length=15
            ),
        ),
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
