"""Search reads an index: each revision's search vector (title weighted A, the sections' text B),
stored and GIN-indexed on PostgreSQL.

A revision's content never changes after it is taken, so its vector is computed once, by the
database, when the row is inserted (a trigger), and existing rows are filled here. The search
reads it for live revisions only; an approval makes a revision live, so its vector is current
from that moment. SQLite keeps the column empty and the search's fallback.
"""

import django.contrib.postgres.search
from django.db import migrations

TEXT = r"""
    setweight(to_tsvector('english', coalesce(r.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce((
        SELECT regexp_replace(regexp_replace(string_agg((s->>'heading') || '. ' || (s->>'body'), ' '),
               '\[@[^\]]*\]', '', 'g'), '[*#>`|]+', ' ', 'g')
          FROM jsonb_array_elements(r.sections) AS s), '')), 'B')
"""

FORWARD = f"""
CREATE FUNCTION articles_revision_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector := (SELECT {TEXT} FROM (SELECT NEW.title AS title, NEW.sections AS sections) AS r);
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER articles_revision_search_vector
    BEFORE INSERT OR UPDATE OF title, sections ON articles_articlerevision
    FOR EACH ROW EXECUTE FUNCTION articles_revision_search_vector();

UPDATE articles_articlerevision AS r SET search_vector = {TEXT};

CREATE INDEX articles_revision_search_gin ON articles_articlerevision USING gin (search_vector);
"""

BACKWARD = """
DROP INDEX IF EXISTS articles_revision_search_gin;
DROP TRIGGER IF EXISTS articles_revision_search_vector ON articles_articlerevision;
DROP FUNCTION IF EXISTS articles_revision_search_vector();
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0004_topics"),
    ]

    operations = [
        migrations.AddField(
            model_name="articlerevision",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="Title (weight A) and text (B) for full-text search; set by PostgreSQL.",
                null=True,
            ),
        ),
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
