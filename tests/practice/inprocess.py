"""The real app's Composition in this test process (offscreen), in a home of its own.

``isolated_home`` points the config, data and state dirs and ``$SOFTPHONE_PROVISIONING`` at a
temporary directory (skips when this machine has IT's machine-wide file: it would win);
``compose`` builds the app as ``softphone --center URL --no-audio --bind 127.0.0.1`` would
(``center=""``: no center configured, the first run); ``dispose`` closes it the way the app
does at exit and deletes its Qt objects on this thread. ``pump`` waits while the event loop runs.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pytest


def isolated_home(home: Path, mp: pytest.MonkeyPatch, provisioning: str = "") -> Path:
    """Config/data/state under ``home``; IT's file holds ``provisioning`` (none when empty)."""
    from softphone.platform.settings import machine_provisioning_path
    if machine_provisioning_path().exists():
        pytest.skip("this machine has a machine-wide provisioning file")
    for d in ("config", "data", "state"):
        (home / d).mkdir(mode=0o700, parents=True, exist_ok=True)
    mp.setenv("XDG_CONFIG_HOME", str(home / "config"))
    mp.setenv("XDG_DATA_HOME", str(home / "data"))
    mp.setenv("XDG_STATE_HOME", str(home / "state"))
    prov = home / "provisioning.ini"
    if provisioning:
        prov.write_text(provisioning, encoding="utf-8")
    mp.setenv("SOFTPHONE_PROVISIONING", str(prov))
    return home


def user_file(home: Path) -> Path:
    """Where the counselor's own settings are written (platformdirs under XDG_CONFIG_HOME)."""
    return home / "config" / "agent-softphone" / "settings.ini"


def compose(qapp, center: str = ""):
    from softphone.app import Composition
    from softphone.platform.settings import load_settings
    args = argparse.Namespace(demo=False, center=center, sip_proxy="", no_audio=True,
                              bind="127.0.0.1", scenario="", lang="", verbose=False)
    comp = Composition(qapp, load_settings(), args)
    comp.window.show()
    pump(qapp, lambda: comp.outbox is not None or comp._outbox_problem, 30,
         "the outbox to open (or fail)")
    return comp


def dispose(qapp, comp) -> None:
    import shiboken6
    comp.close()
    qapp.processEvents()
    for obj in (comp.window, comp.desk, comp.engine, comp.tasks):
        if shiboken6.isValid(obj):
            shiboken6.delete(obj)


def pump(qapp, pred, timeout: float, what: str):
    """Run the event loop until ``pred()`` is true; its value, or TimeoutError."""
    deadline = time.monotonic() + timeout
    while True:
        qapp.processEvents()
        value = pred()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.02)


def sign_out(qapp, comp) -> None:
    if comp.desk.shift.stage != "login":
        comp.desk.shift.logout()
        pump(qapp, lambda: comp.desk.shift.stage == "login", 15, "the logout")
