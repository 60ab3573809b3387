"""Log files for IT: rotating, size-capped, private, in the platform's log directory, masked.

``install()`` (app.main, right after ``logging.basicConfig`` and before ``redact.install()``)
adds one ``RotatingFileHandler`` to the root logger: ``softphone.log`` in ``log_dir()``
(``~/.local/state/agent-softphone/log`` on Linux, ``%LOCALAPPDATA%\\agent-softphone\\Logs`` on
Windows, ``~/Library/Logs/agent-softphone`` on macOS), at most ``MAX_BYTES`` per file and
``BACKUPS`` older files (about 5 MB in all). The folder is 0700 and the files 0600. Every line
passes the one redaction filter (platform/redact.py): ``redact.install()`` puts it on this
handler too, and ``install(redactor=...)`` adds it directly when logging was set up before.
No log file (a read-only home) is not an error: the app logs to stderr only and says so.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import stat
from pathlib import Path

import platformdirs

from softphone import APP_ID

MAX_BYTES = 1024 * 1024
BACKUPS = 4
FILE_NAME = "softphone.log"
FORMAT = "%(asctime)s %(name)s %(levelname)s %(message)s"

log = logging.getLogger(__name__)


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_ID, appauthor=False))


class _PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
    """Each new file (the first one and every one after a rollover) is created 0600."""

    def _open(self):  # noqa: ANN202 (the stdlib's signature)
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.close(fd)
        if stat.S_IMODE(os.stat(self.baseFilename).st_mode) != 0o600:
            os.chmod(self.baseFilename, 0o600)
        return super()._open()


def install(directory: Path | None = None, redactor: logging.Filter | None = None,
            level: int = logging.DEBUG) -> logging.Handler | None:
    """Add the rotating file handler to the root logger (once); the handler, or None."""
    folder = Path(directory) if directory is not None else log_dir()
    root = logging.getLogger()
    for h in root.handlers:
        if isinstance(h, _PrivateRotatingHandler) and Path(h.baseFilename).parent == folder:
            return h
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if stat.S_IMODE(folder.stat().st_mode) != 0o700:
            os.chmod(folder, 0o700)
        handler = _PrivateRotatingHandler(folder / FILE_NAME, maxBytes=MAX_BYTES,
                                          backupCount=BACKUPS, encoding="utf-8")
    except OSError as exc:
        log.warning("no log file in %s (%s): logging to stderr only", folder,
                    exc.strerror or exc.__class__.__name__)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(level)
    if redactor is not None:
        handler.addFilter(redactor)
    root.addHandler(handler)
    return handler


def log_files(directory: Path | None = None) -> list[Path]:
    """The current file and its rotated predecessors, oldest first."""
    folder = Path(directory) if directory is not None else log_dir()
    found = [p for p in folder.glob(FILE_NAME + "*") if p.is_file()]

    def age(p: Path) -> int:
        suffix = p.name[len(FILE_NAME) + 1:]
        return int(suffix) if suffix.isdigit() else 0
    return sorted(found, key=age, reverse=True)
