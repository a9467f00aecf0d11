"""Search stays fast at any number of articles (issue 19), on PostgreSQL; SQLite is untouched.

- Public search ranks a bounded set of candidates, taken from three GIN indexes, the newest
  first in each: the revisions whose title holds the words (``ts_filter`` keeps the title's
  weight-A lexemes of the search vector, migration 0005), those whose text repeats them
  (``repeated_vector``: the lexemes at 3 positions or more, stored by the same trigger as the
  search vector, so that reading it costs no computation per row), and any match.
  ``articles/search.py`` explains why those tiers are the best candidates.
- The admin's ``?q=`` search (``UPPER(title) LIKE UPPER('%…%')``, and the same on the slug)
  reads trigram indexes (``pg_trgm``) instead of every title.
"""

import importlib

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

TEXT = importlib.import_module("articles.migrations.0005_revision_search_vector").TEXT

TRIGGER = """
CREATE OR REPLACE FUNCTION articles_revision_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector := (SELECT {text} FROM (SELECT NEW.title AS title, NEW.sections AS sections) AS r);
    {repeated}
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""

FORWARD = (
    """
CREATE FUNCTION articles_repeated_lexemes(vector tsvector) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_to_tsvector(array_agg(lexeme)), ''::tsvector)
      FROM unnest(vector) WHERE cardinality(positions) >= 3
$$;
"""
    + TRIGGER.format(
        text=TEXT, repeated="NEW.repeated_vector := articles_repeated_lexemes(NEW.search_vector);"
    )
    + """
UPDATE articles_articlerevision SET repeated_vector = articles_repeated_lexemes(search_vector);

CREATE INDEX articles_revision_title_search_gin ON articles_articlerevision
    USING gin (ts_filter(search_vector, '{a}'));
CREATE INDEX articles_revision_repeated_search_gin ON articles_articlerevision
    USING gin (repeated_vector);

CREATE INDEX articles_article_title_trgm ON articles_article
    USING gin (upper(title::text) gin_trgm_ops);
CREATE INDEX articles_article_slug_trgm ON articles_article
    USING gin (upper(slug::text) gin_trgm_ops);

-- Statistics of the indexed expressions, so that the planner knows how many rows each matches.
ANALYZE articles_articlerevision;
ANALYZE articles_article;
"""
)

BACKWARD = (
    """
DROP INDEX IF EXISTS articles_article_slug_trgm;
DROP INDEX IF EXISTS articles_article_title_trgm;
DROP INDEX IF EXISTS articles_revision_repeated_search_gin;
DROP INDEX IF EXISTS articles_revision_title_search_gin;
"""
    + TRIGGER.format(text=TEXT, repeated="")
    + """
DROP FUNCTION IF EXISTS articles_repeated_lexemes(tsvector);
"""
)


class TrigramExtensionKept(TrigramExtension):
    """pg_trgm, kept when this migration is reversed: the reference library's indexes use it
    too (references migration 0005)."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0007_topic_specialties_and_retraction_acknowledgements"),
    ]

    operations = [
        TrigramExtensionKept(),
        migrations.AddField(
            model_name="articlerevision",
            name="repeated_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="Words the revision repeats (3 times or more), for search; set by "
                "PostgreSQL.",
                null=True,
            ),
        ),
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
