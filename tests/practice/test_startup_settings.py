"""The real app process and IT's settings: ``--check-settings``, a refused start, ``--diagnostics``.

Each run has its own HOME and XDG dirs in a temporary directory and names its provisioning file
with ``$SOFTPHONE_PROVISIONING`` (this machine has no machine-wide file).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def masked(path: Path) -> str:
    """A path as the logs show it (pytest's long directory names look like tokens)."""
    from softphone.platform.redact import redact
    return redact(str(path))


def env_for(home: Path, prov: Path) -> dict[str, str]:
    if Path("/etc/agent-softphone/provisioning.ini").exists():
        pytest.skip("this machine has a machine-wide provisioning file")
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    return {**env, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"), "XDG_STATE_HOME": str(home / "state"),
            "QT_QPA_PLATFORM": "offscreen", "SOFTPHONE_PROVISIONING": str(prov),
            "PYTHONPATH": str(ROOT)}


def run(args: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "softphone", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


BAD = ("[center]\nbase_url = https://center.example/api/v1\n"
       "[ui]\ntheme = purple\n[lock]\nkeys = center.base_url, sip.srpt\n")


def test_check_settings_names_file_line_and_key_and_fails(tmp_path):
    prov = tmp_path / "provisioning.ini"
    prov.write_text(BAD, encoding="utf-8")
    r = run(["--check-settings"], env_for(tmp_path, prov))
    assert r.returncode == 1, r.stdout + r.stderr
    assert f"ERROR: {prov}:4: ui.theme: 'purple' is not one of" in r.stdout
    assert f"ERROR: {prov}:6: lock.keys: unknown key 'sip.srpt'" in r.stdout
    assert "login window painted" not in r.stderr             # the desk was not started
    prov.write_text("[center]\nbase_url = https://center.example/api/v1\n"
                    "[lock]\nkeys = center.base_url\n", encoding="utf-8")
    ok = run(["--check-settings"], env_for(tmp_path, prov))
    assert ok.returncode == 0 and "0 problem(s); locked: center.base_url" in ok.stdout
    refused = run(["--check-settings", "--center", "https://elsewhere.example/api/v1"],
                  env_for(tmp_path, prov))
    assert refused.returncode == 1
    assert "ERROR: --center: center.base_url: refused: IT locked" in refused.stdout


def test_a_broken_it_file_stops_start_up_with_a_dialog_and_a_log_line(tmp_path):
    prov = tmp_path / "provisioning.ini"
    prov.write_text(BAD, encoding="utf-8")
    env = env_for(tmp_path, prov)
    log = tmp_path / "state" / "agent-softphone" / "log" / "softphone.log"
    proc = subprocess.Popen([sys.executable, "-m", "softphone"], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            if log.exists() and "ERROR settings:" in log.read_text(encoding="utf-8"):
                break                        # logged; the dialog comes right after
            time.sleep(0.2)
        time.sleep(1.0)                      # the dialog is up (modal): the app waits there
        assert proc.poll() is None, "the app exited instead of showing the problem"
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 2, err
    assert f"{prov}:4: ui.theme" in err and "the settings stop start-up" in err
    text = log.read_text(encoding="utf-8")
    assert f"ERROR settings: {masked(prov)}:4: ui.theme: 'purple'" in text
    assert "login window painted" not in text and "center" not in out


def test_diagnostics_from_the_command_line(tmp_path):
    prov = tmp_path / "provisioning.ini"
    prov.write_text("[center]\nbase_url = https://center.example/api/v1\n[lock]\n"
                    "keys = center.base_url\n", encoding="utf-8")
    out = tmp_path / "it" / "diag.zip"
    r = run(["--diagnostics", str(out)], env_for(tmp_path, prov))
    assert r.returncode == 0, r.stderr
    assert (out.stat().st_mode & 0o777) == 0o600
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        assert {"settings.json", "versions.json", "audio-devices.json", "network-check.json",
                "errors.txt", "logs/softphone.log"} <= names
        import json
        report = json.loads(z.read("settings.json"))
        assert report["keys"]["center.base_url"] == {
            "value": "https://center.example/api/v1", "source": "provisioning",
            "from": f"{masked(prov)}:2", "locked": True}
        assert report["keys"]["ui.theme"]["source"] == "default"
        versions = json.loads(z.read("versions.json"))
        assert {"app", "qt", "pjsua2", "openssl", "portaudio"} <= set(versions)
