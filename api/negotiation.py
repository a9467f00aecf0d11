"""JSON, whatever the client accepts: a response is the same for every client, so the page
cache (which does not vary on Accept) can serve it to anyone."""

from typing import Any

from rest_framework.negotiation import BaseContentNegotiation


class JSONOnly(BaseContentNegotiation):
    def select_parser(self, request: Any, parsers: list) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Any, renderers: list, format_suffix: Any = None) -> Any:
        return (renderers[0], renderers[0].media_type)
