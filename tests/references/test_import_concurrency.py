"""Concurrent imports of the same work converge: one record, and every import succeeds (the
later ones merge). Needs PostgreSQL: real transactions on separate connections."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from references.models import Reference
from references.parsers import parse_references
from references.services import reference_import
from tests.factories import editor_user

requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        f"needs PostgreSQL: concurrent imports need transactions on separate connections, and "
        f"this run uses {connection.vendor} (set DATABASE_URL=postgres://...)"
    ),
)

IMPORTS = 12

SAME_DOI = (
    "TY  - JOUR\nTI  - Trauma-informed care\nJO  - Pediatrics\nPY  - 2021\n"
    "DO  - 10.1542/peds.2021-052580\nM3  - Guideline\n{extra}ER  - \n"
    "TY  - JOUR\nTI  - A second work in file {n}\nJO  - J Stud\nPY  - 2020\nM3  - Review\n"
    "ER  - \n"
)
# No DOI or PMID: the same work only by title, year and journal, which no database constraint
# guards; the advisory lock alone makes these converge.
SAME_TITLE = (
    "TY  - JOUR\nTI  - Secure attachment in adults.\nJO  - Attachment & human development\n"
    "PY  - 2019\nM3  - Review\n{extra}ER  - \n"
)


def run_at_once(texts: list[str]) -> list[Any]:
    by = editor_user()
    start = threading.Barrier(len(texts), timeout=10)
    results: list[Any] = [None] * len(texts)

    def worker(index: int, text: str) -> None:
        try:
            entries = parse_references(text).entries
            start.wait()
            results[index] = reference_import(entries=entries, by=by)
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(index, text)) for index, text in enumerate(texts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return results


@pytest.mark.postgres_only
@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_imports_of_the_same_doi_end_with_one_record_and_all_succeed():
    # Each file also carries its own work, and fills in a different blank of the shared one.
    texts = [
        SAME_DOI.format(extra="VL  - 148\n" if n == 0 else f"IS  - {n}\n", n=n)
        for n in range(IMPORTS)
    ]
    results = run_at_once(texts)
    errors = [result for result in results if isinstance(result, Exception)]
    assert errors == []
    assert sum(len(result.created) for result in results) == 1 + IMPORTS
    shared = Reference.objects.get(doi__iexact="10.1542/peds.2021-052580")
    assert (
        sum(1 for result in results for reference in result.merged if reference.pk == shared.pk)
        == IMPORTS - 1
    )
    assert Reference.objects.count() == 1 + IMPORTS
    assert shared.kind == "guideline"
    assert shared.history.filter(history_type="+").count() == 1


@pytest.mark.postgres_only
@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_imports_of_the_same_work_without_identifiers_converge():
    texts = [SAME_TITLE.format(extra=f"VL  - {n}\n") for n in range(6)]
    results = run_at_once(texts)
    assert [result for result in results if isinstance(result, Exception)] == []
    assert sum(len(result.created) for result in results) == 1
    assert sum(len(result.merged) for result in results) == 5
    assert Reference.objects.count() == 1
