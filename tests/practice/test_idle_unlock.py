"""Unlocking the idle lock for real: the app's own check (``Composition._check_unlock``) against
the practice center over HTTP and the real keyring (gnome-keyring over D-Bus).

The app is the real Composition in this process (offscreen, no sound), signed in through its
login screen at a practice center started for this module. The window locks itself after the
idle limit (shortened here; the check is the app's own), and the counselor types a wrong and
then the right password on the lock screen:

- no copy in the keychain (the "remember" box unticked): the center is asked; its database shows
  the refused attempt (``login_failures``) and the new session of the right one;
- a copy in the keychain (box ticked: the app put it there after signing in): the right
  password unlocks without asking the center (no new session); a wrong one is still refused,
  by the center (a failure counted: guesses meet its sign-in throttle);
- a stale copy (an older password still in the keychain): the right password unlocks (the
  center says so), the old one never is the only way back in.
"""

from __future__ import annotations

import pytest

from softphone.platform.credentials import Credentials, backend_usable
from tests.practice.inprocess import compose, dispose, isolated_home, pump, sign_out
from tests.support.democenter import query, start_democenter

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not backend_usable(),
                       reason="run under dbus-run-session scripts/with-keyring.sh"),
]
USER, PASSWORD = "agent1", "practice"


@pytest.fixture(scope="module")
def democenter(tmp_path_factory):
    dc = start_democenter(tmp_path_factory.mktemp("center"))
    yield dc
    dc.stop()


@pytest.fixture
def app(qapp, democenter, tmp_path):
    mp = pytest.MonkeyPatch()
    isolated_home(tmp_path, mp)
    comp = compose(qapp, democenter.url)
    yield comp
    try:
        sign_out(qapp, comp)
    finally:
        Credentials().forget(democenter.url, USER)      # nothing left in the keyring
        dispose(qapp, comp)
        mp.undo()


def center_log(dc) -> tuple[int, int]:
    """(agent1's sessions, failed sign-ins counted for a user name) in the center's database."""
    sessions = query(dc.data, "SELECT COUNT(*) FROM sessions WHERE agent_id = ?", (USER,))[0][0]
    failures = query(dc.data, "SELECT COALESCE(SUM(failures), 0) FROM login_failures "
                              "WHERE key LIKE 'agent:%'")[0][0]
    return sessions, failures


def sign_in_and_lock(qapp, comp, remember: bool):
    """Sign in on the login screen, then wait for the idle lock (0.5 s limit, the app's check)."""
    win = comp.window
    win.login.user.setText(USER)
    win.login.password.setText(PASSWORD)
    win.login.remember.setChecked(remember)
    win.login.button.click()
    pump(qapp, lambda: comp.desk.shift.stage == "checklist", 30, "the self-check after sign-in")
    pump(qapp, lambda: win.checklist.isVisible(), 5, "the self-check page")
    win.set_idle_lock(0.5, comp._check_unlock, comp.tasks)
    pump(qapp, lambda: win.locked, 10, "the idle lock")
    win.set_idle_lock(0, comp._check_unlock, comp.tasks)      # no second lock during the test
    assert win.pages.currentWidget() is win.lock_screen and not win.checklist.isVisible()
    return win.lock_screen


def try_password(qapp, comp, lock, password: str) -> bool:
    """Type ``password`` and press Unlock; True once unlocked, False once refused."""
    lock.error.hide()
    lock.password.setText(password)
    lock.unlock.click()
    pump(qapp, lambda: not comp.window.locked or lock.error.isVisible(), 30,
         "the password check")
    return not comp.window.locked


def test_without_a_keychain_copy_the_center_checks_the_password(qapp, app, democenter):
    comp = app
    lock = sign_in_and_lock(qapp, comp, remember=False)
    assert Credentials().load_password(democenter.url, USER) is None     # nothing was kept
    token = comp.center.session.token
    sessions, failures = center_log(democenter)

    assert not try_password(qapp, comp, lock, "not-my-password")
    assert lock.error.text() == "That is not your password."
    assert center_log(democenter) == (sessions, failures + 1)       # the center refused it
    assert comp.window.locked and not comp.window.checklist.isVisible()

    assert try_password(qapp, comp, lock, PASSWORD)
    assert center_log(democenter) == (sessions + 1, 0)          # a new session, failures gone
    assert comp.center.session.token not in ("", token)          # and the app uses it
    assert comp.window.pages.currentWidget() is comp.window.checklist


def test_a_keychain_copy_unlocks_without_asking_the_center(qapp, app, democenter):
    comp = app
    lock = sign_in_and_lock(qapp, comp, remember=True)
    kept = pump(qapp, lambda: Credentials().load_password(democenter.url, USER), 15,
                "the password in the keyring")
    assert kept == PASSWORD
    token = comp.center.session.token
    sessions, failures = center_log(democenter)

    assert not try_password(qapp, comp, lock, "not-my-password")
    assert lock.error.text() == "That is not your password."
    assert center_log(democenter) == (sessions, failures + 1)   # refused by the center
    assert try_password(qapp, comp, lock, PASSWORD)
    assert center_log(democenter) == (sessions, failures + 1)   # the keychain answered
    assert comp.center.session.token == token                    # the same session goes on
    assert comp.window.pages.currentWidget() is comp.window.checklist


def test_a_stale_keychain_copy_does_not_refuse_the_right_password(qapp, app, democenter):
    """The keychain still holds an older password (changed at the center since; this time the
    counselor did not tick "remember"): the center decides, the right password unlocks."""
    comp = app
    Credentials().save_password(democenter.url, USER, "the-old-password")
    lock = sign_in_and_lock(qapp, comp, remember=False)
    sessions, failures = center_log(democenter)

    assert not try_password(qapp, comp, lock, "not-my-password")
    assert center_log(democenter) == (sessions, failures + 1)
    assert try_password(qapp, comp, lock, PASSWORD)                # the center says it is right
    assert center_log(democenter) == (sessions + 1, 0)
    assert Credentials().load_password(democenter.url, USER) == "the-old-password"   # untouched
