"""Keyboard shortcuts and headset buttons: configurable bindings to the desk's intents.

Also the visible list of them (``ShortcutListDialog``).

Shortcuts are application-wide (``Qt.ApplicationShortcut``): they work whenever any window
of the app has the keyboard focus. Qt has no system-wide hotkeys, so while another program
is in front the counselor uses the tray menu or the incoming-call notification's Answer
button instead. Headset and keyboard telephony/media keys (Key_Call, Key_Hangup,
Key_ToggleCallHangup, Key_MicMute, Key_MediaTogglePlayPause) are bound too; they reach the
app only where the platform delivers them as key events to the focused window.
Play/Pause only *answers* a ringing call (it never hangs up: a stray press must not drop a
caller).
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from softphone.ui.table_models import DataTable, RowsModel

# action -> default key sequence (portable text form)
DEFAULTS: dict[str, str] = {
    "answer": "Ctrl+Return",
    "reject": "Ctrl+Shift+D",
    "hangup": "Ctrl+Shift+H",
    "hold": "Ctrl+Shift+P",
    "mute": "Ctrl+Shift+M",
    "ready": "Ctrl+Shift+R",
    "not_ready": "Ctrl+Shift+N",
    "break": "Ctrl+Shift+B",
    "settings": "Ctrl+,",
    "shortcut_list": "F1",
}
# Headset / telephony keys -> action ("call_toggle": answer when ringing, else hang up)
MEDIA_KEYS: dict[Qt.Key, str] = {
    Qt.Key.Key_Call: "answer",
    Qt.Key.Key_Hangup: "hangup",
    Qt.Key.Key_ToggleCallHangup: "call_toggle",
    Qt.Key.Key_MicMute: "mute",
    Qt.Key.Key_MediaTogglePlayPause: "answer",
}


def action_labels() -> dict[str, str]:
    return {
        "answer": QCoreApplication.translate("Shortcuts", "Answer the call"),
        "reject": QCoreApplication.translate("Shortcuts", "Decline the call"),
        "hangup": QCoreApplication.translate("Shortcuts", "Hang up"),
        "hold": QCoreApplication.translate("Shortcuts", "Hold / resume"),
        "mute": QCoreApplication.translate("Shortcuts", "Mute / unmute"),
        "ready": QCoreApplication.translate("Shortcuts", "Go Ready"),
        "not_ready": QCoreApplication.translate("Shortcuts", "Not Ready (choose a reason)"),
        "break": QCoreApplication.translate("Shortcuts", "Break (choose a reason)"),
        "settings": QCoreApplication.translate("Shortcuts", "Settings"),
        "shortcut_list": QCoreApplication.translate("Shortcuts", "Keyboard shortcuts"),
        "call_toggle": QCoreApplication.translate("Shortcuts", "Answer or hang up")}


def media_key_names() -> dict[Qt.Key, str]:
    return {
        Qt.Key.Key_Call: QCoreApplication.translate("Shortcuts", "Headset: call button"),
        Qt.Key.Key_Hangup: QCoreApplication.translate("Shortcuts", "Headset: hang-up button"),
        Qt.Key.Key_ToggleCallHangup: QCoreApplication.translate("Shortcuts",
                                                                "Headset: call/hang-up button"),
        Qt.Key.Key_MicMute: QCoreApplication.translate("Shortcuts", "Headset: microphone mute"),
        Qt.Key.Key_MediaTogglePlayPause: QCoreApplication.translate(
            "Shortcuts", "Headset: play/pause (answers only)")}


def _valid(keys: str) -> bool:
    seq = QKeySequence.fromString(keys, QKeySequence.SequenceFormat.PortableText)
    return seq.count() == 1 and bool(seq.toString(QKeySequence.SequenceFormat.PortableText))


def parse_bindings(text: str) -> dict[str, str]:
    """``"answer=Ctrl+Return; hangup=F9"`` (the ui.shortcuts setting) -> {action: keys}.

    Unknown actions and unreadable key sequences are ignored; missing actions keep their default.
    """
    out = dict(DEFAULTS)
    for part in (text or "").split(";"):
        name, _, keys = part.partition("=")
        name, keys = name.strip(), keys.strip()
        if name in DEFAULTS:
            if not keys:
                out[name] = ""
            elif _valid(keys):
                out[name] = keys
    return out


def format_bindings(bindings: dict[str, str]) -> str:
    """The setting's text form; only what differs from the defaults."""
    return "; ".join(f"{k}={v}" for k, v in bindings.items()
                     if k in DEFAULTS and v != DEFAULTS[k])


def conflicts(bindings: dict[str, str]) -> list[tuple[str, str]]:
    """Pairs of actions bound to the same keys (ambiguous shortcuts fire neither)."""
    seen: dict[str, str] = {}
    out = []
    for name, keys in bindings.items():
        if not keys:
            continue
        norm = QKeySequence(keys).toString(QKeySequence.SequenceFormat.PortableText)
        if norm in seen:
            out.append((seen[norm], name))
        else:
            seen[norm] = name
    return out


class Shortcuts(QObject):
    """The bindings on one window; ``activated(action)`` fires for keys and headset buttons."""

    activated = Signal(str)

    def __init__(self, window: QWidget, bindings: dict[str, str] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent or window)
        self.window = window
        self._keys: dict[str, QShortcut] = {}
        self._media: list[QShortcut] = []
        for key, action in MEDIA_KEYS.items():
            sc = QShortcut(QKeySequence(key), window)
            sc.setContext(Qt.ShortcutContext.ApplicationShortcut)
            sc.activated.connect(lambda a=action: self.activated.emit(a))
            self._media.append(sc)
        self.set_bindings(bindings or DEFAULTS)

    def set_bindings(self, bindings: dict[str, str]) -> None:
        self.bindings = {**DEFAULTS, **bindings}
        for sc in self._keys.values():
            sc.setEnabled(False)
            sc.deleteLater()
        self._keys = {}
        for action, keys in self.bindings.items():
            if not keys:
                continue
            sc = QShortcut(QKeySequence(keys), self.window)
            sc.setContext(Qt.ShortcutContext.ApplicationShortcut)
            sc.setAutoRepeat(False)
            sc.activated.connect(lambda a=action: self.activated.emit(a))
            self._keys[action] = sc

    def key_text(self, action: str) -> str:
        """The binding in the platform's readable form (e.g. 'Ctrl+Shift+H')."""
        keys = self.bindings.get(action, "")
        return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText) if keys else ""


def connect_desk(shortcuts: Shortcuts, desk: Any, window: Any,
                 extra: dict[str, Callable[[], None]] | None = None) -> None:
    """Map actions to the desk's intents; the desk decides whether each applies now.
    ``extra`` handles window-level actions (``not_ready``/``break`` open the reason menus,
    ``settings``, ``shortcut_list``)."""
    intents: dict[str, Callable[[], None]] = {
        "answer": desk.calls.answer, "reject": desk.calls.reject, "hangup": desk.calls.hangup,
        "call_toggle": desk.calls.answer_or_hangup, "hold": desk.calls.toggle_hold,
        "mute": desk.calls.toggle_mute, "ready": desk.agent.request_ready, **(extra or {})}

    def run(action: str) -> None:
        intent = intents.get(action)
        if intent is not None:
            intent()
    shortcuts.activated.connect(run)


class ShortcutListDialog(QDialog):
    """The visible list: every action with its keys, and the headset buttons."""

    def __init__(self, shortcuts: Shortcuts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shortcuts = shortcuts
        self.model = RowsModel(2, tuple, parent=self)      # rows: (action, keys)
        self.table = DataTable(self.model)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.note)
        lay.addWidget(buttons)
        self.resize(560, 520)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.model.set_headers([self.tr("Action"), self.tr("Keys")])
        labels = action_labels()
        rows = [(labels[a], self.shortcuts.key_text(a) or self.tr("(none)")) for a in DEFAULTS]
        rows += [(f"{media_key_names()[k]} → {labels[a]}", QKeySequence(k).toString(
            QKeySequence.SequenceFormat.NativeText) or "—") for k, a in MEDIA_KEYS.items()]
        self.model.reset_rows(rows)
        self.table.fit_columns({1: [keys for _, keys in rows]})    # a dozen rows, once
        self.note.setText(self.tr(
            "Shortcuts work while the softphone window is in front. When another program is "
            "in front, answer from the notification or the tray icon's menu. Headset buttons "
            "work only where the system passes them to the app."))
