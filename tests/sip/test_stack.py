"""Which SIP stack runs, through the real module: pjsua2 built from pjproject 2.17 against the
system's OpenSSL 3 (scripts/pjsua2_build.py; what CI runs), or the PyPI wheel (2.15.1 with
OpenSSL 1.0.2k) as a fallback; and the checklist's "SIP stack" row for each.

The tests that need the built stack fail in CI (CI=true) when the fallback wheel is installed,
and skip elsewhere with the command that installs the built one.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from softphone.sip.audio.conference import openssl_version, pj_version
from softphone.sip.events import EngineStarted

ROOT = Path(__file__).resolve().parents[2]
WANTED = "2.17"
IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
HARDENED_TEXT = "ask IT for the hardened build"


def pjsua2_dir() -> Path:
    spec = importlib.util.find_spec("pjsua2")
    assert spec is not None and spec.submodule_search_locations, "pjsua2 is not installed"
    return Path(list(spec.submodule_search_locations)[0])


def build_info() -> dict | None:
    """pjsua2/_build_info.json of a pjsua2 built by scripts/pjsua2_build.py; None: the wheel."""
    f = pjsua2_dir() / "_build_info.json"
    return json.loads(f.read_text()) if f.exists() else None


def need_built_stack() -> dict:
    info = build_info()
    if info is not None:
        return info
    why = (f"pjsua2 {pj_version()} (the PyPI wheel) is installed, not pjsua2 built from "
           f"pjproject {WANTED}: run PJPROJECT_TARBALL=/path/pjproject-{WANTED}.tar.xz "
           f"bash scripts/dev.sh install")
    if IN_CI:
        pytest.fail(f"{why} (CI runs on the built stack)")
    pytest.skip(why)


def run_python(code: str) -> str:
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, cwd=ROOT)
    assert res.returncode == 0, res.stderr[-2000:]
    return res.stdout


# ------------------------------------------------------------------ the built stack
def test_lib_version_is_2_17():
    info = need_built_stack()
    out = run_python("import pjsua2 as pj\n"
                     "ep = pj.Endpoint(); ep.libCreate()\n"
                     "print('@@' + ep.libVersion().full); print('@@' + pj.Endpoint.instance().libVersion().full)\n"
                     "ep.libDestroy()\n")
    out = re.findall(r"^@@(.*)$", out, re.M)               # pjlib logs to stdout too
    assert len(out) == 2 and out[0].startswith(WANTED) and out[1] == out[0], out
    assert pj_version() == out[0]
    assert info["pj_version"] == out[0]


def test_pjsua2_links_the_system_openssl_3():
    need_built_stack()
    import pjsua2._pjsua2 as swig
    ldd = subprocess.run(["ldd", swig.__file__], capture_output=True, text=True, check=True).stdout
    ssl = re.search(r"^\s*libssl\.so\.(\S+) => (\S+)", ldd, re.M)
    assert ssl and ssl.group(1) == "3", ldd
    assert "site-packages" not in ssl.group(2), f"a bundled libssl: {ssl.group(2)}"
    assert re.search(r"^\s*libcrypto\.so\.3 => /", ldd, re.M), ldd
    # in a process where only pjsua2 loads OpenSSL (Python's ssl module is never imported)
    maps = run_python("import pjsua2 as pj\n"
                      "ep = pj.Endpoint(); ep.libCreate()\n"
                      "print(open('/proc/self/maps').read()); ep.libDestroy()\n")
    mapped = set(re.findall(r"/(libssl[-\w]*\.so[.\w]*)", maps))
    assert mapped == {"libssl.so.3"}, mapped
    assert openssl_version().startswith("3."), openssl_version()


def test_a_failed_sanity_check_inside_pjsip_is_an_error_not_an_abort():
    """The stack is pjproject's release build (NDEBUG): a check that fails inside the library
    (here: a transport id out of range) raises pj.Error in the caller; a debug build aborts
    the process, and the counselor's calls with it."""
    need_built_stack()
    out = run_python("import pjsua2 as pj\n"
                     "ep = pj.Endpoint(); ep.libCreate(); ep.libInit(pj.EpConfig())\n"
                     "try:\n"
                     "    ep.transportGetInfo(100000)\n"
                     "    print('@@no error')\n"
                     "except pj.Error as e:\n"
                     "    print('@@error', e.status)\n"
                     "ep.libDestroy()\n")
    assert re.findall(r"^@@(.*)$", out, re.M) == ["error 70004"], out    # PJ_EINVAL


STACK_LOG = r"""
import sys, time
import pjsua2 as pj
from softphone.platform.eventloop import make_core_app
from softphone.sip.engine import SipEngine
from softphone.sip.events import EngineSettings, EngineStarted
app = make_core_app()
engine, seen = SipEngine(), []
engine.event.connect(seen.append)
engine.start(EngineSettings(stack_log_file=sys.argv[1]))
t0 = time.monotonic()
while not any(isinstance(e, EngineStarted) for e in seen) and time.monotonic() - t0 < 20:
    app.processEvents(); time.sleep(0.01)
ep = pj.Endpoint.instance()
ep.libRegisterThread("test")
try:
    ep.transportGetInfo(100000)          # pjsip logs "Assert failed" at level 1
except pj.Error as e:
    print("@@error", e.status)
print("@@stopped", engine.stop(timeout_s=10))
"""


def test_pjsips_own_log_lines_go_to_their_file_not_stdout(tmp_path):
    """EngineSettings.stack_log_file (the app: sip-stack.log beside its log, in the diagnostics
    zip): pjsip's error lines land there, created 0600; nothing of pjsip reaches stdout; an
    earlier run's file beyond the cap is emptied first."""
    from softphone.sip.endpoint import STACK_LOG_MAX_BYTES
    path = tmp_path / "sip-stack.log"
    path.write_text("x" * (STACK_LOG_MAX_BYTES + 10))
    res = subprocess.run([sys.executable, "-c", STACK_LOG, str(path)], capture_output=True,
                         text=True, timeout=60, cwd=ROOT)
    assert res.returncode == 0, res.stderr[-2000:]
    assert re.findall(r"^@@(.*)$", res.stdout, re.M) == ["error 70004", "stopped True"], \
        res.stdout
    text = path.read_text()
    assert "Assert failed" in text and "xxxx" not in text, text[-2000:]
    assert len(text) < STACK_LOG_MAX_BYTES
    assert "Assert failed" not in res.stdout + res.stderr
    assert [ln for ln in res.stdout.splitlines() if not ln.startswith("@@")] == [], res.stdout
    assert (path.stat().st_mode & 0o777) == 0o600


def test_native_audio_path_is_compiled_against_the_running_stack():
    """resources_build compiled fastpath.c against the cached pjproject headers."""
    need_built_stack()
    from softphone.sip.audio import fastpath
    lib = fastpath.load()
    assert lib is not None, fastpath.why()
    assert lib.fp_with_headers() == 1
    assert lib.fp_pj_version().decode() == pj_version()


def test_a_native_library_for_another_stack_is_refused(tmp_path):
    """fastpath.c built with the hand-copied 2.15 layout is used only on a 2.15 pjsua2."""
    import ctypes
    from softphone.resources_build import build_native, built_id
    from softphone.sip.audio import fastpath
    lib_path = build_native(dest=tmp_path / "_fastpath_215.so", force=True)
    if lib_path is None:
        pytest.skip("no C compiler")
    assert built_id(lib_path)
    lib = ctypes.CDLL(str(lib_path))
    fastpath._declare(lib)
    assert lib.fp_with_headers() == 0 and lib.fp_pj_version() == b"2.15"
    why = fastpath._stack_mismatch(lib)
    if pj_version().startswith("2.15."):
        assert why == ""
    else:
        assert "hand-copied layout" in why and pj_version() in why, why


# ------------------------------------------------------------------ the engine says so
def test_engine_started_names_the_stack_and_the_checklist_shows_it(phone, qtbot):
    ev = phone.events.of(EngineStarted)[0]
    assert ev.lib_version == pj_version() and ev.lib_version
    assert ev.ssl_version == openssl_version()
    desk, engine, teardown = make_desk(qtbot)
    try:
        engine.event.emit(ev)                      # the real event, into a desk
        row = desk.checks.items["sip"]
        if build_info() is None:
            assert row.ok is False and row.detail.endswith(HARDENED_TEXT), row
            need_built_stack()                     # CI: fails here; locally: skips
        assert ev.lib_version.startswith(WANTED) and ev.ssl_version.startswith("3."), ev
        assert row.ok is True and row.detail == f"pjsua2 {ev.lib_version}, OpenSSL {ev.ssl_version}"
    finally:
        teardown()


# ------------------------------------------------------------------ the row, each stack
def make_desk(qtbot):
    from softphone.desk.desk import Desk
    from softphone.platform.tasks import TaskRunner
    from tests.desk.fakes import FakeCenter, FakeEngine, FakeOutbox
    from tests.desk.test_desk import teardown
    engine, tasks = FakeEngine(), TaskRunner()
    desk = Desk(engine, FakeCenter(), tasks, FakeOutbox(), queue_poll_ms=60000)
    return desk, engine, lambda: teardown(qtbot, tasks, desk, engine)


@pytest.mark.parametrize("lib, ssl, ok, detail", [
    ("2.17", "3.0.19", True, "pjsua2 2.17, OpenSSL 3.0.19"),
    ("2.18.1", "3.5.0", True, "pjsua2 2.18.1, OpenSSL 3.5.0"),
    ("2.15.1", "1.0.2k", False, "pjsua2 2.15.1, OpenSSL 1.0.2k: ask IT for the hardened build"),
    ("2.17", "1.1.1w", False, "pjsua2 2.17, OpenSSL 1.1.1w: ask IT for the hardened build"),
    ("2.17", "", False, "pjsua2 2.17 without OpenSSL: ask IT for the hardened build"),
])
def test_checklist_row_for_each_stack(qtbot, lib, ssl, ok, detail):
    from tests.desk.test_desk import Rec, login
    desk, engine, teardown = make_desk(qtbot)
    try:
        assert desk.checks.items["sip"].ok is None
        engine.event.emit(EngineStarted(transports=(), lib_version=lib, ssl_version=ssl))
        row = desk.checks.items["sip"]
        assert (row.ok, row.detail) == (ok, detail)
        # a warning, never a blocker: the shift still starts, and logout keeps the row
        rec = Rec(desk)
        login(qtbot, desk, rec)
        assert not any("SIP stack" in str(b) or "hardened" in str(b)
                       for b in desk.agent.machine.ready_blockers().values())
        desk.shift.logout()
        assert (desk.checks.items["sip"].ok, desk.checks.items["sip"].detail) == (ok, detail)
    finally:
        teardown()


def test_checklist_widget_shows_a_warning_not_a_failure(qtbot):
    from softphone.desk.views import CheckItem
    from softphone.ui.checklist import ChecklistView
    view = ChecklistView()
    qtbot.addWidget(view)
    icon, detail = view.rows["sip"]
    view.set_checks((CheckItem("sip", False, "pjsua2 2.15.1, OpenSSL 1.0.2k: " + HARDENED_TEXT),))
    assert icon.text() == "⚠" and detail.text().endswith(HARDENED_TEXT)
    view.set_checks((CheckItem("sip", True, "pjsua2 2.17, OpenSSL 3.0.19"),))
    assert icon.text() == "✔"
    view.set_checks((CheckItem("line", False, "Line not registered"),))
    assert view.rows["line"][0].text() == "✖"        # other rows keep their failure mark


# ------------------------------------------------------------------ the build script
def _build_script():
    spec = importlib.util.spec_from_file_location("pjsua2_build", ROOT / "scripts" / "pjsua2_build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_build_script_accepts_only_the_pinned_or_a_given_sha256(tmp_path, monkeypatch):
    b = _build_script()
    fake = tmp_path / "pjproject-9.9.tar.gz"
    fake.write_bytes(b"not pjproject")
    with pytest.raises(b.BuildError, match="PJPROJECT_SHA256"):
        b.check_tarball(fake, None)
    with pytest.raises(b.BuildError, match="given"):
        b.check_tarball(fake, "0" * 64)
    sha = b.sha256_file(fake)
    assert b.check_tarball(fake, sha.upper()) == sha
    key = b.cache_key(sha)
    assert key.startswith(sha[:16]) and key.endswith(b.python_abi())
    monkeypatch.setattr(b, "CONFIGURE_FLAGS", b.CONFIGURE_FLAGS + ("--disable-ssl",))
    assert b.cache_key(sha) != key                 # another configuration, another build
    monkeypatch.setenv("PJSUA2_CACHE_DIR", str(tmp_path / "cache"))
    assert b.cache_root() == tmp_path / "cache" and b.locate(b.cache_root()) is None


def test_vendored_tarball_is_the_pinned_one():
    b = _build_script()
    vendored = Path("/work/shared/vendor/pjproject-2.17.tar.xz")
    tarball = Path(os.environ.get("PJPROJECT_TARBALL") or vendored)
    if not tarball.exists():
        pytest.skip(f"no pjproject tarball at {tarball}")
    if os.environ.get("PJPROJECT_SHA256"):
        pytest.skip("PJPROJECT_SHA256 names another tarball")
    assert b.check_tarball(tarball, None) == b.PINNED_SHA256


def test_openssl_version_reads_the_library_not_the_python_ssl_module():
    """On the fallback wheel this is 1.0.2k while Python's own ssl module says 3.x."""
    import ssl
    v = openssl_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+[a-z]*", v), v
    if build_info() is None:
        assert v.startswith("1.0.") and not ssl.OPENSSL_VERSION.startswith("OpenSSL 1.0.")
