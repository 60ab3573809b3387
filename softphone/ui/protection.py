"""The screens of the protocol against abusive callers: the "End abusive call" question and the protective break.

``AbuseDialog`` asks the one question (category, optional note) before the desk ends the call;
``ProtectiveBreakPanel`` replaces the idle card while the protective break runs (time left,
the center's support resources, "Request counseling support", "Return early…" with a
confirmation). ``bind`` joins them, and the in-call warn/end buttons, to ``desk.protection``.
They render the desk's views and decide nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QFrame, QLabel,
                               QMessageBox, QPlainTextEdit, QPushButton, QRadioButton,
                               QVBoxLayout, QWidget)

from softphone.ui.common import heading

translate = QCoreApplication.translate
PLAYING = QT_TRANSLATE_NOOP("InCallView", "The warning is playing to the caller; your microphone is muted.")  # noqa: E501
PLAYED = QT_TRANSLATE_NOOP("InCallView", "Warnings played: %n")
WARN_FIRST = QT_TRANSLATE_NOOP("InCallView", "Play the warning %n time(s) before ending the call as abusive.")  # noqa: E501
CATEGORIES = ("verbal_abuse", "sexual_harassment", "threat", "other")
NOTE_MAX = 4000


class AbuseDialog(QDialog):
    """What happened, in one question: the category and, if the counselor wants, a note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("End abusive call"))
        self.setModal(True)
        intro = QLabel(self.tr("The call ends, the incident goes to your supervisor with the "
                               "call's timeline, and the center keeps the recording. Then you "
                               "take a protective break."))
        intro.setWordWrap(True)
        labels = {"verbal_abuse": self.tr("Verbal abuse"),
                  "sexual_harassment": self.tr("Sexual harassment"),
                  "threat": self.tr("Threat"), "other": self.tr("Other")}
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(heading(self.tr("What happened?"), 3))
        for i, code in enumerate(CATEGORIES):
            b = QRadioButton(labels[code])
            b.setProperty("code", code)
            self.group.addButton(b, i)
            self.buttons[code] = b
            lay.addWidget(b)
        self.buttons["verbal_abuse"].setChecked(True)
        lay.addWidget(QLabel(self.tr("Your note (optional)")))
        self.note = QPlainTextEdit()
        self.note.setAccessibleName(self.tr("Your note (optional)"))
        self.note.setPlaceholderText(self.tr("What the caller said or did, in your words"))
        self.note.setMaximumHeight(110)
        lay.addWidget(self.note)
        box = QDialogButtonBox()
        self.end = box.addButton(self.tr("End call and report"),
                                 QDialogButtonBox.ButtonRole.AcceptRole)
        self.end.setObjectName("hangup")
        box.addButton(QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        lay.addWidget(box)
        self.resize(460, self.sizeHint().height())

    def category(self) -> str:
        b = self.group.checkedButton()
        return str(b.property("code")) if b is not None else "other"

    def note_text(self) -> str:
        return self.note.toPlainText()[:NOTE_MAX]


class ProtectiveBreakPanel(QFrame):
    """The protective break: time left, support, counseling request, return early."""

    counseling_requested = Signal()
    return_early_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.title = heading(self.tr("Protective break"), 2)
        self.left = QLabel(objectName="big")
        self.left.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.explain.setProperty("muted", True)
        self.support_title = heading(self.tr("Support for you"), 3)
        self.support = QLabel()
        self.support.setTextFormat(Qt.TextFormat.PlainText)
        self.support.setWordWrap(True)
        self.support.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.counseling = QPushButton(self.tr("Request counseling support"))
        self.counseling.clicked.connect(self.counseling_requested)
        self.counseling_sent = QLabel()
        self.counseling_sent.setWordWrap(True)
        self.early = QPushButton(self.tr("Return early…"))
        self.early.clicked.connect(self._confirm_early)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(20, 14, 20, 16)
        lay.addWidget(self.title)
        lay.addWidget(self.left)
        lay.addWidget(self.explain)
        lay.addSpacing(8)
        lay.addWidget(self.support_title)
        lay.addWidget(self.support)
        lay.addWidget(self.counseling)
        lay.addWidget(self.counseling_sent)
        lay.addStretch(1)
        lay.addWidget(self.early)
        self.active = False
        self.confirm_box: QMessageBox | None = None      # the open confirmation (tests)

    @Slot(object)
    def set_break(self, b: Any) -> None:
        self.active = bool(b.active)
        minutes = max(1, round(b.minimum_s / 60)) if b.minimum_s else 0
        m, s = divmod(max(0, int(b.remaining_s)), 60)
        self.left.setText(self.tr("{0}:{1} left").format(m, f"{s:02d}"))
        self.explain.setText(self.tr(
            "Take this time for yourself: the queue offers you no calls. The break lasts at "
            "least %n minute(s); you can go Ready after that.", "", minutes))
        self.support.setText(b.support or self.tr("Ask your supervisor about the support the "
                                                   "center offers."))
        self.counseling.setEnabled(not b.counseling_requested)
        self.counseling_sent.setText(self.tr("Your request was sent to your supervisor.")
                                     if b.counseling_requested else "")

    def _confirm_early(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Return early"),
                          self.tr("Your protective break is not over. Return to calls now? "
                                  "Your supervisor sees that you returned early."),
                          QMessageBox.StandardButton.NoButton, self)
        yes = box.addButton(self.tr("Return now"), QMessageBox.ButtonRole.YesRole)
        box.addButton(self.tr("Keep resting"), QMessageBox.ButtonRole.NoRole)
        self.confirm_box = box
        box.finished.connect(lambda _r: self._answered(box, yes))
        box.open()

    def _answered(self, box: QMessageBox, yes: QPushButton) -> None:
        self.confirm_box = None
        if box.clickedButton() is yes:
            self.return_early_requested.emit()


def set_protection_view(incall: Any, p: Any) -> None:
    """The in-call buttons: Warn caller (while no warning plays), End abusive call (once the
    warnings the policy asks for were played), and a line saying where things stand."""
    incall.warn.setEnabled(p.can_warn)
    incall.abusive.setEnabled(p.can_end)
    if p.playing:
        text = translate("InCallView", PLAYING)
    elif p.problem:
        text = p.problem
    elif not p.can_end and p.in_call:
        text = translate("InCallView", WARN_FIRST, "", p.needed - p.warnings)
    elif p.warnings:
        text = translate("InCallView", PLAYED, "", p.warnings)
    else:
        text = ""
    incall.warn_status.setText(text)


def bind(window: Any, desk: Any) -> None:
    """Join the screens to ``desk.protection`` (called from the main window's wiring)."""
    v, prot = window.deskview, desk.protection
    v.incall.warn_requested.connect(prot.warn)
    prot.protection_changed.connect(lambda p: set_protection_view(v.incall, p))
    prot.rest.break_changed.connect(v.set_protective_break)
    v.protective.counseling_requested.connect(lambda: prot.rest.request_counseling(""))
    v.protective.return_early_requested.connect(prot.rest.return_early)

    def end_abusive() -> None:
        if not prot.view.can_end:
            return
        dialog = AbuseDialog(window)
        window.abuse_dialog = dialog
        dialog.accepted.connect(lambda: prot.end_abusive_call(dialog.category(),
                                                             dialog.note_text()))
        dialog.finished.connect(lambda _r: setattr(window, "abuse_dialog", None))
        dialog.open()
    v.incall.abusive_requested.connect(end_abusive)
    set_protection_view(v.incall, prot.view)
