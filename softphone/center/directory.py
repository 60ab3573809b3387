"""The directory for transfers, consults and dialing, the colleagues' presence (a long-poll) and the dial policy: the center calls behind ``CenterApi.directory``, ``.presence`` and ``.dial_policy``.

Parsing is tolerant where a newer center may say more: an entry (or a presence change) the
app does not understand is skipped and logged, never the whole answer; an answer that is not
a list or a page at all is ``CenterError("invalid_response")``. ``presence`` is a long-poll
like the supervisor thread (softphone.center.messages): the center holds it up to
``wait_s`` seconds (capped a few seconds under the client's read timeout, so a held answer
is never taken for a dead center); the desk runs it on a poll lane of its own
(``TaskRunner.poll``). Synchronous, like the client: call it from a worker.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from softphone.center.messages import hold_s
from softphone.center.models import CenterError, _choices, parse

if TYPE_CHECKING:
    from softphone.center.client import CenterApi

log = logging.getLogger("softphone.center.client")
KINDS = ("colleague", "team", "external")
PRESENCES = ("available", "on_call", "break", "offline")


@dataclass(frozen=True)
class DirectoryEntry:
    """Someone (or some service) to call, consult or transfer to. ``address`` is what to dial
    (an extension, a SIP user of the center's domain, or an E.164 number); ``presence`` is ''
    for teams and outside services; ``transfer``: callers may be transferred there."""
    id: str
    name: str
    kind: str = field(metadata=_choices(*KINDS))
    team: str
    address: str
    presence: str = field(metadata=_choices(*PRESENCES, ""))
    transfer: bool


@dataclass(frozen=True)
class PresenceChange:
    id: str
    presence: str = field(metadata=_choices(*PRESENCES))


@dataclass(frozen=True)
class PresencePage:
    """Presence after a version: ``full`` means ``changes`` is everyone's presence (replace
    what you hold), else only what changed. Ask again with ``after=version``."""
    version: int
    full: bool
    changes: tuple[PresenceChange, ...]


@dataclass(frozen=True)
class DialPolicy:
    """What the counselor may dial (GET /dial-policy); ``internal`` is a regular expression
    for extensions (full match), ``blocked_prefixes`` hold national and E.164 forms."""
    default_region: str
    internal: str
    allow_international: bool
    blocked_prefixes: tuple[str, ...]

    def is_internal(self, number: str) -> bool:
        return re.fullmatch(self.internal, number.strip()) is not None

    def blocked(self, number: str) -> bool:
        """Whether ``number`` (as typed; spaces, dashes, dots and brackets ignored) starts
        with a blocked prefix."""
        plain = re.sub(r"[\s\-.()]", "", number)
        return any(plain.startswith(p) for p in self.blocked_prefixes)


def _tolerant(cls: type, items: Any, where: str) -> list:
    if not isinstance(items, list):
        raise CenterError("invalid_response", detail=f"{where}: expected a list")
    out = []
    for i, raw in enumerate(items):
        try:
            out.append(parse(cls, raw, f"{where}[{i}]"))
        except CenterError as exc:
            log.warning("an entry the app does not understand was skipped: %s", exc.detail)
    return out


def entries(api: "CenterApi") -> list[DirectoryEntry]:
    """The directory in the counselor's language (the counselor not in it)."""
    return _tolerant(DirectoryEntry, api._request("GET", "/directory")[1], "GET /directory")


def presence(api: "CenterApi", after: int = 0, wait_s: float = 0) -> PresencePage:
    """Presence changes after version ``after`` (0: everyone's presence, ``full``), held up
    to ``wait_s`` seconds (capped by ``messages.hold_s``) while nothing changes."""
    params: dict[str, Any] = {"after": int(after)}
    wait = hold_s(api, wait_s)
    if wait:
        params["wait_s"] = wait
    data = api._request("GET", "/directory/presence", params=params)[1]
    if not isinstance(data, dict) or type(data.get("version")) is not int \
            or type(data.get("full")) is not bool:
        raise CenterError("invalid_response", detail="GET /directory/presence: not a page")
    changes = _tolerant(PresenceChange, data.get("changes"), "PresencePage.changes")
    return PresencePage(data["version"], data["full"], tuple(changes))


def dial_policy(api: "CenterApi") -> DialPolicy:
    policy = parse(DialPolicy, api._request("GET", "/dial-policy")[1])
    try:
        re.compile(policy.internal)
    except (re.error, RecursionError):
        raise CenterError("invalid_response", detail="DialPolicy.internal: not a regular "
                                                     "expression") from None
    return policy
