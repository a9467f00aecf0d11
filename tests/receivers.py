"""Real HTTP(S) servers on this machine's loopback addresses, for the webhook tests: each runs in
a thread, records every request it receives and answers as it is told (well, slowly, a byte at
a time, with an error, a redirect or a 10 MB body). Every loop in them is bounded."""

from __future__ import annotations

import contextlib
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HUGE_BYTES = 10 * 1024 * 1024
DRIP_BYTES = 200  # a byte at a time, at most this many


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Behaviour:
    """How the receiver answers: ``status``, after ``delay`` seconds; ``drip`` sends the body a
    byte every ``drip`` seconds; ``huge`` sends HUGE_BYTES; ``location`` for a redirect."""

    status: int = 200
    body: bytes = b"ok"
    delay: float = 0
    drip: float = 0
    huge: bool = False
    location: str = ""
    extra: dict[str, str] = field(default_factory=dict)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        self._answer()

    def do_GET(self) -> None:
        self._answer()

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.receiver.received.append(
            Received(self.command, self.path, dict(self.headers.items()), body)
        )
        how = self.server.receiver.behaviour
        if how.delay:
            time.sleep(how.delay)
        with contextlib.suppress(OSError):  # the client gave up, as it should
            self._send(how)

    def _send(self, how: Behaviour) -> None:
        self.send_response(how.status)
        if how.location:
            self.send_header("Location", how.location)
        for name, value in how.extra.items():
            self.send_header(name, value)
        if how.drip:
            self.send_header("Content-Length", str(DRIP_BYTES))
            self.end_headers()
            for _ in range(DRIP_BYTES):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(how.drip)
            return
        if how.huge:
            self.end_headers()  # no length: the body runs until the connection closes
            chunk = b"y" * 65536
            for _ in range(HUGE_BYTES // len(chunk)):
                self.wfile.write(chunk)
            return
        self.send_header("Content-Length", str(len(how.body)))
        self.end_headers()
        self.wfile.write(how.body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    receiver: Receiver


class Receiver:
    """A webhook receiver at ``url`` (``http://127.0.0.1:<port>/hook`` by default)."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: ssl.SSLContext | None = None,
        url_host: str | None = None,
    ) -> None:
        self.behaviour = Behaviour()
        self.received: list[Received] = []
        self.server = _Server((host, port), _Handler)
        self.server.receiver = self
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        scheme = "https" if tls is not None else "http"
        self.url = f"{scheme}://{url_host or host}:{self.port}/hook"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, **how: object) -> Receiver:
        self.behaviour = Behaviour(**how)
        return self

    def __enter__(self) -> Receiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
