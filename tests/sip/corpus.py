"""A seeded corpus of malformed SIP datagrams (built in code): ``corpus(host, port, me)``."""

from __future__ import annotations

import random

SEED = 20261130
CRLF = "\r\n"

SDP = ("v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
       "m=audio 40000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 "
       "telephone-event/8000\r\na=fmtp:101 0-15\r\na=sendrecv\r\n")


class Msg:
    """A request as editable parts: request line, header lines, body."""

    def __init__(self, method: str, host: str, port: int, me: int, n: int, body: str = "",
                 ctype: str = "") -> None:
        self.line = f"{method} sip:agent1@{host}:{port} SIP/2.0"
        cseq_method = "INVITE" if method == "ACK" else method
        self.headers = [
            f"Via: SIP/2.0/UDP 127.0.0.1:{me};rport;branch=z9hG4bK-fz{n}",
            f"From: \"Fuzz\" <sip:fuzz@127.0.0.1:{me}>;tag=fz{n}",
            f"To: <sip:agent1@{host}:{port}>",
            f"Call-ID: fuzz-{n}@127.0.0.1",
            f"CSeq: {n + 1} {cseq_method}",
            f"Contact: <sip:fuzz@127.0.0.1:{me}>",
            "Max-Forwards: 70",
        ]
        if ctype:
            self.headers.append(f"Content-Type: {ctype}")
        self.body = body
        self.length: str | None = None          # None: the body's real length

    def set(self, name: str, value: str | None) -> "Msg":
        """Replace (or with None remove) every header called ``name``; add it if missing."""
        kept = [h for h in self.headers if h.split(":", 1)[0].strip().lower() != name.lower()]
        self.headers = kept + ([f"{name}: {value}"] if value is not None else [])
        return self

    def add(self, line: str) -> "Msg":
        self.headers.append(line)
        return self

    def bytes(self) -> bytes:
        body = self.body.encode("utf-8", "surrogateescape")
        length = str(len(body)) if self.length is None else self.length
        head = CRLF.join([self.line, *self.headers, f"Content-Length: {length}"])
        return head.encode("utf-8", "surrogateescape") + b"\r\n\r\n" + body


def _raw(s: str) -> str:
    """Arbitrary bytes as a str that Msg.bytes writes back unchanged."""
    return s.encode("latin-1").decode("utf-8", "surrogateescape")


METHODS = ("OPTIONS", "INVITE", "MESSAGE", "NOTIFY", "REFER", "INFO", "BYE", "SUBSCRIBE",
           "PUBLISH", "REGISTER", "UPDATE", "PRACK", "CANCEL", "ACK")


def corpus(host: str, port: int, me: int) -> list[tuple[str, bytes]]:
    """(label, datagram) pairs; the same list for the same arguments."""
    rnd = random.Random(SEED)
    out: list[tuple[str, bytes]] = []
    n = [0]

    def msg(method: str = "INVITE", sdp: bool | None = None) -> Msg:
        n[0] += 1
        with_sdp = method == "INVITE" if sdp is None else sdp
        return Msg(method, host, port, me, n[0], SDP if with_sdp else "",
                   "application/sdp" if with_sdp else "")

    def case(label: str, m: Msg | bytes) -> None:
        out.append((label, m if isinstance(m, bytes) else m.bytes()))

    # ---- request lines and whole datagrams
    lines = ["INVITE", "INVITE sip:x SIP/3.0", f"invite sip:agent1@{host} SIP/2.0",
             f"INVITE  sip:agent1@{host}  SIP/2.0", f"INVITE <sip:agent1@{host}> SIP/2.0",
             "INVITE sip: SIP/2.0", "INVITE sip:@ SIP/2.0", "INVITE sip:a@b:99999999 SIP/2.0",
             "INVITE sip:a@[::1 SIP/2.0", "INVITE tel:+1;;;;;; SIP/2.0", _raw("INV\x00ITE sip:a@b SIP/2.0"),
             "X" * 3000 + f" sip:agent1@{host} SIP/2.0", f"INVITE sip:{'a' * 3500}@{host} SIP/2.0",
             "SIP/2.0 200 OK", "SIP/2.0 999 Whatever", "SIP/2.0 abc", "SIP/2.0", " ",
             f"OPTIONS sip:agent1@{host};{';'.join('p%d' % i for i in range(400))} SIP/2.0",
             f"OPTIONS sips:agent1@{host}:{port};transport=foo SIP/2.0",
             f"OPTIONS sip:agent1@{host}:{port}?Route=%3Csip:evil%3E SIP/2.0",
             _raw(f"OPTIONS sip:\xff\xfe@{host} SIP/2.0")]
    for i, line in enumerate(lines):
        m = msg("OPTIONS" if "OPTIONS" in line else "INVITE")
        m.line = line
        case(f"request-line-{i}", m)
    for label, data in [("empty", b""), ("crlf-keepalive", b"\r\n\r\n"), ("nul-100", b"\x00" * 100),
                        ("random-3000", bytes(rnd.randrange(256) for _ in range(3000))),
                        ("huge-60000", msg("OPTIONS").bytes() + b"A" * 60000),
                        ("huge-8000-header", msg("OPTIONS").set("X-Big", "b" * 8000).bytes()),
                        ("only-request-line", f"OPTIONS sip:agent1@{host} SIP/2.0\r\n\r\n".encode())]:
        case(label, data)

    # ---- headers: missing, duplicated, broken, huge
    for method in ("INVITE", "OPTIONS", "MESSAGE", "REFER", "NOTIFY", "BYE"):
        for name in ("Via", "From", "To", "Call-ID", "CSeq", "Max-Forwards", "Contact"):
            case(f"{method}-no-{name}", msg(method).set(name, None))
    dup = [("Call-ID", "other@x"), ("CSeq", "7 INVITE"), ("From", "<sip:b@c>;tag=b"),
           ("To", "<sip:c@d>;tag=c"), ("Content-Length", "3"), ("Max-Forwards", "1"),
           ("Content-Type", "text/plain")]
    for name, value in dup:
        case(f"dup-{name}", msg().add(f"{name}: {value}"))
    broken = [("CSeq", "abc INVITE"), ("CSeq", "99999999999999999999 INVITE"), ("CSeq", "-1 INVITE"),
              ("CSeq", "1 BYE"), ("CSeq", "1"), ("Max-Forwards", "0"), ("Max-Forwards", "-5"),
              ("Max-Forwards", "99999999999999"), ("Via", "garbage"), ("Via", "SIP/2.0/UDP"),
              ("Via", "SIP/2.0/UDP 127.0.0.1:99999;branch="), ("Via", "SIP/2.0/FOO host;;;;"),
              ("Via", "SIP/2.0/UDP [::1;branch=x"), ("From", "<"), ("From", '"unterminated <sip:a@b>'),
              ("From", "sip:a@b;tag=;tag=;tag="), ("To", "sip:a@b;tag=x;tag=y"), ("Contact", "*"),
              ("Contact", "<sip:a@b>;expires=-1"), ("Contact", "<>"), ("Contact", "<" * 500),
              ("Expires", str(2 ** 70)), ("Content-Type", "/"), ("Content-Type", ";;;"),
              ("Content-Type", "multipart/mixed"), ("Content-Type", "application/sdp;charset=" + "x" * 1000),
              ("Route", "garbage"), ("Record-Route", "<>"), ("Require", "no-such-extension"),
              ("Require", ",,,,"), ("Supported", "timer, 100rel, " + "x," * 300),
              ("Session-Expires", "1"), ("Session-Expires", "abc;refresher=nobody"), ("Min-SE", "-1"),
              ("RSeq", "abc"), ("RAck", "1 x INVITE"), ("Event", ";;"), ("Subscription-State", "???"),
              ("Refer-To", "garbage"), ("Refer-To", "<" + "sip:" * 500 + ">"),
              ("Replaces", "garbage"), ("Replaces", "x;to-tag;from-tag"), ("Referred-By", "<<<"),
              ("Authorization", 'Digest username="' + "u" * 2500 + '", realm="r", nonce="n", '
                                'uri="sip:x", response="' + "0" * 500 + '"'),
              ("Authorization", "Digest " + ", ".join(f"p{i}=v" for i in range(300))),
              ("Proxy-Authorization", 'Digest realm="' + "r" * 3000 + '"'),
              ("Authorization", "Digest"), ("WWW-Authenticate", "Digest nonce="),
              ("Accept", "*/*;" + "q=1;" * 400), ("Allow", "," * 1000), ("Date", "yesterday"),
              ("Timestamp", "abc def"), ("Call-ID", ""), ("Call-ID", "a" * 3500),
              ("P-Asserted-Identity", " " * 3500), ("P-Asserted-Identity", "<" * 3000),
              ("P-Asserted-Identity", '"' + "\\" * 3000), ("P-Asserted-Identity", ",,,,,,"),
              ("X-Interaction-Id", "\u202e" * 500), ("X-Queue", "q" * 3500)]
    for i, (name, value) in enumerate(broken):
        case(f"header-{name}-{i}", msg().set(name, value))
    names = [" " * 3000 + "Bob", _raw("\xe9t\xe9"), _raw("\xc3\x28"), _raw("\xc0\xaf\xff\xfe"),
             _raw("nul\x00name"), "\u4e2d\u6587" * 200, "a\\" * 800, '\\"' * 800, "\t" * 1000]
    for i, name in enumerate(names):
        case(f"display-name-{i}", msg().set("From", f'"{name}" <sip:fuzz@127.0.0.1:{me}>;tag=d{i}'))
        case(f"display-name-bare-{i}", msg().set("From", f"{name} <sip:fuzz@127.0.0.1:{me}>;tag=e{i}"))
    odd = [("no-colon", "NoColonHere"), ("colon-only", ": value"), ("fold-first", " folded"),
           ("space-name", "Bad Name: x"), ("nul-value", _raw("X-Nul: a\x00b")),
           ("cr-only", "X-Cr: a\rb"), ("many-x", CRLF.join(f"X-H{i}: v" for i in range(200))),
           ("many-via", CRLF.join(f"Via: SIP/2.0/UDP 10.0.0.{i % 250}:5060;branch=z9hG4bKv{i}"
                                  for i in range(100))), ("deep-fold", "X-F: a" + "\r\n b" * 500)]
    for label, line in odd:
        case(f"line-{label}", msg().add(line))
    for method in METHODS:
        m = msg(method)
        m.length = "-1"
        case(f"{method}-length-negative", m)
        m = msg(method, sdp=True)
        m.length = "99999"
        case(f"{method}-length-too-big", m)
        m = msg(method, sdp=True)
        m.length = "3"
        case(f"{method}-length-too-small", m)
        m = msg(method)
        m.length = "abc"
        case(f"{method}-length-nan", m)

    # ---- bodies
    bad_sdp = ["", "v=1\r\n", SDP.replace("o=", "x="), SDP.replace("40000", "99999999"),
               SDP.replace("40000", "-1"), SDP.replace(" 0 8 101", ""),
               SDP.replace(" 0 8 101", " 0" * 500), SDP + "m=audio 1 RTP/AVP 0\r\n" * 60,
               SDP.replace("IN IP4 127.0.0.1\r\nt", "IN IP4 999.999.999.999\r\nt"),
               SDP.replace("c=IN IP4 127.0.0.1", "c=IN IP6 :::::::::"), SDP + "a=rtpmap:abc\r\n",
               SDP + "a=rtpmap:0\r\n", SDP + "a=fmtp:101 " + "9" * 2000 + "\r\n",
               SDP + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:!!!!\r\n",
               SDP + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + "A" * 2000 + "\r\n",
               SDP + "a=crypto:" + "9" * 50 + " X inline:\r\n", SDP + "a=rtcp:99999999\r\n",
               SDP + "a=ssrc:abc cname:\r\n", SDP + "b=AS:-1\r\n", SDP + "b=X:999999999999999\r\n",
               SDP.replace("t=0 0", "t=abc"), _raw(SDP.replace("s=-", "s=\x00\x00")),
               SDP.replace("\r\n", "\n"), SDP + "a=" + "z" * 3000 + "\r\n",
               SDP.replace("RTP/AVP", "RTP/SAVP") + "a=crypto:1 AES_256_CM_HMAC_SHA1_32 inline:x|2^99|1:99\r\n",
               SDP.replace("m=audio", "m=video"), SDP.replace("m=audio", "m=image") + "a=T38FaxVersion:x\r\n"]
    for i, body in enumerate(bad_sdp):
        m = msg("INVITE")
        m.body = body
        case(f"sdp-{i}", m)
    multipart = ["--b\r\nContent-Type: application/sdp\r\n\r\n" + SDP,            # no closing
                 "--b\r\n\r\n--b--", "--\r\n--\r\n--", "--b\r\nContent-Type: multipart/mixed;"
                 "boundary=c\r\n\r\n--c\r\n" * 30, "no boundary at all",
                 "--b\r\nContent-Length: 99999\r\n\r\nx\r\n--b--\r\n"]
    for i, body in enumerate(multipart):
        m = msg("INVITE", sdp=False).set("Content-Type", "multipart/mixed;boundary=b")
        m.body = body
        case(f"multipart-{i}", m)
    for i, (ctype, body) in enumerate([
            ("text/plain", _raw("\xff\xfe\x00\x00garbage")), ("application/sdp", _raw("\x00" * 500)),
            ("message/sipfrag", "SIP/2.0 abc"), ("application/simple-message-summary", "x" * 3000),
            ("application/dtmf-relay", "Signal=" + "9" * 1000), ("application/pidf+xml", "<" * 2000)]):
        for method in ("MESSAGE", "NOTIFY", "INFO", "INVITE"):
            m = msg(method, sdp=False).set("Content-Type", ctype)
            m.body = body
            case(f"body-{method}-{i}", m)

    # ---- seeded mutations of valid requests
    for i in range(130):
        data = bytearray(msg(rnd.choice(METHODS)).bytes())
        kind = rnd.choice(("flip", "truncate", "insert", "drop-line", "dup-line", "eol"))
        if kind == "flip":
            for _ in range(rnd.randint(1, 12)):
                data[rnd.randrange(len(data))] = rnd.randrange(256)
        elif kind == "truncate":
            del data[rnd.randrange(1, len(data)):]
        elif kind == "insert":
            at = rnd.randrange(len(data))
            data[at:at] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 200)))
        else:
            lines = bytes(data).split(b"\r\n")
            j = rnd.randrange(len(lines))
            if kind == "drop-line":
                del lines[j]
            elif kind == "dup-line":
                lines.insert(j, lines[j])
            data = bytearray(rnd.choice((b"\n", b"\r", b"\r\r\n")).join(lines)
                             if kind == "eol" else b"\r\n".join(lines))
        case(f"mutation-{i}-{kind}", bytes(data))
    return out
