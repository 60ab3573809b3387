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

import platformdirs

from softphone import APP_ID, APP_NAME
from softphone.domain.security import SRTP_ORDER, TRANSPORT_ORDER, LocalSecurity

from softphone.platform.settings_schema import (  # noqa: F401 - the public names live here
    LOOPBACK_HOSTS, MAX_FILE_BYTES, AudioSettings, CenterSettings, NetworkSettings, Problem,
    CallsSettings, ProtectionSettings,
    SipSettings, UiSettings, is_loopback_url, parse_ini, validate_url)

TEMPLATE = files("softphone.resources") / "settings-template.ini"     # package data


@dataclass(frozen=True)
class Settings:
    center: CenterSettings = field(default_factory=CenterSettings)
    sip: SipSettings = field(default_factory=SipSettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    ui: UiSettings = field(default_factory=UiSettings)
    network: NetworkSettings = field(default_factory=NetworkSettings)
    protection: ProtectionSettings = field(default_factory=ProtectionSettings)
    calls: CallsSettings = field(default_factory=CallsSettings)
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


SECTIONS = ("center", "sip", "audio", "ui", "network", "protection", "calls")
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
                    protection=ProtectionSettings(**values["protection"]),
                    calls=CallsSettings(**values["calls"]),
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
