"""``softphone --demo --scenario vpn-flap``: the practice center freezes for a few seconds (as a dropped VPN looks from the app); the real app goes Not Ready with a lasting banner, asks before Ready when it is back, and ends with a network check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from democenter.registrar import kamailio_path
from softphone.platform.credentials import backend_usable

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(kamailio_path() is None, reason="kamailio is not installed"),
    pytest.mark.skipif(not backend_usable(),
                       reason="run under dbus-run-session scripts/with-keyring.sh"),
]


@pytest.mark.parametrize("lang", ["en", "ko", "ru"])
def test_vpn_flap_scenario_completes_with_its_screenshots(tmp_path, lang):
    for d in ("data", "config", "run"):
        (tmp_path / d).mkdir(mode=0o700)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_RUNTIME_DIR": str(tmp_path / "run"),
           "SOFTPHONE_PROVISIONING": str(tmp_path / "none.ini")}
    shots = tmp_path / "shots"
    proc = subprocess.run([sys.executable, "-m", "softphone", "--demo", "--no-audio", "--lang",
                           lang, "--shots", str(shots), "--scenario", "vpn-flap"], cwd=str(ROOT),
                          env=env, timeout=240, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    last = [ln for ln in proc.stdout.splitlines() if ln.startswith('{"scenario"')]
    assert proc.returncode == 0 and last, proc.stdout[-4000:]
    summary = json.loads(last[-1])
    checks = {c["name"]: c["ok"] for c in summary["checks"]}
    assert summary["completed"] and checks["lost: Not Ready and a lasting banner"]
    assert checks["back: asked, still Not Ready"] and checks["network check"]
    names = set(summary["shots"])
    assert {"connection_lost", "connection_back", "network_check"} <= {
        n.split("_", 1)[1].rsplit(".", 1)[0] for n in names}
    assert all((shots / n).stat().st_size > 10_000 for n in names)
