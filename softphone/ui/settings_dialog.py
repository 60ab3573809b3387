"""The settings dialog: audio, ring device, language, theme, shortcuts, auto-answer.

Audio devices come with a mic meter and an echo test; auto-answer with a whisper beep.
Settings IT locked are shown read-only with the reason.

The dialog does no audio and no file I/O of its own: it gets the device names from
``list_devices``, asks for the meter and the echo test through signals (``meter_requested``,
``echo_requested``) and is told the results (``set_level``, ``set_echo_result``); it saves
through ``save(key, value)`` (``softphone.platform.settings.save_user_setting`` in the app).
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QGroupBox, QHBoxLayout, QKeySequenceEdit, QLabel, QProgressBar,
                               QPushButton, QScrollArea, QVBoxLayout, QWidget)

from softphone.ui.i18n import LANGUAGE_NAMES
from softphone.ui.shortcuts import DEFAULTS, action_labels, conflicts, format_bindings, parse_bindings

AUDIO_KEYS = ("audio.input_device", "audio.output_device", "audio.ring_device")
DEFAULT_VALUES: dict[str, Any] = {"ui.theme": "system", "ui.shortcuts": "",
                                  "audio.auto_answer": False, "audio.whisper_beep": True}


class SettingsDialog(QDialog):
    meter_requested = Signal(bool, str)        # on/off, microphone name ("" = default)
    echo_requested = Signal(str, str)          # microphone, headset
    saved = Signal(object)                     # the reloaded Settings
    language_chosen = Signal(str)              # "" = system
    theme_chosen = Signal(str)                 # system | light | dark

    def __init__(self, settings: Any, save: Callable[[str, Any], Any],
                 list_devices: Callable[[], tuple[list[str], list[str]]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings, self._save = settings, save
        self._list_devices = list_devices or (lambda: ([], []))
        self.problems: list[str] = []
        self._lock_labels: list[QLabel] = []
        self._meter_on = False
        # ---- audio
        self.audio_box = QGroupBox()
        self.mic, self.headset, self.ring = QComboBox(), QComboBox(), QComboBox()
        self.meter = QProgressBar()
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        self.meter_button = QPushButton()
        self.meter_button.clicked.connect(self._toggle_meter)
        self.echo_button = QPushButton()
        self.echo_button.clicked.connect(self._echo)
        self.echo_result = QLabel()
        self.echo_result.setTextFormat(Qt.TextFormat.PlainText)
        self.echo_result.setWordWrap(True)
        af = QFormLayout(self.audio_box)
        self.mic_label, self.headset_label, self.ring_label = QLabel(), QLabel(), QLabel()
        self.meter_label = QLabel()
        meter_row = QHBoxLayout()
        meter_row.addWidget(self.meter, 1)
        meter_row.addWidget(self.meter_button)
        echo_row = QHBoxLayout()
        echo_row.addWidget(self.echo_button)
        echo_row.addWidget(self.echo_result, 1)
        af.addRow(self.mic_label, self._locked_row("audio.input_device", self.mic))
        af.addRow(self.meter_label, meter_row)
        af.addRow(self.headset_label, self._locked_row("audio.output_device", self.headset))
        af.addRow("", echo_row)
        af.addRow(self.ring_label, self._locked_row("audio.ring_device", self.ring))
        # ---- calls
        self.calls_box = QGroupBox()
        self.auto_answer = QCheckBox()
        self.whisper = QCheckBox()
        self.auto_answer.toggled.connect(self.whisper.setEnabled)
        cl = QVBoxLayout(self.calls_box)
        cl.addLayout(self._locked_row("audio.auto_answer", self.auto_answer))
        cl.addLayout(self._locked_row("audio.whisper_beep", self.whisper))
        # ---- appearance
        self.look_box = QGroupBox()
        self.language, self.theme = QComboBox(), QComboBox()
        self.language_label, self.theme_label = QLabel(), QLabel()
        lf = QFormLayout(self.look_box)
        lf.addRow(self.language_label, self._locked_row("ui.language", self.language))
        lf.addRow(self.theme_label, self._locked_row("ui.theme", self.theme))
        # ---- shortcuts
        self.keys_box = QGroupBox()
        self.key_edits: dict[str, QKeySequenceEdit] = {}
        self.key_labels: dict[str, QLabel] = {}
        kf = QFormLayout(self.keys_box)
        for action in DEFAULTS:
            edit = QKeySequenceEdit()
            edit.setClearButtonEnabled(True)
            edit.setMaximumSequenceLength(1)
            self.key_edits[action], self.key_labels[action] = edit, QLabel()
            self.key_labels[action].setBuddy(edit)
            kf.addRow(self.key_labels[action], edit)
        self.keys_reset = QPushButton()
        self.keys_reset.clicked.connect(self._reset_keys)
        self.keys_error = QLabel(objectName="error")
        self.keys_error.setTextFormat(Qt.TextFormat.PlainText)
        self.keys_error.setWordWrap(True)
        self.keys_error.hide()
        kf.addRow(self.keys_reset, self.keys_error)
        self._lock_row_keys("ui.shortcuts", list(self.key_edits.values()) + [self.keys_reset])
        # ---- layout
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        inner = QWidget()
        il = QVBoxLayout(inner)
        for box in (self.audio_box, self.calls_box, self.look_box, self.keys_box):
            il.addWidget(box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        lay = QVBoxLayout(self)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.buttons)
        for label, w in ((self.mic_label, self.mic), (self.headset_label, self.headset),
                         (self.ring_label, self.ring), (self.meter_label, self.meter),
                         (self.language_label, self.language), (self.theme_label, self.theme)):
            label.setBuddy(w)
        self.resize(640, 720)
        self.retranslate_ui()
        self.load()

    # ------------------------------------------------------------------ locked settings
    def _get(self, key: str) -> Any:
        try:
            return self.settings.get(key)
        except KeyError:
            return DEFAULT_VALUES.get(key, "")

    def is_locked(self, key: str) -> bool:
        return key in getattr(self.settings, "locked", frozenset())

    def _locked_row(self, key: str, widget: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(widget, 1)
        self._lock_row_keys(key, [widget], row)
        return row

    def _lock_row_keys(self, key: str, widgets: list[QWidget], row: QHBoxLayout | None = None) -> None:
        if not self.is_locked(key):
            return
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setProperty("muted", True)
        label.setProperty("lock_key", key)
        self._lock_labels.append(label)
        for w in widgets:
            w.setEnabled(False)
            w.setProperty("lock_key", key)
        if row is not None:
            row.addWidget(label)
        else:
            self.keys_box.layout().addRow(label)

    def lock_reason(self) -> str:
        return self.tr("Set by your IT department; ask IT to change it.")

    # ------------------------------------------------------------------ texts
    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.audio_box.setTitle(self.tr("Audio"))
        self.mic_label.setText(self.tr("&Microphone"))
        self.headset_label.setText(self.tr("&Headset (caller's voice)"))
        self.ring_label.setText(self.tr("&Ring on"))
        self.meter_label.setText(self.tr("Microphone level"))
        self.meter_button.setText(self.tr("Stop the test") if self._meter_on
                                  else self.tr("&Test microphone"))
        self.echo_button.setText(self.tr("&Echo test"))
        self.echo_button.setToolTip(self.tr("Records 3 seconds and plays them back on the headset"))
        self.calls_box.setTitle(self.tr("Calls"))
        self.auto_answer.setText(self.tr("&Answer queue calls automatically"))
        self.whisper.setText(self.tr("Play a short &beep before an auto-answered call"))
        self.look_box.setTitle(self.tr("Language and appearance"))
        self.language_label.setText(self.tr("&Language"))
        self.theme_label.setText(self.tr("T&heme"))
        self.keys_box.setTitle(self.tr("Keyboard shortcuts"))
        self.keys_reset.setText(self.tr("Restore the default keys"))
        labels = action_labels()
        for action, label in self.key_labels.items():
            label.setText(labels[action])
        for name, w in (("mic", self.mic), ("headset", self.headset), ("ring", self.ring)):
            if w.count():
                w.setItemText(0, self.tr("System default"))
        self._fill_choices()
        for label in self._lock_labels:
            label.setText("⚠ " + self.tr("Set by IT"))
            label.setToolTip(self.lock_reason())
        for w in self.findChildren(QWidget):
            if w.property("lock_key"):
                w.setToolTip(self.lock_reason())
                w.setAccessibleDescription(self.lock_reason())
        self._name_controls()

    def _name_controls(self) -> None:
        """Accessible names from the visible labels (screen readers announce them)."""
        for label, w in ((self.mic_label, self.mic), (self.headset_label, self.headset),
                         (self.ring_label, self.ring), (self.meter_label, self.meter),
                         (self.language_label, self.language), (self.theme_label, self.theme)):
            w.setAccessibleName(label.text().replace("&", ""))
        for action, edit in self.key_edits.items():
            edit.setAccessibleName(self.key_labels[action].text())
        for b in (self.meter_button, self.echo_button, self.keys_reset, self.auto_answer,
                  self.whisper):
            b.setAccessibleName(b.text().replace("&", ""))

    def _fill_choices(self) -> None:
        lang = self.language.currentData() if self.language.count() else self._get("ui.language")
        self.language.clear()
        self.language.addItem(self.tr("As the system"), "")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(lang or "")))
        theme = self.theme.currentData() if self.theme.count() else self._get("ui.theme")
        self.theme.clear()
        for code, name in (("system", self.tr("As the system")), ("light", self.tr("Light")),
                           ("dark", self.tr("Dark"))):
            self.theme.addItem(name, code)
        self.theme.setCurrentIndex(max(0, self.theme.findData(theme or "system")))

    # ------------------------------------------------------------------ load / save
    def load(self) -> None:
        try:
            inputs, outputs = self._list_devices()
        except Exception:
            inputs, outputs = [], []
        for combo, names, key in ((self.mic, inputs, "audio.input_device"),
                                  (self.headset, outputs, "audio.output_device"),
                                  (self.ring, outputs, "audio.ring_device")):
            combo.clear()
            combo.addItem(self.tr("System default"), "")
            current = self._get(key)
            for n in names:
                combo.addItem(n, n)
            if current and combo.findData(current) < 0:
                combo.addItem(self.tr("{0} (not connected)").format(current), current)
            combo.setCurrentIndex(max(0, combo.findData(current)))
        self.auto_answer.setChecked(bool(self._get("audio.auto_answer")))
        self.whisper.setChecked(bool(self._get("audio.whisper_beep")))
        self.whisper.setEnabled(self.auto_answer.isChecked() and not self.is_locked("audio.whisper_beep"))
        bindings = parse_bindings(self._get("ui.shortcuts"))
        for action, edit in self.key_edits.items():
            edit.setKeySequence(QKeySequence(bindings.get(action, "")))

    def values(self) -> dict[str, Any]:
        """What the dialog would save now."""
        bindings = {a: e.keySequence().toString(QKeySequence.SequenceFormat.PortableText)
                    for a, e in self.key_edits.items()}
        return {"audio.input_device": self.mic.currentData() or "",
                "audio.output_device": self.headset.currentData() or "",
                "audio.ring_device": self.ring.currentData() or "",
                "audio.auto_answer": self.auto_answer.isChecked(),
                "audio.whisper_beep": self.whisper.isChecked(),
                "ui.language": self.language.currentData() or "",
                "ui.theme": self.theme.currentData() or "system",
                "ui.shortcuts": format_bindings(bindings)}

    @Slot()
    def save(self) -> None:
        vals = self.values()
        clash = conflicts(parse_bindings(vals["ui.shortcuts"]))
        if clash:
            labels = action_labels()
            a, b = clash[0]
            self.keys_error.setText(self.tr("“{0}” and “{1}” use the same keys. Choose different "
                                            "keys for one of them.").format(labels[a], labels[b]))
            self.keys_error.show()
            return
        self.problems = []
        old_lang, old_theme = self._get("ui.language"), self._get("ui.theme")
        for key, value in vals.items():
            if self.is_locked(key) or value == self._get(key):
                continue
            try:
                self.settings = self._save(key, value)
            except (KeyError, ValueError, PermissionError, OSError) as exc:
                self.problems.append(f"{key}: {exc.__class__.__name__}")
        if self.problems:
            self.keys_error.setText(self.tr("Some settings could not be saved: {0}. Check that "
                                            "your settings folder is writable.").format(
                                                ", ".join(self.problems)))
            self.keys_error.show()
        self._stop_meter()
        self.saved.emit(self.settings)
        if vals["ui.language"] != (old_lang or ""):
            self.language_chosen.emit(vals["ui.language"])
        if vals["ui.theme"] != (old_theme or "system"):
            self.theme_chosen.emit(vals["ui.theme"])
        if not self.problems:
            self.accept()

    def _reset_keys(self) -> None:
        for action, edit in self.key_edits.items():
            edit.setKeySequence(QKeySequence(DEFAULTS[action]))
        self.keys_error.hide()

    # ------------------------------------------------------------------ mic meter / echo hooks
    def _toggle_meter(self) -> None:
        self._meter_on = not self._meter_on
        self.meter_requested.emit(self._meter_on, self.mic.currentData() or "")
        self.retranslate_ui()
        if not self._meter_on:
            self.meter.setValue(0)

    def _stop_meter(self) -> None:
        if self._meter_on:
            self._toggle_meter()

    @Slot(float)
    def set_level(self, dbfs: float) -> None:
        """-60 dBFS (silence) .. 0 dBFS (full scale) -> 0..100."""
        self.meter.setValue(int(max(0.0, min(100.0, (dbfs + 60.0) * 100.0 / 60.0))))

    def _echo(self) -> None:
        self.echo_button.setEnabled(False)
        self.echo_result.setText(self.tr("Speak now: recording 3 seconds, then playing back…"))
        self.echo_requested.emit(self.mic.currentData() or "", self.headset.currentData() or "")

    @Slot(bool, str)
    def set_echo_result(self, ok: bool, message: str) -> None:
        self.echo_button.setEnabled(True)
        self.echo_result.setText(("✔ " if ok else "✖ ") + (message or (
            self.tr("Did you hear yourself? If not, choose another headset.") if ok else
            self.tr("The echo test failed."))))

    def done(self, result: int) -> None:  # noqa: D401 (Qt name)
        self._stop_meter()
        super().done(result)
