"""Public pages: cached whole for anonymous readers, and described to every HTTP cache.

What an anonymous reader sees is the same for everyone and depends only on the *published
state* (live revisions, the policy and disclaimer versions, the board, topics) and on the date
(the "accessed" date of "Cite this page", "review overdue", a policy version taking effect).
So a page is stored once, under its URL and the date, with the *published-state token* it was
built under. Whatever changes the published state calls ``published_state_changed()`` (the
signals at the end of this module, and ``articles.caching``), which sets a new token, again once
the change has committed; the next request finds its stored page built under another token and
renders it again. Nothing is deleted, nothing can be served stale after the change is visible
in the database, and the token lives in the shared cache (Redis in production), so every app
process sees it on its next request.

``public_page`` declares a view's pages public; ``PublicPageMiddleware`` (first in MIDDLEWARE)
stores and serves them; ``PublicPageWSGI`` (editorial/wsgi.py) answers hits before Django's
handler runs. A hit costs one round trip to the shared cache (the token, read with the page
unless this process keeps a copy of it) and no SQL query.

Only requests that can only be anonymous are served from the cache: no session cookie and no
pending message. They are rendered as the anonymous user without touching the session, so the
response sets no cookie and has no ``Vary: Cookie``; it carries ``ETag``, ``Last-Modified`` and
``Cache-Control: public, max-age=PAGE_MAX_AGE, s-maxage=PAGE_S_MAXAGE`` and answers a
conditional GET with 304. A page that turned out personal after all (it used the CSRF token,
read the session or set a cookie) is never stored. Everyone else (signed in, or with a message
waiting) gets the page rendered for them, marked ``Cache-Control: private, no-cache``.

HTML is stored gzip-compressed too, and sent compressed to clients that accept gzip. Only these
anonymous pages are compressed: they hold no secret (no CSRF token, nothing personal), so the
BREACH attack, which needs a secret reflected next to attacker-chosen text in a compressed
response, has nothing to recover. Personal responses are never compressed.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date

logger = logging.getLogger(__name__)

STATE_KEY = "published-state"
DAY = timedelta(days=1)
PAGE_KEY_VERSION = 1
COMPRESS_MIN_BYTES = 200

View = Callable[..., HttpResponseBase]


# --------------------------------------------------------------------------------------------
# The published state: one token, replaced whenever what readers may see changes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedState:
    token: str
    changed_at: float  # a Unix time


def _new_state() -> PublishedState:
    return PublishedState(token=secrets.token_hex(8), changed_at=time.time())


def published_state() -> PublishedState:
    """The current token; a new one when the cache has none (first use, eviction, flush), so
    that no page stored under a forgotten token can ever match again."""
    state = cache.get(STATE_KEY)
    return state if state is not None else _create_state()


def _create_state() -> PublishedState:
    cache.add(STATE_KEY, _new_state(), timeout=None)
    return cache.get(STATE_KEY) or _new_state()


def published_state_changed() -> None:
    """What readers may see has changed (an approval, a policy version, the board, a topic):
    every public page is rebuilt on its next request.

    The token is replaced now (so that the change shows to a reader inside the same
    transaction, as in tests) and again once the transaction commits: a page rendered from
    the old rows in between is stored under the first token, which the second replaces.
    """
    _replace_state()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_replace_state)


def _replace_state() -> None:
    for attempt in (1, 2):
        try:
            previous, state = cache.get(STATE_KEY), _new_state()
            if previous is not None and state.changed_at < int(previous.changed_at) + 1:
                # Last-Modified counts whole seconds: each change gets a later one, so that a
                # client revalidating with If-Modified-Since alone never gets 304 for a page
                # that changed within the same second.
                state = PublishedState(state.token, int(previous.changed_at) + 1)
            cache.set(STATE_KEY, state, timeout=None)
            return
        except Exception:  # the change is committed: say loudly that pages may lag behind it
            if attempt == 2:
                logger.exception(
                    "Public pages could not be marked stale: the cache did not answer. Run "
                    "`manage.py published_state_changed` once it answers again."
                )


_MISSING = object()


def for_published_state(name: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept in the shared cache until the published state changes: what many
    pages read and every page would otherwise count anew (the number of published articles,
    the topics with theirs), computed once after each change instead of for every page."""
    key = f"published:{name}:{published_state().token}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
    return value


# --------------------------------------------------------------------------------------------
# Who may be served a shared page
# --------------------------------------------------------------------------------------------


def is_anonymous_request(request: HttpRequest) -> bool:
    """Whether the request can only come from an anonymous reader with nothing waiting: no
    session cookie (never signed in, or signed out) and no message cookie."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def mark_private(response: HttpResponseBase) -> HttpResponseBase:
    """Personal: for this browser only, checked with the server each time it is shown."""
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_cache=True)
    return response


def _turned_personal(request: HttpRequest, response: HttpResponseBase) -> bool:
    session = getattr(request, "session", None)
    return bool(
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and (session.accessed or session.modified))
        or (response.has_header("Vary") and "cookie" in response["Vary"].lower())
    )


# --------------------------------------------------------------------------------------------
# The page cache
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageSpec:
    """What ``public_page`` says about a view: the query parameters it reads, and the setting
    that bounds how long its pages are kept."""

    params: tuple[str, ...]
    lifetime: str


@dataclass(frozen=True)
class StoredPage:
    token: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    gzipped: bytes | None
    etag: str
    last_modified: str


_day: tuple[float, float, str] = (0.0, 0.0, "")


def _today() -> str:
    """Today's date where the site is (TIME_ZONE), worked out once a day."""
    global _day
    now = time.time()
    start, end, today = _day
    if not start <= now < end:
        local = timezone.localtime()
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        following = timezone.make_aware(datetime.combine(midnight.date(), clock.min)) + DAY
        start, end, today = midnight.timestamp(), following.timestamp(), local.date().isoformat()
        _day = (start, end, today)
    return today


def page_key(request: HttpRequest, params: Iterable[str]) -> str:
    """The cache key of a page: scheme, host, path, the query parameters the view reads (in a
    fixed order; others are ignored, so made-up parameters cannot fill the cache) and the date."""
    query = (
        [(name, request.GET.getlist(name)) for name in params if name in request.GET]
        if request.META.get("QUERY_STRING")
        else ()
    )
    identity = f"{request.scheme}|{request.get_host()}|{request.path}|{query!r}|{_today()}"
    digest = hashlib.blake2b(identity.encode(), digest_size=16).hexdigest()
    return f"page:v{PAGE_KEY_VERSION}:{digest}"


def public_page(
    view: View | None = None,
    *,
    lifetime: str = "PAGE_CACHE_SECONDS",
    params: Iterable[str] = ("page",),
) -> Any:
    """Declare ``view`` a public page: cached whole for anonymous readers by
    ``PublicPageMiddleware`` (see the module's description), rendered for everyone else.

    ``params``: the query parameters the view reads. ``lifetime``: the name of the setting
    that says how many seconds a stored page may be kept at most; a change of the published
    state makes it stale sooner. Works on any view: a function, a class-based view's
    ``as_view()``, a callable such as a ``Feed``.
    """
    spec = PageSpec(params=tuple(params), lifetime=lifetime)

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method not in ("GET", "HEAD") or not is_anonymous_request(request):
                return mark_private(view(request, *args, **kwargs))
            request.user = AnonymousUser()  # no session is read: nothing personal
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                response.public_page = spec  # for the middleware to store
            return response

        wrapper.public_page = spec
        return wrapper

    return decorate(view) if view is not None else decorate


def page_spec(request: HttpRequest) -> PageSpec | None:
    """The public page a request asks for, when it may be served one from the cache: a GET or
    HEAD from an anonymous reader (see ``is_anonymous_request``) of a ``public_page`` view."""
    if request.method not in ("GET", "HEAD") or not is_anonymous_request(request):
        return None
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    memo = (urlconf, request.path_info)
    if memo in _specs:
        return _specs[memo]
    try:
        spec = getattr(resolve(request.path_info, urlconf).func, "public_page", None)
    except Resolver404:
        spec = None
    if len(_specs) >= RESOLVED_PATHS:
        _specs.clear()
    _specs[memo] = spec
    return spec


# The page spec of the paths seen last (a URL's view never changes while the process runs).
RESOLVED_PATHS = 4096
_specs: dict[tuple[str, str], PageSpec | None] = {}


# Each process also keeps the pages it served last, so that a hit reads only the small
# published-state token from the shared cache, not the page. A page kept here is served only
# while its token is the shared one, exactly like a page from the shared cache.
LOCAL_PAGES = 256
_local_pages: OrderedDict[str, StoredPage] = OrderedDict()
_local_lock = threading.Lock()


def forget_local_pages() -> None:
    """Drop this process's copies (tests: the database is rolled back under them)."""
    with _local_lock:
        _local_pages.clear()


def _remember(key: str, page: StoredPage) -> None:
    with _local_lock:
        _local_pages[key] = page
        _local_pages.move_to_end(key)
        while len(_local_pages) > LOCAL_PAGES:
            _local_pages.popitem(last=False)


def _lookup(key: str) -> tuple[PublishedState, StoredPage | None]:
    """The published state and the page stored under ``key`` for it (None: render it). One
    round trip to the shared cache, two when this process's copy is out of date."""
    local = _local_pages.get(key)
    if local is None:
        found = cache.get_many([STATE_KEY, key])
        state = found.get(STATE_KEY) or _create_state()
        page = found.get(key)
    else:
        state = cache.get(STATE_KEY) or _create_state()
        if local.token == state.token:
            return state, local
        page = cache.get(key)
    if page is None or page.token != state.token:
        return state, None
    _remember(key, page)
    return state, page


class PublicPageMiddleware:
    """The page cache. First in MIDDLEWARE, so that a hit is answered before anything else
    runs; the page is stored with the headers every other middleware added (security headers,
    the Content-Security-Policy), so a hit carries the same. Every other response that is
    personal (a signed-in user, a cookie set, a Vary on the cookie) is marked private."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        spec = page_spec(request)
        if spec is None:
            return self._private_if_personal(request, self.get_response(request))
        key = page_key(request, spec.params)
        try:
            state, page = _lookup(key)
        except Exception:  # the cache is down: readers still get the page, uncached
            logger.exception("The page cache did not answer; rendering %s.", request.path)
            return mark_private(self.get_response(request))
        if page is not None:
            return served(request, page)
        response = self.get_response(request)
        if getattr(response, "public_page", None) is None or _turned_personal(request, response):
            return self._private_if_personal(request, response)
        page = _stored(response, state)
        try:
            cache.set(key, page, getattr(settings, spec.lifetime))
        except Exception:
            logger.exception("The page cache did not store %s.", request.path)
        _remember(key, page)
        return served(request, page)

    @staticmethod
    def _private_if_personal(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if not is_anonymous_request(request) or _turned_personal(request, response):
            return mark_private(response)
        return response


class PublicPageWSGI:
    """The page cache's hits answered before Django's request handling starts (no middleware,
    no request signals): the WSGI application ``make serve`` runs (editorial/wsgi.py).

    It asks exactly what the middleware asks (same request object, same functions), so it
    serves exactly the pages the middleware would; everything else (a miss, a personal
    request, any error) goes to Django, where the middleware renders, stores and serves.
    """

    def __init__(self, application: Callable[..., Any]) -> None:
        self.application = application

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return self.application(environ, start_response)
        try:
            request = WSGIRequest(environ)
            page = cached_page(request)
        except Exception:  # a host not allowed, the cache down...: Django says what
            page = None
        if page is None:
            return self.application(environ, start_response)
        if is_conditional(request):  # rare: Django's rules for If-None-Match and the like
            response = served(request, page)
            start_response(f"{response.status_code} {response.reason_phrase}", response.items())
            return response
        body, headers = hit_headers(request, page)
        start_response(f"{page.status} {HTTPStatus(page.status).phrase}", headers)
        return [body]


def cached_page(request: HttpRequest) -> StoredPage | None:
    """The page stored for ``request`` under the current published state, or None (not a
    public page for this request, or not stored for the current state)."""
    spec = page_spec(request)
    if spec is None:
        return None
    return _lookup(page_key(request, spec.params))[1]


# Headers the middleware set on every hit, or that must not be replayed.
NOT_STORED = frozenset(
    {
        "cache-control",
        "content-encoding",
        "content-length",
        "date",
        "etag",
        "expires",
        "last-modified",
        "set-cookie",
        "vary",
    }
)


def _stored(response: HttpResponse, state: PublishedState) -> StoredPage:
    body = response.content
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), clock.min))
    compressible = len(body) >= COMPRESS_MIN_BYTES and not response.has_header("Content-Encoding")
    return StoredPage(
        token=state.token,
        status=response.status_code,
        headers=tuple(
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in NOT_STORED
        ),
        body=body,
        gzipped=gzip.compress(body, compresslevel=6, mtime=0) if compressible else None,
        etag=hashlib.blake2b(body, digest_size=16).hexdigest(),
        last_modified=http_date(max(state.changed_at, midnight.timestamp())),
    )


def accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "").lower()


def public_cache_control() -> str:
    return f"public, max-age={settings.PAGE_MAX_AGE}, s-maxage={settings.PAGE_S_MAXAGE}"


def hit_headers(request: HttpRequest, page: StoredPage) -> tuple[bytes, list[tuple[str, str]]]:
    """The body and headers of a stored page as served to ``request``."""
    compressed = page.gzipped is not None and accepts_gzip(request)
    body = page.gzipped if compressed else page.body
    headers = [
        *page.headers,
        ("Content-Length", str(len(body))),
        ("ETag", f'"{page.etag}-gzip"' if compressed else f'"{page.etag}"'),
        ("Last-Modified", page.last_modified),
        ("Cache-Control", public_cache_control()),
    ]
    if compressed:
        headers.append(("Content-Encoding", "gzip"))
    if page.gzipped is not None:
        headers.append(("Vary", "Accept-Encoding"))
    return body, headers


def is_conditional(request: HttpRequest) -> bool:
    return "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META


def served(request: HttpRequest, page: StoredPage) -> HttpResponseBase:
    """The stored page as a public response, or 304 when the client's copy is current."""
    body, headers = hit_headers(request, page)
    response = HttpResponse(body, status=page.status, headers=dict(headers))
    if is_conditional(request):
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=int(parse_http_date(page.last_modified)),
            response=response,
        )
    return response


# --------------------------------------------------------------------------------------------
# What changes the published state, in this app (articles connects its own models: topics)
# --------------------------------------------------------------------------------------------


def _changed(sender: Any, **kwargs: Any) -> None:
    published_state_changed()


def _created(sender: Any, created: bool = False, **kwargs: Any) -> None:
    if created:
        published_state_changed()


def connect_published_state(
    senders: Iterable[str], *, created_only: Iterable[str] = (), deleted: Iterable[str] = ()
) -> None:
    """Mark public pages stale whenever a row of these models ("app_label.Model") is saved or
    deleted; for ``created_only`` models when one is created, for ``deleted`` when one is
    deleted."""
    for sender in senders:
        post_save.connect(_changed, sender=sender, dispatch_uid=f"published-state:{sender}:save")
    for sender in [*senders, *deleted]:
        post_delete.connect(_changed, sender=sender, dispatch_uid=f"published-state:{sender}:del")
    for sender in created_only:
        post_save.connect(_created, sender=sender, dispatch_uid=f"published-state:{sender}:new")


def connect_editorial() -> None:
    """Every workflow step (its audit entry: an approval, an archiving...), every policy
    version, every change of a board member, every review submitted (the board page lists what
    each member reviewed)."""
    connect_published_state(
        ["editorial.EditorialPolicy", "editorial.BoardMember"],
        created_only=["editorial.TransitionLog", "editorial.Review"],
    )
