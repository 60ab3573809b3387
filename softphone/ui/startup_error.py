"""The dialog that stops start-up when IT's settings are wrong: which file, line and problem.

app.main shows it (and logs the same lines) when the provisioning file cannot be read or has
an invalid line, key, lock or value, or when a command-line option tries to change a key IT
locked. The problems themselves are for IT and stay as written (file paths, keys, values).
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import QMessageBox, QWidget


class SettingsProblemsDialog(QMessageBox):
    def __init__(self, problems: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings-problems")
        self.setIcon(QMessageBox.Icon.Critical)
        self.problems = list(problems)
        self.setStandardButtons(QMessageBox.StandardButton.Close)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Agent Softphone cannot start"))
        self.setText(self.tr("Your IT department's settings for this computer have a problem, "
                             "so the softphone does not start. Please tell IT what is shown "
                             "below (it is also in the log file)."))
        shown = self.problems[:12]
        more = len(self.problems) - len(shown)
        text = "\n".join(f"• {p}" for p in shown)
        if more:
            text += "\n" + self.tr("… and %n more", "", more)
        # IT's file may hold "<": shown as written, never as markup
        self.setInformativeText("<p style='white-space:pre-wrap'>"
                                + html.escape(text).replace("\n", "<br>") + "</p>")


def show_settings_problems(problems: list[str]) -> int:
    dialog = SettingsProblemsDialog(problems)
    return dialog.exec()
