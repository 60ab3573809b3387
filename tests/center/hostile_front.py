"""A hostile HTTP front on 127.0.0.1: answer heads that trickle one byte per second.

``Front(target)`` forwards every request to ``target`` (a practice center's root URL), except
those whose path contains one of ``trickle``: for those it sends an answer head one byte a
second and never finishes it, until ``release()`` (or the client gives up). Without a target,
other paths answer the contract's 404. It counts the trickling answers: ``started``, ``open``
(still being sent) and ``max_open``. Optional TLS (``ssl_context``).
"""

from __future__ import annotations

import http.client
import json
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HEAD = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: "
        + b"z" * 4096)


class Front:
    def __init__(self, target: str | None = None, trickle: tuple[str, ...] = ("/queues",),
                 ssl_context: ssl.SSLContext | None = None, byte_every_s: float = 1.0) -> None:
        self.target = urlsplit(target) if target else None
        self.trickle = trickle
        self.byte_every_s = byte_every_s
        self.started = self.open = self.max_open = 0
        self.ended_at: list[float] = []     # time.monotonic() when a trickle saw the client go
        self.forwarded: list[str] = []
        self._lock = threading.Lock()
        self._release = threading.Event()
        front = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):   # quiet
                pass

            def _any(self):
                if any(t in self.path for t in front.trickle):
                    front._trickle(self)
                else:
                    front._forward(self)

            do_GET = do_POST = do_PUT = do_DELETE = _any   # noqa: N815

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        if ssl_context is not None:
            self.httpd.socket = ssl_context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.scheme = "https" if ssl_context is not None else "http"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        """The API base through the front."""
        return f"{self.scheme}://127.0.0.1:{self.port}/api/v1"

    def release(self) -> None:
        """Trickling answers end (the connection is closed) and new ones end at once."""
        self._release.set()

    def close(self) -> None:
        self.release()
        self.httpd.shutdown()
        self.httpd.server_close()

    # ------------------------------------------------------------ behaviours
    def _trickle(self, h: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.started += 1
            self.open += 1
            self.max_open = max(self.max_open, self.open)
        try:
            for i in range(len(HEAD)):
                if self._release.is_set():
                    break
                try:
                    h.wfile.write(HEAD[i:i + 1])
                    h.wfile.flush()
                except OSError:         # the client cut the connection
                    break
                if self._release.wait(self.byte_every_s):
                    break
        finally:
            with self._lock:
                self.open -= 1
                self.ended_at.append(time.monotonic())
            h.close_connection = True

    def _forward(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else None
        self.forwarded.append(f"{h.command} {h.path}")
        if self.target is None:
            data = json.dumps({"error": {"code": "not_found", "message": "no"}}).encode()
            status, ctype = 404, "application/json"
        else:
            conn = http.client.HTTPConnection(self.target.hostname, self.target.port, timeout=30)
            headers = {k: v for k, v in h.headers.items()
                       if k.lower() not in ("host", "connection", "content-length")}
            try:
                conn.request(h.command, h.path, body=body, headers=headers)
                resp = conn.getresponse()
                status, data = resp.status, resp.read()
                ctype = resp.getheader("Content-Type", "application/json")
            finally:
                conn.close()
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)
