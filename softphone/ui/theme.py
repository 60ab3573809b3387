"""Light and dark appearance: follows the system colour scheme unless the counselor overrides it.

``Theme.apply(setting)`` (``system`` | ``light`` | ``dark``) sets a Fusion palette and the
app's style sheet. Font sizes in the sheet are multiples of the system font's size, so text
scales with the system setting (no fixed pixel sizes). Every state colour keeps at least
4.5:1 contrast against the background it is drawn on, in both schemes; the screens never
rely on colour alone (each state has a shape and a word, see ``common.STATE_SHAPES``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette

SETTINGS = ("system", "light", "dark")

LIGHT = {
    "window": "#f3f4f6", "card": "#ffffff", "text": "#111827", "muted": "#4b5563",
    "border": "#9ca3af", "rule": "#e5e7eb", "input": "#ffffff", "button": "#ffffff",
    "hover": "#f9fafb", "disabled": "#6b7280", "disabled_bg": "#f3f4f6",
    "header": "#f3f4f6", "checked": "#dbeafe",
    # text colours on the window / card background (>= 4.5:1)
    "ok": "#15803d", "danger": "#b91c1c", "warn": "#b45309", "info": "#1d4ed8",
    # banners: background, foreground
    "error_bg": "#fee2e2", "warning_bg": "#fef3c7", "info_bg": "#dbeafe", "ok_bg": "#dcfce7",
    "primary": "#1d4ed8", "primary_text": "#ffffff", "primary_disabled": "#93c5fd",
}
DARK = {
    "window": "#111827", "card": "#1f2937", "text": "#f3f4f6", "muted": "#cbd5e1",
    "border": "#6b7280", "rule": "#374151", "input": "#111827", "button": "#374151",
    "hover": "#4b5563", "disabled": "#9ca3af", "disabled_bg": "#1f2937",
    "header": "#273244", "checked": "#1e3a8a",
    "ok": "#4ade80", "danger": "#fca5a5", "warn": "#fcd34d", "info": "#93c5fd",
    "error_bg": "#450a0a", "warning_bg": "#422006", "info_bg": "#172554", "ok_bg": "#052e16",
    "primary": "#2563eb", "primary_text": "#ffffff", "primary_disabled": "#334155",
}
# State badges draw white text on these in both schemes (all >= 4.5:1 against white).
STATE_BADGE = {"logged_out": "#4b5563", "not_ready": "#b91c1c", "ready": "#15803d",
               "break": "#a14a06", "ringing": "#1d4ed8", "on_call": "#1d4ed8",
               "wrap_up": "#6d28d9", "line_down": "#b91c1c"}

_current: dict[str, str] = dict(LIGHT)
_mode = "light"
_applied = False
_base_pt = 10.0


def pt(factor: float) -> str:
    """A font size relative to the system font (for the few inline style sheets)."""
    return f"{_base_pt * factor:.1f}pt"


def colors() -> dict[str, str]:
    """The palette now in use (a copy)."""
    return dict(_current)


def color(name: str) -> str:
    return _current.get(name, _current["text"])


def mode() -> str:
    return _mode


def system_scheme() -> str:
    app = QGuiApplication.instance()
    if app is None:
        return "light"
    scheme = app.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two colours."""
    def lum(c: str) -> float:
        q = QColor(c)
        out = []
        for v in (q.redF(), q.greenF(), q.blueF()):
            out.append(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4)
        return 0.2126 * out[0] + 0.7152 * out[1] + 0.0722 * out[2]
    a, b = sorted((lum(fg), lum(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def palette(c: dict[str, str]) -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    for r, key in ((role.Window, "window"), (role.WindowText, "text"), (role.Base, "input"),
                   (role.AlternateBase, "header"), (role.Text, "text"), (role.Button, "button"),
                   (role.ButtonText, "text"), (role.ToolTipBase, "card"), (role.ToolTipText, "text"),
                   (role.PlaceholderText, "muted"), (role.Highlight, "primary"),
                   (role.HighlightedText, "primary_text"), (role.Link, "info")):
        p.setColor(r, QColor(c[key]))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, r, QColor(c["disabled"]))
    return p


def stylesheet(c: dict[str, str], base_pt: float) -> str:
    """The app's style sheet; sizes scale with ``base_pt`` (the system font size)."""
    def pt(factor: float) -> str:
        return f"{base_pt * factor:.1f}pt"
    return f"""
QWidget {{ color: {c['text']}; }}
QMainWindow, QDialog, #page {{ background: {c['window']}; }}
QLabel#h1 {{ font-size: {pt(1.6)}; font-weight: 600; }}
QLabel#h2 {{ font-size: {pt(1.2)}; font-weight: 600; }}
QLabel#h3 {{ font-weight: 600; color: {c['muted']}; }}
QLabel#muted, QLabel[muted="true"] {{ color: {c['muted']}; }}
QLabel#error {{ color: {c['danger']}; font-weight: 600; }}
QLabel#big {{ font-size: {pt(1.9)}; font-weight: 600; }}
QLabel#timer {{ font-size: {pt(1.4)}; font-family: "DejaVu Sans Mono", monospace; }}
QFrame#card {{ background: {c['card']}; border: 1px solid {c['border']}; border-radius: 8px; }}
QFrame#banner {{ border-radius: 6px; padding: 6px; }}
QFrame#rule {{ color: {c['rule']}; }}
QPushButton, QToolButton {{ padding: 6px 14px; border: 1px solid {c['border']}; border-radius: 6px;
              background: {c['button']}; min-height: 22px; }}
QPushButton:hover, QToolButton:hover {{ background: {c['hover']}; }}
QPushButton:focus, QToolButton:focus, QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus,
QListWidget:focus, QTableView:focus {{ border: 2px solid {c['info']}; }}
QToolButton::menu-indicator {{ subcontrol-position: right center; right: 4px; }}
QPushButton:disabled, QToolButton:disabled {{ color: {c['disabled']}; border-color: {c['rule']};
              background: {c['disabled_bg']}; }}
QPushButton:checked, QPushButton[on="true"] {{ background: {c['checked']};
              border: 2px solid {c['info']}; font-weight: 600; }}
QPushButton#primary {{ background: {c['primary']}; color: {c['primary_text']};
              border-color: {c['primary']}; font-weight: 600; }}
QPushButton#primary:disabled {{ background: {c['primary_disabled']}; color: {c['disabled']}; }}
QPushButton#primary:focus {{ border: 2px solid {c['text']}; }}
QPushButton#answer {{ background: #15803d; color: white; font-size: {pt(1.3)}; font-weight: 600;
              min-height: 48px; border-color: #166534; }}
QPushButton#reject, QPushButton#hangup {{ background: #b91c1c; color: white;
              font-size: {pt(1.3)}; font-weight: 600; min-height: 48px; border-color: #991b1b; }}
QPushButton#answer:focus, QPushButton#reject:focus, QPushButton#hangup:focus {{
              border: 3px solid {c['text']}; }}
QPushButton#key {{ min-width: 44px; min-height: 34px; font-size: {pt(1.2)}; padding: 2px; }}
QDoubleSpinBox {{ padding-right: 18px; }}
QLineEdit, QPlainTextEdit, QComboBox, QDoubleSpinBox, QSpinBox, QListWidget, QTableView,
QKeySequenceEdit {{ background: {c['input']}; color: {c['text']}; border: 1px solid {c['border']};
              border-radius: 4px; padding: 3px; }}
QHeaderView::section {{ background: {c['header']}; color: {c['text']}; border: none;
              border-bottom: 1px solid {c['rule']}; padding: 4px; font-weight: 600; }}
QTableView {{ alternate-background-color: {c['header']}; }}
QRadioButton::indicator, QCheckBox::indicator {{ width: 14px; height: 14px;
              border: 2px solid {c['muted']}; background: {c['input']}; }}
QRadioButton::indicator {{ border-radius: 9px; }}
QCheckBox::indicator {{ border-radius: 3px; }}
QRadioButton::indicator:checked, QCheckBox::indicator:checked {{ background: {c['info']};
              border: 2px solid {c['text']}; }}
QRadioButton::indicator:disabled, QCheckBox::indicator:disabled {{ border-color: {c['rule']}; }}
QProgressBar {{ border: 1px solid {c['border']}; border-radius: 4px; text-align: center; }}
QProgressBar::chunk {{ background: {c['ok']}; }}
"""


def ensure_applied() -> None:
    """Give the app the system scheme once when nothing chose a theme yet (tests, tools)."""
    app = QGuiApplication.instance()
    if not _applied and app is not None:
        Theme(app).apply()


class Theme(QObject):
    """Applies the scheme; re-applies when the system scheme changes and the setting is 'system'."""

    changed = Signal(str)          # "light" | "dark"

    def __init__(self, app: Any, setting: str = "system", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self.setting = setting if setting in SETTINGS else "system"
        self._base_pt = app.font().pointSizeF() if app.font().pointSizeF() > 0 else 10.0
        try:
            app.styleHints().colorSchemeChanged.connect(self._on_system_change)
        except AttributeError:       # Qt < 6.5: no scheme signal; the override still works
            pass

    def apply(self, setting: str | None = None) -> str:
        global _current, _mode, _applied, _base_pt
        _applied, _base_pt = True, self._base_pt
        if setting is not None:
            self.setting = setting if setting in SETTINGS else "system"
        m = system_scheme() if self.setting == "system" else self.setting
        _mode, _current = m, dict(DARK if m == "dark" else LIGHT)
        self._app.setStyle("Fusion")
        self._app.setPalette(palette(_current))
        self._app.setStyleSheet(stylesheet(_current, self._base_pt))
        self.changed.emit(m)
        return m

    def _on_system_change(self, *_: Any) -> None:
        if self.setting == "system":
            self.apply()
