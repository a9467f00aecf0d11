"""An existing database keeps everything across the restructuring that made the schema follow the
app layers (editorial 0017, references 0004, articles 0007).

``tests/upgrade_data/`` holds a database built by the migrations as they stood before (editorial
0016, articles 0006, references 0003) with the demo content (``load_demo``), a retraction
acknowledged for an article and a scheduled publication cancelled: one dump per database. The
test loads the dump into a database of its own, runs today's ``migrate`` on it as an operator
would, and compares every table row by row.
"""

from __future__ import annotations

import importlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DUMPS = ROOT / "tests" / "upgrade_data"

# Tables the restructuring renamed: their rows are kept under the new name.
RENAMED = {
    "editorial_specialty_topics": "articles_topic_specialties",
    "references_retractionacknowledgement": "articles_retractionacknowledgement",
    "references_historicalretractionacknowledgement": (
        "articles_historicalretractionacknowledgement"
    ),
}
# The specialties' history of their topics becomes the topics' history (checked below).
CONVERTED = "editorial_historicalspecialty_topics"
# Tables whose rows migrate adds to or moves between apps (checked below).
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission", "sqlite_sequence"}
MOVED_CONTENT_TYPES = {"retractionacknowledgement", "historicalretractionacknowledgement"}


def hashable(value: Any) -> Any:
    """A column's value as a set can hold it: JSON (lists, objects) as its canonical text."""
    return json.dumps(value, sort_keys=True) if isinstance(value, list | dict) else value


class Database:
    """A scratch database of the vendor the suite runs on, read with plain SQL."""

    def __init__(self, url: str, connect: Any) -> None:
        self.url, self._connect = url, connect

    def rows(self, table: str) -> list[tuple]:
        columns = self.columns(table)
        listed = ", ".join(f'"{column}"' for column in columns)
        with self._connect() as db:
            return [
                tuple(map(hashable, row)) for row in db.execute(f'SELECT {listed} FROM "{table}"')
            ]

    def columns(self, table: str) -> list[str]:
        with self._connect() as db:
            if isinstance(db, sqlite3.Connection):
                return sorted(row[1] for row in db.execute(f'PRAGMA table_info("{table}")'))
            found = db.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
                [table],
            )
            return sorted(row[0] for row in found)

    def project(self, table: str, columns: list[str]) -> list[tuple]:
        listed = ", ".join(f'"{column}"' for column in columns)
        with self._connect() as db:
            return [
                tuple(map(hashable, row)) for row in db.execute(f'SELECT {listed} FROM "{table}"')
            ]

    def tables(self) -> set[str]:
        with self._connect() as db:
            if isinstance(db, sqlite3.Connection):
                found = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            else:
                found = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            return {row[0] for row in found}


@contextmanager
def old_database(tmp_path: Path) -> Iterator[Database]:
    """The dump loaded into a new database beside the test's own."""
    if connection.vendor == "sqlite":
        path = tmp_path / "before.sqlite3"
        with sqlite3.connect(path) as db:
            db.executescript((DUMPS / "demo-0016.sqlite.sql").read_text())
        yield Database(f"sqlite:///{path}", lambda: sqlite3.connect(path))
        return
    params = connection.settings_dict
    name = f"{params['NAME']}_upgrade"
    server = {
        "host": params["HOST"] or "127.0.0.1",
        "port": params["PORT"] or 5432,
        "user": params["USER"],
        "password": params["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    environment = {**os.environ, "PGPASSWORD": params["PASSWORD"] or ""}
    subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", server["host"], "-p", str(server["port"]),
         "-U", server["user"], "-d", name, "-f", str(DUMPS / "demo-0016.postgresql.sql")],
        check=True, capture_output=True, env=environment,
    )  # fmt: skip
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    url = f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
    try:
        yield Database(url, lambda: psycopg.connect(dbname=name, **server))
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate(database: Database) -> str:
    """Today's ``manage.py migrate``, run on the old database as an operator would."""
    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database.url, "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def snapshot(database: Database) -> dict[str, tuple[list[str], list[tuple]]]:
    return {table: (database.columns(table), database.rows(table)) for table in database.tables()}


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory, django_db_blocker):
    """The old database's every row before, and the database after today's migrate."""
    with django_db_blocker.unblock(), old_database(tmp_path_factory.mktemp("upgrade")) as old:
        before = snapshot(old)
        output = migrate(old)
        yield before, old, output


def test_the_old_database_has_what_the_restructuring_moves(upgraded):
    before, _, _ = upgraded
    assert len(before["articles_article"][1]) == 8
    assert before["editorial_specialty_topics"][1]
    assert before[CONVERTED][1]
    assert before["references_retractionacknowledgement"][1]
    assert before["references_historicalretractionacknowledgement"][1]
    assert before["editorial_historicalscheduledpublication"][1]


def test_migrate_applies_the_restructuring(upgraded):
    _, _, output = upgraded
    for migration in (
        "editorial.0017_review_records_follow_the_layers",
        "references.0004_retraction_acknowledgements_move_to_articles",
        "articles.0007_topic_specialties_and_retraction_acknowledgements",
    ):
        assert f"Applying {migration}... OK" in output


def test_every_row_of_every_table_is_kept(upgraded):
    """Articles, revisions, sections, reviews, invitations, claim checks, the audit trail, every
    history table...: each row of the old database is in the new one, with the same values
    (under the table's new name when it moved)."""
    before, after, _ = upgraded
    tables = after.tables()
    lost = {}
    for table, (columns, rows) in before.items():
        if table in BOOKKEEPING or table == CONVERTED:
            continue
        moved_to = RENAMED.get(table, table)
        assert moved_to in tables, f"{table} is gone"
        missing = set(rows) - set(after.project(moved_to, columns))
        if missing:
            lost[table] = list(missing)[:3]
    assert lost == {}
    for table in RENAMED:
        assert table not in tables


def test_content_types_and_permissions_follow_the_moved_model(upgraded):
    before, after, _ = upgraded
    columns = before["django_content_type"][0]
    app, model = columns.index("app_label"), columns.index("model")
    expected = {
        (row[columns.index("id")], "articles" if row[model] in MOVED_CONTENT_TYPES else row[app],
         row[model])
        for row in before["django_content_type"][1]
        if (row[app], row[model]) != ("editorial", "historicalspecialty_topics")
    }  # fmt: skip
    kept = set(after.project("django_content_type", ["id", "app_label", "model"]))
    assert expected <= kept
    grants_before = before["auth_group_permissions"][1]
    assert set(grants_before) <= set(after.rows("auth_group_permissions"))


def test_the_topics_keep_their_specialties_and_the_history_of_them(upgraded):
    """Each recorded state of a specialty's topics is what the topics' history says at that
    moment: a topic the specialty covered lists it, one it did not cover does not."""
    before, after, _ = upgraded
    specialty_history = dict_rows(before["editorial_historicalspecialty"])
    links = dict_rows(before[CONVERTED])
    topics_then: dict[int, set[int]] = {}
    for link in links:
        topics_then.setdefault(link["history_id"], set()).add(link["topic_id"])
    topic_history = dict_rows(
        (after.columns("articles_historicaltopic"), after.rows("articles_historicaltopic"))
    )
    listed = dict_rows(
        (
            after.columns("articles_historicaltopic_specialties"),
            after.rows("articles_historicaltopic_specialties"),
        )
    )
    specialties_of: dict[int, set[int]] = {}
    for row in listed:
        specialties_of.setdefault(row["history_id"], set()).add(row["specialty_id"])
    topic_ids = {row[0] for row in after.project("articles_topic", ["id"])}
    for record in specialty_history:
        covered = topics_then.get(record["history_id"], set())
        for topic in topic_ids:
            entries = [
                entry
                for entry in topic_history
                if entry["id"] == topic
                and str(entry["history_date"]) <= str(record["history_date"])
            ]
            latest = max(
                entries,
                key=lambda entry: (str(entry["history_date"]), entry["history_id"]),
                default=None,
            )
            lists_it = latest is not None and record["id"] in specialties_of.get(
                latest["history_id"], set()
            )
            assert lists_it == (topic in covered), (record, topic)
    assert set(after.project("articles_topic_specialties", ["specialty_id", "topic_id"])) == {
        (row[1], row[2]) for row in before["editorial_specialty_topics"][1]
    }


def dict_rows(table: tuple[list[str], list[tuple]]) -> list[dict[str, Any]]:
    columns, rows = table
    return [dict(zip(columns, row, strict=True)) for row in rows]


def test_the_old_policy_versions_are_english_and_the_shipped_one_gets_its_spanish(upgraded):
    """Editorial 0030 and 0031 on a database built before the site had languages: every
    policy version is the default language's, and the shipped text in force is translated."""
    before, after, output = upgraded
    assert "Applying editorial.0031_seed_spanish_policy... OK" in output
    versions = before["editorial_editorialpolicy"][1]
    assert versions
    languages = after.project("editorial_editorialpolicy", ["version", "language"])
    assert {language for _, language in languages} == {"en"}
    assert len(languages) == len(versions)
    seed = importlib.import_module("editorial.migrations.0031_seed_spanish_policy")
    latest = max(dict_rows(before["editorial_editorialpolicy"]), key=lambda row: row["version"])
    assert (latest["body"], latest["disclaimer"]) == seed.shipped_english()
    assert after.project(
        "editorial_editorialpolicytranslation", ["policy_id", "language", "body"]
    ) == [(latest["id"], "es", seed.BODY)]


def test_the_topics_get_their_translations_table_empty_and_the_editors_their_right(upgraded):
    """Articles 0013 and 0014 on a populated database: every topic kept with its own name, no
    translation seeded (a topic shows its own name until an editor names it), and the Editors
    may add and change topics' translations (and, like everyone, delete none)."""
    before, after, output = upgraded
    for migration in ("0013_topic_translations", "0014_topic_translation_permissions"):
        assert f"Applying articles.{migration}... OK" in output
    columns, topics = before["articles_topic"]
    assert topics
    assert set(after.project("articles_topic", columns)) == set(topics)
    assert after.rows("articles_topictranslation") == []
    assert after.rows("articles_historicaltopictranslation") == []
    with after._connect() as db:
        granted = {
            row[0]
            for row in db.execute(
                "SELECT p.codename FROM auth_group_permissions gp "
                "JOIN auth_permission p ON p.id = gp.permission_id "
                "JOIN auth_group g ON g.id = gp.group_id "
                "WHERE g.name = 'Editors' AND p.codename LIKE '%topictranslation'"
            )
        }
    assert granted == {f"{action}_topictranslation" for action in ("add", "change", "view")}
