"""The client against a misbehaving center: every failure is a typed CenterError, in time."""

from __future__ import annotations

import datetime
import ipaddress
import json
import socket
import ssl
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from softphone.center.client import CenterApi, CenterError, mask_numbers
from softphone.center.models import USER_MESSAGES
from tests.support.procs import free_port

RELEASE = threading.Event()   # set at teardown: stalled handlers return
QUEUE = {"id": "q", "name": "Q", "waiting": 1, "longest_wait_s": 3, "agents_ready": 0,
         "agents_on_call": 0}


class Misbehaving(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, body: bytes, ctype="application/json", length=True):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        mode = self.path.split("/")[1]
        if mode == "ok":   # with a field this app version does not know: ignored
            self._send(200, json.dumps([dict(QUEUE, future_field={"x": 1})]).encode())
        elif mode == "malformed":
            self._send(200, b'[{"id": "q", "name": ')
        elif mode == "wrongtypes":
            self._send(200, json.dumps([dict(QUEUE, waiting="many")]).encode())
        elif mode == "missing":
            self._send(200, json.dumps([{"id": "q", "extra": 1}]).encode())
        elif mode == "notalist":
            self._send(200, json.dumps({"queues": [QUEUE]}).encode())
        elif mode == "huge":   # 10 MB, announced
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(10 * 1024 * 1024))
            self.end_headers()
            try:
                for _ in range(160):
                    self.wfile.write(b" " * 65536)
            except OSError:
                pass
        elif mode == "hugechunked":   # 10 MB, length not announced
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"[")
            try:
                for _ in range(160):
                    self.wfile.write(b'"x",' * 16384)
            except OSError:
                pass
            self.close_connection = True
        elif mode == "stall":   # 30 s before anything
            RELEASE.wait(30)
        elif mode == "drip":    # headers at once, then one byte every 0.3 s for 30 s
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(100):
                if RELEASE.wait(0.3):
                    break
                try:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                except OSError:
                    break
        elif mode == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif mode == "html500":
            self._send(500, b"<html>Internal Server Error</html>", "text/html")
        elif mode == "expired":
            self._send(401, b'{"error": {"code": "token_expired", "message": "expired"}}')
        else:
            self._send(404, b'{"error": {"code": "not_found", "message": "no"}}')


@pytest.fixture(scope="module")
def server():
    port = free_port(socket.SOCK_STREAM, also_tcp=False)
    httpd = ThreadingHTTPServer(("127.0.0.1", port), Misbehaving)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{port}"
    RELEASE.set()
    httpd.shutdown()
    httpd.server_close()


def _api(server: str, mode: str, timeout=(1.0, 1.5)) -> CenterApi:
    api = CenterApi(f"{server}/{mode}", timeout=timeout)
    api.set_tokens("t0k3n", "")
    return api


def _fails(api: CenterApi, kind: str, within: float) -> CenterError:
    started = time.monotonic()
    with pytest.raises(CenterError) as ei:
        api.queues()
    took = time.monotonic() - started
    api.close()
    assert ei.value.kind == kind, (ei.value.kind, ei.value.detail)
    assert took < within, f"gave up after {took:.1f}s"
    assert ei.value.user_message and "t0k3n" not in ei.value.detail
    return ei.value


def test_good_answer_parses(server):
    api = _api(server, "ok")
    assert api.queues()[0].waiting == 1
    api.close()


@pytest.mark.parametrize("mode", ["malformed", "wrongtypes", "missing", "notalist"])
def test_bad_bodies_are_invalid_response(server, mode):
    err = _fails(_api(server, mode), "invalid_response", 5)
    assert err.user_message == USER_MESSAGES["invalid_response"]


@pytest.mark.parametrize("mode", ["huge", "hugechunked"])
def test_huge_bodies_are_capped(server, mode):
    err = _fails(_api(server, mode), "invalid_response", 8)
    assert "bytes" in err.detail   # refused for its size, not for its syntax


def test_stall_gives_up_within_the_timeout(server):
    _fails(_api(server, "stall"), "timeout", 8)   # read timeout 1.5 s, one GET retry


def test_slow_drip_is_bounded_by_the_total_deadline(server):
    api = CenterApi(f"{server}/drip", timeout=(1.0, 1.5), deadline_s=3.0)
    api.set_tokens("t0k3n", "")
    _fails(api, "timeout", 8)


def test_connection_reset(server):
    _fails(_api(server, "reset"), "unreachable", 8)


def test_server_error_and_expired_session(server):
    _fails(_api(server, "html500"), "server", 8)
    err = _fails(_api(server, "expired"), "auth", 5)
    assert err.code == "token_expired"


def test_unreachable_says_check_vpn():
    port = free_port(socket.SOCK_STREAM, also_tcp=False)   # nobody listens
    api = CenterApi(f"http://127.0.0.1:{port}", timeout=(1.0, 1.5))
    api.set_tokens("t0k3n", "")
    err = _fails(api, "unreachable", 10)
    assert "VPN" in err.user_message


def _self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "practice center")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_tls_unknown_certificate_refused_and_ca_bundle_accepted(tmp_path):
    cert, key = _self_signed(tmp_path)
    port = free_port(socket.SOCK_STREAM, also_tcp=False)
    httpd = ThreadingHTTPServer(("127.0.0.1", port), Misbehaving)
    httpd.daemon_threads = True
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        api = CenterApi(f"https://127.0.0.1:{port}/ok", timeout=(2.0, 3.0))
        api.set_tokens("t0k3n", "")
        err = _fails(api, "tls", 10)
        assert "certificate" in err.user_message
        trusted = CenterApi(f"https://127.0.0.1:{port}/ok", ca_bundle=str(cert),
                            timeout=(2.0, 3.0))
        trusted.set_tokens("t0k3n", "")
        assert trusted.queues()[0].id == "q"
        trusted.close()
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_mask_numbers():
    assert mask_numbers("GET /customers/by-number/+821055501234") == \
        "GET /customers/by-number/###########34"
    assert mask_numbers("127.0.0.1:8080 HTTP 404") == "127.0.0.1:8080 HTTP 404"
    assert mask_numbers("GET /interactions/IX-431706EF32") == "GET /interactions/IX-431706EF32"


class _Receipts(Misbehaving):
    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        mode = self.path.split("/")[1]
        if mode == "okgarbage":     # recorded, but the answer is not JSON
            self._send(200, b"<html>ok</html>", "text/html")
        elif mode == "hugeerror":   # a 503 with a 10 MB page
            self._send(503, b"x" * (10 * 1024 * 1024), "text/html")
        else:
            self._send(409, b'{"error": {"code": "duplicate", "message": "seen"}}')


def test_write_receipts_are_judged_by_status_and_body(tmp_path):
    port = free_port(socket.SOCK_STREAM, also_tcp=False)
    httpd = ThreadingHTTPServer(("127.0.0.1", port), _Receipts)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        def deliver(mode):
            api = _api(f"http://127.0.0.1:{port}", mode)
            try:
                api.deliver("POST", "/incidents", {"severity": "low", "description": "x"}, "k")
            finally:
                api.close()
        with pytest.raises(CenterError) as ei:  # 200 with a page (a portal, a proxy): not a receipt
            deliver("okgarbage")
        assert ei.value.kind == "invalid_response"
        with pytest.raises(CenterError) as ei:
            deliver("hugeerror")
        assert ei.value.kind == "server" and ei.value.status == 503
        with pytest.raises(CenterError) as ei:
            deliver("dup")
        assert ei.value.kind == "conflict" and ei.value.code == "duplicate"
    finally:
        httpd.shutdown()
        httpd.server_close()
