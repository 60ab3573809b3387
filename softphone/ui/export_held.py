"""When writes are held only in memory (the keyring never opened), the counselor may seal them into a file for IT instead of keeping the app open.

``ExportHeldDialog`` asks for a file and a passphrase (twice, at least MIN_PASSPHRASE
characters) and hands both to the desk (``desk.writes.export_memory``); the desk writes
the sealed file (scrypt + AES-GCM, softphone.center.outbox_export) and only then lets the
writes go from memory. The passphrase is never stored; the counselor gives it to IT apart
from the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from softphone.center.outbox_export import MIN_PASSPHRASE
from softphone.ui.common import SafeLabel


class ExportHeldDialog(QDialog):
    """File + passphrase for the writes held in memory; ``export`` does the sealing."""

    def __init__(self, count: int, export: Callable[[str, str], Any], default_dir: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._export = export
        self.setWindowTitle(self.tr("Export unsent work"))
        intro = SafeLabel(self.tr(
            "{0} write(s) could not be saved on this computer (the secure storage is not "
            "open). Seal them into a file with a passphrase and give both to IT, separately: "
            "IT can send them to the center later.").format(count), wrap=True)
        self.path = QLineEdit(str(Path(default_dir or Path.home()) / "unsent-work.sealed"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.again.setAccessibleName(self.tr("Passphrase again"))
        form = QFormLayout()
        form.addRow(self.tr("File"), row)
        form.addRow(self.tr("Passphrase"), self.passphrase)
        form.addRow(self.tr("Passphrase again"), self.again)
        self.error = QLabel(objectName="error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.seal = self.buttons.addButton(self.tr("Export and close"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._try)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export unsent work"), self.path.text())
        if path:
            self.path.setText(path)

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _try(self) -> None:
        phrase, path = self.passphrase.text(), self.path.text().strip()
        if len(phrase) < MIN_PASSPHRASE:
            self._fail(self.tr("The passphrase needs at least {0} characters.").format(MIN_PASSPHRASE))
        elif phrase != self.again.text():
            self._fail(self.tr("The two passphrases differ."))
        elif not path:
            self._fail(self.tr("Choose a file."))
        else:
            try:
                self._export(path, phrase)
            except (OSError, ValueError) as exc:        # full disk, no permission...
                self._fail(self.tr("The file could not be written: {0}").format(
                    getattr(exc, "strerror", None) or str(exc)))
                return
            self.accept()
