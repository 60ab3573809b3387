"""Typed, layered settings: defaults < IT provisioning file < the counselor's own settings.

Every key is ``section.name`` and is documented with its default in
``softphone/resources/settings-template.ini``. The provisioning file (``$SOFTPHONE_PROVISIONING`` or
``/etc/agent-softphone/provisioning.ini``) may lock keys in its ``[lock]`` section
(``keys = center.base_url, sip.srtp``); the user's file cannot override a locked key and
the settings screen shows it read-only. Secrets never live here (see credentials.py).
A bad value is reported in ``problems`` and the lower layer's value is kept.
"""

from __future__ import annotations

import configparser
import dataclasses
import os
from dataclasses import dataclass, field, fields
from importlib.resources import files
from pathlib import Path
from typing import Any

import platformdirs

from softphone import APP_ID
from softphone.domain.security import SRTP_ORDER, TRANSPORT_ORDER, LocalSecurity

DEFAULT_PROVISIONING = Path("/etc/agent-softphone/provisioning.ini")
TEMPLATE = files("softphone.resources") / "settings-template.ini"     # package data


@dataclass(frozen=True)
class CenterSettings:
    base_url: str = ""              # e.g. https://center.example/api/v1 ; empty = ask / demo
    ca_bundle: str = ""             # PEM file for a private CA; empty = system store
    connect_timeout_s: float = 3.05
    read_timeout_s: float = 10.0
    ready_after_outage: bool = False   # back after a lost connection: Ready again without asking
    username: str = ""              # last user name (not secret)


@dataclass(frozen=True)
class SipSettings:
    bind_address: str = ""          # "" = all interfaces
    sip_port: int = 0
    rtp_port: int = 0
    transport: str = ""             # "" = what the center provisions; udp|tcp|tls (a floor)
    srtp: str = ""                  # "" = what the center provisions; off|optional|mandatory
    tls_verify_server: bool = True  # false counts only when IT locks it
    tls_port: int = 0               # registrar TLS port when TLS is forced here; 0 = 5061
    stats_interval_s: float = 3.0
    allow_transfer_requests: str = "off"   # off|registrar; counts only from provisioning
    accept_requests_only_from_proxy: bool = True   # false counts only from provisioning


@dataclass(frozen=True)
class AudioSettings:
    input_device: str = ""          # "" = system default
    output_device: str = ""
    ring_device: str = ""
    auto_answer: bool = False       # answer queue calls without a click
    whisper_beep: bool = True       # a short beep in the headset before an auto-answered call


@dataclass(frozen=True)
class UiSettings:
    language: str = ""              # "" = the system's language; en|ko|ru
    theme: str = "system"           # system|light|dark
    shortcuts: str = ""             # "answer=Ctrl+Return; hangup=F9" (only what differs)
    remember_password: bool = True
    idle_lock_min: int = 15
    mask_numbers: bool = True


@dataclass(frozen=True)
class NetworkSettings:
    """The readiness check (softphone/desk/readiness.py): when it runs, and its thresholds:
    a figure at or past ``*_amber`` is amber, at or past ``*_red`` red (MOS: at or below)."""
    check_at_shift_start: bool = True
    echo_seconds: float = 10.0
    large_sip_bytes: int = 1600
    center_ms_amber: float = 300.0
    center_ms_red: float = 1000.0
    sip_ms_amber: float = 300.0
    sip_ms_red: float = 1000.0
    rtt_ms_amber: float = 200.0
    rtt_ms_red: float = 400.0
    loss_pct_amber: float = 1.0
    loss_pct_red: float = 3.0
    jitter_ms_amber: float = 20.0
    jitter_ms_red: float = 50.0
    mos_amber: float = 4.0
    mos_red: float = 3.6
    dns_ms_amber: float = 200.0
    dns_ms_red: float = 1000.0
    clock_s_amber: float = 5.0
    clock_s_red: float = 60.0


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

    def get(self, key: str) -> Any:
        section, name = _split(key)
        return getattr(getattr(self, section), name)


SECTIONS = ("center", "sip", "audio", "ui", "network")
# security keys with a fixed set of values; a locked key IT got wrong takes the strictest
CHOICES = {"sip.transport": ("", *TRANSPORT_ORDER), "sip.srtp": ("", *SRTP_ORDER)}


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


def _convert(default: Any, raw: str, key: str = "") -> Any:
    raw = raw.strip()
    if key in CHOICES:
        if raw.lower() not in CHOICES[key]:
            raise ValueError(f"'{raw}' is not one of {'|'.join(CHOICES[key][1:])}")
        return raw.lower()
    if isinstance(default, bool):
        low = raw.lower()
        if low in ("1", "true", "yes", "on"):
            return True
        if low in ("0", "false", "no", "off"):
            return False
        raise ValueError(f"'{raw}' is not true/false")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


def provisioning_path() -> Path:
    env = os.environ.get("SOFTPHONE_PROVISIONING")
    return Path(env) if env else DEFAULT_PROVISIONING


def user_settings_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_ID, appauthor=False)) / "settings.ini"


def _read_ini(path: Path | None, problems: list[str]) -> configparser.ConfigParser | None:
    if path is None or not path.is_file():
        return None
    cp = configparser.ConfigParser(interpolation=None)
    try:
        cp.read(path, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: cannot read ({exc.__class__.__name__}); ignored")
        return None
    return cp


def load_settings(provisioning: Path | None = None, user: Path | None = None) -> Settings:
    """Read the layers; ``None`` paths mean the standard locations."""
    problems: list[str] = []
    prov = _read_ini(provisioning if provisioning is not None else provisioning_path(), problems)
    usr = _read_ini(user if user is not None else user_settings_path(), problems)
    locked: set[str] = set()
    if prov is not None and prov.has_option("lock", "keys"):
        for key in prov.get("lock", "keys").replace("\n", ",").split(","):
            key = key.strip()
            if not key:
                continue
            try:
                _split(key)
                locked.add(key)
            except KeyError:
                problems.append(f"provisioning: unknown key '{key}' in [lock]")
    base = Settings()
    values = {sec: dataclasses.asdict(getattr(base, sec)) for sec in SECTIONS}
    sources = {k: "default" for k in all_keys()}
    for layer_name, cp in (("provisioning", prov), ("user", usr)):
        if cp is None:
            continue
        for sec in cp.sections():
            if sec == "lock":
                continue
            for name, raw in cp.items(sec):
                key = f"{sec}.{name}"
                try:
                    _split(key)
                except KeyError:
                    problems.append(f"{layer_name}: unknown setting '{key}' ignored")
                    continue
                if layer_name == "user" and key in locked:
                    problems.append(f"user: '{key}' is set by IT and cannot be changed")
                    continue
                try:
                    values[sec][name] = _convert(getattr(getattr(base, sec), name), raw, key)
                except ValueError as exc:
                    if key in CHOICES and key in locked and layer_name == "provisioning":
                        values[sec][name] = CHOICES[key][-1]     # fail closed, not open
                        problems.append(f"{layer_name}: '{key}': {exc}; locked by IT, so "
                                        f"using the strictest value {CHOICES[key][-1]!r}")
                    else:
                        problems.append(f"{layer_name}: '{key}': {exc}; "
                                        f"keeping {values[sec][name]!r}")
                    continue
                sources[key] = layer_name
    return Settings(center=CenterSettings(**values["center"]), sip=SipSettings(**values["sip"]),
                    audio=AudioSettings(**values["audio"]), ui=UiSettings(**values["ui"]),
                    network=NetworkSettings(**values["network"]),
                    locked=frozenset(locked), sources=sources, problems=tuple(problems))


def save_user_setting(settings: Settings, key: str, value: Any, user: Path | None = None,
                      provisioning: Path | None = None) -> Settings:
    """Write one key to the user's file (atomically) and return the reloaded settings."""
    section, name = _split(key)
    if key in settings.locked:
        raise LockedError(f"'{key}' is set by your IT department and cannot be changed here.")
    _convert(getattr(getattr(Settings(), section), name), str(value), key)   # validate
    path = user if user is not None else user_settings_path()
    cp = configparser.ConfigParser(interpolation=None)
    if path.is_file():
        cp.read(path, encoding="utf-8")
    if not cp.has_section(section):
        cp.add_section(section)
    cp.set(section, name, str(value).lower() if isinstance(value, bool) else str(value))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        cp.write(fh)
    tmp.replace(path)
    return load_settings(provisioning=provisioning, user=path)


def local_security(settings: Settings, tls_available: bool = True) -> LocalSecurity:
    """The [sip] security keys as the line policy reads them (softphone.domain.security)."""
    s = settings.sip
    return LocalSecurity(
        transport=s.transport, srtp=s.srtp, verify_server=s.tls_verify_server,
        locked=frozenset(k[4:] for k in settings.locked if k.startswith("sip.")),
        verify_source=settings.sources.get("sip.tls_verify_server", "default"),
        tls_port=s.tls_port, tls_available=tls_available)
