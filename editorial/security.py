"""Input no part of the site can store or show is refused at the door, with a 400.

Text that is not UTF-8, a NUL character (PostgreSQL's text cannot hold one) or half of a UTF-16
surrogate pair (no UTF-8 encoder writes one) crashes whatever meets it first: the database, a
template, a feed. ``UnencodableInputMiddleware`` looks for them wherever a request carries
text, before any view reads it: the path, the query string, form fields and their names,
uploaded text files and their names, cookies and headers, and JSON escapes (``\\u0000``, a lone
``\\ud800``) in any field or uploaded file that holds JSON, which a JSON reader would turn into
those characters. A request carrying one gets the site's 400 page. Text of any language, sent as
UTF-8 (percent-encoded or not), passes: ``/topics/caf%C3%A9/`` reaches its view. Cookies and
headers need not be UTF-8 (Django reads a cookie's other bytes as U+FFFD and a header's as
Latin-1, so neither can crash anything); only a NUL in them is refused.

As a last line, an exception that such text causes further in (a database or encoder refusing
it) is answered with the same 400 instead of a server error.
"""

from __future__ import annotations

import codecs
import csv
import logging
import re
from collections.abc import Callable
from urllib.parse import unquote_to_bytes, urlsplit

from django.core.exceptions import BadRequest
from django.core.files.uploadedfile import UploadedFile
from django.db import DataError
from django.http import HttpRequest, HttpResponse

from editorial.errors import bad_request

logger = logging.getLogger(__name__)

# NUL and the UTF-16 surrogates: characters UTF-8 and PostgreSQL's text cannot carry.
UNENCODABLE = re.compile("[\x00\ud800-\udfff]")
# Every backslash escape of a JSON text, read left to right (so an escaped backslash followed by
# "u0000" is text, not an escape).
JSON_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.DOTALL)
# How the database drivers and readers word a refusal of NUL.
NUL_REFUSAL = re.compile(r"\bNUL\b|null (?:character|byte)|\(0x00\)", re.IGNORECASE)
UPLOAD_CHUNK = 64 * 1024


class UnencodableInput(BadRequest):
    """Input that holds text the site cannot store or encode."""


def json_escape_problem(text: str) -> str:
    """What makes the JSON ``text`` decode to unencodable characters, or an empty string."""
    pending_high = None
    for match in JSON_ESCAPE.finditer(text):
        if match.group(1) is None:
            if pending_high is not None:
                return "an unpaired surrogate escape"
            continue
        code = int(match.group(1), 16)
        if pending_high is not None:
            if 0xDC00 <= code <= 0xDFFF and match.start() == pending_high:
                pending_high = None
                continue
            return "an unpaired surrogate escape"
        if code == 0:
            return "an escaped NUL (\\u0000)"
        if 0xD800 <= code <= 0xDBFF:
            pending_high = match.end()
        elif 0xDC00 <= code <= 0xDFFF:
            return "an unpaired surrogate escape"
    return "an unpaired surrogate escape" if pending_high is not None else ""


def _looks_like_json(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n").startswith(("[", "{"))


def _strictly_utf8(raw: bytes, where: str) -> None:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UnencodableInput(f"{where} is not UTF-8") from None


def _wsgi_bytes(request: HttpRequest, key: str) -> bytes:
    return request.META.get(key, "").encode("latin-1", errors="replace")


def _sent_path(request: HttpRequest) -> bytes | None:
    """The path as the client sent it, percent-decoded, when the server passes on the request
    line's target (gunicorn's ``RAW_URI``; ``REQUEST_URI`` of uWSGI and mod_wsgi).

    ``PATH_INFO`` cannot tell: Django replaces it with the decoded path when it builds the
    request, with any bytes that are not UTF-8 percent-encoded again (so a view never sees them
    as text: such a path is at worst a 404)."""
    for key in ("RAW_URI", "REQUEST_URI"):
        target = request.META.get(key)
        if target:
            path = target if target.startswith("/") else urlsplit(target).path
            path = path.split("?", 1)[0].split("#", 1)[0]
            # Bytes read as Latin-1 (WSGI), some of them percent-encoded.
            return unquote_to_bytes(path.encode("latin-1", errors="replace"))
    return None


def _check_text(text: str, where: str) -> None:
    if UNENCODABLE.search(text):
        raise UnencodableInput(f"{where} holds a NUL or surrogate character")
    if _looks_like_json(text):
        problem = json_escape_problem(text)
        if problem:
            raise UnencodableInput(f"{where} holds JSON with {problem}")


def _check_upload(upload: UploadedFile, where: str) -> None:
    """An uploaded text file (UTF-8) must hold text the site can store; a file that is not
    UTF-8 at all (an image, a PDF, another encoding) is left to the view, which says what it
    accepts."""
    _check_text(upload.name or "", f"the name of {where}")
    decoder = codecs.getincrementaldecoder("utf-8")()
    parts = []
    try:
        for chunk in upload.chunks(UPLOAD_CHUNK):
            parts.append(decoder.decode(chunk))
        parts.append(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        return
    finally:
        upload.seek(0)
    _check_text("".join(parts), where)


def reads_raw_text(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view that reads pasted or uploaded text itself and reports what it cannot store,
    entry by entry (the reference import): its form fields and files reach it as they came.
    The path, the query string, headers and cookies are checked as everywhere."""
    view.reads_raw_text = True
    return view


def check_request(request: HttpRequest, *, body: bool = True) -> None:
    """Raise ``UnencodableInput`` when any text of the request cannot be stored or encoded
    (its form fields and files too, unless ``body`` is false)."""
    sent_path = _sent_path(request)
    if sent_path is not None:
        _strictly_utf8(sent_path, "the path")
    _check_text(request.path_info, "the path")
    # WSGI gives the query string as it was sent, its bytes read as Latin-1.
    _strictly_utf8(unquote_to_bytes(_wsgi_bytes(request, "QUERY_STRING")), "the query string")
    for name, values in request.GET.lists():
        _check_text(name, "a query parameter's name")
        for value in values:
            _check_text(value, f"the query parameter {name!r}")
    for name, value in request.META.items():
        if name.startswith("HTTP_") and isinstance(value, str):
            _check_text(value, f"the header {name}")
    for name, value in request.COOKIES.items():
        _check_text(name + value, "a cookie")
    if request.method != "POST" or not body:
        return
    check_body(request)


def check_body(request: HttpRequest) -> None:
    if request.content_type == "application/x-www-form-urlencoded":
        _strictly_utf8(unquote_to_bytes(request.body.replace(b"+", b" ")), "the form")
    for name, values in request.POST.lists():
        _check_text(name, "a form field's name")
        for value in values:
            _check_text(value, f"the form field {name!r}")
    for name, uploads in request.FILES.lists():
        for upload in uploads:
            _check_upload(upload, f"the uploaded file {name!r}")


def caused_by_unencodable_text(exception: BaseException) -> bool:
    """Whether ``exception`` (or what it was raised from) is text refused for its characters."""
    seen: set[int] = set()
    error: BaseException | None = exception
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, UnicodeError):
            return True
        if isinstance(error, ValueError | DataError | csv.Error) and NUL_REFUSAL.search(str(error)):
            return True
        error = error.__cause__ or error.__context__
    return False


class UnencodableInputMiddleware:
    """A 400 for requests carrying text the site cannot store or encode; see the module."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            check_request(request, body=False)
        except UnencodableInput as refusal:
            return self._refuse(request, refusal)
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], args: tuple, kwargs: dict
    ) -> HttpResponse | None:
        if request.method != "POST" or getattr(view, "reads_raw_text", False):
            return None
        try:
            check_body(request)
        except UnencodableInput as refusal:
            return self._refuse(request, refusal)
        return None

    @staticmethod
    def _refuse(request: HttpRequest, refusal: UnencodableInput) -> HttpResponse:
        logger.warning("Refused %s %r: %s.", request.method, request.path, refusal)
        return bad_request(request, refusal)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not caused_by_unencodable_text(exception):
            return None
        logger.warning(
            "Refused %s %r: its text could not be stored or encoded.",
            request.method,
            request.path,
            exc_info=exception,
        )
        return bad_request(request, exception)
