"""The readiness check's verdicts: measurements + thresholds -> green/amber/red rows, one sentence each, in the counselor's language.

``evaluate(measurements, thresholds)`` is pure apart from the translation: the same saved
measurements give the same verdicts when a previous result is opened later. A figure at or
past its ``*_amber`` threshold is amber, at or past ``*_red`` red (MOS: at or below). Rows
that could not be measured are "none" and do not count towards the overall verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from softphone.desk.common import desk_tr, render
from softphone.domain.messages import lookup
from softphone.sip.emodel import estimate_mos

ORDER = ("green", "amber", "red")
CODEC = "pcmu"          # the E-model estimate is for G.711 with packet-loss concealment


@dataclass(frozen=True)
class CheckRow:
    key: str           # center | dns | clock | sip | sip_large | loss | jitter | delay | quality | audio
    verdict: str       # green | amber | red | none
    text: str          # one sentence for the counselor
    figures: str = ""  # the numbers behind it (for IT)


@dataclass(frozen=True)
class ReadinessView:
    verdict: str                     # green | amber | red
    text: str
    rows: tuple[CheckRow, ...]
    when: str = ""                   # ISO 8601 UTC
    path: str = ""                   # the saved file ('' = not saved)
    suggest_tcp: bool = False
    mos: float = 0.0


def grade(value: float, amber: float, red: float) -> str:
    return "red" if value >= red else "amber" if value >= amber else "green"


def worst(verdicts: list[str]) -> str:
    known = [v for v in verdicts if v in ORDER]
    return max(known, key=ORDER.index) if known else "none"


def _ms(v: float) -> str:
    return f"{max(1, round(v))}"          # "0 ms" would read as "not measured"


def _center(m: dict, t: dict) -> CheckRow:
    c = m.get("center") or {}
    if not c.get("ok"):
        kind = str(c.get("error", ""))      # a CenterError kind, or "internal" (see the log)
        why = render(f"center.{kind}") if lookup(f"center.{kind}") else (
            render("net.check_failed") if kind else "")
        return CheckRow("center", "red", desk_tr(
            "The center does not answer: check that your VPN is connected."), why)
    ms = float(c.get("ms", 0))
    v = grade(ms, t["center_ms_amber"], t["center_ms_red"])
    text = {"green": desk_tr("The center answers in {0} ms."),
            "amber": desk_tr("The center answers slowly ({0} ms): screens may update late."),
            "red": desk_tr("The center answers very slowly ({0} ms): check your VPN "
                           "connection.")}[v].format(_ms(ms))
    return CheckRow("center", v, text, f"{ms:.1f} ms")


def _dns(m: dict, t: dict) -> CheckRow:
    if "dns" not in m:
        return CheckRow("dns", "none", desk_tr("Not tested."))
    looked = [d for d in m["dns"] if d.get("needed")]
    if not looked:
        return CheckRow("dns", "green", desk_tr(
            "The center is reached by its address: no name lookup is needed."))
    if not all(d.get("ok") for d in looked):
        return CheckRow("dns", "red", desk_tr(
            "The center's name cannot be found: check that your VPN is connected."),
            ", ".join(d.get("host", "") for d in looked if not d.get("ok")))
    ms = max(float(d.get("ms", 0)) for d in looked)
    v = grade(ms, t["dns_ms_amber"], t["dns_ms_red"])
    text = desk_tr("The center's name is found in {0} ms.") if v == "green" else desk_tr(
        "Finding the center's name takes {0} ms: ask IT to check the VPN's name servers.")
    return CheckRow("dns", v, text.format(_ms(ms)),
                    ", ".join(f"{d.get('host')} {float(d.get('ms', 0)):.1f} ms" for d in looked))


def _clock(m: dict, t: dict) -> CheckRow:
    c = m.get("clock") or {}
    if not c.get("ok"):
        return CheckRow("clock", "none", desk_tr("The center's clock could not be read."),
                        c.get("error", ""))
    off = abs(float(c.get("offset_s", 0)))
    v = grade(off, t["clock_s_amber"], t["clock_s_red"])
    text = desk_tr("This computer's clock matches the center's.") if v == "green" else desk_tr(
        "This computer's clock is {0} s off the center's: ask IT to set the time "
        "automatically.").format(f"{off:.0f}")
    return CheckRow("clock", v, text, f"{float(c.get('offset_s', 0)):+.1f} s")


def _sip(m: dict, t: dict) -> tuple[CheckRow, CheckRow, bool]:
    s = m.get("sip") or {}
    small, large = s.get("small"), s.get("large")
    transport = str(s.get("transport", "")).upper()
    if small is None:
        why = desk_tr("Sign in to test the phone line.") if m.get("signed_out") else desk_tr(
            "The center did not say where its phone line server is.") if "sip" in m else \
            desk_tr("Not tested.")
        return CheckRow("sip", "none", why), CheckRow("sip_large", "none", why), False
    if not small.get("answered"):
        row = CheckRow("sip", "red", desk_tr(
            "The phone line server does not answer over {0}: calls cannot reach you. Check "
            "your VPN connection, or call IT.").format(transport), small.get("error", ""))
        return row, CheckRow("sip_large", "none", desk_tr(
            "Not tested: the phone line server does not answer.")), False
    ms = float(small.get("rtt_ms", 0))
    v = grade(ms, t["sip_ms_amber"], t["sip_ms_red"])
    text = desk_tr("The phone line server answers over {0} in {1} ms.") if v == "green" else \
        desk_tr("The phone line server answers slowly over {0} ({1} ms): calls may take "
                "longer to connect.")
    row = CheckRow("sip", v, text.format(transport, _ms(ms)), f"{transport} {ms:.1f} ms")
    if large is None:
        return row, CheckRow("sip_large", "none", desk_tr("Not tested.")), False
    size = int(large.get("size", 0))
    if large.get("answered"):
        return row, CheckRow("sip_large", "green", desk_tr(
            "Large phone-line messages get through over {0}.").format(transport),
            f"{transport} {size} B"), False
    tcp = s.get("tcp_large")
    if tcp and tcp.get("answered"):
        text = desk_tr("Large phone-line messages are lost on the way over {0} (a path MTU "
                       "problem, common with VPNs). They get through over TCP: ask IT to "
                       "switch your line to TCP.").format(transport)
    else:
        text = desk_tr("Large phone-line messages are lost on the way over {0} (a path MTU "
                       "problem, common with VPNs): calls may fail to connect. Ask IT to "
                       "switch your line to TCP.").format(transport)
    return row, CheckRow("sip_large", "red", text, f"{transport} {size} B: no answer"), \
        transport == "UDP"


def _voice(m: dict, t: dict) -> tuple[list[CheckRow], float]:
    e = m.get("echo")
    if not e or not e.get("received"):
        if m.get("signed_out"):
            why = desk_tr("Sign in to test the voice path.")
        elif "echo" not in m:
            why = desk_tr("Not tested.")
        elif e is None:
            why = desk_tr("The center offers no voice test.")
        else:
            return [CheckRow("loss", "red", desk_tr(
                "The voice test got no answer from the center: voice may not get through "
                "your VPN. Call IT."), e.get("error", ""))], 0.0
        return [CheckRow("loss", "none", why)], 0.0
    stamped = bool(e.get("timestamped"))
    loss = max(e["loss_up_pct"], e["loss_down_pct"]) if stamped else e["loss_pct"]
    jitter = max(e["jitter_up_ms"], e["jitter_down_ms"]) if stamped else e["jitter_ms"]
    rtt = float(e["rtt_ms"])
    rows = []
    v = grade(loss, t["loss_pct_amber"], t["loss_pct_red"])
    text = desk_tr("No voice is lost on the way.") if v == "green" else desk_tr(
        "{0} % of the voice is lost on the way: callers will hear gaps. Close video and "
        "download apps, or use a cable instead of Wi-Fi.").format(f"{loss:.1f}")
    figures = (f"↑ {e['loss_up_pct']:.1f} % ↓ {e['loss_down_pct']:.1f} %" if stamped
               else f"{e['loss_pct']:.1f} %") + f" ({e['received']}/{e['sent']})"
    rows.append(CheckRow("loss", v, text, figures))
    v = grade(jitter, t["jitter_ms_amber"], t["jitter_ms_red"])
    text = desk_tr("The voice arrives evenly.") if v == "green" else desk_tr(
        "The voice arrives unevenly ({0} ms jitter): callers may sound choppy. Close video "
        "and download apps, or use a cable instead of Wi-Fi.").format(_ms(jitter))
    rows.append(CheckRow("jitter", v, text, f"↑ {e['jitter_up_ms']:.1f} ms ↓ "
                         f"{e['jitter_down_ms']:.1f} ms" if stamped else f"{jitter:.1f} ms"))
    v = grade(rtt, t["rtt_ms_amber"], t["rtt_ms_red"])
    text = {"green": desk_tr("The voice travels fast enough ({0} ms there and back)."),
            "amber": desk_tr("The voice takes {0} ms there and back: you and the caller may "
                             "talk over each other."),
            "red": desk_tr("The voice takes {0} ms there and back: conversations will be "
                           "hard. Check your VPN connection, or call IT.")}[v].format(_ms(rtt))
    rows.append(CheckRow("delay", v, text, f"↑ {e['one_way_up_ms']:.1f} ms ↓ "
                         f"{e['one_way_down_ms']:.1f} ms" if stamped else f"{rtt:.1f} ms"))
    mos = estimate_mos(CODEC, rtt, jitter, loss)
    v = "red" if mos <= t["mos_red"] else "amber" if mos <= t["mos_amber"] else "green"
    text = {"green": desk_tr("Expected call quality: good."),
            "amber": desk_tr("Expected call quality: fair. Callers may notice the problems "
                             "above."),
            "red": desk_tr("Expected call quality: poor. Fix the problems above before taking "
                           "calls.")}[v]
    rows.append(CheckRow("quality", v, text, f"MOS {mos:.2f}"))
    return rows, mos


def _audio(m: dict) -> CheckRow:
    a = m.get("audio") or {}
    if not a.get("checked"):
        return CheckRow("audio", "none", desk_tr("The sound devices are not checked yet."))
    if a.get("ok"):
        return CheckRow("audio", "green", desk_tr("The microphone and headset are ready."))
    return CheckRow("audio", "red", desk_tr(
        "No working microphone or headset: plug in a headset and choose it in Settings."))


def evaluate(m: dict, t: dict[str, Any], when: str = "", path: str = "") -> ReadinessView:
    sip, sip_large, tcp = _sip(m, t)
    voice, mos = _voice(m, t)
    rows = (_center(m, t), _dns(m, t), _clock(m, t), sip, sip_large, *voice, _audio(m))
    verdict = worst([r.verdict for r in rows])
    text = {"green": desk_tr("Your network is ready for calls."),
            "amber": desk_tr("Your network works, but calls may suffer: see the amber rows."),
            "red": desk_tr("Your network is not ready for calls: see the red rows, or call IT."),
            "none": desk_tr("Nothing could be measured.")}[verdict]
    if verdict == "green" and any(r.verdict == "none" for r in rows if r.key in ("sip", "loss")):
        text = desk_tr("What could be checked is fine, but the phone line and the voice path "
                       "were not tested.")
    return ReadinessView("red" if verdict == "none" else verdict, text, rows, when, path, tcp,
                         mos)
