"""Search entries (issue 19, item 5): one narrow row per published article with its live
revision's search vectors and approval date, kept by PostgreSQL, so that search takes its
candidates from what readers may see only.

Before, each candidate tier read every matching revision (wide rows: the sections, the vectors)
and joined it to its article to learn whether it was live, before keeping the newest 100: a word
with 1,661 matches at 100,000 articles cost 3 times its 17 matches at 1,000. The entries hold
only published articles' live revisions, their vectors stored out of line (``toast_tuple_target``
128, ``STORAGE EXTERNAL``), so the same tier reads 1,661 rows of about 130 bytes from the heap,
with no join.

- A trigger on the article keeps its entry whenever its live revision or its being archived
  changes (inserted, replaced or deleted); one on the revision follows its approval date and
  vectors (set by the trigger of migration 0005 when the row is inserted).
- GIN indexes on the title's lexemes, the repeated words and the whole vector (the three tiers
  of ``articles/search.py``), and the newest-first index the model declares, for a common word.
- The two GIN indexes of migration 0008 on the revisions, which no query reads any more, go;
  the revisions keep their vectors (the entries' source) and migration 0005's index.

SQLite: the table is created and stays empty (its search reads the revisions: the fallback).
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ENTRY = """
INSERT INTO articles_searchentry
    (article_id, revision_id, approved_at, title_vector, search_vector, repeated_vector)
SELECT a.id, r.id, r.approved_at, ts_filter(r.search_vector, '{a}'), r.search_vector,
       r.repeated_vector
  FROM articles_article AS a JOIN articles_articlerevision AS r ON r.id = a.live_revision_id
 WHERE %s AND a.live_revision_id IS NOT NULL AND a.status <> 'archived'
"""

FORWARD = (
    """
ALTER TABLE articles_searchentry SET (toast_tuple_target = 128);
ALTER TABLE articles_searchentry
    ALTER COLUMN title_vector SET STORAGE EXTERNAL,
    ALTER COLUMN search_vector SET STORAGE EXTERNAL,
    ALTER COLUMN repeated_vector SET STORAGE EXTERNAL;

CREATE FUNCTION articles_search_entry_of_article() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.live_revision_id IS NOT DISTINCT FROM NEW.live_revision_id
       AND (OLD.status = 'archived') = (NEW.status = 'archived') THEN
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

CREATE TRIGGER articles_search_entry_of_article
    AFTER INSERT OR DELETE OR UPDATE OF live_revision_id, status ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_search_entry_of_article();

CREATE FUNCTION articles_search_entry_of_revision() RETURNS trigger AS $$
BEGIN
    UPDATE articles_searchentry
       SET approved_at = NEW.approved_at,
           title_vector = ts_filter(NEW.search_vector, '{a}'),
           search_vector = NEW.search_vector,
           repeated_vector = NEW.repeated_vector
     WHERE revision_id = NEW.id;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER articles_search_entry_of_revision
    AFTER UPDATE OF approved_at, search_vector, repeated_vector, title, sections
    ON articles_articlerevision
    FOR EACH ROW
    WHEN (OLD.approved_at IS DISTINCT FROM NEW.approved_at
          OR OLD.search_vector IS DISTINCT FROM NEW.search_vector
          OR OLD.repeated_vector IS DISTINCT FROM NEW.repeated_vector)
    EXECUTE FUNCTION articles_search_entry_of_revision();
"""
    + ENTRY % "TRUE"
    + """;
CREATE INDEX articles_search_entry_title_gin ON articles_searchentry USING gin (title_vector);
CREATE INDEX articles_search_entry_repeated_gin ON articles_searchentry
    USING gin (repeated_vector);
CREATE INDEX articles_search_entry_gin ON articles_searchentry USING gin (search_vector);

DROP INDEX IF EXISTS articles_revision_title_search_gin;
DROP INDEX IF EXISTS articles_revision_repeated_search_gin;

ANALYZE articles_searchentry;
"""
)

BACKWARD = """
CREATE INDEX IF NOT EXISTS articles_revision_title_search_gin ON articles_articlerevision
    USING gin (ts_filter(search_vector, '{a}'));
CREATE INDEX IF NOT EXISTS articles_revision_repeated_search_gin ON articles_articlerevision
    USING gin (repeated_vector);
DROP TRIGGER IF EXISTS articles_search_entry_of_revision ON articles_articlerevision;
DROP FUNCTION IF EXISTS articles_search_entry_of_revision();
DROP TRIGGER IF EXISTS articles_search_entry_of_article ON articles_article;
DROP FUNCTION IF EXISTS articles_search_entry_of_article();
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_publication_records"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to=settings.EDITORIAL_REVIEWED_MODEL,
                    ),
                ),
                ("approved_at", models.DateTimeField(null=True)),
                (
                    "title_vector",
                    django.contrib.postgres.search.SearchVectorField(
                        help_text="The title's lexemes (weight A).", null=True
                    ),
                ),
                (
                    "search_vector",
                    django.contrib.postgres.search.SearchVectorField(
                        help_text="The revision's search_vector.", null=True
                    ),
                ),
                (
                    "repeated_vector",
                    django.contrib.postgres.search.SearchVectorField(
                        help_text="The revision's repeated_vector.", null=True
                    ),
                ),
                (
                    "revision",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.EDITORIAL_REVISION_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "search entries",
                "indexes": [
                    models.Index(
                        fields=["-approved_at", "-revision"], name="search_entry_newest_first"
                    )
                ],
            },
        ),
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
