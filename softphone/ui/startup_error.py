"""The dialog that stops start-up when IT's settings are wrong: which file, line and problem.

app.main shows it (and logs the same lines) when the provisioning file cannot be read or has
an invalid line, key, lock or value, or when a command-line option tries to change a key IT
locked. The problems themselves are for IT and stay as written (file paths, keys, values).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

WIDTH = 640         # px for the problems: a path, a key and a message fit on one or two lines


class SettingsProblemsDialog(QMessageBox):
    def __init__(self, problems: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings-problems")
        self.setIcon(QMessageBox.Icon.Critical)
        self.problems = list(problems)
        self.setStandardButtons(QMessageBox.StandardButton.Close)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # IT copies
        self.retranslate_ui()
        label = self.findChild(QLabel, "qt_msgbox_informativelabel")
        if label is not None:       # wide enough that each problem is one item, not a wall
            screen = self.screen().availableGeometry().width() if self.screen() else 1024
            label.setMinimumWidth(min(WIDTH, max(320, screen - 240)))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Agent Softphone cannot start"))
        self.setText(self.tr("Your IT department's settings for this computer have a problem, "
                             "so the softphone does not start. Please tell IT what is shown "
                             "below (it is also in the log file)."))
        shown = self.problems[:12]
        more = len(self.problems) - len(shown)
        # one list item a problem (a wrapped line stays under its own bullet); IT's file may
        # hold "<": shown as written, never as markup
        items = "".join(f"<li style='margin-bottom:4px'>{html.escape(p)}</li>" for p in shown)
        tail = ""
        if more:
            tail = "<p>" + html.escape(self.tr("… and %n more", "", more)) + "</p>"
        self.setInformativeText(f"<ul style='-qt-list-indent:1'>{items}</ul>{tail}")


def show_settings_problems(problems: list[str]) -> int:
    dialog = SettingsProblemsDialog(problems)
    return dialog.exec()
