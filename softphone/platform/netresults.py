"""Saved network readiness results: JSON files for IT, readable by this user only (0600 in a 0700 folder).

``save(data)`` writes one result (atomically, a new file per run, the oldest beyond ``KEEP``
removed); ``list_saved()`` lists them newest first with their time and verdict; ``load(path)``
reads one back. The results hold measurements, thresholds and verdicts, never caller data
(softphone/desk/readiness.py decides what goes in). Blocking file I/O: call from a worker.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import platformdirs

from softphone import APP_ID

KEEP = 50
MAX_BYTES = 1024 * 1024
PREFIX = "network-check-"


@dataclass(frozen=True)
class SavedResult:
    path: str
    when: str          # ISO 8601 UTC
    verdict: str       # green | amber | red


def results_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False)) / "network-checks"


def _private_dir(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.mkdir(mode=0o700, exist_ok=True)
    if stat.S_IMODE(path.stat().st_mode) != 0o700:
        os.chmod(path, 0o700)


def save(data: dict, directory: Path | None = None, keep: int = KEEP) -> Path:
    """Write ``data`` as a new file in ``directory`` (default ``results_dir()``); its path."""
    folder = Path(directory) if directory is not None else results_dir()
    _private_dir(folder)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"{PREFIX}{stamp}.json"
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, ensure_ascii=False, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)
    for old in sorted(folder.glob(f"{PREFIX}*.json"))[:-keep or None]:
        old.unlink(missing_ok=True)
    return path


def load(path: str | Path) -> dict:
    """One saved result (ValueError when it is not one)."""
    p = Path(path)
    if p.stat().st_size > MAX_BYTES:
        raise ValueError(f"{p.name}: too large for a saved result")
    data = json.loads(p.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("measurements"), dict):
        raise ValueError(f"{p.name}: not a saved network check")
    return data


def list_saved(directory: Path | None = None) -> list[SavedResult]:
    """The saved results, newest first; unreadable files are left out."""
    folder = Path(directory) if directory is not None else results_dir()
    out = []
    for p in sorted(folder.glob(f"{PREFIX}*.json"), reverse=True):
        try:
            data = load(p)
        except (OSError, ValueError):
            continue
        out.append(SavedResult(str(p), str(data.get("when", "")), str(data.get("verdict", ""))))
    return out
