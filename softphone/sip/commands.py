"""The typed commands the GUI thread sends the SIP thread, and the check that each has one handler.

Every command is a frozen dataclass of plain, picklable values (no pjsua2 or Qt objects), so
it can cross the thread boundary in a queued signal without anyone mutating it. The SIP
worker marks each handler with ``@handles(CommandClass)``; ``handler_table`` collects them and
refuses (at import of the worker) a command without a handler, or with two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, TypeVar

from softphone.sip.events import SipAccountSettings


class Command:
    """Base of every command the engine sends to its SIP thread."""

    __slots__ = ()


@dataclass(frozen=True)
class CallCommand(Command):
    """A command about one call, named by its engine call id."""

    call_id: int


# --------------------------------------------------------------------------- line and sound


@dataclass(frozen=True)
class SetAccount(Command):
    """Register this line, replacing any previous one; RegistrationChanged follows."""

    settings: SipAccountSettings
    random_retry_s: int = 2


@dataclass(frozen=True)
class Unregister(Command):
    pass


@dataclass(frozen=True)
class HandleNetworkChange(Command):
    """The network changed and is usable again: rebind, re-register, re-INVITE calls."""


@dataclass(frozen=True)
class SetAudioDevices(Command):
    input: str
    output: str
    ring: str


@dataclass(frozen=True)
class PlayWhisper(Command):
    """A short beep on the headset (the desk answered a call automatically)."""


@dataclass(frozen=True)
class CallWaitingTone(Command):
    """While a call is in progress, a second call the desk rings (Ring) beeps softly in the
    headset every ~3 s instead of ringing the ring device; ``on=False`` keeps it silent."""

    on: bool


@dataclass(frozen=True)
class Shutdown(Command):
    """Hang up, unregister and destroy the stack; the SIP thread ends. Sent by stop() only."""


# --------------------------------------------------------------------------- calls


@dataclass(frozen=True)
class MakeCall(CallCommand):
    uri: str                      # a number or a SIP URI; call_id is allocated by the engine


@dataclass(frozen=True)
class Answer(CallCommand):
    pass


@dataclass(frozen=True)
class Ring(CallCommand):
    """Start the ring tone for this offered call (ignored once it is answered or gone)."""


@dataclass(frozen=True)
class Reject(CallCommand):
    code: int = 486               # 486 busy, 603 declined, 480 not available


@dataclass(frozen=True)
class Hangup(CallCommand):
    pass


@dataclass(frozen=True)
class Hold(CallCommand):
    pass


@dataclass(frozen=True)
class Resume(CallCommand):
    pass


@dataclass(frozen=True)
class SetMute(CallCommand):
    muted: bool


@dataclass(frozen=True)
class SendDtmf(CallCommand):
    digits: str


@dataclass(frozen=True)
class BlindTransfer(CallCommand):
    target: str


@dataclass(frozen=True)
class ConsultTransfer(CallCommand):
    other_call_id: int


@dataclass(frozen=True)
class Conference(Command):
    """Join these connected calls and the counselor: each party hears the others. Held
    calls among them are resumed, calls not listed are held. ConferenceChanged follows."""

    call_ids: tuple[int, ...]


@dataclass(frozen=True)
class DropFromConference(CallCommand):
    """Hang up this party; the others stay joined (or, one left, talk with the counselor)."""


# --------------------------------------------------------------------------- protection


@dataclass(frozen=True)
class PlayAnnouncement(CallCommand):
    """Play a warning to the caller instead of the microphone, quietly in the headset too:
    16-bit LE mono ``pcm`` at ``rate`` (8000..48000). AnnouncementState follows."""

    pcm: bytes = field(repr=False)
    rate: int
    local_level: float = 0.25


@dataclass(frozen=True)
class StopAnnouncement(CallCommand):
    pass


@dataclass(frozen=True)
class SetEvidenceClip(Command):
    """Keep the last ``seconds`` (0 = off, at most 120) of the call's audio in memory."""

    seconds: int


@dataclass(frozen=True)
class TakeEvidenceClip(CallCommand):
    """EvidenceClip follows; send it before Hangup (commands run in order)."""


COMMANDS: tuple[type[Command], ...] = (
    SetAccount, Unregister, HandleNetworkChange, SetAudioDevices, PlayWhisper, Shutdown,
    MakeCall, Answer, Ring, Reject, Hangup, Hold, Resume, SetMute, SendDtmf, BlindTransfer,
    ConsultTransfer, PlayAnnouncement, StopAnnouncement, SetEvidenceClip, TakeEvidenceClip,
    CallWaitingTone, Conference, DropFromConference,
)

# --------------------------------------------------------------------------- dispatch table

F = TypeVar("F", bound=Callable)
_MARK = "_handles_command"


def handles(kind: type[Command]) -> Callable[[F], F]:
    """Mark a method ``(self, cmd)`` as the handler of one command class."""
    if kind not in COMMANDS:
        raise TypeError(f"@handles({kind!r}): not a command listed in COMMANDS")

    def mark(fn: F) -> F:
        if hasattr(fn, _MARK):
            raise TypeError(f"{fn.__qualname__} already handles {getattr(fn, _MARK).__name__}")
        setattr(fn, _MARK, kind)
        return fn
    return mark


def handler_table(cls: type) -> dict[type[Command], Callable]:
    """{command class: handler function} from the ``@handles`` methods of ``cls`` and its bases.

    Raises TypeError unless every class in COMMANDS has exactly one handler.
    """
    table: dict[type[Command], Callable] = {}
    where: dict[type[Command], str] = {}
    seen: set[str] = set()
    for klass in cls.__mro__:
        for name, fn in vars(klass).items():
            if name in seen:          # overridden in a subclass: the override is what runs
                continue
            seen.add(name)
            kind = getattr(fn, _MARK, None)
            if kind is None:
                continue
            if kind in table:
                raise TypeError(f"{kind.__name__} has two handlers: {where[kind]} and "
                                f"{klass.__name__}.{name}")
            table[kind] = fn
            where[kind] = f"{klass.__name__}.{name}"
    missing = [k.__name__ for k in COMMANDS if k not in table]
    if missing:
        raise TypeError(f"{cls.__name__} has no handler for: {', '.join(missing)}")
    return table
