"""A paginator for long admin lists: the list's keys read once, exact counts up to
``EXACT_UP_TO`` rows, PostgreSQL's own estimate past that.

Counting 100,000 matching rows exactly costs as much as reading them, on every page of the
list. Past ``EXACT_UP_TO`` the admin shows the planner's estimate of the total (from the
table's statistics, one EXPLAIN), which is enough to page through a long list; below it, and on
other databases, the count is exact.

The count is the length of one query for the keys of the list's first ``EXACT_UP_TO + 1`` rows
in the list's order, and a page among them is then read by its keys. A search's first page
(``?q=asthma``: 1,625 matches of 100,000 titles) otherwise costs a second walk: PostgreSQL reads
it newest first along the date's index until 100 titles match, testing 6,000 on the way,
after the count had found all of them in the trigram indexes.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connections
from django.utils.functional import cached_property

EXACT_UP_TO = 10_000


class EstimatedCountPaginator(Paginator):
    @cached_property
    def keys(self) -> list[Any]:
        """The keys of the list's first ``EXACT_UP_TO + 1`` rows, in the list's order."""
        return list(self.object_list.values_list("pk", flat=True)[: EXACT_UP_TO + 1])

    @cached_property
    def count(self) -> int:
        counted = len(self.keys)
        queryset = self.object_list
        if connections[queryset.db].vendor != "postgresql":
            return counted if counted <= EXACT_UP_TO else super().count
        # Both queries every time, so that a page runs as many queries at 100 articles as at
        # 100,000 (the estimate only plans the query; it reads no row).
        plan = json.loads(queryset.order_by().explain(format="json"))
        if counted <= EXACT_UP_TO:
            return counted
        return max(int(plan[0]["Plan"]["Plan Rows"]), counted)

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if top > len(self.keys):  # past the keys read (a page after the 10,000th row)
            return super().page(number)
        return self._get_page(self.object_list.filter(pk__in=self.keys[bottom:top]), number, self)
