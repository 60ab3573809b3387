"""The network check page: one row per check, coloured and shaped by its verdict, Korean and Russian text, previous results; opened from the menu and the checklist."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QImage, QRawFont

from softphone.desk.netverdict import CheckRow, ReadinessView, evaluate
from softphone.platform.netresults import SavedResult
from softphone.platform.settings import NetworkSettings
from softphone.ui import theme
from tests.ui.test_desk_screens import to_checklist

THRESHOLDS = {k: getattr(NetworkSettings(), k) for k in NetworkSettings.__dataclass_fields__}
MIXED = {   # what a lossy, uneven home connection measures (figures as netprobe gives them)
    "center_host": "center.example", "audio": {"checked": True, "ok": True},
    "center": {"ok": True, "ms": 42.0, "error": ""},
    "dns": [{"host": "center.example", "needed": True, "ok": True, "ms": 12.0,
             "addresses": ["10.8.0.1"]}],
    "clock": {"ok": False, "offset_s": 0.0, "http_ms": 0.0, "error": "no_date"},
    "sip": {"transport": "udp",
            "small": {"answered": True, "rtt_ms": 40.0, "size": 380, "error": ""},
            "large": {"answered": False, "rtt_ms": 0.0, "size": 1600, "error": "timeout"},
            "tcp_small": {"answered": True, "rtt_ms": 41.0, "size": 380, "error": ""},
            "tcp_large": {"answered": True, "rtt_ms": 43.0, "size": 1600, "error": ""}},
    "echo": {"sent": 500, "received": 475, "loss_pct": 5.0, "rtt_ms": 90.0, "jitter_ms": 30.0,
             "timestamped": True, "server_received": 475, "loss_up_pct": 5.0,
             "loss_down_pct": 0.0, "jitter_up_ms": 30.0, "jitter_down_ms": 1.0,
             "one_way_up_ms": 60.0, "one_way_down_ms": 30.0, "error": ""},
}


def colour_of(label) -> str:
    sheet = label.styleSheet()
    return sheet.split("color:", 1)[1].split(";", 1)[0].strip()


def test_rows_take_the_shape_and_colour_of_their_verdict(qtbot):
    from softphone.ui.readiness import ReadinessDialog
    view = evaluate(MIXED, THRESHOLDS, "2026-11-26T09:00:00+00:00", "/tmp/x.json")
    verdicts = {r.key: r.verdict for r in view.rows}
    assert verdicts["center"] == "green" and verdicts["jitter"] == "amber"
    assert verdicts["loss"] == "red" and verdicts["sip_large"] == "red"
    assert verdicts["clock"] == "none" and view.verdict == "red" and view.suggest_tcp
    d = ReadinessDialog()
    qtbot.addWidget(d)
    d.set_view(view)
    d.show()
    assert d.headline.text() == view.text and "/tmp/x.json" in d.saved.full_text()
    expect = {"green": ("✔", "ok"), "amber": ("⚠", "warn"), "red": ("✖", "danger"),
              "none": ("–", "muted")}
    assert list(d.rows) == [r.key for r in view.rows]
    for row in view.rows:
        icon, name, text, figures = d.rows[row.key]
        sym, colour = expect[row.verdict]
        assert icon.text() == sym and colour_of(icon) == theme.color(colour), row.key
        assert text.full_text() == row.text and figures.full_text() == row.figures
        assert icon.isVisible() and name.text() == d.names[row.key]
    assert icon.toolTip() == "Good"          # the audio row, last: a word as well as a colour
    assert "TCP" in d.rows["sip_large"][2].full_text()
    assert colour_of(d.icon) == theme.color("danger") and d.icon.text() == "✖"
    # a green result after it: the same rows, repainted
    green = evaluate({**MIXED, "sip": {**MIXED["sip"], "large": MIXED["sip"]["tcp_large"]},
                      "echo": {**MIXED["echo"], "loss_pct": 0.0, "loss_up_pct": 0.0,
                               "received": 500, "jitter_up_ms": 2.0, "jitter_ms": 2.0},
                      "clock": {"ok": True, "offset_s": 0.4, "http_ms": 3.0, "error": ""}},
                     THRESHOLDS)
    d.set_view(green)
    assert green.verdict == "green" and colour_of(d.icon) == theme.color("ok")
    assert {colour_of(d.rows[r.key][0]) for r in green.rows} == {theme.color("ok")}


def test_running_and_previous_results(qtbot):
    from softphone.ui.readiness import ReadinessDialog
    d = ReadinessDialog()
    qtbot.addWidget(d)
    d.set_running(True)
    assert not d.run_again.isEnabled() and d.status.text()
    d.set_step("echo")
    assert "voice" in d.status.text()
    d.set_running(False)
    assert d.run_again.isEnabled() and not d.status.text()
    d.set_history((SavedResult("/r/b.json", "2026-11-26T10:00:00+00:00", "amber"),
                   SavedResult("/r/a.json", "2026-11-26T09:00:00+00:00", "green")))
    acts = d.previous_menu.actions()
    assert [a.text().split(" — ")[1] for a in acts] == ["Fair", "Good"]
    with qtbot.waitSignal(d.open_requested) as sig:
        acts[1].trigger()
    assert sig.args == ["/r/a.json"]
    with qtbot.waitSignal(d.run_requested):
        d.run_again.click()


KO = ("네트워크에 문제가 있어 통화 품질이 떨어질 수 있습니다.",
      "음성의 5.0 %가 전송 중에 손실됩니다: 발신자에게 끊김이 들립니다.")
RU = ("Сеть работает, но звонки могут страдать.",
      "5,0 % голоса теряется по пути: абоненты услышат пропуски. Закройте видео.")


def test_korean_and_russian_text_renders(qtbot, tmp_path):
    from softphone.ui.readiness import ReadinessDialog
    for lang, (head, line) in (("ko", KO), ("ru", RU)):
        view = ReadinessView("amber", head, (
            CheckRow("center", "green", line[:20], "42 ms"),
            CheckRow("loss", "red", line, "↑ 5.0 % ↓ 0.0 % (475/500)"),
            CheckRow("jitter", "amber", line, "↑ 30.0 ms ↓ 1.0 ms")), "2026-11-26T09:00:00+00:00")
        d = ReadinessDialog()
        qtbot.addWidget(d)
        d.resize(760, 520)
        d.set_view(view)
        d.show()
        qtbot.waitExposed(d)
        text = d.rows["loss"][2]
        raw = QRawFont.fromFont(text.font())
        missing = [c for c in line if not c.isspace() and not raw.supportsCharacter(ord(c))]
        # the widget's own font, or Qt's fallback for the script, must draw every character
        assert not missing or all(QRawFont.fromFont(text.font(), _script(lang))
                                  .supportsCharacter(ord(c)) for c in missing), missing
        out = Path(os.environ.get("READINESS_SHOTS", tmp_path)) / f"readiness_{lang}.png"
        assert d.grab().save(str(out))
        img = QImage(str(out))
        box = QRect(text.mapTo(d, QPoint(0, 0)), text.size())
        inked = sum(1 for x in range(box.left(), box.right(), 2)
                    for y in range(box.top(), box.bottom(), 2)
                    if QColor(img.pixel(x, y)).lightness() < 128)
        assert inked > 50, (lang, inked)        # the sentence was drawn, not left blank
        d.close()


def _script(lang: str):
    from PySide6.QtGui import QFontDatabase
    return {"ko": QFontDatabase.WritingSystem.Korean,
            "ru": QFontDatabase.WritingSystem.Cyrillic}[lang]


def test_the_menu_and_the_checklist_open_the_page_and_a_check_runs(qtbot, rig):
    to_checklist(qtbot, rig)
    rig.desk.readiness.run()         # the fake center has no network test: the center is red
    qtbot.waitUntil(lambda: rig.desk.checks.items["network"].verdict == "red", timeout=10000)
    icon = rig.win.checklist.rows["network"][0]
    assert icon.text() == "✖" and colour_of(icon) == theme.color("danger")
    rig.win.checklist.network_details.click()
    page = rig.win.network_dialog
    assert page is not None and page.isVisible()
    qtbot.waitUntil(lambda: page.view is not None, timeout=5000)
    assert page.view.verdict == "red" and "center" in page.rows
    page.close()
    rig.win.act_network.trigger()
    assert rig.win.network_dialog is page and page.isVisible()
    assert "Network check" in rig.win.act_network.text().replace("&", "")
