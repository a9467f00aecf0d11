"""What a request to the API may ask, checked before anything is served (from the cache or
rendered): the query parameters an endpoint reads, each once and well formed, text the site can
read, and the client within its rate limit. A refusal is a JSON 400 (401 for a key that is not
one, 429 past the limit) that says what was wrong."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, JsonResponse

from api.keys import key_holder
from api.throttling import admit
from editorial.caching import NEEDS_REQUEST
from editorial.languages import configured_languages, is_configured
from editorial.security import UnencodableInput, check_request
from editorial.throttling import address_in

KEY_HEADER = "X-API-Key"
KEY_META = "HTTP_X_API_KEY"
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
# A cursor names the last article of a page: its approval time (microseconds since 1970, UTC)
# and its key. Any cursor of this form is a place in the list.
CURSOR_PATTERN = r"^[0-9]{1,16}\.[0-9]{1,18}$"
OFFSET_PATTERN = r"^[0-9]{1,4}$"

UNKNOWN_PARAMETERS = "Unknown query parameter(s): {unknown}. This endpoint reads: {known}."
NO_PARAMETERS = "Unknown query parameter(s): {unknown}. This endpoint reads none."
REPEATED = "The query parameter {name!r} may be given once."
INVALID_KEY = "The API key is not valid (revoked, or never issued)."
THROTTLED = "Too many requests: at most {limit} a minute. Try again in {seconds} seconds."


class QueryError(ValueError):
    """A query parameter the endpoint cannot read."""


def parse_page_size(value: str) -> int:
    if not re.fullmatch(r"[0-9]{1,6}", value):
        raise QueryError("page_size must be a whole number.")
    size = int(value)
    if not 1 <= size <= settings.API_MAX_PAGE_SIZE:
        raise QueryError(f"page_size must be between 1 and {settings.API_MAX_PAGE_SIZE}.")
    return size


@dataclass(frozen=True)
class Cursor:
    approved_at: datetime
    pk: int

    def __str__(self) -> str:
        delta = self.approved_at - datetime(1970, 1, 1, tzinfo=UTC)
        micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        return f"{micros}.{self.pk}"


def parse_cursor(value: str) -> Cursor:
    if not re.fullmatch(CURSOR_PATTERN[1:-1], value):
        raise QueryError("cursor is malformed: pass the `next_cursor` of the previous page.")
    micros, pk = value.split(".")
    seconds, rest = divmod(int(micros), 1_000_000)
    moment = datetime.fromtimestamp(seconds, tz=UTC).replace(microsecond=rest)
    return Cursor(approved_at=moment, pk=int(pk))


def parse_offset(value: str) -> int:
    if not re.fullmatch(OFFSET_PATTERN[1:-1], value):
        raise QueryError("cursor is malformed: pass the `next_cursor` of the previous page.")
    return int(value)


def parse_slug(name: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if not re.fullmatch(SLUG_PATTERN[1:-1], value) or len(value) > 100:
            raise QueryError(f"{name} must be a slug (letters, digits, '-' and '_').")
        return value

    return parse


EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)


def parse_moment(value: str) -> datetime:
    """An RFC 3339 date-time with its offset (``2025-03-01T09:00:00Z``)."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or "T" not in value.upper():
        raise QueryError(
            "updated_since must be an RFC 3339 date-time with its offset, "
            "e.g. 2025-03-01T09:00:00Z."
        )
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        # Year 1 with an offset east of UTC is before anything published; year 9999 with one
        # west of it, after everything.
        return EARLIEST if moment.year == 1 else LATEST


def parse_query(value: str) -> str:
    if not value:
        raise QueryError("q is required: the words to find.")
    if len(value) > 200:
        raise QueryError("q may hold at most 200 characters.")
    return value


UNKNOWN_LANGUAGE = "language must be one of the site's languages: {languages}."


def parse_language(value: str) -> str:
    """A language of ``LANGUAGES``, by its code (``es``)."""
    if not is_configured(value):
        codes = ", ".join(code for code, _ in configured_languages())
        raise QueryError(UNKNOWN_LANGUAGE.format(languages=codes))
    return value


Parsers = Mapping[str, Callable[[str], Any]]


def read_query(request: HttpRequest, parsers: Parsers) -> dict[str, Any]:
    """The query parameters of ``request``, parsed; QueryError for any the endpoint does not
    read, gives twice or cannot read."""
    unknown = sorted(name for name in request.GET if name not in parsers)
    if unknown:
        template = UNKNOWN_PARAMETERS if parsers else NO_PARAMETERS
        raise QueryError(
            template.format(unknown=", ".join(map(repr, unknown)), known=", ".join(parsers))
        )
    values = {}
    for name, parse in parsers.items():
        given = request.GET.getlist(name)
        if len(given) > 1:
            raise QueryError(REPEATED.format(name=name))
        if given:
            values[name] = parse(given[0])
    return values


def _refusal(status: int, detail: str, **headers: str) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


@dataclass(frozen=True)
class Gate:
    """``public_page(refuse=...)`` of an endpoint reading the query parameters ``parsers``."""

    parsers: Parsers

    def __call__(self, request: HttpRequest) -> JsonResponse | None:
        try:
            # Only the query string can make a stored response the wrong answer (the path and
            # the headers are checked as for every page, once a request reaches the site).
            if request.META.get("QUERY_STRING"):
                check_request(request, body=False)
                if request.method in ("GET", "HEAD"):
                    read_query(request, self.parsers)
        except (UnencodableInput, QueryError) as refusal:
            return _refusal(400, f"{str(refusal).rstrip('.')}.")
        return throttled(request.META)

    def from_environ(self, environ: Mapping[str, Any]) -> JsonResponse | object | None:
        """The same answer for a hit served before Django builds a request
        (``PublicPageWSGI``): without a query string only the client's limit is asked, from
        the environ; with one, ``NEEDS_REQUEST`` (its parameters are read from a request)."""
        if environ.get("QUERY_STRING"):
            return NEEDS_REQUEST
        return throttled(environ)


# API_RATE_LIMIT, read once per settings change (every request reads it)
_anonymous_limit: int = settings.API_RATE_LIMIT


@receiver(setting_changed)
def _settings_changed(*, setting: str, **kwargs: object) -> None:
    global _anonymous_limit
    if setting == "API_RATE_LIMIT":
        _anonymous_limit = settings.API_RATE_LIMIT


def throttled(meta: Mapping[str, Any]) -> JsonResponse | None:
    """401 for an API key that is not one, 429 past the client's limit, else None; ``meta``:
    the request's META (or the WSGI environ)."""
    key = meta.get(KEY_META)
    if key is None:
        limit = _anonymous_limit
        wait = admit("address:" + address_in(meta), limit)
    else:
        holder = key_holder(key.strip())
        if holder is None:
            return _refusal(401, INVALID_KEY, **{"WWW-Authenticate": KEY_HEADER})
        limit = holder.rate_limit
        wait = admit(holder.client, limit)
    if not wait:
        return None
    seconds = max(1, math.ceil(wait))
    return _refusal(
        429, THROTTLED.format(limit=limit, seconds=seconds), **{"Retry-After": str(seconds)}
    )
