"""The settings' schema (each section's keys with their type, limits and a line of doc) and the
strict reader of a settings file (``parse_ini``: entries with their line, and problems).

Read through ``softphone.platform.settings`` (``spec(key)``, the sections, ``Problem``); kept
apart so the loader stays short. The README's provisioning reference is generated from these
declarations (scripts/settings_reference.py).
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from softphone.domain.security import SRTP_ORDER, TRANSPORT_ORDER

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
MAX_FILE_BYTES = 256 * 1024


def _k(default: Any, kind: str, doc: str, **spec: Any) -> Any:
    """A schema field: its type (bool|int|float|choice|url|file|ip|text), limits and a line of doc."""
    return field(default=default, metadata={"kind": kind, "doc": doc, **spec})


@dataclass(frozen=True)
class CenterSettings:
    base_url: str = _k("", "url", "The center API (https://…/api/v1). Empty: asked on the "
                       "login screen at first run, then remembered.")
    ca_bundle: str = _k("", "file", "PEM file with the center's private CA. Empty: the "
                        "system's trusted CAs.")
    connect_timeout_s: float = _k(3.05, "float", "Seconds to wait for a connection.", min=0.1,
                                  max=120)
    read_timeout_s: float = _k(10.0, "float", "Seconds to wait for an answer.", min=0.5, max=600)
    ready_after_outage: bool = _k(False, "bool", "After a lost connection: Ready again without "
                                  "asking.")
    username: str = _k("", "text", "The last user name (pre-filled; not secret).", max_len=200)
    allow_http: bool = _k(False, "bool", "Allow a plain http:// center address (only IT: "
                          "counts only in the provisioning file). Loopback is always allowed.",
                          it_only=True)
    trust_env_ca: bool = _k(False, "bool", "Let REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, "
                            "SSL_CERT_FILE, SSL_CERT_DIR replace the trust store (only IT).",
                            it_only=True)


@dataclass(frozen=True)
class SipSettings:
    bind_address: str = _k("", "ip", "Local IP address for SIP and audio. Empty: all interfaces.")
    sip_port: int = _k(0, "int", "Local SIP port. 0: any free port.", min=0, max=65535)
    rtp_port: int = _k(0, "int", "First local RTP port. 0: any free port.", min=0, max=65535)
    transport: str = _k("", "choice", "Security floor for the transport (the stricter of this "
                        "and the center's wins). Empty: the center's.",
                        choices=("", *TRANSPORT_ORDER))
    srtp: str = _k("", "choice", "Security floor for media encryption. Empty: the center's.",
                   choices=("", *SRTP_ORDER))
    tls_verify_server: bool = _k(True, "bool", "Verify the registrar's TLS certificate; false "
                                 "counts only from the provisioning file with the key locked.")
    tls_port: int = _k(0, "int", "Registrar TLS port when TLS is forced here. 0: 5061.", min=0,
                       max=65535)
    stats_interval_s: float = _k(3.0, "float", "Seconds between call-quality updates.", min=0.5,
                                 max=60)
    allow_transfer_requests: str = _k("off", "choice", "REFER/Replaces from the network: off or "
                                      "registrar (only from the provisioning file).",
                                      choices=("off", "registrar"), it_only=True)
    accept_requests_only_from_proxy: bool = _k(True, "bool", "New calls only from the "
                                               "registrar/proxy; false counts only from the "
                                               "provisioning file.", it_only=True)


@dataclass(frozen=True)
class AudioSettings:
    input_device: str = _k("", "text", "Microphone name. Empty: the system default.", max_len=300)
    output_device: str = _k("", "text", "Headset/speaker name. Empty: the system default.",
                            max_len=300)
    ring_device: str = _k("", "text", "Where the ringtone plays. Empty: the system default.",
                          max_len=300)
    auto_answer: bool = _k(False, "bool", "Answer queue calls without a click.")
    whisper_beep: bool = _k(True, "bool", "A short beep in the headset before an auto-answered "
                            "call.")


@dataclass(frozen=True)
class UiSettings:
    language: str = _k("", "choice", "Interface language. Empty: the system's.",
                       choices=("", "en", "ko", "ru"))
    theme: str = _k("system", "choice", "Colours.", choices=("system", "light", "dark"))
    shortcuts: str = _k("", "text", "Shortcuts that differ: answer=F8; hangup=F9", max_len=2000)
    remember_password: bool = _k(True, "bool", "Offer to keep the password in the OS keychain "
                                 "(false: never kept, never pre-filled).")
    idle_lock_min: int = _k(15, "int", "Lock the window after this many idle minutes outside "
                            "calls. 0: never.", min=0, max=1440)
    mask_numbers: bool = _k(True, "bool", "Show caller numbers masked in the call history.")


def _net(default: float, doc: str, lo: float = 0.0, hi: float = 100000.0) -> Any:
    return _k(default, "float", doc, min=lo, max=hi)


@dataclass(frozen=True)
class NetworkSettings:
    """The readiness check (softphone/desk/readiness.py): when it runs, and its thresholds:
    a figure at or past ``*_amber`` is amber, at or past ``*_red`` red (MOS: at or below)."""
    check_at_shift_start: bool = _k(True, "bool", "Run the network check at shift start.")
    echo_seconds: float = _net(10.0, "Seconds of the echo test.", 1, 120)
    large_sip_bytes: int = _k(1600, "int", "Size of the large SIP message (MTU test).", min=200,
                              max=65000)
    center_ms_amber: float = _net(300.0, "Center round trip, ms: amber.")
    center_ms_red: float = _net(1000.0, "Center round trip, ms: red.")
    sip_ms_amber: float = _net(300.0, "SIP OPTIONS round trip, ms: amber.")
    sip_ms_red: float = _net(1000.0, "SIP OPTIONS round trip, ms: red.")
    rtt_ms_amber: float = _net(200.0, "Voice path round trip, ms: amber.")
    rtt_ms_red: float = _net(400.0, "Voice path round trip, ms: red.")
    loss_pct_amber: float = _net(1.0, "Packet loss, %: amber.", 0, 100)
    loss_pct_red: float = _net(3.0, "Packet loss, %: red.", 0, 100)
    jitter_ms_amber: float = _net(20.0, "Jitter, ms: amber.")
    jitter_ms_red: float = _net(50.0, "Jitter, ms: red.")
    mos_amber: float = _net(4.0, "MOS at or below: amber.", 1, 4.5)
    mos_red: float = _net(3.6, "MOS at or below: red.", 1, 4.5)
    dns_ms_amber: float = _net(200.0, "Name lookup, ms: amber.")
    dns_ms_red: float = _net(1000.0, "Name lookup, ms: red.")
    clock_s_amber: float = _net(5.0, "Clock difference, s: amber.")
    clock_s_red: float = _net(60.0, "Clock difference, s: red.")


@dataclass(frozen=True)
class CallsSettings:
    call_waiting: str = _k("center", "choice", "Offers while on a call ring softly beside it: "
                           "on, off, or center (each queue's setting from the center).",
                           choices=("center", "on", "off"))


@dataclass(frozen=True)
class ProtectionSettings:
    """Protecting counselors from abusive callers (softphone/desk/protection.py)."""
    warnings_before_end: int = _k(-1, "int", "Warnings played before \"End abusive call\" is "
                                  "enabled. -1: the center's policy (only IT).", min=-1, max=5,
                                  it_only=True)
    evidence_clip_s: int = _k(0, "int", "Keep the last N seconds of a call's audio in memory, "
                              "sent encrypted to the center with an abusive-call incident. "
                              "0: off (only IT).", min=0, max=120, it_only=True)
    announcements_dir: str = _k("", "text", "Folder with IT's own warning announcements "
                                "(warning_en.wav, warning_ko.wav, ...). Empty: the center's "
                                "(only IT).", max_len=1000, it_only=True)
    announcement_level: float = _k(0.25, "float", "How loud the counselor hears a warning "
                                   "while it plays to the caller (0-1).", min=0, max=1)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a settings file (or an override): where, which key, what."""
    file: str
    line: int            # 1-based; 0 = the whole file / not from a file
    key: str
    message: str
    fatal: bool = True   # IT's file (and refused overrides): the app does not start

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return ": ".join(p for p in (where, self.key, self.message) if p)


def is_loopback_url(url: str) -> bool:
    try:
        return (urlsplit(url).hostname or "").lower() in LOOPBACK_HOSTS
    except ValueError:
        return False


def validate_url(raw: str, allow_http: bool = False) -> str:
    """A center address: http(s), a host, no user:password, no query or fragment; https
    unless ``allow_http`` or the host is this computer (loopback). ValueError says why."""
    url = raw.strip()
    if not url:
        return ""
    if any(c.isspace() or ord(c) < 32 for c in url):
        raise ValueError("an address cannot contain spaces")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"'{url}' is not a valid address ({exc})") from None
    if parts.scheme.lower() not in ("https", "http") or not parts.hostname:
        raise ValueError(f"'{url}' is not an https:// address")
    if parts.username is not None or parts.password is not None:
        raise ValueError("the address must not contain a user name or password")
    if parts.query or parts.fragment:
        raise ValueError("the address must not contain ? or #")
    if port == 0:
        raise ValueError("port 0 is not a valid port")
    if parts.scheme.lower() == "http" and not allow_http and not is_loopback_url(url):
        raise ValueError("the center address must start with https:// (IT can allow http with "
                         "center.allow_http in the provisioning file)")
    return url


SECTION_CLASSES = {"center": CenterSettings, "sip": SipSettings, "audio": AudioSettings,
                   "ui": UiSettings, "network": NetworkSettings,
                   "protection": ProtectionSettings, "calls": CallsSettings}


def _suggest(word: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


# ------------------------------------------------------------------------------ the strict reader
@dataclass
class _Entry:
    section: str
    name: str
    raw: str
    line: int


def parse_ini(path: Path, fatal: bool) -> tuple[list[_Entry], list[Problem]]:
    """Read one settings file strictly: entries (section, name, value, line) and problems.
    A missing file is no file; anything else that stops reading it is a problem."""
    where = str(path)
    if not os.path.lexists(path):
        return [], []

    def bad(line: int, key: str, message: str) -> Problem:
        return Problem(where, line, key, message, fatal)
    try:
        if not path.is_file():
            return [], [bad(0, "", "is not a regular file")]
        if path.stat().st_size > MAX_FILE_BYTES:
            return [], [bad(0, "", f"larger than {MAX_FILE_BYTES // 1024} KB")]
        data = path.read_bytes()
    except OSError as exc:
        return [], [bad(0, "", f"cannot be read ({exc.strerror or exc.__class__.__name__})")]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]                     # a UTF-8 byte order mark (Notepad) is fine
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [], [bad(data[:exc.start].count(b"\n") + 1, "", "not UTF-8 text")]
    entries: list[_Entry] = []
    problems: list[Problem] = []
    section = ""
    seen_sections: dict[str, int] = {}
    seen_keys: dict[tuple[str, str], int] = {}
    known = [*SECTION_CLASSES, "lock"]
    last: _Entry | None = None
    for no, line in enumerate(text.splitlines(), 1):
        if "\x00" in line:
            problems.append(bad(no, "", "contains a NUL character"))
            continue
        stripped = line.strip()
        if not stripped or stripped[0] in ";#":
            continue
        if line[0] in " \t" and last is not None and section:   # a continued value
            last.raw += "\n" + stripped
            continue
        last = None
        if stripped.startswith("["):
            if not stripped.endswith("]"):
                problems.append(bad(no, "", f"'{stripped}' is not a [section] line"))
                section = "?"
                continue
            name = stripped[1:-1].strip().lower()
            if name not in known:
                problems.append(bad(no, "", f"unknown section [{name}]{_suggest(name, known)}"))
                section = "?"
            elif name in seen_sections:
                problems.append(bad(no, "", f"section [{name}] again (first on line "
                                            f"{seen_sections[name]})"))
                section = name
            else:
                seen_sections[name] = no
                section = name
            continue
        name, eq, raw = stripped.partition("=")
        name = name.strip().lower()
        if not eq or not name:
            problems.append(bad(no, "", f"'{stripped[:60]}' is not 'key = value'"))
            continue
        if not section:
            problems.append(bad(no, name, "a key before the first [section]"))
            continue
        if section == "?":
            continue                        # reported with its section
        key = f"{section}.{name}"
        if (section, name) in seen_keys:
            problems.append(bad(no, key, f"set twice (first on line {seen_keys[section, name]})"))
            continue
        seen_keys[section, name] = no
        if section == "lock":
            if name != "keys":
                problems.append(bad(no, f"lock.{name}", "[lock] has only 'keys = ...'"))
                continue
        else:
            names = [f.name for f in fields(SECTION_CLASSES[section])]
            if name not in names:
                problems.append(bad(no, key, f"unknown key{_suggest(name, names)}"))
                continue
        last = _Entry(section, name, raw.strip(), no)
        entries.append(last)
    return entries, problems
