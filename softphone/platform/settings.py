"""Typed, strict, layered settings: defaults < IT provisioning file < the counselor's own settings.

Every key is ``section.name``, declared below with its type and allowed values (the schema:
``spec(key)``) and documented with its default in ``softphone/resources/settings-template.ini``;
the README's provisioning reference is generated from the schema (scripts/settings_reference.py).

The provisioning file is the machine-wide one (``machine_provisioning_path()``, per OS); only when
there is none does ``$SOFTPHONE_PROVISIONING`` name it (a variable cannot replace IT's file). It
is parsed strictly and fails closed: a file that cannot be read or decoded, a line that is not a
section, a comment or ``key = value``, a duplicate, an unknown section, key or lock name, or a
value outside its type is a *fatal* ``Problem`` (file, line, key, message): the app does not start
(app.py shows it and logs it; ``softphone --check-settings`` prints it). ``[lock] keys = ...``
locks keys: the user's file, the command line and the environment cannot change them
(``refuse_overrides``). A problem in the user's own file is not fatal: that value is ignored and
the lower layer's kept. Secrets never live here (see credentials.py).
"""

from __future__ import annotations

import dataclasses
import difflib
import ipaddress
import os
import sys
from dataclasses import dataclass, field, fields
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

from softphone import APP_ID, APP_NAME
from softphone.domain.security import SRTP_ORDER, TRANSPORT_ORDER, LocalSecurity

TEMPLATE = files("softphone.resources") / "settings-template.ini"     # package data
MAX_FILE_BYTES = 256 * 1024
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
# variables that would replace the trust store the center's certificate is checked against
CA_ENV_VARS = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR")


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


@dataclass(frozen=True)
class Settings:
    center: CenterSettings = field(default_factory=CenterSettings)
    sip: SipSettings = field(default_factory=SipSettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    ui: UiSettings = field(default_factory=UiSettings)
    network: NetworkSettings = field(default_factory=NetworkSettings)
    locked: frozenset[str] = frozenset()
    sources: dict[str, str] = field(default_factory=dict, compare=False)   # key -> layer
    problems: tuple[str, ...] = ()
    issues: tuple[Problem, ...] = field(default=(), compare=False)
    origins: dict[str, str] = field(default_factory=dict, compare=False)   # key -> "file:line"
    files: dict[str, str] = field(default_factory=dict, compare=False)     # layer -> path

    def get(self, key: str) -> Any:
        section, name = _split(key)
        return getattr(getattr(self, section), name)

    @property
    def fatal(self) -> tuple[Problem, ...]:
        """The problems that stop start-up (IT's file)."""
        return tuple(p for p in self.issues if p.fatal)


SECTIONS = ("center", "sip", "audio", "ui", "network")
# security keys with a fixed set of values; a locked key IT got wrong takes the strictest
CHOICES = {"sip.transport": ("", *TRANSPORT_ORDER), "sip.srtp": ("", *SRTP_ORDER)}
# amber/red pairs of the network check: red must be at or past amber
_PAIRS = [(n, n.replace("_amber", "_red")) for n in (f.name for f in fields(NetworkSettings))
          if n.endswith("_amber")]


class LockedError(PermissionError):
    """IT locked this setting in the provisioning file."""


def _split(key: str) -> tuple[str, str]:
    section, _, name = key.partition(".")
    if section not in SECTIONS or not name:
        raise KeyError(key)
    cls = type(getattr(Settings(), section))
    if name not in {f.name for f in fields(cls)}:
        raise KeyError(key)
    return section, name


def all_keys() -> list[str]:
    s = Settings()
    return [f"{sec}.{f.name}" for sec in SECTIONS for f in fields(getattr(s, sec))]


def spec(key: str) -> dict[str, Any]:
    """The schema of one key: kind, doc, default, and min/max/choices/max_len/it_only."""
    section, name = _split(key)
    f = next(f for f in fields(type(getattr(Settings(), section))) if f.name == name)
    return {**f.metadata, "default": f.default}


def _suggest(word: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


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


def _convert(default: Any, raw: str, key: str = "") -> Any:
    """``raw`` as the key's type (ValueError with the reason when it is not one)."""
    raw = raw.strip()
    meta = spec(key) if key else {}
    kind = meta.get("kind", "")
    if "choices" in meta:
        if raw.lower() not in meta["choices"]:
            allowed = "|".join(c for c in meta["choices"] if c) or "''"
            empty = " or empty" if "" in meta["choices"] else ""
            raise ValueError(f"'{raw}' is not one of {allowed}{empty}")
        return raw.lower()
    if isinstance(default, bool):
        low = raw.lower()
        if low in ("1", "true", "yes", "on"):
            return True
        if low in ("0", "false", "no", "off"):
            return False
        raise ValueError(f"'{raw}' is not true/false")
    if isinstance(default, (int, float)):
        try:
            value = int(raw) if isinstance(default, int) else float(raw)
        except ValueError:
            raise ValueError(f"'{raw}' is not a{'n integer' if isinstance(default, int) else ' number'}") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"'{raw}' is not a number")
        lo, hi = meta.get("min"), meta.get("max")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ValueError(f"{raw} is outside {lo}..{hi}")
        return value
    if any(ord(c) < 32 for c in raw):
        raise ValueError("control characters are not allowed")
    if len(raw) > meta.get("max_len", 4096):
        raise ValueError(f"longer than {meta.get('max_len', 4096)} characters")
    if kind == "url":
        return validate_url(raw, allow_http=True)    # https is checked once allow_http is known
    if kind == "ip" and raw:
        try:
            ipaddress.ip_address(raw)
        except ValueError:
            raise ValueError(f"'{raw}' is not an IP address") from None
    if kind == "file" and raw:
        p = Path(os.path.expandvars(raw)).expanduser()
        if not p.is_file() or not os.access(p, os.R_OK):
            raise ValueError(f"'{raw}' is not a readable file")
    return raw


# ------------------------------------------------------------------------------ locations
def machine_provisioning_path() -> Path:
    """IT's machine-wide file, where the installers put it (packaging/product.toml)."""
    if sys.platform == "win32":      # %PROGRAMDATA%, asked from Windows (not the environment)
        return Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / "provisioning.ini"
    if sys.platform == "darwin":
        return Path("/Library/Application Support") / APP_NAME / "provisioning.ini"
    return Path("/etc") / APP_ID / "provisioning.ini"


def resolve_provisioning() -> tuple[Path, list[Problem]]:
    """The provisioning file in use: the machine-wide one; ``$SOFTPHONE_PROVISIONING`` only when
    there is none (naming another file while IT's exists is refused: a fatal problem)."""
    machine = machine_provisioning_path()
    env = os.environ.get("SOFTPHONE_PROVISIONING", "")
    if os.path.lexists(machine):
        if env and os.path.abspath(env) != os.path.abspath(machine):
            return machine, [Problem("SOFTPHONE_PROVISIONING", 0, "", f"refused: IT's "
                                     f"provisioning file {machine} is in place and cannot be "
                                     f"replaced by an environment variable")]
        return machine, []
    return (Path(env) if env else machine), []


def provisioning_path() -> Path:
    return resolve_provisioning()[0]


def user_settings_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_ID, appauthor=False)) / "settings.ini"


# ------------------------------------------------------------------------------ parsing
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
    known = [*SECTIONS, "lock"]
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
            try:
                _split(key)
            except KeyError:
                names = [f.name for f in fields(type(getattr(Settings(), section)))]
                problems.append(bad(no, key, f"unknown key{_suggest(name, names)}"))
                continue
        last = _Entry(section, name, raw.strip(), no)
        entries.append(last)
    return entries, problems


def load_settings(provisioning: Path | None = None, user: Path | None = None) -> Settings:
    """Read the layers; ``None`` paths mean the standard locations."""
    issues: list[Problem] = []
    if provisioning is None:
        provisioning, refused = resolve_provisioning()
        issues += refused
    user = user if user is not None else user_settings_path()
    prov_entries, found = parse_ini(Path(provisioning), fatal=True)
    issues += found
    usr_entries, found = parse_ini(Path(user), fatal=False)
    issues += found
    locked: set[str] = set()
    for e in prov_entries:
        if e.section != "lock":
            continue
        for key in e.raw.replace("\n", ",").split(","):
            key = key.strip().lower()
            if not key:
                continue
            try:
                _split(key)
                locked.add(key)
            except KeyError:
                issues.append(Problem(str(provisioning), e.line, "lock.keys", f"unknown key "
                                      f"'{key}'{_suggest(key, all_keys())} cannot be locked"))
    base = Settings()
    values = {sec: {f.name: getattr(getattr(base, sec), f.name) for f in fields(getattr(base, sec))}
              for sec in SECTIONS}
    sources = {k: "default" for k in all_keys()}
    origins: dict[str, str] = {}
    for layer, path, entries in (("provisioning", provisioning, prov_entries),
                                 ("user", user, usr_entries)):
        fatal = layer == "provisioning"
        for e in entries:
            if e.section == "lock":
                continue
            key = f"{e.section}.{e.name}"
            if layer == "user" and key in locked:
                issues.append(Problem(str(path), e.line, key, "set by IT (locked): your value "
                                      "is ignored", fatal=False))
                continue
            try:
                value = _convert(getattr(getattr(base, e.section), e.name), e.raw, key)
            except ValueError as exc:
                if key in CHOICES and key in locked and fatal:
                    values[e.section][e.name] = CHOICES[key][-1]     # fail closed, not open
                    sources[key] = layer
                    issues.append(Problem(str(path), e.line, key, f"{exc}; locked by IT, so "
                                          f"using the strictest value {CHOICES[key][-1]!r}"))
                else:
                    issues.append(Problem(str(path), e.line, key, f"{exc}; keeping "
                                          f"{values[e.section][e.name]!r}", fatal))
                continue
            values[e.section][e.name] = value
            sources[key] = layer
            origins[key] = f"{path}:{e.line}"
    _cross_checks(values, sources, origins, issues, provisioning)
    problems = tuple(str(p) for p in issues)
    return Settings(center=CenterSettings(**values["center"]), sip=SipSettings(**values["sip"]),
                    audio=AudioSettings(**values["audio"]), ui=UiSettings(**values["ui"]),
                    network=NetworkSettings(**values["network"]),
                    locked=frozenset(locked), sources=sources, problems=problems,
                    issues=tuple(issues), origins=origins,
                    files={"provisioning": str(provisioning), "user": str(user)})


def _where(origins: dict[str, str], key: str) -> tuple[str, int]:
    file, _, line = origins.get(key, ":0").rpartition(":")
    return file, int(line or 0)


def _cross_checks(values: dict, sources: dict, origins: dict, issues: list[Problem],
                  provisioning: Path) -> None:
    """Rules between keys: the IT-only keys, https, and amber before red."""
    defaults = Settings()
    for key in all_keys():
        sec, name = key.split(".")
        if spec(key).get("it_only") and sources[key] == "user":
            file, line = _where(origins, key)
            issues.append(Problem(file, line, key, "only IT can set this (provisioning file); "
                                  "your value is ignored", fatal=False))
            values[sec][name] = getattr(getattr(defaults, sec), name)
            sources[key] = "default"
    url = values["center"]["base_url"]
    if url:
        try:
            validate_url(url, allow_http=values["center"]["allow_http"])
        except ValueError as exc:
            file, line = _where(origins, "center.base_url")
            fatal = sources["center.base_url"] == "provisioning"
            issues.append(Problem(file, line, "center.base_url", str(exc), fatal))
            values["center"]["base_url"] = ""
    net = values["network"]
    for amber, red in _PAIRS:
        worse = net[red] > net[amber] if amber.startswith("mos") else net[red] < net[amber]
        if worse:
            key = f"network.{red}"
            file, line = _where(origins, key)
            if not file:
                file, line = _where(origins, f"network.{amber}")
            fatal = "provisioning" in (sources[key], sources[f"network.{amber}"])
            issues.append(Problem(file or str(provisioning), line, key,
                                  f"{net[red]} is less severe than {amber} = {net[amber]}",
                                  fatal))


# ------------------------------------------------------------------------------ overrides
def refuse_overrides(settings: Settings, overrides: dict[str, tuple[str, str]]) -> list[Problem]:
    """Command-line or environment values for keys: ``{key: (where, value)}``, e.g.
    ``{"center.base_url": ("--center", url)}``. A locked key is refused; a value is checked
    like the file's. Returns the (fatal) problems; empty = all accepted."""
    out = []
    for key, (where, value) in overrides.items():
        if not value:
            continue
        if key in settings.locked:
            out.append(Problem(where, 0, key, "refused: IT locked this setting in the "
                                              "provisioning file"))
            continue
        try:
            if key == "center.base_url":
                validate_url(value, allow_http=settings.center.allow_http)
            else:
                _convert(settings.get(key), value, key)
        except ValueError as exc:
            out.append(Problem(where, 0, key, str(exc)))
    return out


def ca_environment(settings: Settings, environ: dict[str, str] | None = None) -> list[Problem]:
    """Variables that would replace the center's trust store, when IT has not allowed that
    (center.trust_env_ca): the caller removes them from the environment."""
    env = os.environ if environ is None else environ
    if settings.center.trust_env_ca:
        return []
    return [Problem(var, 0, "center.trust_env_ca", "ignored: only IT can let this variable "
                    "replace the center's trusted certificates", fatal=False)
            for var in CA_ENV_VARS if env.get(var)]


# ------------------------------------------------------------------------------ writing
def save_user_setting(settings: Settings, key: str, value: Any, user: Path | None = None,
                      provisioning: Path | None = None) -> Settings:
    """Write one key to the user's file (atomically) and return the reloaded settings."""
    section, name = _split(key)
    if key in settings.locked:
        raise LockedError(f"'{key}' is set by your IT department and cannot be changed here.")
    text = str(value).lower() if isinstance(value, bool) else str(value)
    _convert(getattr(getattr(Settings(), section), name), text, key)   # validate
    if key == "center.base_url":
        validate_url(text, allow_http=settings.center.allow_http)
    path = user if user is not None else user_settings_path()
    entries, _ = parse_ini(path, fatal=False)
    table: dict[str, dict[str, str]] = {}
    for e in entries:
        table.setdefault(e.section, {})[e.name] = e.raw
    table.setdefault(section, {})[name] = text.strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for sec, items in table.items():
            fh.write(f"[{sec}]\n")
            for k, v in items.items():
                fh.write(f"{k} = {v}\n")
            fh.write("\n")
    tmp.replace(path)
    prov = provisioning if provisioning is not None else (
        Path(settings.files["provisioning"]) if settings.files.get("provisioning") else None)
    return load_settings(provisioning=prov, user=path)


def local_security(settings: Settings, tls_available: bool = True) -> LocalSecurity:
    """The [sip] security keys as the line policy reads them (softphone.domain.security)."""
    s = settings.sip
    return LocalSecurity(
        transport=s.transport, srtp=s.srtp, verify_server=s.tls_verify_server,
        locked=frozenset(k[4:] for k in settings.locked if k.startswith("sip.")),
        verify_source=settings.sources.get("sip.tls_verify_server", "default"),
        tls_port=s.tls_port, tls_available=tls_available)
