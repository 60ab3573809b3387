"""Log files and the diagnostics zip: rotation, privacy, and a scan for secrets and caller data.

The real logging set-up of app.main (the rotating file handler, then the one redaction filter)
writes real files in a temporary log dir; chatty lines carry a password, a bearer token, a SIP
secret and the current caller's number and name. The zip made from them, the settings and a
saved network check must hold none of those, in any form the scan knows.
"""

from __future__ import annotations

import json
import logging
import stat
import zipfile

import pytest

from softphone.platform import diagnostics, logfiles, netresults, redact
from softphone.platform.settings import load_settings

PASSWORD = "Tr0ub4dor&3-horse"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbi10b2tlbg.Zm9vYmFy"
SIP_SECRET = "sipSecretXy7"
NUMBER = "+82 10-5555-0199"
NAME = "Kim Minji"


@pytest.fixture
def logging_like_the_app(tmp_path, monkeypatch):
    monkeypatch.setattr(logfiles, "MAX_BYTES", 4000)
    root = logging.getLogger()
    old_level = root.level
    root.setLevel(logging.DEBUG)
    handler = logfiles.install(tmp_path / "log")
    redact.install()
    yield tmp_path / "log"
    root.removeHandler(handler)
    handler.close()
    redact.uninstall()
    redact.forget()
    root.setLevel(old_level)


def chatter() -> None:
    redact.remember(NUMBER, NAME)           # as the desk does while the call lasts
    logging.getLogger("urllib3.connectionpool").debug(
        "POST /sessions body={'username': 'agent1', 'password': '%s'}", PASSWORD)
    logging.getLogger("softphone.center.client").warning(
        "refused: Authorization: Bearer %s", TOKEN)
    logging.getLogger("softphone.sip.worker").error(
        "REGISTER failed for sip:agent1@pbx (sip_secret=%s)", SIP_SECRET)
    logging.getLogger("softphone.desk.calls").info("offer from %s (%s) tel:%s", NAME, NUMBER,
                                                  NUMBER.replace(" ", "").replace("-", ""))
    redact.forget()


def forms(value: str) -> set[str]:
    digits = "".join(c for c in value if c.isdigit())
    return {value, digits, digits[-8:], value.replace(" ", ""), value.replace("-", "")}


def test_log_files_rotate_capped_private_and_masked(logging_like_the_app):
    folder = logging_like_the_app
    for _ in range(60):
        chatter()
    files = logfiles.log_files(folder)
    assert [f.name for f in files][-1] == "softphone.log"
    assert 2 <= len(files) <= logfiles.BACKUPS + 1
    assert all(f.stat().st_size <= 4000 + 500 for f in files)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    text = "".join(f.read_text(encoding="utf-8") for f in files)
    assert "REGISTER failed" in text and "refused: Authorization" in text    # the lines are there ...
    for secret in (PASSWORD, TOKEN, SIP_SECRET, NAME, *forms(NUMBER)):
        assert secret not in text                                  # ... masked


def test_the_diagnostics_zip_holds_no_secret_and_no_caller_data(logging_like_the_app, tmp_path):
    chatter()
    nets = tmp_path / "net"
    netresults.save({"when": "2026-11-30T07:00:00Z", "verdict": "amber",
                     "measurements": {"rtt_ms": 120.0, "loss_pct": 1.5}}, nets)
    prov = tmp_path / "p.ini"
    prov.write_text("[center]\nbase_url = https://center.example/api/v1\n[lock]\n"
                    "keys = center.base_url\n", encoding="utf-8")
    user = tmp_path / "u.ini"
    user.write_text("[center]\nusername = agent1\n[ui]\ntheme = dark\n", encoding="utf-8")
    settings = load_settings(provisioning=prov, user=user)
    out = diagnostics.export(tmp_path / "diag.zip", settings, log_directory=logging_like_the_app,
                             network_directory=nets,
                             probes={"versions": lambda: {"app": "test"},
                                     "audio": lambda: [{"name": "USB Headset"}]})
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with zipfile.ZipFile(out) as z:
        blobs = {name: z.read(name) for name in z.namelist()}
    report = json.loads(blobs["settings.json"])
    assert report["keys"]["center.base_url"]["source"] == "provisioning"
    assert report["keys"]["center.base_url"]["locked"] is True
    assert report["keys"]["ui.theme"] == {"value": "dark", "source": "user",
                                          "from": report["keys"]["ui.theme"]["from"],
                                          "locked": False}
    assert json.loads(blobs["network-check.json"])["verdict"] == "amber"
    errors = blobs["errors.txt"].decode()
    assert "softphone.sip.worker ERROR REGISTER failed" in errors
    assert "softphone.center.client WARNING" in errors
    assert "urllib3" not in errors and "offer from" not in errors   # only SIP/center problems
    everything = b"\n".join(blobs.values())
    for secret in (PASSWORD, TOKEN, SIP_SECRET, NAME, *forms(NUMBER)):
        assert secret.encode() not in everything, secret
    assert b"offer from" in blobs["logs/softphone.log"]            # the line itself is there


def test_the_scan_bites_without_the_redaction(tmp_path):
    """The same chatter unmasked is found by the same scan (the scan can fail)."""
    folder = tmp_path / "log"
    handler = logfiles.install(folder)
    logging.getLogger().setLevel(logging.DEBUG)
    try:
        chatter()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    raw = (folder / "softphone.log").read_bytes()
    assert PASSWORD.encode() in raw and NUMBER.encode() in raw
    out = diagnostics.export(tmp_path / "d.zip", load_settings(provisioning=tmp_path / "n",
                                                               user=tmp_path / "n"),
                             log_directory=folder, network_directory=tmp_path / "net",
                             probes={"versions": dict, "audio": list})
    with zipfile.ZipFile(out) as z:          # the export masks again what a log let through
        assert PASSWORD.encode() not in z.read("logs/softphone.log")


ABORTS = r'''
import os, sys
from pathlib import Path
from softphone.platform import logfiles
assert logfiles.install_crash_trace(Path(sys.argv[1])) is not None

def inside_the_sip_library():
    os.abort()              # what a pjsip assertion does to the process

inside_the_sip_library()
'''


def test_an_abort_leaves_the_stacks_in_crash_log_and_the_zip_carries_them(tmp_path):
    import subprocess
    import sys
    folder = tmp_path / "log"
    res = subprocess.run([sys.executable, "-c", ABORTS, str(folder)], capture_output=True,
                         text=True, timeout=60, cwd=str(diagnostics.Path(__file__).parents[2]))
    assert res.returncode != 0                         # it did abort
    crash = folder / logfiles.CRASH_FILE
    text = crash.read_text(encoding="utf-8")
    assert "Fatal Python error: Aborted" in text and "inside_the_sip_library" in text, text
    assert stat.S_IMODE(crash.stat().st_mode) == 0o600
    out = diagnostics.export(tmp_path / "diag.zip", load_settings(provisioning=None, user=None),
                             log_directory=folder, network_directory=tmp_path / "net",
                             probes={"versions": lambda: {}, "audio": lambda: []})
    with zipfile.ZipFile(out) as z:
        assert "inside_the_sip_library" in z.read("logs/crash.log").decode()


def test_the_zip_carries_pjsips_own_log_masked(tmp_path):
    """sip-stack.log (pjsip's lines, sip/worker.py) goes into the zip beside the app's log,
    through the same masking; an empty one is left out."""
    folder = tmp_path / "log"
    folder.mkdir()
    (folder / logfiles.STACK_FILE).write_text(
        "12:00:00.000 pjsua_core.c  Assert failed: id>=0\n"
        "12:00:01.000 sip_auth_client.c  password=hunter2 rejected\n", encoding="utf-8")
    probes = {"versions": lambda: {}, "audio": lambda: []}
    settings = load_settings(provisioning=None, user=None)
    out = diagnostics.export(tmp_path / "diag.zip", settings, log_directory=folder,
                             network_directory=tmp_path / "net", probes=probes)
    with zipfile.ZipFile(out) as z:
        text = z.read(f"logs/{logfiles.STACK_FILE}").decode()
    assert "Assert failed: id>=0" in text
    assert "hunter2" not in text, text
    (folder / logfiles.STACK_FILE).write_text("")
    out = diagnostics.export(tmp_path / "diag2.zip", settings, log_directory=folder,
                             network_directory=tmp_path / "net", probes=probes)
    with zipfile.ZipFile(out) as z:
        assert f"logs/{logfiles.STACK_FILE}" not in z.namelist()
