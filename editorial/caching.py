"""Public pages: cached whole for anonymous readers, and described to every HTTP cache.

What an anonymous reader sees is the same for everyone and depends only on what the page shows
(a live revision, its reviewers and topics, the policy and disclaimer versions, the board, the
lists of published articles) and on the date (the "accessed" date of "Cite this page", "review
overdue", a policy version taking effect). So a page is stored once, under its URL and the
date, with the *keys* of what it shows (``editorial.page_keys``: ``article:42``, ``topic:7``,
``board``, ``policy``, ``listing``) and their versions. Whatever changes what readers see calls
``pages_changed(*keys)`` in its transaction (the signals at the end of this module,
``articles.caching`` and the services), which gives those keys new versions now and again once
the change has committed, and queues their purge at the HTTP caches (``editorial.purges``). A
page whose keys' versions moved is rendered again at its next request; every other page stays
cached. The versions live in the shared cache (Redis in production), so every app process sees
a change at its next request (each process mirrors the versions, kept current by Redis pub/sub:
``editorial.key_mirror``). Public responses name their keys in the headers HTTP caches read
(``HTTP_CACHE_KEY_HEADERS``: ``xkey``, ``Surrogate-Key``, ``Cache-Tag``).

``public_page`` declares a view's pages public; ``PublicPageMiddleware`` (first in MIDDLEWARE)
stores and serves them; ``PublicPageWSGI`` (editorial/wsgi.py) answers hits before Django's
handler runs. A hit makes no SQL query, and no round trip to the shared cache when this process
keeps a copy of the page: the versions of its keys are checked against the process's mirror of
them (``editorial.key_mirror``); otherwise one round trip (two when the page is not kept here).

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
from django.core.signals import setting_changed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date

from editorial.key_mirror import process_mirror
from editorial.languages import path_language
from editorial.page_keys import (
    ALL,
    BOARD,
    LISTING,
    POLICY,
    SEQUENCE_KEY,
    KeyVersion,
    article_key,
    changed_since,
    current_sequence,
    key_versions,
    member_key,
    pages_changed,
    shown_keys,
    version_keys,
    versions_current,
)

logger = logging.getLogger(__name__)

DAY = timedelta(days=1)
PAGE_KEY_VERSION = 2
COMPRESS_MIN_BYTES = 200

View = Callable[..., HttpResponseBase]
Refusal = Callable[[HttpRequest], HttpResponseBase | None]


def published_state_changed() -> None:
    """Anything readers may see may have changed (a bulk import, a change made around the
    services): every public page is rebuilt at its next request, and purged at the proxies."""
    pages_changed(ALL)


_MISSING = object()


def for_keys(
    name: str,
    keys: Iterable[str],
    compute: Callable[[], Any],
    *,
    keys_of: Callable[[Any], Iterable[str]] | None = None,
) -> Any:
    """``compute()``, kept in the shared cache until what ``keys`` name changes: what many
    pages read and every page would otherwise count anew (the number of published articles,
    the topics with theirs), computed once after each change instead of for every page.
    ``keys_of(value)``: the keys of what the value shows, when only computing it tells.

    Each process keeps the values it read last too, served without a round trip while its
    mirror of the key versions (``editorial.key_mirror``) confirms them."""
    key = f"computed:{name}"
    mirror = process_mirror()
    local = _local_computed.get(key)
    if local is not None and mirror is not None and mirror.confirms(local[0]):
        return local[1]
    stored = cache.get(key, _MISSING)
    if stored is not _MISSING:
        versions, value = stored
        if versions_current(versions, cache.get_many(version_keys(versions))):
            _keep_computed(key, stored)
            return value
    sequence = current_sequence()
    value = compute()
    versions = key_versions({ALL, *keys, *(keys_of(value) if keys_of is not None else ())})
    if not changed_since(versions, sequence):
        cache.set(key, (versions, value), settings.PAGE_CACHE_SECONDS)
        _keep_computed(key, (versions, value))
    return value


LOCAL_COMPUTED = 1024
_local_computed: dict[str, tuple[dict[str, KeyVersion], Any]] = {}


def _keep_computed(key: str, stored: tuple[dict[str, KeyVersion], Any]) -> None:
    if len(_local_computed) >= LOCAL_COMPUTED:
        _local_computed.clear()
    _local_computed[key] = stored


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
    keys: tuple[str, ...]
    # Asked before a page is served, from the cache or rendered: a response it returns is sent
    # instead (a request refused for its parameters, a client over its rate limit).
    refuse: Refusal | None = None


@dataclass(frozen=True)
class StoredPage:
    versions: dict[str, KeyVersion]  # the version of each key it shows, when it was stored
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
    keys: Iterable[str] = (LISTING,),
    refuse: Refusal | None = None,
) -> Any:
    """Declare ``view`` a public page: cached whole for anonymous readers by
    ``PublicPageMiddleware`` (see the module's description), rendered for everyone else.

    ``params``: the query parameters the view reads. ``keys``: what every page of the view
    shows (``editorial.page_keys``; by default ``listing``, what lists published articles);
    a view adds the keys of one response's content with ``shows(request, ...)``. A change of
    what a key names makes the pages carrying it stale. ``lifetime``: the name of the setting
    that says how many seconds a stored page may be kept at most. ``refuse(request)``: asked
    once per request before the page is served, from the cache or rendered (``refused``); a
    response it returns is sent instead, never stored. A ``refuse`` with a
    ``from_environ(environ)`` is asked that instead on a hit answered before Django runs
    (``PublicPageWSGI``): the same answer, or ``NEEDS_REQUEST``. Works on any view: a function, a
    class-based view's ``as_view()``, a callable such as a ``Feed``.
    """
    spec = PageSpec(params=tuple(params), lifetime=lifetime, keys=tuple(keys), refuse=refuse)

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            refusal = refused(request, spec)
            if refusal is not None:
                return mark_private(refusal)
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


def refused(request: HttpRequest, spec: PageSpec) -> HttpResponseBase | None:
    """The response ``spec.refuse`` sends instead of the page, asked once per request (by the
    page cache in front, or by the view when the cache did not ask)."""
    if spec.refuse is None or request.META.get(REFUSE_ASKED):
        return None
    request.META[REFUSE_ASKED] = True
    return spec.refuse(request)


REFUSE_ASKED = "editorial.caching.refuse_asked"
# What a ``refuse`` that can answer from the WSGI environ alone (its ``from_environ(environ)``,
# asked on the hits ``PublicPageWSGI`` serves, so that they build no request) returns when it
# needs the request after all.
NEEDS_REQUEST = object()


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
        # The page cache runs before LocaleMiddleware: the path's language prefix (/es/)
        # resolves only with its language active, and the default's paths only without one.
        with translation.override(path_language(request.path_info)):
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


# Each process also keeps the pages it served last, so that a hit reads only the small versions
# of the page's keys from the shared cache, not the page. A page kept here is served only while
# they are current, exactly like a page from the shared cache.
LOCAL_PAGES = 256
_local_pages: OrderedDict[str, StoredPage] = OrderedDict()
_local_lock = threading.Lock()


def forget_local_pages() -> None:
    """Drop this process's copies (tests: the database is rolled back under them)."""
    with _local_lock:
        _local_pages.clear()
    _environ_keys.clear()
    _local_computed.clear()
    _answers.clear()


def _remember(key: str, page: StoredPage) -> None:
    with _local_lock:
        _local_pages[key] = page
        _local_pages.move_to_end(key)
        while len(_local_pages) > LOCAL_PAGES:
            _local_pages.popitem(last=False)


def _lookup(key: str) -> tuple[int | None, StoredPage | None]:
    """The page stored under ``key`` while its keys' versions are current (None: render it),
    and the sequence number of the latest change when it was read (None on a hit from this
    process's copy). No round trip to the shared cache when this process keeps a copy of the
    page and its mirror of the key versions (``editorial.key_mirror``) holds them; one when
    only the mirror misses; two otherwise."""
    local = _local_pages.get(key)
    mirror = process_mirror()
    if local is not None:
        if mirror is not None and mirror.confirms(local.versions):
            return None, local
        generation = mirror.generation() if mirror is not None else 0
        found = cache.get_many([SEQUENCE_KEY, *version_keys(local.versions)])
        if mirror is not None:
            mirror.learn(_by_key(local.versions, found), generation)
        if versions_current(local.versions, found):
            return found.get(SEQUENCE_KEY), local
        sequence, page = found.get(SEQUENCE_KEY), cache.get(key)
    else:
        found = cache.get_many([SEQUENCE_KEY, key])
        sequence, page = found.get(SEQUENCE_KEY), found.get(key)
    if page is None:
        return sequence, None
    if mirror is not None and mirror.confirms(page.versions):
        _remember(key, page)
        return sequence, page
    generation = mirror.generation() if mirror is not None else 0
    found = cache.get_many(version_keys(page.versions))
    if mirror is not None:
        mirror.learn(_by_key(page.versions, found), generation)
    if not versions_current(page.versions, found):
        return sequence, None
    _remember(key, page)
    return sequence, page


def _by_key(keys: Iterable[str], found: dict[str, Any]) -> dict[str, Any]:
    return {key: found.get(name) for key, name in zip(keys, version_keys(keys), strict=True)}


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
        refusal = refused(request, spec)
        if refusal is not None:
            return mark_private(refusal)
        key = page_key(request, spec.params)
        try:
            sequence, page = _lookup(key)
            if page is None and sequence is None:
                sequence = current_sequence()
        except Exception:  # the cache is down: readers still get the page, uncached
            logger.exception("The page cache did not answer; rendering %s.", request.path)
            return mark_private(self.get_response(request))
        if page is not None:
            return served(request, page)
        response = self.get_response(request)
        if getattr(response, "public_page", None) is None or _turned_personal(request, response):
            return self._private_if_personal(request, response)
        versions = key_versions(shown_keys(request, spec.keys))
        if changed_since(versions, sequence):  # rendered from rows a change has replaced
            return mark_private(response)
        page = _stored(response, versions)
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
            page, refusal = _page_for_environ(environ)
        except Exception:  # a host not allowed, the cache down...: Django says what
            page = None
        if page is None:
            return self.application(environ, start_response)
        if refusal is not None:
            response = mark_private(refusal)
            start_response(f"{response.status_code} {response.reason_phrase}", response.items())
            return response
        if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
            # rare: Django's rules for If-None-Match and the like
            response = served(WSGIRequest(dict(environ)), page)
            start_response(f"{response.status_code} {response.reason_phrase}", response.items())
            return response
        answer = hit_answer(page, gzip="gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""))
        start_response(answer.status, list(answer.headers))  # a list the server may change
        return [answer.body]


# What a request's page key is made of, as the WSGI environ holds it (request.scheme,
# get_host(), the path, the query string), for requests without cookies: the key of each one
# seen last, so that a hit does not build a request, validate its host and hash its URL again.
# Only keys worked out from a request are kept (its host was allowed); a settings change (tests)
# forgets them.
ENVIRON_IDENTITY = (
    "wsgi.url_scheme",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_SSL",
    "HTTP_HOST",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "SCRIPT_URL",
    "PATH_INFO",
    "QUERY_STRING",
)
_environ_keys: dict[tuple[Any, ...], tuple[str, PageSpec] | None] = {}


def _page_for_environ(
    environ: dict[str, Any],
) -> tuple[StoredPage | None, HttpResponseBase | None]:
    """The page stored for the request ``environ`` describes, and what its view's ``refuse``
    sends instead (None: serve the page)."""
    cookieless = "HTTP_COOKIE" not in environ
    identity = (_today(), *map(environ.get, ENVIRON_IDENTITY)) if cookieless else None
    request = None
    if identity in _environ_keys:
        found = _environ_keys[identity]
    else:
        # A copy: WSGIRequest writes the decoded path into the environ it is given, which
        # Django's handler would then read as Latin-1 (any path that is not ASCII).
        request = WSGIRequest(dict(environ))
        spec = page_spec(request)
        found = (page_key(request, spec.params), spec) if spec is not None else None
        if cookieless:
            if len(_environ_keys) >= RESOLVED_PATHS:
                _environ_keys.clear()
            _environ_keys[identity] = found
    if found is None:
        return None, None
    key, spec = found
    page = _lookup(key)[1]
    if page is None or spec.refuse is None:
        return page, None
    if request is None and (from_environ := getattr(spec.refuse, "from_environ", None)):
        answer = from_environ(environ)
        if answer is not NEEDS_REQUEST:
            return page, answer
    return page, refused(request or WSGIRequest(dict(environ)), spec)


@receiver(setting_changed)
def _forget_resolved(**kwargs: Any) -> None:
    global _cache_control
    _environ_keys.clear()
    _specs.clear()
    _cache_control = None
    _answers.clear()


def cached_page(request: HttpRequest) -> StoredPage | None:
    """The page stored for ``request`` while what it shows is unchanged, or None (not a public
    page for this request, or not stored, or stale)."""
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


def key_headers(keys: Iterable[str]) -> list[tuple[str, str]]:
    """The headers telling HTTP caches the keys of a response (HTTP_CACHE_KEY_HEADERS):
    space-separated, as xkey and Surrogate-Key read them; Cache-Tag separates with commas."""
    keys = sorted(keys)
    return [
        (name, (",".join(keys) if name.lower() == "cache-tag" else " ".join(keys)))
        for name in settings.HTTP_CACHE_KEY_HEADERS
    ]


def _stored(response: HttpResponse, versions: dict[str, KeyVersion]) -> StoredPage:
    for name, value in key_headers(versions):
        response[name] = value
    body = response.content
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), clock.min))
    compressible = len(body) >= COMPRESS_MIN_BYTES and not response.has_header("Content-Encoding")
    return StoredPage(
        versions=versions,
        status=response.status_code,
        headers=tuple(
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in NOT_STORED
        ),
        body=body,
        gzipped=gzip.compress(body, compresslevel=6, mtime=0) if compressible else None,
        etag=hashlib.blake2b(body, digest_size=16).hexdigest(),
        last_modified=http_date(
            max(midnight.timestamp(), *(version.changed_at for version in versions.values()))
        ),
    )


def accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "").lower()


_cache_control: str | None = None


def public_cache_control() -> str:
    """The Cache-Control of every public page (worked out again when a setting changes)."""
    global _cache_control
    if _cache_control is None:
        _cache_control = (
            f"public, max-age={settings.PAGE_MAX_AGE}, s-maxage={settings.PAGE_S_MAXAGE}"
        )
    return _cache_control


@dataclass(frozen=True)
class HitAnswer:
    """What a hit sends for a stored page in one encoding: the status line, headers, body."""

    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


def _answer(page: StoredPage, *, compressed: bool, cache_control: str) -> HitAnswer:
    body = page.gzipped if compressed else page.body
    headers = [
        *page.headers,
        ("Content-Length", str(len(body))),
        ("ETag", f'"{page.etag}-gzip"' if compressed else f'"{page.etag}"'),
        ("Last-Modified", page.last_modified),
        ("Cache-Control", cache_control),
    ]
    if compressed:
        headers.append(("Content-Encoding", "gzip"))
    if page.gzipped is not None:
        headers.append(("Vary", "Accept-Encoding"))
    return HitAnswer(f"{page.status} {HTTPStatus(page.status).phrase}", tuple(headers), body)


# The answers of the pages served last, by the page's id (the page itself is kept beside it, so
# that the id of a page gone cannot name another).
_answers: dict[int, tuple[StoredPage, str, HitAnswer, HitAnswer]] = {}


def hit_answer(page: StoredPage, *, gzip: bool) -> HitAnswer:
    """What a hit sends for ``page``, compressed when ``gzip`` (the client accepts it) and the
    page is compressible: worked out once per page and process, like the page it is kept with."""
    cache_control = public_cache_control()
    kept = _answers.get(id(page))
    if kept is None or kept[0] is not page or kept[1] is not cache_control:
        plain = _answer(page, compressed=False, cache_control=cache_control)
        compressed = (
            _answer(page, compressed=True, cache_control=cache_control)
            if page.gzipped is not None
            else plain
        )
        kept = (page, cache_control, plain, compressed)
        if len(_answers) >= LOCAL_PAGES:
            _answers.clear()
        _answers[id(page)] = kept
    return kept[3] if gzip else kept[2]


def hit_headers(page: StoredPage, *, gzip: bool) -> tuple[bytes, list[tuple[str, str]]]:
    """The body and headers of a stored page, compressed when ``gzip`` (the client accepts it)."""
    answer = hit_answer(page, gzip=gzip)
    return answer.body, list(answer.headers)


def is_conditional(request: HttpRequest) -> bool:
    return "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META


def served(request: HttpRequest, page: StoredPage) -> HttpResponseBase:
    """The stored page as a public response, or 304 when the client's copy is current."""
    body, headers = hit_headers(page, gzip=accepts_gzip(request))
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
# What changes what readers see, in this app (articles connects its own models: topics)
# --------------------------------------------------------------------------------------------

KeysOf = Callable[[Any], Iterable[str]]


def connect_keys(
    sender: str, keys_of: KeysOf, *, saved: bool = True, created: bool = False, deleted: bool = True
) -> None:
    """Mark stale the pages carrying ``keys_of(row)`` whenever a row of ``sender``
    ("app_label.Model") is saved (``saved``), created (``created``) or deleted (``deleted``)."""

    def changed(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
        pages_changed(*keys_of(instance))

    def made(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
        if created:
            pages_changed(*keys_of(instance))

    uid = f"page-keys:{sender}"
    if saved:
        post_save.connect(changed, sender=sender, dispatch_uid=f"{uid}:save", weak=False)
    elif created:
        post_save.connect(made, sender=sender, dispatch_uid=f"{uid}:new", weak=False)
    if deleted:
        post_delete.connect(changed, sender=sender, dispatch_uid=f"{uid}:del", weak=False)


# A workflow step that makes a revision live, or takes the article off the site, changes the
# lists of articles and the board page (which lists what each member reviewed) too.
LISTED_STATES = frozenset({"approved", "archived"})


def _step_keys(log: Any) -> list[str]:
    keys = [article_key(log.article_id)]
    if LISTED_STATES & {log.source, log.target}:
        keys += [LISTING, BOARD]
    return keys


def connect_editorial() -> None:
    """Every workflow step (its audit entry: an approval, an archiving...), every policy
    version and translation, every change of a board member, every review submitted (the board
    page lists what each member reviewed)."""
    connect_keys("editorial.EditorialPolicy", lambda policy: [POLICY])
    connect_keys("editorial.EditorialPolicyTranslation", lambda translation: [POLICY])
    connect_keys("editorial.BoardMember", lambda member: [BOARD, member_key(member.pk)])
    connect_keys("editorial.TransitionLog", _step_keys, saved=False, created=True, deleted=False)
    connect_keys("editorial.Review", lambda review: [BOARD], saved=False, created=True)
