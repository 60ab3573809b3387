"""The supervisor page (/supervisor) in a real browser: screenshots in English, Korean and Russian.

    .venv/bin/python scripts/supervisor_shots.py --out /tmp/supshots [--lang en --lang ko ...]

Starts a practice center (``python -m democenter --no-acd``) on a free port of 127.0.0.1 with
a temporary data file and gives it a shift's worth of content through the center API: a
counselor's question and a counseling request, an abusive call's incident (category, timeline,
evidence hold), a protective break and a wellbeing alert. Then, per language, in headless
Chromium: opens /supervisor (the sign-in form), picks the language on the form's own links,
saves ``supervisor_login_<lang>.png``, types supervisor1's user name and password into the
form and submits it, waits for the live overview and saves ``supervisor_<lang>.png``
(1280x900; ``--full`` also saves the whole page as ``supervisor_<lang>_full.png``).

Chromium is driven over its DevTools Protocol by the small client in this file (no Python
dependency): Chromium starts with ``--remote-debugging-port=0`` and a temporary profile,
writes the port it took to ``<profile>/DevToolsActivePort``, and this file speaks WebSocket
(RFC 6455: handshake, masked client frames, server frames of any length) to
ws://127.0.0.1:<port>/devtools/browser/<id>. Every page gets its own browser context (its
own cookies). Chromium resolves no host name (``--host-resolver-rules``) and talks only to
127.0.0.1; it is stopped by its process group at the end.
tests/center/test_supervisor_browser.py uses the same classes.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Callable, Optional

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("en", "ko", "ru")
WIDTH, HEIGHT = 1280, 900
SUPERVISOR = ("supervisor1", "practice")
LOCAL = "127.0.0.1"


# ---------------------------------------------------------------- WebSocket (RFC 6455)

class WebSocket:
    """A WebSocket client over a plain TCP socket: text messages out (masked), messages in."""

    GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    def __init__(self, host: str, port: int, path: str, timeout: float = 10.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buf = bytearray()
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                           "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
                          .encode())
        deadline = time.monotonic() + timeout
        while b"\r\n\r\n" not in self.buf:
            self._more(deadline)
        head, _, rest = bytes(self.buf).partition(b"\r\n\r\n")
        self.buf = bytearray(rest)
        lines = head.decode("latin-1").split("\r\n")
        if len(lines[0].split()) < 2 or lines[0].split()[1] != "101":
            raise ConnectionError(f"WebSocket handshake refused: {lines[0]!r}")
        headers = {k.strip().lower(): v.strip() for k, _, v in
                   (line.partition(":") for line in lines[1:])}
        want = base64.b64encode(hashlib.sha1((key + self.GUID).encode()).digest()).decode()
        if headers.get("sec-websocket-accept") != want:
            raise ConnectionError("WebSocket handshake: wrong Sec-WebSocket-Accept")

    def _more(self, deadline: float) -> None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no WebSocket data in time")
        self.sock.settimeout(left)
        try:
            chunk = self.sock.recv(1 << 20)
        except socket.timeout:
            raise TimeoutError("no WebSocket data in time") from None
        if not chunk:
            raise ConnectionError("the WebSocket peer closed the connection")
        self.buf += chunk

    def _need(self, n: int, deadline: float) -> None:
        while len(self.buf) < n:
            self._more(deadline)

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        n = len(payload)
        head = bytes([0x80 | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 1 << 16:
            head += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack("!Q", n)
        mask = os.urandom(4)
        if n:
            keystream = (mask * (n // 4 + 1))[:n]
            payload = (int.from_bytes(payload, "big")
                       ^ int.from_bytes(keystream, "big")).to_bytes(n, "big")
        self.sock.sendall(head + mask + payload)

    def send(self, text: str) -> None:
        self._send_frame(0x1, text.encode("utf-8"))

    def _frame(self, deadline: float) -> tuple[bool, int, bytes]:
        """One whole frame (nothing is taken from the buffer until it is all there)."""
        self._need(2, deadline)
        b0, b1 = self.buf[0], self.buf[1]
        n, at = b1 & 0x7F, 2
        if n == 126:
            self._need(4, deadline)
            n, at = struct.unpack("!H", self.buf[2:4])[0], 4
        elif n == 127:
            self._need(10, deadline)
            n, at = struct.unpack("!Q", self.buf[2:10])[0], 10
        mask = b""
        if b1 & 0x80:                       # servers do not mask; accept it anyway
            self._need(at + 4, deadline)
            mask, at = bytes(self.buf[at:at + 4]), at + 4
        self._need(at + n, deadline)
        payload = bytes(self.buf[at:at + n])
        del self.buf[:at + n]
        if mask and n:
            payload = (int.from_bytes(payload, "big") ^ int.from_bytes(
                (mask * (n // 4 + 1))[:n], "big")).to_bytes(n, "big")
        return bool(b0 & 0x80), b0 & 0x0F, payload

    def receive(self, timeout: float) -> str:
        """The next text message; answers pings; ConnectionError when the peer closes."""
        deadline = time.monotonic() + timeout
        parts: list[bytes] = []
        while True:
            fin, opcode, payload = self._frame(deadline)
            if opcode == 0x9:
                self._send_frame(0xA, payload)
            elif opcode == 0x8:
                raise ConnectionError("the WebSocket peer closed the connection")
            elif opcode in (0x0, 0x1, 0x2):
                parts.append(payload)
                if fin:
                    return b"".join(parts).decode("utf-8")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._send_frame(0x8, struct.pack("!H", 1000))
        with contextlib.suppress(OSError):
            self.sock.close()


# ---------------------------------------------------------------- DevTools Protocol

class CdpError(RuntimeError):
    pass


class Cdp:
    """One DevTools connection to the browser; pages are flat sessions on it."""

    def __init__(self, ws: WebSocket):
        self.ws = ws
        self.last_id = 0
        self.listeners: dict[str, Callable[[dict], None]] = {}

    def _dispatch(self, msg: dict) -> None:
        listener = self.listeners.get(msg.get("sessionId", ""))
        if listener is not None:
            listener(msg)

    def call(self, method: str, params: Optional[dict] = None, session: str = "",
             timeout: float = 30.0) -> dict:
        self.last_id += 1
        msg: dict[str, Any] = {"id": self.last_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no answer to {method} in {timeout:.0f} s")
            answer = json.loads(self.ws.receive(left))
            if answer.get("id") == self.last_id:
                if "error" in answer:
                    raise CdpError(f"{method}: {answer['error'].get('message')}")
                return answer.get("result", {})
            if "method" in answer:
                self._dispatch(answer)

    def pump(self, seconds: float) -> None:
        """Take in events for ``seconds`` (nothing is asked)."""
        deadline = time.monotonic() + seconds
        with contextlib.suppress(TimeoutError):
            while (left := deadline - time.monotonic()) > 0:
                msg = json.loads(self.ws.receive(left))
                if "method" in msg:
                    self._dispatch(msg)


class JsError(RuntimeError):
    pass


class Page:
    """A tab in its own browser context (own cookies), WIDTH x HEIGHT."""

    def __init__(self, cdp: Cdp, width: int = WIDTH, height: int = HEIGHT):
        self.cdp = cdp
        self.width, self.height = width, height
        self.problems: list[str] = []   # script errors and console errors (not network ones)
        self.context = cdp.call("Target.createBrowserContext")["browserContextId"]
        self.target = cdp.call("Target.createTarget", {
            "url": "about:blank", "browserContextId": self.context})["targetId"]
        self.session = cdp.call("Target.attachToTarget", {
            "targetId": self.target, "flatten": True})["sessionId"]
        cdp.listeners[self.session] = self._event
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def _event(self, msg: dict) -> None:
        method, p = msg["method"], msg.get("params", {})
        if method == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            self.problems.append("exception: " + (d.get("exception", {}).get("description")
                                                  or d.get("text", "?")))
        elif method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            self.problems.append("console: " + " ".join(
                str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
        elif method == "Log.entryAdded":
            e = p.get("entry", {})
            if e.get("level") == "error" and e.get("source") != "network":
                self.problems.append(f"{e.get('source')}: {e.get('text')}")

    def call(self, method: str, params: Optional[dict] = None, timeout: float = 30.0) -> dict:
        return self.cdp.call(method, params, self.session, timeout)

    def evaluate(self, expression: str, await_promise: bool = False) -> Any:
        answer = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": await_promise})
        if "exceptionDetails" in answer:
            d = answer["exceptionDetails"]
            raise JsError(d.get("exception", {}).get("description") or d.get("text", "?"))
        return answer["result"].get("value")

    def wait(self, expression: str, timeout: float = 15.0, what: str = "") -> Any:
        """Poll ``expression`` until it is truthy (a page being replaced counts as not yet)."""
        deadline = time.monotonic() + timeout
        last = None
        while True:
            try:
                value = self.evaluate(expression)
                if value:
                    return value
            except (CdpError, JsError) as exc:
                last = exc
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out after {timeout:.0f} s waiting for "
                                   f"{what or expression}" + (f" ({last})" if last else ""))
            self.cdp.pump(0.1)

    def _mark(self) -> str:
        mark = base64.b16encode(os.urandom(6)).decode()
        self.evaluate(f"window.__shots_mark = {json.dumps(mark)}")
        return mark

    def _loaded_after(self, mark: str, timeout: float) -> None:
        self.wait(f"window.__shots_mark !== {json.dumps(mark)}"
                  " && document.readyState === 'complete'", timeout, "the next page to load")

    def navigate(self, url: str, timeout: float = 20.0) -> None:
        mark = self._mark()
        answer = self.call("Page.navigate", {"url": url})
        if answer.get("errorText"):
            raise CdpError(f"cannot open {url}: {answer['errorText']}")
        self._loaded_after(mark, timeout)

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element."""
        xy = self.wait(f"""(() => {{
            const e = document.querySelector({json.dumps(selector)});
            if (!e || e.disabled || !e.getClientRects().length) return null;
            e.scrollIntoView({{block: "center", inline: "center"}});
            const r = e.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2];
        }})()""", what=f"{selector} to be clickable")
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": xy[0], "y": xy[1],
                                                   "button": "left", "clickCount": 1})

    def click_and_load(self, selector: str, timeout: float = 20.0) -> None:
        mark = self._mark()
        self.click(selector)
        self._loaded_after(mark, timeout)

    def type(self, selector: str, text: str) -> None:
        """Focus the field, clear it and type ``text`` as the keyboard would insert it."""
        self.wait(f"""(() => {{
            const e = document.querySelector({json.dumps(selector)});
            if (!e) return false;
            e.focus(); e.select && e.select();
            return document.activeElement === e;
        }})()""", what=f"{selector} to take the focus")
        self.call("Input.insertText", {"text": text})
        got = self.evaluate(f"document.querySelector({json.dumps(selector)}).value")
        if got != text:
            raise RuntimeError(f"typed {text!r} into {selector}, it holds {got!r}")

    def text(self, selector: str = "body") -> str:
        return self.evaluate(f"(document.querySelector({json.dumps(selector)}) || {{}})"
                             ".innerText || ''")

    def fonts_ready(self) -> None:
        self.evaluate("document.fonts.ready.then(() => true)", await_promise=True)

    def screenshot(self, path: Path, full: bool = False) -> Path:
        self.fonts_ready()
        params: dict[str, Any] = {"format": "png"}
        if full:
            size = self.call("Page.getLayoutMetrics")["cssContentSize"]
            params.update(captureBeyondViewport=True, clip={
                "x": 0, "y": 0, "width": self.width,
                "height": max(self.height, int(size["height"] + 0.5)), "scale": 1})
        data = self.call("Page.captureScreenshot", params, timeout=60)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        self.cdp.listeners.pop(self.session, None)
        with contextlib.suppress(CdpError, TimeoutError, ConnectionError, OSError):
            self.cdp.call("Target.closeTarget", {"targetId": self.target})
            self.cdp.call("Target.disposeBrowserContext", {"browserContextId": self.context})


def find_chromium() -> Optional[str]:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Chromium:
    """Headless Chromium with a temporary profile, driven over the DevTools Protocol."""

    def __init__(self, log: Optional[Path] = None, lang: str = "en-US"):
        self.binary = find_chromium()
        if self.binary is None:
            raise FileNotFoundError("chromium is not installed (apt-get install chromium)")
        self.profile = Path(tempfile.mkdtemp(prefix="supervisor-chromium-"))
        self.log = log or self.profile / "chromium.log"     # goes with the profile
        self.lang = lang
        self.proc: Optional[subprocess.Popen] = None
        self.cdp: Optional[Cdp] = None

    def start(self, timeout: float = 30.0) -> "Chromium":
        args = [self.binary, "--headless=new", "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}", f"--window-size={WIDTH},{HEIGHT}",
                f"--lang={self.lang}", f"--accept-lang={self.lang}",
                "--no-first-run", "--no-default-browser-check", "--disable-gpu",
                "--disable-extensions", "--disable-sync", "--disable-background-networking",
                "--disable-component-update", "--disable-default-apps", "--no-pings",
                "--disable-domain-reliability", "--disable-client-side-phishing-detection",
                "--disable-features=Translate,MediaRouter,OptimizationHints,"
                "AutofillServerCommunication,PasswordManagerOnboarding",
                "--metrics-recording-only", "--password-store=basic", "--use-mock-keychain",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--force-color-profile=srgb",
                # no name is resolved: only 127.0.0.1 can be reached
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.append("--no-sandbox")     # root: Chromium refuses its sandbox
        args.append("about:blank")
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        active = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while True:
            lines = active.read_text().split("\n") if active.exists() else []
            if len(lines) >= 2 and lines[0].strip().isdigit() and lines[1].startswith("/"):
                break
            if self.proc.poll() is not None:
                raise RuntimeError(f"chromium exited ({self.proc.returncode}); see "
                                   f"{self.log}:\n{self.log.read_text(errors='replace')[-3000:]}")
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"chromium did not open its DevTools port; see {self.log}")
            time.sleep(0.05)
        port, path = int(lines[0]), lines[1].strip()
        self.cdp = Cdp(WebSocket(LOCAL, port, path))
        self.version = self.cdp.call("Browser.getVersion").get("product", "")
        return self

    def page(self, width: int = WIDTH, height: int = HEIGHT) -> Page:
        assert self.cdp is not None
        return Page(self.cdp, width, height)

    def stop(self) -> None:
        """Browser.close, then the process group (by its id) if it lingers; the profile goes."""
        if self.cdp is not None:
            with contextlib.suppress(Exception):
                self.cdp.call("Browser.close", timeout=5)
            self.cdp.ws.close()
            self.cdp = None
        if self.proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(5)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)     # helpers left in its group
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(5)
            self.proc = None
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> "Chromium":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# ---------------------------------------------------------------- the supervisor page

class SignInRefused(RuntimeError):
    """The sign-in form came back with an error instead of the live page."""


def sign_in_on_page(page: Page, root_url: str, lang: str,
                    user: str = SUPERVISOR[0], password: str = SUPERVISOR[1],
                    login_shot: Optional[Path] = None) -> None:
    """Open /supervisor (the sign-in form), pick ``lang`` on the form's language links, type
    the user name and password, submit and wait for the live page in ``lang``.
    SignInRefused (with the form's message) when the form comes back instead."""
    page.navigate(root_url + "/supervisor")
    page.wait("!!document.querySelector('form[action=\"/supervisor/login\"]')",
              what="the sign-in form")
    page.click_and_load(f'nav a[hreflang="{lang}"]')
    page.wait(f"document.documentElement.lang === {json.dumps(lang)}"
              " && !!document.querySelector('input[name=username]')",
              what=f"the sign-in form in {lang}")
    if login_shot is not None:
        page.screenshot(login_shot)
    page.type("input[name=username]", user)
    page.type("input[name=password]", password)
    page.click_and_load('form[action="/supervisor/login"] button[type=submit]')
    refused = page.evaluate("document.querySelector('form[action=\"/supervisor/login\"]')"
                            " ? (document.querySelector('.error') || {}).textContent"
                            " || 'the sign-in form again, without a message' : ''")
    if refused:
        raise SignInRefused(refused)
    wait_live(page, lang)


def sign_in_with_cookie(page: Page, root_url: str, lang: str,
                        user: str = SUPERVISOR[0], password: str = SUPERVISOR[1]) -> None:
    """Signed in without the form: a session from POST /api/v1/supervisor/sessions put in
    the browser as the supervisor_session cookie (as the sign-in would), then the live page."""
    token = api(root_url, "POST", "/supervisor/sessions",
                {"username": user, "password": password})["token"]
    page.call("Network.setCookie", {"name": "supervisor_session", "value": token,
                                    "url": root_url + "/", "httpOnly": True,
                                    "sameSite": "Strict"})
    page.navigate(f"{root_url}/supervisor?lang={lang}")
    wait_live(page, lang)


def wait_live(page: Page, lang: str, timeout: float = 20.0) -> None:
    """The signed-in page in ``lang`` with the script's first overview on it."""
    page.wait(f"""location.pathname === "/supervisor"
        && document.documentElement.lang === {json.dumps(lang)}
        && !!document.getElementById("reply-form") && !document.getElementById("reply-form").hidden
        && document.getElementById("live").className === ""
        && document.querySelectorAll("#agents tr[data-key]").length > 0""",
              timeout, f"the live supervisor page in {lang}")


# ---------------------------------------------------------------- the practice center

def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind((LOCAL, 0))
        return s.getsockname()[1]


class Center:
    """``python -m democenter --no-acd`` on 127.0.0.1 with a data file in ``data_dir``."""

    def __init__(self, data_dir: Path):
        self.data = data_dir / "center.sqlite"
        self.log = data_dir / "center.log"
        self.port = free_port()
        self.root_url = f"http://{LOCAL}:{self.port}"
        self.proc: Optional[subprocess.Popen] = None

    def start(self, timeout: float = 30.0) -> "Center":
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "democenter", "--no-acd", "--host", LOCAL, "--port",
                 str(self.port), "--data", str(self.data)], cwd=str(ROOT), stdout=out,
                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the practice center exited; see {self.log}")
            with contextlib.suppress(urllib.error.URLError, OSError):
                with urllib.request.urlopen(self.root_url + "/api/v1/openapi.json",
                                            timeout=2) as r:
                    if r.status == 200:
                        return self
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"the practice center did not answer; see {self.log}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)
        self.proc = None


def api(root_url: str, method: str, path: str, body: Any = None,
        token: Optional[str] = None) -> Any:
    """One call to the center API (``path`` under /api/v1); the JSON answer, or raises."""
    req = urllib.request.Request(root_url + "/api/v1" + path, method=method,
                                 data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if method == "POST":
        req.add_header("Idempotency-Key", base64.b16encode(os.urandom(12)).decode())
    try:
        with urllib.request.urlopen(req, timeout=15) as r:
            return json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"{method} {path}: {e.code} {e.read()[:500]!r}") from None


def finished_call(data: Path, agent: str, iid: str, answered_ago: float = 300,
                  ended_ago: float = 200) -> str:
    """A call the queue put through to ``agent`` and that has ended (the queue is off with
    --no-acd, so it is written the way the queue writes it)."""
    now = time.time()
    with contextlib.closing(sqlite3.connect(data, timeout=10)) as db, db:
        db.execute("INSERT INTO interactions (id, queue_id, caller_number, state, agent_id,"
                   " entered_at, answered_at, ended_at) VALUES (?, 'procurement',"
                   " '+82215550188', 'ended', ?, ?, ?, ?)",
                   (iid, agent, now - answered_ago - 20, now - answered_ago, now - ended_ago))
    return iid


QUESTION = "고객이 입찰 마감일 연장을 요청합니다. 어떻게 안내할까요?"      # agent1 writes Korean
COUNSELING = "После тяжёлого звонка мне нужна поддержка, можно поговорить?"  # agent2: Russian
INCIDENT = "The caller shouted and insulted me repeatedly."


def populate(root_url: str, data: Path) -> dict:
    """A shift's content through the center API; what was made (ids and texts)."""
    agent1 = api(root_url, "POST", "/sessions",
                 {"username": "agent1", "password": "practice"})["token"]
    agent2 = api(root_url, "POST", "/sessions",
                 {"username": "agent2", "password": "practice"})["token"]
    api(root_url, "POST", "/messages", {"text": QUESTION, "kind": "question"}, agent1)
    api(root_url, "POST", "/messages", {"text": COUNSELING, "kind": "counseling"}, agent2)
    iid = finished_call(data, "agent1", "IX-SHOTS-0001")
    now = time.time()
    incident = api(root_url, "POST", "/incidents", {
        "interaction_id": iid, "severity": "high", "description": INCIDENT,
        "category": "verbal_abuse", "note": "욕설을 세 번 들었습니다.", "language": "ko",
        "timeline": {"answered_at": now - 300, "warnings_at": [now - 260, now - 230],
                     "ended_at": now - 200}}, agent1)["id"]
    api(root_url, "POST", f"/interactions/{iid}/evidence-hold", {"reason": "incident"}, agent1)
    api(root_url, "POST", "/protective-breaks", {
        "interaction_id": iid, "event": "started", "minimum_s": 600, "taken_s": 0,
        "at": now - 190}, agent1)
    alert = api(root_url, "POST", "/wellbeing-alerts",
                {"reason": "talk_time", "talk_s": 5400, "incidents": 0}, agent2)["id"]
    return {"agent1": agent1, "agent2": agent2, "interaction": iid, "incident": incident,
            "alert": alert}


def shoot(out: Path, langs: list[str], full: bool = False) -> tuple[list[Path], list[str]]:
    """The PNGs saved, and what went wrong on the way (the form refusing the sign-in, errors
    on the page)."""
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    wrong: list[str] = []
    with tempfile.TemporaryDirectory(prefix="supervisor-shots-") as tmp:
        center = Center(Path(tmp)).start()
        try:
            populate(center.root_url, center.data)
            with Chromium(log=Path(tmp) / "chromium.log") as browser:
                print(f"{browser.version} on {center.root_url}", file=sys.stderr)
                for lang in langs:
                    page = browser.page()
                    try:
                        login = out / f"supervisor_login_{lang}.png"
                        try:
                            sign_in_on_page(page, center.root_url, lang, login_shot=login)
                            saved.append(login)
                        except SignInRefused as exc:
                            saved.append(login)
                            saved.append(page.screenshot(
                                out / f"supervisor_login_refused_{lang}.png"))
                            wrong.append(f"{lang}: the sign-in form refused supervisor1: {exc}"
                                         " (signed in with the session cookie instead)")
                            sign_in_with_cookie(page, center.root_url, lang)
                        page.wait("document.querySelectorAll('#thread li:not(.none)').length"
                                  " > 0", what="the thread")
                        saved.append(page.screenshot(out / f"supervisor_{lang}.png"))
                        if full:
                            saved.append(page.screenshot(out / f"supervisor_{lang}_full.png",
                                                         full=True))
                        page.cdp.pump(0.3)
                        wrong += [f"{lang}: on the page: {p}" for p in page.problems]
                    finally:
                        page.close()
        finally:
            center.stop()
    return saved, wrong


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True, help="where the PNGs go")
    ap.add_argument("--lang", action="append", choices=LANGS,
                    help="a language to shoot (repeatable; default: en, ko and ru)")
    ap.add_argument("--full", action="store_true", help="also shoot the whole page")
    args = ap.parse_args(argv)
    saved, wrong = shoot(args.out, args.lang or list(LANGS), args.full)
    for path in saved:
        print(path)
    for problem in wrong:
        print(f"WRONG: {problem}", file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
