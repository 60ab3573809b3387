"""The diagnostics export for IT: one zip, no secrets and no caller data.

``export(path, settings)`` writes (atomically, 0600) a zip with:

- ``logs/softphone.log*``: the rotating log files (platform/logfiles.py), each line masked
  again with the one redaction (platform/redact.py: masking twice changes nothing);
- ``settings.json``: every key's effective value with its source (default / provisioning /
  user), the file and line it came from, the locked keys, the files read and their problems;
- ``versions.json``: the app, Python, Qt/PySide6, pjsua2 (pjproject) and the OpenSSL it links,
  PortAudio, the OS;
- ``audio-devices.json``: the sound devices PortAudio lists (names, host API, channels);
- ``network-check.json``: the last saved network readiness result (platform/netresults.py);
- ``errors.txt``: the last warnings and errors of the SIP stack and the center client, taken
  from the logs (a summary for a first look).

Settings hold no secrets (passwords live in the keychain); user names are the counselor's, not
callers'. Everything textual passes ``redact.redact`` before it goes in. Blocking file I/O and
library probes: call from a worker or a command-line path, not the GUI thread.
"""

from __future__ import annotations

import io
import json
import logging
import os
import platform
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from softphone import __version__
from softphone.platform import logfiles, netresults, redact
from softphone.platform.settings import Settings, all_keys

log = logging.getLogger(__name__)
ERROR_LINES = 200
ERROR_LOGGERS = ("softphone.sip", "softphone.center", "softphone.desk.shift",
                 "softphone.desk.connection", "softphone.desk.reauth", "softphone.app", "pjsua")


def settings_report(settings: Settings) -> dict[str, Any]:
    return {
        "keys": {key: {"value": settings.get(key), "source": settings.sources.get(key, "default"),
                       "from": settings.origins.get(key, ""), "locked": key in settings.locked}
                 for key in all_keys()},
        "locked": sorted(settings.locked),
        "files": dict(settings.files),
        "problems": [str(p) for p in settings.issues],
    }


def versions() -> dict[str, str]:
    out = {"app": __version__, "python": platform.python_version(),
           "os": f"{platform.system()} {platform.release()} ({platform.machine()})"}
    try:
        import PySide6
        from PySide6.QtCore import qVersion
        out["pyside6"], out["qt"] = PySide6.__version__, qVersion()
    except Exception as exc:   # noqa: BLE001 - a probe: say what is missing
        out["qt"] = f"unavailable ({exc.__class__.__name__})"
    try:
        from softphone.sip.audio.conference import openssl_version, pj_version
        out["pjsua2"] = pj_version() or "unavailable"
        out["openssl"] = openssl_version() or "unavailable"
    except Exception as exc:   # noqa: BLE001
        out["pjsua2"] = f"unavailable ({exc.__class__.__name__})"
    try:
        from softphone.sip.audio import devices
        out["portaudio"] = devices.sd.get_portaudio_version()[1] if devices.sd else "unavailable"
    except Exception as exc:   # noqa: BLE001
        out["portaudio"] = f"unavailable ({exc.__class__.__name__})"
    return out


def audio_devices() -> list[dict[str, Any]]:
    try:
        from softphone.sip.audio import devices
        return [dict(vars(d)) for d in devices.list_devices()]
    except Exception as exc:   # noqa: BLE001
        return [{"error": exc.__class__.__name__}]


def last_network_check(directory: Path | None = None) -> dict[str, Any]:
    saved = netresults.list_saved(directory)
    if not saved:
        return {"none": "no network check has been saved on this computer"}
    try:
        return netresults.load(saved[0].path)
    except (OSError, ValueError) as exc:
        return {"error": f"{Path(saved[0].path).name}: {exc}"}


def error_summary(lines: list[str], keep: int = ERROR_LINES) -> list[str]:
    """The last warnings/errors of the SIP stack and the center client in the log lines."""
    picked = [ln for ln in lines
              if (" WARNING " in ln or " ERROR " in ln or " CRITICAL " in ln)
              and any(f" {name}" in ln for name in ERROR_LOGGERS)]
    return picked[-keep:]


def _masked(text: str) -> str:
    return "\n".join(redact.redact(line) for line in text.splitlines())


def export(path: Path, settings: Settings, log_directory: Path | None = None,
           network_directory: Path | None = None,
           probes: dict[str, Callable[[], Any]] | None = None) -> Path:
    """Write the zip to ``path`` (replaced atomically, 0600); returns it."""
    probes = {"versions": versions, "audio": audio_devices, **(probes or {})}
    for handler in logging.getLogger().handlers:
        try:
            handler.flush()
        except Exception:   # noqa: BLE001 - a broken handler must not stop the export
            pass
    all_lines: list[str] = []
    members: dict[str, str] = {}
    for f in logfiles.log_files(log_directory):
        try:
            text = _masked(f.read_text(encoding="utf-8", errors="replace"))
        except OSError as exc:
            text = f"[{f.name} could not be read: {exc.strerror}]"
        members[f"logs/{f.name}"] = text
        all_lines += text.splitlines()
    folder = Path(log_directory) if log_directory is not None else logfiles.log_dir()
    # a fatal signal's stacks (logfiles.py) and pjsip's own lines (sip/worker.py)
    for extra in (folder / logfiles.CRASH_FILE, folder / logfiles.STACK_FILE):
        if extra.is_file() and extra.stat().st_size:
            members[f"logs/{extra.name}"] = _masked(extra.read_text(encoding="utf-8",
                                                                    errors="replace"))

    def masked(data: Any) -> Any:       # every string masked, the JSON stays JSON
        if isinstance(data, dict):
            return {str(k): masked(v) for k, v in data.items()}
        if isinstance(data, (list, tuple)):
            return [masked(v) for v in data]
        if isinstance(data, (bool, int, float)) or data is None:
            return data
        return redact.redact(str(data))

    def js(data: Any) -> str:
        return json.dumps(masked(data), indent=1, ensure_ascii=False, sort_keys=True)
    members["settings.json"] = js(settings_report(settings))
    members["versions.json"] = js(probes["versions"]())
    members["audio-devices.json"] = js(probes["audio"]())
    members["network-check.json"] = js(last_network_check(network_directory))
    members["errors.txt"] = "\n".join(error_summary(all_lines)) + "\n"
    members["README.txt"] = (
        f"Agent Softphone diagnostics, made {datetime.now(timezone.utc).isoformat()}.\n"
        "No passwords, tokens or caller data: "
        "log lines are masked (phone numbers, SIP user parts, secrets).\n")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in members.items():
            z.writestr(name, text)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
                 | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(buf.getvalue())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    log.info("diagnostics written to %s (%d files)", path, len(members))
    return path


def default_name() -> str:
    return f"softphone-diagnostics-{datetime.now().strftime('%Y%m%d-%H%M%S')}.zip"

