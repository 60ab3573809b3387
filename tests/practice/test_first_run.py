"""First run without provisioning: the app asks for the center's address, signs in there and
remembers it in the counselor's settings file, and only an address that worked is remembered.

- the real app as a process with no center anywhere logs that the login screen asks for the
  address (and does not once a center is in the settings file);
- the real Composition in this process (offscreen): the address field is shown; an http://
  address of another computer is refused unless IT allows http (``center.allow_http``, only from
  the provisioning file; this computer's own address is always allowed, the schema's loopback
  rule); the practice center's URL signs in; the settings file on disk then holds it, a restart
  uses it without asking, and an address that did not sign in (nothing there, or a wrong
  password) is never written (``Composition._use_center`` and ``_on_session``).
"""

from __future__ import annotations

import configparser
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.practice.inprocess import compose, dispose, isolated_home, pump, sign_out, user_file
from tests.support.democenter import query, start_democenter
from tests.support.procs import free_port

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
USER, PASSWORD = "agent1", "practice"
ASKS = "no center is configured: the login screen asks for its address"
OTHER_HOST = "127.0.0.2"      # this computer too, but not by a name the schema counts as loopback


@pytest.fixture(scope="module")
def democenter(tmp_path_factory):
    dc = start_democenter(tmp_path_factory.mktemp("center"))
    yield dc
    dc.stop()


@pytest.fixture
def home(tmp_path):
    mp = pytest.MonkeyPatch()
    yield tmp_path, mp
    mp.undo()


def saved_center(home: Path) -> str | None:
    """center.base_url as written in the counselor's settings file (None: no file or key)."""
    path = user_file(home)
    if not path.exists():
        return None
    ini = configparser.ConfigParser()
    ini.read(path, encoding="utf-8")
    return ini.get("center", "base_url", fallback=None)


def sessions(dc) -> int:
    return query(dc.data, "SELECT COUNT(*) FROM sessions WHERE agent_id = ?", (USER,))[0][0]


def type_and_sign_in(qapp, comp, address: str | None, password: str = PASSWORD) -> str:
    """Fill the login screen (the address only when given) and press Sign in; the stage once
    it has settled: "checklist" when signed in, "login" with the error shown otherwise."""
    login = comp.window.login
    if address is not None:
        login.center_edit.setText(address)
    login.user.setText(USER)
    login.password.setText(password)
    login.remember.setChecked(False)            # these tests are not about the keychain
    login.error.hide()
    login.button.click()
    pump(qapp, lambda: comp.desk.shift.stage == "checklist"
         or (login.error.isVisible() and login.button.isEnabled()), 30, "the sign-in to settle")
    return comp.desk.shift.stage


# ------------------------------------------------------------------ the app as a process
def app_env(home: Path) -> dict[str, str]:
    from softphone.platform.settings import machine_provisioning_path
    if machine_provisioning_path().exists():
        pytest.skip("this machine has a machine-wide provisioning file")
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    return {**env, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"), "XDG_STATE_HOME": str(home / "state"),
            "QT_QPA_PLATFORM": "offscreen", "SOFTPHONE_PROVISIONING": str(home / "none.ini"),
            "PYTHONPATH": str(ROOT)}


def start_up_log(home: Path) -> str:
    """Start ``softphone`` with ``home``'s dirs, wait for its login window, SIGTERM it; its log."""
    log = home / "state" / "agent-softphone" / "log" / "softphone.log"
    start = log.stat().st_size if log.exists() else 0
    proc = subprocess.Popen([sys.executable, "-m", "softphone", "--no-audio", "--bind",
                             "127.0.0.1"], env=app_env(home), cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        text = ""
        while time.monotonic() < deadline and proc.poll() is None:
            text = log.read_text(encoding="utf-8")[start:] if log.exists() else ""
            if "login window painted" in text:
                break
            time.sleep(0.1)
        assert proc.poll() is None, "the app exited before its login window"
        assert "login window painted" in text, text[-2000:]
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    assert proc.returncode == 0, err[-3000:]
    return log.read_text(encoding="utf-8")[start:]


def test_the_app_without_a_center_asks_for_its_address(tmp_path, democenter):
    first = start_up_log(tmp_path)
    assert ASKS in first
    assert saved_center(tmp_path) is None          # nothing is written before a sign-in
    path = user_file(tmp_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"[center]\nbase_url = {democenter.url}\n", encoding="utf-8")
    again = start_up_log(tmp_path)
    assert ASKS not in again                      # the address from the file is used


# ------------------------------------------------------------------ the app in this process
def test_first_run_signs_in_at_the_typed_address_and_remembers_it(qapp, democenter, home):
    tmp, mp = home
    isolated_home(tmp, mp)
    comp = compose(qapp)
    try:
        login = comp.window.login
        assert comp.first_run and login.first_run
        pump(qapp, login.isVisible, 5, "the login screen")
        assert login.center_edit.isVisible() and login.center_hint.isVisible()
        assert not login.center.isVisible()
        before = sessions(democenter)

        assert type_and_sign_in(qapp, comp, democenter.url) == "checklist"
        assert sessions(democenter) == before + 1                  # signed in at that center
        assert saved_center(tmp) == democenter.url                 # remembered, on disk
        from softphone.platform.settings import load_settings
        reread = load_settings()
        assert reread.center.base_url == democenter.url
        assert reread.sources["center.base_url"] == "user" and not reread.problems
        assert comp.settings.center.base_url == democenter.url
        sign_out(qapp, comp)
        assert not login.first_run and login.center.isVisible()
        assert login.center.full_text() == democenter.url and not login.center_edit.isVisible()
    finally:
        dispose(qapp, comp)

    comp = compose(qapp)                                  # the next start: no question asked
    try:
        login = comp.window.login
        assert not comp.first_run and comp.base_url == democenter.url
        pump(qapp, login.isVisible, 5, "the login screen")
        assert not login.center_edit.isVisible() and login.center.full_text() == democenter.url
        pump(qapp, login.reach.isVisible, 15, "the reachability check")
        assert login.reach.text().startswith("✔"), login.reach.text()
        assert type_and_sign_in(qapp, comp, None) == "checklist"
        sign_out(qapp, comp)
    finally:
        dispose(qapp, comp)


def test_only_an_address_that_signed_in_is_remembered(qapp, democenter, home):
    """``_use_center``: each typed address is used for that sign-in; the file gets the one
    that worked, as typed (here without /api/v1: the client adds it)."""
    tmp, mp = home
    isolated_home(tmp, mp)
    comp = compose(qapp)
    try:
        login = comp.window.login
        nothing_there = f"http://127.0.0.1:{free_port()}/api/v1"
        assert type_and_sign_in(qapp, comp, nothing_there) == "login"
        assert comp.center.base_url == nothing_there and saved_center(tmp) is None
        assert login.first_run

        typed = democenter.root_url + "/"
        assert type_and_sign_in(qapp, comp, typed, "not-the-password") == "login"
        assert comp.center.base_url == democenter.url             # the API base of what was typed
        assert saved_center(tmp) is None and login.first_run

        assert type_and_sign_in(qapp, comp, typed) == "checklist"
        assert saved_center(tmp) == typed and comp.center_key == typed
        assert not login.first_run
        sign_out(qapp, comp)
    finally:
        dispose(qapp, comp)


@pytest.mark.parametrize("it_allows_http", [False, True])
def test_http_to_another_computer_only_when_it_allows_it(qapp, home, it_allows_http):
    tmp, mp = home
    (tmp / "other").mkdir()
    other = start_democenter(tmp / "other", host=OTHER_HOST, port=free_port())
    try:
        isolated_home(tmp, mp, "[center]\nallow_http = true\n" if it_allows_http else "")
        comp = compose(qapp)
        try:
            login = comp.window.login
            stage = type_and_sign_in(qapp, comp, other.url)
            if it_allows_http:
                assert stage == "checklist" and sessions(other) == 1
                assert saved_center(tmp) == other.url
                sign_out(qapp, comp)
            else:
                assert stage == "login" and "https://" in login.error.text()
                assert sessions(other) == 0 and saved_center(tmp) is None     # never asked
                assert login.first_run and comp.desk.shift.stage == "login"
        finally:
            dispose(qapp, comp)
    finally:
        other.stop()
