"""Read the caller's identity and X- headers out of a raw SIP INVITE (pure text parsing)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_COMPACT = {"f": "from", "t": "to", "m": "contact", "i": "call-id", "v": "via"}
_ESCAPED = re.compile(r"\\(.)")


@dataclass(frozen=True)
class Caller:
    number: str
    display_name: str
    uri: str
    headers: tuple[tuple[str, str], ...]
    interaction_id: str
    queue: str
    from_uri: str = ""


def parse_headers(message: str) -> list[tuple[str, str]]:
    """Header (name, value) pairs of a SIP message, unfolded, in order; names as sent."""
    head = message.replace("\r\n", "\n").split("\n\n", 1)[0]
    lines = head.split("\n")[1:]
    out: list[tuple[str, list[str]]] = []       # value parts, joined once (linear)
    for line in lines:
        if line[:1] in (" ", "\t") and out:
            out[-1][1].append(line.strip())
            continue
        if ":" not in line:
            continue
        name, value = line.split(":", 1)
        out.append((name.strip(), [value.strip()]))
    return [(name, " ".join(parts)) for name, parts in out]


def parse_name_addr(value: str) -> tuple[str, str]:
    """(display name, uri) of a From / P-Asserted-Identity value.

    A scan with str.find, never a backtracking pattern: linear in the value's length (a
    caller controls it; a regex with ``\\s*`` around a lazy group took minutes on 4k spaces).
    """
    v = value.lstrip()
    name = None
    if v.startswith('"'):
        end = _closing_quote(v)
        if end > 0 and v[end + 1:].lstrip().startswith("<"):
            name, rest = v[1:end], v[end + 1:].lstrip()
    else:
        lt = v.find("<")
        if lt >= 0 and '"' not in v[:lt]:
            name, rest = v[:lt].rstrip(), v[lt:]
    if name is not None:
        gt = rest.find(">")
        if gt > 0:
            return _ESCAPED.sub(r"\1", name).strip(), rest[1:gt].strip()
    return "", value.split(";", 1)[0].strip()


def _closing_quote(v: str) -> int:
    """Index of the quote that closes the quoted string opening ``v`` (backslash escapes
    honoured, as the old pattern's ``\\\\.``: not before a newline), or -1. Linear: each
    search starts where the last one stopped."""
    i, q = 1, v.find('"', 1)
    while q >= 0:
        b = v.find("\\", i, q)
        if b < 0:
            return q
        if v[b + 1] == "\n":
            return -1
        i = b + 2
        if i > q:
            q = v.find('"', i)
    return -1


def user_part(uri: str) -> str:
    """The user (number) of a sip:/sips:/tel: URI, without parameters."""
    u = uri.strip()
    for scheme in ("sips:", "sip:", "tel:"):
        if u.lower().startswith(scheme):
            u = u[len(scheme):]
            break
    if "@" in u:
        u = u.split("@", 1)[0]
    else:
        u = u.split(";", 1)[0] if uri.lower().startswith("tel:") else ""
    return u.split(";", 1)[0]


def parse_caller(message: str, fallback_uri: str = "") -> Caller:
    """Who is calling: P-Asserted-Identity preferred, else From; plus every X- header."""
    headers = parse_headers(message)
    lower = [(_COMPACT.get(n.lower(), n.lower()), v) for n, v in headers]
    pai = [v for n, v in lower if n == "p-asserted-identity"]
    frm = [v for n, v in lower if n == "from"]
    name, uri = "", fallback_uri
    # several PAIs (sip + tel) may come comma-separated or in separate headers; an empty one
    # counts as none (it used to raise, and the offer never reached the desk)
    candidates = [p.strip() for v in pai for p in v.split(",") if p.strip()]
    if candidates:
        name, uri = parse_name_addr(candidates[0])
        if not name and frm:
            name = parse_name_addr(frm[0])[0]
    elif frm:
        name, uri = parse_name_addr(frm[0])
    x = tuple((n, v) for n, v in headers if n.lower().startswith("x-"))
    get = {n.lower(): v for n, v in reversed(x)}
    from_uri = parse_name_addr(frm[0])[1] if frm else fallback_uri
    return Caller(number=user_part(uri), display_name=name, uri=uri, headers=x,
                  interaction_id=get.get("x-interaction-id", ""), queue=get.get("x-queue", ""),
                  from_uri=from_uri)
