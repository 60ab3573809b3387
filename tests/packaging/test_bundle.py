"""The PyInstaller bundle starts anywhere: with ``env -i`` (no venv, no repo, no
PYTHONPATH), under Xvfb, it plays the scripted shift on its own practice center
(``--demo``: the center's processes are the bundle itself, ``-m democenter...``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.packaging.conftest import clean_env, failed_checks, scenario_summary

# the keyring as a counselor's desktop has it: a Secret Service on the session bus, unlocked
WITH_KEYRING = ('v=$(echo -n bundle-test | gnome-keyring-daemon --unlock --components=secrets);'
                ' [ -n "$v" ] && export $v; exec "$@"')


@pytest.mark.slow
def test_bundle_contents(installers):
    bundle = Path(installers["bundle"])
    internal = bundle / "_internal"
    # pjsua2's extension (the smoke test below fails with "PJSUA2 binary bindings are not
    # staged" without it) beside its pjsua2.pyc
    assert list(internal.glob("pjsua2/_pjsua2*.so")) or list(internal.glob("_pjsua2*.so"))
    # the modules are .pyc files that Python's own importer reads (build_installer.py:
    # --debug noarchive, sooner to the first window than PyInstaller's zlib archive)
    assert (internal / "softphone/app.pyc").is_file() and (internal / "pjsua2/pjsua2.pyc").is_file()
    for lang in ("en", "ko", "ru"):
        assert (internal / f"softphone/resources/i18n/softphone_{lang}.qm").is_file()
    assert (internal / "softphone/resources/sounds/ringtone.wav").is_file()
    assert (internal / "softphone/resources/settings-template.ini").is_file()
    assert (internal / "democenter/schema.sql").is_file()
    # runtime dependencies only: no test tools, no PyYAML from the dev venv, no setuptools
    # (PyInstaller's runtime hook would import it on every start: ~45 ms before the window)
    for unwanted in ("yaml", "pytest", "_pytest", "schemathesis", "hypothesis", "importlinter",
                     "setuptools", "_distutils_hack", "pkg_resources"):
        assert not (internal / unwanted).exists(), f"{unwanted} is in the bundle"
    assert not list(internal.glob("**/libqgtk3.so")), "the pruned GTK theme plugin is back"


@pytest.mark.slow
def test_bundle_plays_the_scripted_shift_with_env_i(installers, tmp_path):
    exe = Path(installers["bundle"]) / "agent-softphone"
    shots = tmp_path / "shots"
    cmd = ["xvfb-run", "-a", "-s", "-screen 0 1280x900x24", "dbus-run-session", "--",
           "sh", "-c", WITH_KEYRING, "sh",
           str(exe), "--demo", "--scenario", "shift", "--shots", str(shots)]
    p = subprocess.run(cmd, env=clean_env(tmp_path / "home"), capture_output=True, text=True,
                       timeout=300, cwd=tmp_path)
    summary = scenario_summary(p.stdout)
    assert summary["completed"] and not failed_checks(summary), \
        f"{failed_checks(summary)}\n{p.stderr[-4000:]}"
    assert p.returncode == 0
    assert len(list(shots.glob("*.png"))) >= 3
    # the native audio path came along, and the hardened stack is what runs
    assert "call audio: native path" in p.stderr, p.stderr[-3000:]
    assert "PJSUA2 binary bindings are not staged" not in p.stderr
    # the practice center's children were the bundle itself, and they are gone
    log = (tmp_path / "home/.local/share/agent-softphone/democenter.log").read_text()
    assert "Uvicorn running" in log and "ACD READY" in log
    left = subprocess.run(["pgrep", "-f", str(exe)], capture_output=True, text=True).stdout
    assert not left.strip(), f"bundle processes left running: {left}"
