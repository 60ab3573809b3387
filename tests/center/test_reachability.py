"""The reachability check goes the way the real calls go: the center client's session, its
proxies from the environment (``http_proxy``/``https_proxy``/``no_proxy``) and its CA bundle,
and it tells apart a refused connection, no answer, a proxy that fails, a certificate that
fails and an answer that is not the center's. A small forwarding proxy (plain and CONNECT)
on 127.0.0.1 stands for the corporate one."""

from __future__ import annotations

import http.client
import select
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from softphone.center.client import CenterApi
from softphone.center.reachability import PROBLEMS, check_center
from tests.center.hostile_front import Front
from tests.support.certs import make_certs
from tests.support.procs import free_port

PROXY_VARS = ("http_proxy", "https_proxy", "no_proxy", "all_proxy",
              "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY")


class Proxy:
    """A forwarding proxy: absolute-URI requests (http) and CONNECT tunnels (https)."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                proxy.seen.append(f"{self.command} {self.path}")
                target = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                conn = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "proxy-connection", "connection")}
                try:
                    conn.request(self.command, target.path + (f"?{target.query}" if target.query
                                                              else ""), body, headers)
                    resp = conn.getresponse()
                    data = resp.read()
                    self.send_response(resp.status)
                    self.send_header("Content-Type", resp.getheader("Content-Type", "text/plain"))
                finally:
                    conn.close()
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_POST = do_DELETE = do_PUT = do_GET   # noqa: N815

            def do_CONNECT(self):  # noqa: N802
                proxy.seen.append(f"CONNECT {self.path}")
                host, port = self.path.rsplit(":", 1)
                upstream = socket.create_connection((host, int(port)), timeout=10)
                self.send_response(200, "Connection established")
                self.end_headers()
                self.wfile.flush()
                pair = {self.connection: upstream, upstream: self.connection}
                try:
                    while True:
                        ready, _, _ = select.select(list(pair), [], [], 10)
                        if not ready:
                            break
                        for s in ready:
                            data = s.recv(65536)
                            if not data:
                                return
                            pair[s].sendall(data)
                except OSError:
                    pass
                finally:
                    upstream.close()
                    self.close_connection = True

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class NotTheCenter(BaseHTTPRequestHandler):
    """Answers that do not come from a center: the first path segment says which."""

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        mode = self.path.split("/")[1]
        status, ctype, body = {
            "portal": (403, "text/html", b"<html>Sign in to the network</html>"),
            "gateway": (502, "text/html", b"<html>Bad gateway</html>"),
            "html404": (404, "text/html", b"<html>Not found</html>"),
            "redirect": (302, "text/html", b""),
        }[mode]
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if status == 302:
            self.send_header("Location", "http://portal.example/")
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def env(monkeypatch):
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture
def proxy():
    p = Proxy()
    yield p
    p.close()


def _check(url: str, timeout: float = 2.0, **kw):
    api = CenterApi(url, **kw)
    try:
        return check_center(api, timeout)
    finally:
        api.close()


def test_the_practice_center_answers_directly(env, center):
    r = _check(center.url)
    assert r.ok and r.kind == "" and r.proxy == "" and r.status == 404
    assert r.port == center.port and r.latency_ms > 0


def test_the_check_and_the_calls_take_the_proxy_from_the_environment(env, center, proxy):
    env.setenv("http_proxy", proxy.url)
    api = CenterApi(center.url)
    try:
        r = check_center(api, 2.0)
        assert r.ok and r.proxy == proxy.url, r
        assert proxy.seen == [f"GET {center.url}"]
        api.login("agent3", "practice")         # a real call: the same way
        assert proxy.seen[-1] == f"POST {center.url}/sessions"
    finally:
        api.close()


def test_no_proxy_is_honoured(env, center, proxy):
    env.setenv("http_proxy", proxy.url)
    env.setenv("no_proxy", "127.0.0.1")
    r = _check(center.url)
    assert r.ok and r.proxy == "" and proxy.seen == []


def test_a_proxy_that_is_down_is_reported_as_the_proxy(env, center):
    env.setenv("http_proxy", f"http://127.0.0.1:{free_port(socket.SOCK_STREAM, also_tcp=False)}")
    r = _check(center.url)
    assert not r.ok and r.kind == "proxy" and r.problem == PROBLEMS["proxy"]
    host, port = urlsplit(center.url).hostname, urlsplit(center.url).port
    with socket.create_connection((host, port), timeout=2):
        pass                            # a raw TCP probe would have called it reachable


def test_https_through_a_connect_proxy_with_the_client_ca_bundle(env, proxy, tmp_path):
    certs = make_certs(tmp_path)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(certs.cert_file, certs.key_file)
    tls = Front(ssl_context=ctx)            # answers the contract's 404 over TLS
    env.setenv("https_proxy", proxy.url)
    try:
        r = _check(tls.url, ca_bundle=certs.ca_file)
        assert r.ok and r.status == 404 and r.proxy == proxy.url, r
        assert proxy.seen == [f"CONNECT 127.0.0.1:{tls.port}"]
        r = _check(tls.url)                 # without the center's CA: the certificate fails
        assert not r.ok and r.kind == "tls" and r.problem == PROBLEMS["tls"]
    finally:
        tls.close()


def test_refused_and_silent_centers_are_told_apart(env):
    port = free_port(socket.SOCK_STREAM, also_tcp=False)
    r = _check(f"http://127.0.0.1:{port}/api/v1")
    assert not r.ok and r.kind == "connect" and "refused" in r.problem
    silent = Front(trickle=("/api/v1",))    # accepts, then trickles its answer head
    try:
        started = time.monotonic()
        r = _check(silent.url, timeout=1.0)
        took = time.monotonic() - started
        assert not r.ok and r.kind == "timeout" and r.problem == PROBLEMS["timeout"]
        assert took < 2 * 1.0 + 2.0, took   # the check's deadline: twice its time limit
    finally:
        silent.close()


@pytest.mark.parametrize("mode", ["portal", "gateway", "html404", "redirect"])
def test_an_answer_that_is_not_the_centers_is_an_http_problem(env, mode):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), NotTheCenter)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        r = _check(f"http://127.0.0.1:{httpd.server_address[1]}/{mode}")
        assert not r.ok and r.kind == "http" and r.status is not None, r
        assert r.problem == PROBLEMS["http"]
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_bad_address_is_said_so():
    r = check_center(CenterApi("not a url"))
    assert not r.ok and r.kind == "address" and r.problem == PROBLEMS["address"]
