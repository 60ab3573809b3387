"""Secrets masked in every log line: one redaction filter for every handler, and the current call's caller data.

Where the filter sits. A filter added to a *logger* sees only the records that logger makes
itself: a record logged on ``urllib3.util.retry`` and propagated to the root's handlers never
passes a filter on ``urllib3.connectionpool`` or on the root logger. A filter on a *handler*
sees every record that handler writes, whichever logger made it. ``install()`` (called once by
``app.main`` right after ``logging.basicConfig``: the app configures logging once) therefore
adds one ``Redactor`` to every handler that exists then, and wraps the log record factory with
the same instance, so a record is masked as it is made: a handler added later (by a library, or
a logger that does not propagate) writes masked lines too. Masking twice changes nothing.

What the redactor does to a record: formats the message once (``msg % args``), masks it and
keeps it with empty ``args``; the traceback (``exc_text``) and ``stack_info`` are formatted and
masked the same way. If anything goes wrong the line is withheld, never written unmasked.

What is masked, in this order (every pattern is linear: no nested repetition):

- the exact strings ``remember(*values)`` registered (the current call's caller number and
  name, with their URL-encoded forms), case-insensitively, until ``forget()``;
- the value after a secret-looking key (``password=``, ``"token": ``, ``sip_secret:``,
  ``Cookie:`` ...), a whole ``Authorization:`` header, and ``Bearer <token>`` anywhere;
- long random-looking strings: 20+ characters of ``[A-Za-z0-9_-]`` mixing at least two of
  digits, lower and upper case (session tokens, hex digests, keys); UUIDs stay readable;
- the user part of ``sip:``/``sips:`` URIs (``sip:***@host``) and the number of ``tel:`` URIs;
- phone numbers: 8+ digits in a row, or 7+ digits with a leading ``+`` (or ``%2B``) or with
  spaces, dashes or parentheses between them (``+82 2-1555-0101``, ``(02) 1555 0101``). Each
  digit but the last two becomes ``#``. Ports, status codes, pids, durations, addresses,
  versions, times and ISO dates (``2026-11-30``) stay readable.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any, Iterable
from urllib.parse import quote, quote_plus

__all__ = ["Redactor", "forget", "install", "redact", "remember", "remembered", "uninstall"]

MASK = "***"
WITHHELD = "[log line withheld: it could not be masked]"

_SECRET_KEYS = ("password", "passwd", "secret", "token", "authorization", "api_key", "apikey",
                "api-key", "cookie", "credential", "session_id", "sessionid", "private_key")
_AUTH_HEADER = re.compile(r"(?i)\b((?:proxy-)?authorization[\"']?[ \t]*[:=][ \t]*)[^\r\n]*")
_BEARER = re.compile(r"(?i)\b(bearer[ \t]+)[A-Za-z0-9\-._~+/]+=*")
_KEY = re.compile(r"(?<![A-Za-z0-9_\-])([A-Za-z][A-Za-z0-9_\-]*)([\"']?[ \t]*[:=][ \t]*[\"']?)")
_VALUE = {'"': re.compile(r'(?:[^"\\\r\n]|\\.)*'),          # quoted: to the closing quote
          "'": re.compile(r"(?:[^'\\\r\n]|\\.)*"),
          "": re.compile(r"(?i:(?:bearer|basic|digest|token|negotiate)[ \t]+)?\S*")}  # to a space
_LONG_RUN = re.compile(r"(?<![A-Za-z0-9_\-])[A-Za-z0-9_\-]{20,}=*")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_URI = re.compile(r"(?i)(?<![A-Za-z0-9])(sips?|tel):([^\s@<>\"';,]+)(@?)")
# a digit, then more digits, each after an optional ")", space or dash and "(": a text can be
# matched only one way, so a failed attempt gives back a few characters, never the whole run
_PHONE = re.compile(r"(?<![A-Za-z0-9_.\-])(\+|%2[Bb])?(\(?\d(?:\)?[ \-]?\(?\d)*)")
_ISO_DATE = re.compile(r"\d{4}-[01]\d-[0-3]\d(?!\d)")


class Remembered:
    """The exact strings of the current call (thread safe: the desk writes, any thread reads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: frozenset[str] = frozenset()
        self._pattern: re.Pattern[str] | None = None

    def add(self, values: Iterable[Any]) -> None:
        new = {form for v in values for form in _forms(v)}
        with self._lock:
            merged = self._values | new
            if merged != self._values:
                self._values = merged
                alternatives = sorted(merged, key=len, reverse=True)   # longest first
                self._pattern = re.compile("|".join(map(re.escape, alternatives)), re.IGNORECASE)

    def clear(self) -> None:
        with self._lock:
            self._values, self._pattern = frozenset(), None

    def values(self) -> frozenset[str]:
        return self._values

    def mask(self, text: str) -> str:
        pattern = self._pattern          # one read: a concurrent add/clear swaps the whole thing
        return pattern.sub(MASK, text) if pattern is not None else text


def _forms(value: Any) -> set[str]:
    """A value and the ways it shows in a URL; too short to be telling (``Al``) is skipped."""
    text = str(value or "").strip()
    if len(text) < 2 or (text.isascii() and len(text) < 3):
        return set()
    return {f for f in (text, quote(text, safe=""), quote_plus(text)) if f}


def _key_values(text: str) -> str:
    """The value after every secret-looking key, masked (a key inside a masked value is skipped)."""
    out, done = [], 0
    for m in _KEY.finditer(text):
        if m.start() < done or not any(k in m.group(1).lower() for k in _SECRET_KEYS):
            continue
        quote_char = m.group(2)[-1:] if m.group(2)[-1:] in ("'", '"') else ""
        value = _VALUE[quote_char].match(text, m.end())
        if not value.group(0) or value.group(0) == MASK:
            continue
        out += [text[done:m.end()], MASK]
        done = value.end()
    return "".join(out) + text[done:] if out else text


def _long_run(m: re.Match[str]) -> str:
    s = m.group(0)
    core = s.rstrip("=")
    if _UUID.fullmatch(core):
        return s
    kinds = (any(c.isdigit() for c in core) + any(c.islower() for c in core)
             + any(c.isupper() for c in core))
    return MASK if kinds >= 2 else s


def _uri(m: re.Match[str]) -> str:
    scheme, user, at = m.group(1), m.group(2), m.group(3)
    if scheme.lower() == "tel" or at:
        return f"{scheme}:{MASK}{at}"
    return m.group(0)            # sip:host (no user part)


def _phone(m: re.Match[str]) -> str:
    prefix, body = m.group(1) or "", m.group(2)
    kept = ""
    if not prefix:
        text, end = m.string, m.end()
        following = text[end:end + 2]
        if following[:1].isascii() and (following[:1].isalpha() or following[:1] == "_"):
            return m.group(0)    # part of an identifier (1234567abc), not a number on its own
        if following[:1] == "." and following[1:2].isdigit():
            return m.group(0)    # a decimal number
        at = 0
        while (date := _ISO_DATE.match(body, at)) is not None:     # dates stay, what follows not
            at = date.end()
            while at < len(body) and not (body[at].isdigit() or body[at] == "("):
                at += 1
        kept, body = body[:at], body[at:]
    return prefix + kept + _mask_digits(body, bool(prefix))


def _mask_digits(body: str, plus: bool) -> str:
    """Every digit but the last two as ``#``, when ``body`` has enough digits for a phone number."""
    digits = sum(c.isdigit() for c in body)
    if digits < (7 if plus or digits != len(body) else 8):
        return body
    seen, out = 0, []
    for c in body:
        if c.isdigit():
            seen += 1
            out.append(c if seen > digits - 2 else "#")
        else:
            out.append(c)
    return "".join(out)


_REMEMBERED = Remembered()


def remember(*values: Any) -> None:
    """Mask these exact strings (a caller's number, name) in every log line until ``forget()``."""
    _REMEMBERED.add(values)


def forget() -> None:
    """The call's context is gone: stop masking the strings ``remember`` registered."""
    _REMEMBERED.clear()


def remembered() -> frozenset[str]:
    """The strings masked now besides the patterns (for tests and diagnostics)."""
    return _REMEMBERED.values()


def redact(text: str, remembered: Remembered | None = None) -> str:
    """``text`` with every secret, caller detail and phone number masked."""
    text = (remembered or _REMEMBERED).mask(text)
    text = _AUTH_HEADER.sub(lambda m: m.group(1) + MASK, text)
    text = _BEARER.sub(lambda m: m.group(1) + MASK, text)
    text = _key_values(text)
    text = _LONG_RUN.sub(_long_run, text)
    text = _URI.sub(_uri, text)
    return _PHONE.sub(_phone, text)


class Redactor(logging.Filter):
    """Masks a record in place (message, arguments, traceback, stack) and always lets it pass."""

    _formatter = logging.Formatter()

    def __init__(self, remembered: Remembered | None = None) -> None:
        super().__init__()
        self.remembered = remembered or _REMEMBERED

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            try:
                message = record.getMessage()
            except Exception:        # bad arguments: logging would print them raw to stderr
                message = f"{record.msg} (unformattable log arguments: {record.args!r})"
            record.msg, record.args = redact(message, self.remembered), ()
            if record.exc_info and not record.exc_text:
                record.exc_text = self._formatter.formatException(record.exc_info)
            record.exc_info = None   # only the masked text is left to print
            if record.exc_text:
                record.exc_text = redact(record.exc_text, self.remembered)
            if record.stack_info:
                record.stack_info = redact(record.stack_info, self.remembered)
        except Exception:            # never write a line that could not be masked
            record.msg, record.args = WITHHELD, ()
            record.exc_info = record.exc_text = record.stack_info = None
        return True


_install_lock = threading.Lock()
_installed: Redactor | None = None
_factory: Any = None
_previous_factory: Any = None


def _handlers() -> list[logging.Handler]:
    loggers = [logging.getLogger(), *(lg for lg in logging.Logger.manager.loggerDict.values()
                                      if isinstance(lg, logging.Logger))]
    return [h for lg in loggers for h in lg.handlers]


def install() -> Redactor:
    """Put the one ``Redactor`` on every handler there is, and on every record made from now on.

    Call it after logging is configured; calling it again adds the same filter to handlers
    added since (idempotent)."""
    global _installed, _factory, _previous_factory
    with _install_lock:
        if _installed is None:
            redactor = _installed = Redactor()
            previous = _previous_factory = logging.getLogRecordFactory()

            def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
                record = previous(*args, **kwargs)
                redactor.filter(record)
                return record

            _factory = factory
            logging.setLogRecordFactory(factory)
        for handler in _handlers():
            handler.addFilter(_installed)       # a no-op when it is there already
        return _installed


def uninstall() -> None:
    """Undo ``install()`` (for tests)."""
    global _installed, _factory, _previous_factory
    with _install_lock:
        if _installed is None:
            return
        for handler in _handlers():
            handler.removeFilter(_installed)
        if logging.getLogRecordFactory() is _factory:
            logging.setLogRecordFactory(_previous_factory)
        _installed = _factory = _previous_factory = None
