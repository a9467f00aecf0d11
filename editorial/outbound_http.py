"""Requests to addresses someone else chose (a webhook endpoint): safe by construction (SSRF).

``url_problems(url)`` is what a form asks when the URL is registered: https (plain http only
with EDITORIAL_OUTBOUND_ALLOW_HTTP, for tests), a host name or an IP address in standard form,
no credentials, and no address or name that is plainly internal. It resolves nothing: a request
never waits on the network.

``post(url, body=..., headers=...)`` is the one way a request leaves: the host name is resolved
once, every address it resolves to is checked (``address_refusal``: no loopback, private,
link-local, multicast, reserved, unspecified or otherwise non-global address, unless it is in
EDITORIAL_OUTBOUND_ALLOWED_NETWORKS; the cloud metadata addresses never), and the connection is
made to a checked address, never to the name again (nothing re-resolves it between the check and
the connection; TLS still verifies the certificate against the name). Redirects are not followed:
a 3xx is an answer like any other, which the caller records as a failure. Every attempt is
bounded: EDITORIAL_WEBHOOK_CONNECT_TIMEOUT to connect, EDITORIAL_WEBHOOK_READ_TIMEOUT for each
read, EDITORIAL_WEBHOOK_TOTAL_TIMEOUT for all of it (a watchdog shuts the socket down, so a
server that answers a byte at a time cannot hold a worker). The answer's body is read up to
BODY_LIMIT_BYTES and kept up to EXCERPT_BYTES; a longer one is not read further.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import re
import socket
import ssl
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

EXCERPT_BYTES = 4 * 1024
BODY_LIMIT_BYTES = 64 * 1024
READ_CHUNK = 8 * 1024

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
# The instance metadata services of the clouds (AWS, GCP, Azure, OpenStack; AWS's over IPv6):
# never contacted, whatever the allow-list says.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(address) for address in ("169.254.169.254", "fd00:ec2::254")
)
INTERNAL_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain", ".home.arpa")
HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
NUMERIC_LABEL = re.compile(r"^(\d+|0x[0-9a-f]*)$")

NOT_HTTPS = "The URL must start with https://."
NOT_HTTP = "The URL must start with https:// (or http:// where plain http is allowed)."
NO_HOST = "The URL has no host name."
CREDENTIALS = "The URL must not hold a user name or password."
BAD_PORT = "The URL's port is not a number from 1 to 65535."
BAD_HOST = "“{host}” is not a host name or an IP address in standard form."
INTERNAL_HOST = "“{host}” names this machine or a local network, which is never contacted."
FRAGMENT = "The URL must not have a #fragment."
UNSAFE_CHARACTERS = "The URL must not contain spaces or control characters (encode them: %20)."
TOO_LONG = "The URL is longer than {limit} characters."
URL_MAX_LENGTH = 2000

METADATA = "{address} is a cloud metadata address, which is never contacted."
NOT_PUBLIC = "{address} is {kind} address, which is never contacted."
UNRESOLVED = "“{host}” could not be resolved: {error}"
NO_ADDRESS = "“{host}” resolves to no address."
TIMED_OUT = "No complete answer within {seconds} s."


class OutboundRefused(Exception):
    """The request was not made: its URL or an address its host resolves to is refused."""


class OutboundError(Exception):
    """The request was made and failed: refused connection, timeout, TLS, a broken answer."""


@dataclass(frozen=True)
class Answer:
    """What the server answered: its status, the start of its body (at most EXCERPT_BYTES,
    decoded), whether the body was longer than BODY_LIMIT_BYTES (not read further), and where
    a redirect pointed (not followed)."""

    status: int
    excerpt: str
    too_large: bool
    location: str = ""


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [
        ipaddress.ip_network(network, strict=False)
        for network in settings.EDITORIAL_OUTBOUND_ALLOWED_NETWORKS
    ]


def _kind(address: Address) -> str | None:
    """What makes ``address`` internal, or None for a global unicast address."""
    checks = [
        ("is_loopback", "a loopback"),
        ("is_link_local", "a link-local"),
        ("is_multicast", "a multicast"),
        ("is_unspecified", "an unspecified"),
        ("is_reserved", "a reserved"),
        ("is_private", "a private"),
    ]
    for attribute, kind in checks:
        if getattr(address, attribute):
            return kind
    return None if address.is_global else "a non-public"


def address_refusal(address: Address) -> str:
    """Why ``address`` may not be contacted; empty when it may."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if address in METADATA_ADDRESSES:
        return METADATA.format(address=address)
    if any(address in network for network in _allowed_networks()):
        return ""
    kind = _kind(address)
    return NOT_PUBLIC.format(address=address, kind=kind) if kind else ""


def _host_problems(host: str) -> list[str]:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None:
        refusal = address_refusal(address)
        return [refusal] if refusal else []
    try:
        name = host.lower().rstrip(".").encode("idna").decode("ascii")  # IDN as resolvers see it
    except UnicodeError:
        return [BAD_HOST.format(host=host)]
    labels = name.split(".")
    # A last label of digits or hex (2130706433, 0x7f.1, 127.1) is an address in a form
    # resolvers read differently: never a host name.
    if not all(HOST_LABEL.match(label) for label in labels) or NUMERIC_LABEL.match(labels[-1]):
        return [BAD_HOST.format(host=host)]
    if name == "localhost" or name.endswith(INTERNAL_SUFFIXES):
        return _internal(name)
    return []


def _internal(name: str) -> list[str]:
    networks = _allowed_networks()
    loopback = [ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")]
    if name == "localhost" and any(
        address in network for network in networks for address in loopback
    ):
        return []  # the allow-list lets this machine be reached (tests)
    return [INTERNAL_HOST.format(host=name)]


def url_problems(url: str) -> list[str]:
    """Why ``url`` may not be registered as a destination; empty when it may. Resolves
    nothing: the addresses are checked again, after resolution, at every request."""
    if len(url) > URL_MAX_LENGTH:
        return [TOO_LONG.format(limit=URL_MAX_LENGTH)]
    if re.search(r"[\x00-\x20\x7f]", url.strip()):
        return [UNSAFE_CHARACTERS]
    parts = urlsplit(url.strip())
    schemes = {"https", "http"} if settings.EDITORIAL_OUTBOUND_ALLOW_HTTP else {"https"}
    if parts.scheme.lower() not in schemes:
        return [NOT_HTTP if settings.EDITORIAL_OUTBOUND_ALLOW_HTTP else NOT_HTTPS]
    problems = []
    if parts.username is not None or parts.password is not None:
        problems.append(CREDENTIALS)
    if parts.fragment:
        problems.append(FRAGMENT)
    try:
        parts.port  # noqa: B018 -- raises for a port out of range or not a number
    except ValueError:
        problems.append(BAD_PORT)
    if not parts.hostname:
        return [*problems, NO_HOST]
    return problems + _host_problems(parts.hostname)


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, each checked; raises ``OutboundRefused`` when any
    is refused (a name that resolves to a public and an internal address is refused whole)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise OutboundRefused(UNRESOLVED.format(host=host, error=error)) from error
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not addresses:
        raise OutboundRefused(NO_ADDRESS.format(host=host))
    for address in addresses:
        refusal = address_refusal(ipaddress.ip_address(address.split("%")[0]))
        if refusal:
            raise OutboundRefused(refusal)
    return addresses


class _Watchdog:
    """Shuts the connection's socket down once the attempt has taken ``seconds`` in all: a
    blocked read returns at once, and the attempt fails."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.fired = False
        self._socket: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._socket = sock
            if self.fired:
                self._shut()

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            self._shut()

    def _shut(self) -> None:
        if self._socket is not None:
            # The plain socket's shutdown, also under TLS: it interrupts a blocked read.
            with contextlib.suppress(OSError):
                socket.socket.shutdown(self._socket, socket.SHUT_RDWR)

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """A connection to an address already resolved and checked, for the URL's host."""

    def __init__(self, host: str, port: int, *, address: str, watchdog: _Watchdog) -> None:
        super().__init__(host, port, timeout=settings.EDITORIAL_WEBHOOK_READ_TIMEOUT)
        self.address, self.watchdog = address, watchdog

    def _open(self) -> socket.socket:
        sock = socket.create_connection(
            (self.address, self.port), timeout=settings.EDITORIAL_WEBHOOK_CONNECT_TIMEOUT
        )
        self.watchdog.watch(sock)
        return sock

    def connect(self) -> None:
        self.sock = self._open()
        self.sock.settimeout(self.timeout)


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    def __init__(self, host: str, port: int, *, address: str, watchdog: _Watchdog) -> None:
        super().__init__(host, port, address=address, watchdog=watchdog)
        self.context = ssl.create_default_context()
        if settings.EDITORIAL_OUTBOUND_CA_FILE:
            self.context.load_verify_locations(cafile=settings.EDITORIAL_OUTBOUND_CA_FILE)

    def connect(self) -> None:
        sock = self._open()  # the handshake is bounded by the connect timeout too
        self.sock = self.context.wrap_socket(sock, server_hostname=self.host)
        self.watchdog.watch(self.sock)
        self.sock.settimeout(self.timeout)


def _read_body(response: http.client.HTTPResponse) -> tuple[bytes, bool]:
    length = response.getheader("Content-Length", "")
    if length.strip().isdigit() and int(length) > BODY_LIMIT_BYTES:
        return response.read(EXCERPT_BYTES), True
    body = b""
    while len(body) <= BODY_LIMIT_BYTES:
        chunk = response.read(READ_CHUNK)
        if not chunk:
            return body, False
        body += chunk
    return body, True


def _connection(url: str, watchdog: _Watchdog) -> tuple[_PinnedHTTPConnection, str]:
    problems = url_problems(url)
    if problems:
        raise OutboundRefused(" ".join(problems))
    parts = urlsplit(url.strip())
    https = parts.scheme.lower() == "https"
    port = parts.port or (443 if https else 80)
    addresses = resolve(parts.hostname, port)
    kind = _PinnedHTTPSConnection if https else _PinnedHTTPConnection
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    errors = []
    for address in addresses:
        connection = kind(parts.hostname, port, address=address, watchdog=watchdog)
        try:
            connection.connect()
        except OSError as error:  # the next address, as a browser would
            errors.append(f"{address}: {error}")
            connection.close()
            if watchdog.fired:
                break
            continue
        return connection, target
    raise OutboundError("Could not connect: " + "; ".join(errors))


def post(url: str, *, body: bytes, headers: dict[str, str]) -> Answer:
    """POST ``body`` to ``url`` safely (see the module's docstring). Raises
    ``OutboundRefused`` before anything is sent to a refused destination, ``OutboundError``
    when the request fails; any answer, whatever its status, is returned."""
    with _Watchdog(settings.EDITORIAL_WEBHOOK_TOTAL_TIMEOUT) as watchdog:
        connection, target = _connection(url, watchdog)
        try:
            connection.request("POST", target, body=body, headers=headers)
            response = connection.getresponse()
            content, too_large = _read_body(response)
            if watchdog.fired:  # cut off: what was read is not the whole answer
                raise OutboundError(TIMED_OUT.format(seconds=watchdog.seconds))
        except (OSError, http.client.HTTPException) as error:
            if watchdog.fired:
                raise OutboundError(TIMED_OUT.format(seconds=watchdog.seconds)) from error
            raise OutboundError(f"{type(error).__name__}: {error}") from error
        finally:
            connection.close()
    return Answer(
        status=response.status,
        excerpt=content[:EXCERPT_BYTES].decode("utf-8", errors="replace"),
        too_large=too_large,
        location=(response.getheader("Location") or "")[:URL_MAX_LENGTH],
    )
