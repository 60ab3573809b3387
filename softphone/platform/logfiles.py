"""Log files for IT: rotating, size-capped, private, in the platform's log directory, masked.

``install()`` (app.main, right after ``logging.basicConfig`` and before ``redact.install()``)
adds one ``RotatingFileHandler`` to the root logger: ``softphone.log`` in ``log_dir()``
(``~/.local/state/agent-softphone/log`` on Linux, ``%LOCALAPPDATA%\\agent-softphone\\Logs`` on
Windows, ``~/Library/Logs/agent-softphone`` on macOS), at most ``MAX_BYTES`` per file and
``BACKUPS`` older files (about 5 MB in all). The folder is 0700 and the files 0600. Every line
passes the one redaction filter (platform/redact.py): ``redact.install()`` puts it on this
handler too, and ``install(redactor=...)`` adds it directly when logging was set up before.
No log file (a read-only home) is not an error: the app logs to stderr only and says so.

``install(crash_trace=True)`` (or ``install_crash_trace()``) makes a fatal signal (an abort
or a segfault inside a native library such as pjsip or PortAudio) write every
thread's Python stack to ``crash.log`` in the same folder (0600; file and function names, no
call data), so a phone that vanished still tells IT where it was.
"""

from __future__ import annotations

import faulthandler
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
CRASH_FILE = "crash.log"
CRASH_MAX_BYTES = 256 * 1024      # an older trace beyond this is dropped at start
STACK_FILE = "sip-stack.log"      # pjsip's own log lines (softphone/sip/worker.py writes it)
_crash_file = None                # kept open for the process's life (faulthandler writes to its fd)

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
            level: int = logging.DEBUG, crash_trace: bool = False) -> logging.Handler | None:
    """Add the rotating file handler to the root logger (once); the handler, or None.
    ``crash_trace``: also ``install_crash_trace`` in the same folder (the app does)."""
    folder = Path(directory) if directory is not None else log_dir()
    if crash_trace:
        install_crash_trace(folder)
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


def install_crash_trace(directory: Path | None = None) -> Path | None:
    """On a fatal signal every thread's Python stack goes to ``crash.log`` (appended); its
    path, or None when the folder cannot take it (then faulthandler stays off)."""
    global _crash_file
    folder = Path(directory) if directory is not None else log_dir()
    path = folder / CRASH_FILE
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
        if path.exists() and path.stat().st_size > CRASH_MAX_BYTES:
            flags |= os.O_TRUNC
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        log.warning("no crash trace file in %s (%s)", folder,
                    exc.strerror or exc.__class__.__name__)
        return None
    if _crash_file is not None:
        _crash_file.close()
    _crash_file = os.fdopen(fd, "a", encoding="utf-8")
    faulthandler.enable(file=_crash_file, all_threads=True)
    return path


def log_files(directory: Path | None = None) -> list[Path]:
    """The current file and its rotated predecessors, oldest first."""
    folder = Path(directory) if directory is not None else log_dir()
    found = [p for p in folder.glob(FILE_NAME + "*") if p.is_file()]

    def age(p: Path) -> int:
        suffix = p.name[len(FILE_NAME) + 1:]
        return int(suffix) if suffix.isdigit() else 0
    return sorted(found, key=age, reverse=True)
