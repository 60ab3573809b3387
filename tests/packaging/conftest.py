"""Fixtures for the packaging tests: the bundle and .deb, built once per test session.

``installers`` runs build_installer.py into a temporary folder (the build venv and pjsua2
come from the user cache; the first run on a machine makes the venv, about 1-2 minutes
more) and gives its JSON summary. Tests that use it are slow.
``SOFTPHONE_TEST_DIST=DIR`` uses what an earlier ``build_installer.py --dist DIR`` made instead
(for working on these tests; CI always builds).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def installers(tmp_path_factory) -> dict:
    given = os.environ.get("SOFTPHONE_TEST_DIST")
    if given:
        dist = Path(given)
        return {"bundle": str(dist / "agent-softphone"), "recipes": str(dist / "recipes"),
                "deb": str(next(dist.glob("agent-softphone_*.deb"))), "log": ""}
    out = tmp_path_factory.mktemp("installers")
    p = subprocess.run([sys.executable, str(ROOT / "build_installer.py"), "--dist",
                        str(out / "dist"), "--work", str(out / "build"), "--no-archive"],
                       capture_output=True, text=True, timeout=1800, cwd=ROOT)
    assert p.returncode == 0, f"build_installer.py failed:\n{p.stdout[-4000:]}\n{p.stderr[-4000:]}"
    made = json.loads(p.stdout.strip().splitlines()[-1])
    made["log"] = p.stdout
    return made


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """What ``env -i`` leaves, plus a home: no venv, no PYTHONPATH, no repo."""
    home.mkdir(parents=True, exist_ok=True)
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", **extra}


def scenario_summary(stdout: str) -> dict:
    for line in reversed(stdout.splitlines()):
        if line.startswith('{"scenario"'):
            return json.loads(line)
    raise AssertionError(f"no scenario summary in the output:\n{stdout[-3000:]}")


def failed_checks(summary: dict) -> list:
    return [c for c in summary["checks"] if not c["ok"]]


__all__ = ["ROOT", "clean_env", "scenario_summary", "failed_checks"]


def pytest_collection_modifyitems(config, items):
    """The first test asking for ``installers`` waits for the whole build in its setup: 203 s
    on CI, over 300 s (the suite's per-test timeout) on a slower machine. The build has its own
    30-minute limit above; these tests get the same."""
    for item in items:
        if "installers" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.timeout(1800))
