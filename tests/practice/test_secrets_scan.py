"""A secrets scan after the headless demo with ``-v``: nothing sensitive in any file the app wrote.

The real ``python -m softphone --demo --scenario shift -v`` runs with its own HOME, XDG dirs
and TMPDIR in a temporary directory, a private PulseAudio, and its output (stdout and stderr,
"the app's log") in a file there. Afterwards every file under that directory is read as bytes
(logs, settings, the outbox and other SQLite files, caches, screenshots) and must hold none
of: the practice password, the SIP password, a session token, a customer's phone number or
name from the practice center's seed data, or a health answer the scenario submitted. The
practice center's own files (its database, key and ``democenter.log``; Kamailio's temporary
config) follow other rules and are left out.

On its own the demo logs little that is secret, so the scan could pass with the redaction
broken. A canary makes it bite: a ``sitecustomize`` given to the app's process only logs, at
DEBUG, what chatty code would: every HTTP request line with its headers (the bearer token) on
a urllib3 child logger, the sign-in body (password, SIP contact URI), and the call with its
context once the desk shows it (the caller's name and number). With the redaction in place
those lines reach the log masked; without it, the scan fails.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from democenter import seed
from democenter.registrar import kamailio_path
from softphone.domain.health import parse_form
from softphone.platform.credentials import backend_usable
from softphone.practice.scenarios import PRACTICE_PASSWORD, PRACTICE_USER, clearing_answers
from tests.support import procs

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(kamailio_path() is None, reason="kamailio is not installed"),
    pytest.mark.skipif(not backend_usable(),
                       reason="run under dbus-run-session scripts/with-keyring.sh"),
]

CANARY = '''
"""Test canary (tests/practice/test_secrets_scan.py): logs what chatty code would log."""
import importlib.abc
import importlib.util
import logging
import os
import sys

if os.environ.pop("SOFTPHONE_SECRETS_CANARY", ""):      # the app only, not its children

    def _requests(mod):
        original = mod.Session.request
        log = logging.getLogger("urllib3.canary")

        def request(self, method, url, **kw):
            headers = {**self.headers, **(kw.get("headers") or {})}
            log.debug("%s %s headers=%r", method, url, headers)
            if method == "POST" and url.endswith("/sessions"):
                log.debug("sign-in body: %r", kw.get("json"))
            return original(self, method, url, **kw)
        mod.Session.request = request

    def _calls(mod):
        original = mod.Calls._show_context
        log = logging.getLogger("softphone.desk.calls")

        def show(self, view, call_id):
            original(self, view, call_id)
            log.debug("offer %r with context %r", self.call, view)
        mod.Calls._show_context = show

    _PATCHES = {"requests.sessions": _requests, "softphone.desk.calls": _calls}

    class _Patcher(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name not in _PATCHES:
                return None
            sys.meta_path.remove(self)
            try:
                spec = importlib.util.find_spec(name)
            finally:
                sys.meta_path.insert(0, self)
            load, patch = spec.loader.exec_module, _PATCHES.pop(name)

            def exec_module(module):
                load(module)
                patch(module)
            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, _Patcher())
'''


def practice_center_file(rel: Path) -> bool:
    """The practice center's own files: its database (and key) and log; Kamailio's config."""
    name = rel.name
    return (name.startswith("democenter.log") or name.startswith("democenter.sqlite")
            or any(part.startswith("softphone-registrar-") for part in rel.parts))


def _without_controls(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c)[0] != "C")


def forbidden() -> list[tuple[str, re.Pattern[bytes]]]:
    """(what, pattern) pairs: none may match any byte of any file the app wrote."""
    lit = lambda s: re.compile(re.escape(s.encode()))                   # noqa: E731
    rules: list[tuple[str, re.Pattern[bytes]]] = []
    # the practice password: a common word ("practice center"), so only as a credential
    pw = re.escape(PRACTICE_PASSWORD.encode())
    rules.append(("practice password",
                  re.compile(rb"(?i)(?:pass(?:word|wd)?|pwd|secret)[\"'\s:=]{1,6}" + pw + rb"\b")))
    rules.append(("practice password (quoted)", re.compile(rb"[\"']" + pw + rb"[\"']")))
    basic = f"{PRACTICE_USER}:{PRACTICE_PASSWORD}"
    rules.append(("practice password (user:password)", lit(basic)))
    rules.append(("practice password (Basic)", lit(base64.b64encode(basic.encode()).decode())))
    for aid, *_ in seed.AGENTS:
        rules.append((f"SIP password of {aid}", lit(f"sip-{aid}")))
    # the center's session tokens: secrets.token_urlsafe(32), 43 characters
    rules.append(("session token", re.compile(
        rb"(?<![A-Za-z0-9_\-])(?=[A-Za-z0-9_\-]{0,42}[0-9])(?=[A-Za-z0-9_\-]{0,42}[a-z])"
        rb"(?=[A-Za-z0-9_\-]{0,42}[A-Z])[A-Za-z0-9_\-]{43}(?![A-Za-z0-9_\-])")))
    people = {(name, number) for _, name, number, *_ in seed.CUSTOMERS}
    people |= {(name, number) for _, number, name, *_ in seed.CALLBACKS}
    for name, number in sorted(people):
        rules.append((f"phone number {number[:4]}..", lit(number.lstrip("+"))))
        for form in {name, _without_controls(name)}:
            rules.append((f"customer name {form!r}", lit(form)))
    answers = clearing_answers(parse_form(seed.health_form("en")))
    rules.append(("health answers", re.compile(rb"answers[\"']?\s*[:=]\s*[{\[]")))
    for qid, value in answers.items():
        shown = "|".join(re.escape(v) for v in {str(value), str(value).lower()})
        rules.append((f"health answer {qid}", re.compile(
            rf"{qid}[\"']?\s*[:=]\s*[\"']?(?:{shown})\b".encode())))
    return rules


def scan(base: Path) -> list[str]:
    rules = forbidden()
    found = []
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(base)
        if path.is_symlink() or not path.is_file() or practice_center_file(rel):
            continue
        data = path.read_bytes()
        for what, pattern in rules:
            m = pattern.search(data)
            if m:
                around = data[max(0, m.start() - 60):m.end() + 20].decode("utf-8", "replace")
                found.append(f"{rel}: {what}: ...{around!r}")
    return found


@pytest.fixture
def pulse(tmp_path):
    from tests.support.pulse import PulseServer
    if shutil.which("pulseaudio") is None:
        pytest.skip("pulseaudio is not installed")
    (tmp_path / "pa").mkdir()
    server = PulseServer(tmp_path / "pa", sinks=("headset", "ring"), sources=("mic",)).start()
    yield server
    server.stop()


def test_the_demo_leaves_no_secret_in_any_file_it_wrote(tmp_path, pulse):
    home = tmp_path / "home"
    dirs = {"HOME": home, "XDG_DATA_HOME": home / ".local" / "share",
            "XDG_CONFIG_HOME": home / ".config", "XDG_CACHE_HOME": home / ".cache",
            "XDG_STATE_HOME": home / ".local" / "state", "XDG_RUNTIME_DIR": home / "run",
            "TMPDIR": home / "tmp"}
    for d in dirs.values():
        d.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.copy(pulse.dir / ".asoundrc", home / ".asoundrc")    # the sound devices by name
    canary = tmp_path / "canary"
    canary.mkdir()
    (canary / "sitecustomize.py").write_text(CANARY, encoding="utf-8")
    env = pulse.env()
    env.update({k: str(v) for k, v in dirs.items()})
    env.update(QT_QPA_PLATFORM="offscreen", SOFTPHONE_PROVISIONING=str(home / "none.ini"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(canary), env.get("PYTHONPATH")])),
               SOFTPHONE_SECRETS_CANARY="1")
    log = home / "app.log"              # the app's log: everything it printed
    app = procs.start([sys.executable, "-m", "softphone", "--demo", "--scenario", "shift",
                       "--shots", str(home / "shots"), "-v"],
                      log_path=str(log), env=env, cwd=str(ROOT))
    try:
        rc = app.wait(240)
    finally:
        procs.stop(app)
    out = log.read_text(errors="replace")
    assert rc == 0, out[-3000:]
    assert '"completed": true' in out.strip().splitlines()[-1], out[-3000:]
    # the canary spoke, and the app talked to the center: there was something to mask
    assert "urllib3.canary DEBUG POST" in out and "headers=" in out, out[-3000:]
    assert "sign-in body:" in out and out.count("with context ContextView(") >= 2, out[-3000:]
    assert (home / ".local" / "share" / "agent-softphone" / "outbox.sqlite").exists()

    found = scan(home)
    assert not found, "secrets on the disk:\n" + "\n".join(found)
