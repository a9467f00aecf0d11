"""Mark every cached public page stale: each is rendered afresh on its next request.

`make serve` runs it at start (a new release may render pages differently); run it by hand
after changing published content outside the services (a database restore, a SQL fix) or when
the cache could not be reached at the moment of a change (the log says so). The HTTP caches
get a purge of every page (the key ``all``) from the worker.
"""

from django.core.management.base import BaseCommand

from editorial.caching import published_state_changed
from editorial.page_keys import current_sequence


class Command(BaseCommand):
    help = "Mark every cached public page stale (each is rebuilt on its next request)."

    def handle(self, *args, **options) -> None:
        published_state_changed()
        self.stdout.write(f"Public pages marked stale (change {current_sequence()}).")
