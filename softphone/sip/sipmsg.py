"""Read the caller's identity and X- headers out of a raw SIP INVITE (pure text parsing)."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    out: list[tuple[str, str]] = []
    folded: dict[int, list[str]] = {}   # index in out -> its value's parts (joined once: linear)
    for line in head.split("\n")[1:]:
        first = line[:1]
        if (first == " " or first == "\t") and out:
            folded.setdefault(len(out) - 1, [out[-1][1]]).append(line.strip())
            continue
        name, colon, value = line.partition(":")
        if colon:
            out.append((name.strip(), value.strip()))
    for i, parts in folded.items():
        out[i] = (out[i][0], " ".join(parts))
    return out


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
    """Who is calling: P-Asserted-Identity preferred, else From; plus every X- header.

    One pass over the headers (this runs on the SIP thread between an INVITE and its 180)."""
    frm: str | None = None
    pai: list[str] = []
    x: list[tuple[str, str]] = []
    for n, v in parse_headers(message):
        low = n.lower()
        if low == "from" or low == "f":
            if frm is None:
                frm = v
        elif low == "p-asserted-identity":
            pai.append(v)
        elif low[:2] == "x-":
            x.append((n, v))
    from_name, from_uri = parse_name_addr(frm) if frm is not None else ("", fallback_uri)
    # several PAIs (sip + tel) may come comma-separated or in separate headers; an empty one
    # counts as none (it used to raise, and the offer never reached the desk)
    candidate = next((p.strip() for v in pai for p in v.split(",") if p.strip()), None)
    if candidate is not None:
        name, uri = parse_name_addr(candidate)
        name = name or from_name
    else:
        name, uri = from_name, from_uri
    get = {n.lower(): v for n, v in reversed(x)}
    return Caller(number=user_part(uri), display_name=name, uri=uri, headers=tuple(x),
                  interaction_id=get.get("x-interaction-id", ""), queue=get.get("x-queue", ""),
                  from_uri=from_uri)
