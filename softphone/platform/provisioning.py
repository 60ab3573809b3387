"""IT's settings at start-up: command-line and environment overrides, ``--check-settings``.

``startup_settings(args)`` loads the settings (platform/settings.py), refuses command-line
values for keys IT locked (``--center``, ``--lang``, ``--bind``: fatal problems), removes the
variables that would replace the center's trust store unless IT allows them
(``center.trust_env_ca``), logs every problem, and returns what stops start-up.
``check_settings`` prints them for IT's scripts.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from softphone.platform.settings import Settings, _convert, load_settings, validate_url
from softphone.platform.settings_schema import Problem

log = logging.getLogger("softphone")
# variables that would replace the trust store the center's certificate is checked against
CA_ENV_VARS = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR")


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


def startup_settings(args: Any) -> tuple[Settings, list[Problem]]:
    """The settings, and what stops start-up: IT's file's problems, and command-line values for
    keys IT locked. Variables that would replace the center's trust store are removed from the
    environment unless IT allows them (center.trust_env_ca); every problem is logged."""
    settings = load_settings()
    refused = refuse_overrides(settings, {"center.base_url": ("--center", args.center),
                                          "ui.language": ("--lang", args.lang),
                                          "sip.bind_address": ("--bind", args.bind)})
    for problem in ca_environment(settings):
        os.environ.pop(problem.file, None)
        log.warning("settings: %s", problem)
    for problem in [*settings.issues, *refused]:
        (log.error if problem.fatal else log.warning)("settings: %s", problem)
    return settings, [*settings.fatal, *refused]


def check_settings(settings: Settings, refused: list[Problem]) -> int:
    """``--check-settings``: every problem on stdout, one a line; 0 when there is none."""
    problems = sorted({*settings.issues, *refused}, key=lambda p: (p.file, p.line, p.key))
    for name, path in settings.files.items():
        print(f"{name}: {path}")
    for p in problems:
        print(f"{'ERROR' if p.fatal else 'warning'}: {p}")
    print(f"{len(problems)} problem(s); locked: {', '.join(sorted(settings.locked)) or 'none'}")
    return 1 if problems else 0
