"""``pip install .`` in a fresh venv gives a working app: from a copy of the tracked files
plus the generated resources (what ``python -m softphone.resources_build`` made, as
scripts/dev.sh does), the installed package carries translations, sounds, the settings
template and the native audio path, and the ``softphone`` command starts headless (offscreen
Qt) to its login window and quits cleanly on SIGTERM."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.packaging.conftest import ROOT

GENERATED = ("softphone/resources/i18n/*.qm", "softphone/resources/sounds/*.wav",
             "softphone/sip/audio/_fastpath*.so", "softphone/sip/audio/_sourcefilter*.so",
             "softphone/sip/audio/_pulsepath*.so")


def source_copy(dest: Path) -> Path:
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    files += [str(p.relative_to(ROOT)) for pat in GENERATED for p in ROOT.glob(pat)]
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def installed_pjsua2_wheel() -> str:
    p = subprocess.run([sys.executable, str(ROOT / "scripts/pjsua2_build.py"), "--locate"],
                       capture_output=True, text=True)
    return p.stdout.strip() if p.returncode == 0 and p.stdout.strip() else "pjsua2-python==2.15.1.post1"


@pytest.mark.slow
def test_pip_install_in_a_fresh_venv_runs_to_the_login_window(tmp_path):
    src = source_copy(tmp_path / "src")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home"), "PIP_CONSTRAINT": "",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    pip = subprocess.run([str(py), "-m", "pip", "install", "-q", "-c",
                          str(src / "packaging/constraints.txt"), str(src),
                          installed_pjsua2_wheel()],
                         capture_output=True, text=True, timeout=900, env={**os.environ, **env})
    assert pip.returncode == 0, pip.stderr[-4000:]
    # the installed package, not the source tree, has the resources
    check = subprocess.run([str(py), "-c", (
        "import importlib.resources as r, softphone, sys;"
        "assert 'site-packages' in softphone.__file__, softphone.__file__;"
        "res = r.files('softphone.resources');"
        "assert all((res / 'i18n' / f'softphone_{l}.qm').is_file() for l in ('en','ko','ru'));"
        "assert (res / 'sounds' / 'ringtone.wav').is_file();"
        "assert (res / 'settings-template.ini').is_file();"
        "from softphone.sip.audio import fastpath;"
        "assert fastpath.load() is not None, fastpath.why();"
        "print('resources ok', softphone.__version__)")],
        capture_output=True, text=True, cwd=tmp_path, env={**env, "QT_QPA_PLATFORM": "offscreen"})
    assert check.returncode == 0, check.stderr[-3000:]
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    app = subprocess.Popen([str(venv / "bin" / "softphone"), "--center",
                            "http://127.0.0.1:9/api/v1", "--no-audio", "--lang", "ko"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
                           env={**env, "QT_QPA_PLATFORM": "offscreen",
                                "SOFTPHONE_PROVISIONING": str(tmp_path / "none.ini")})
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = app.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "SIP stack: pjsua2" in line:     # the engine is up behind the login window
                break
        assert any("SIP stack: pjsua2" in ln for ln in lines), "".join(lines)[-3000:]
        time.sleep(1.0)
        app.send_signal(signal.SIGTERM)
        out, _ = app.communicate(timeout=30)
        lines.append(out)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(10)
    text = "".join(lines)
    assert app.returncode == 0, text[-3000:]
    assert "Traceback" not in text, text[-3000:]
    assert "translation" not in text.lower() or "missing" not in text.lower(), text[-3000:]
