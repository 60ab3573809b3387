"""The shift-start health self-check: questions built from the center's form, then the outcome.

Answers stay in the widgets and go to the desk in memory only; ``clear()`` wipes them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QButtonGroup, QDoubleSpinBox, QFrame, QGridLayout, QHBoxLayout,
                               QLabel, QPushButton, QRadioButton, QVBoxLayout, QWidget)

from softphone.domain.health import HealthForm, Question
from softphone.ui import theme
from softphone.ui.common import SafeLabel, heading


class _Answer(QWidget):
    """One question's input; ``value()`` is None until answered."""

    def __init__(self, q: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.q = q
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.spin: QDoubleSpinBox | None = None
        if q.kind == "number":
            self.spin = QDoubleSpinBox()
            step = q.step or 0.1
            decimals = max(0, len(f"{step:g}".partition(".")[2]))
            self.spin.setDecimals(decimals)
            self.spin.setSingleStep(step)
            # one step below the minimum means "not answered yet"
            self.spin.setRange((q.min or 0) - step, q.max or 100)
            self.spin.setSpecialValueText("—")
            self.spin.setValue(self.spin.minimum())
            self.spin.setSuffix(f" {q.unit}" if q.unit else "")
            self.spin.setMinimumWidth(120)
            self.spin.setAccessibleName(q.label)
            lay.addWidget(self.spin)
        elif q.kind == "yes_no":
            for i, text in ((1, self.tr("Yes")), (0, self.tr("No"))):
                b = QRadioButton(text)
                b.setAccessibleName(f"{q.label}: {text}")
                self.group.addButton(b, i)
                lay.addWidget(b)
        else:
            if q.low_label:
                lay.addWidget(SafeLabel(q.low_label))
            for v in range(int(q.min or 1), int(q.max or 5) + 1):
                b = QRadioButton(str(v))
                b.setAccessibleName(f"{q.label}: {v}")
                self.group.addButton(b, v)
                lay.addWidget(b)
            if q.high_label:
                lay.addWidget(SafeLabel(q.high_label))
        lay.addStretch(1)

    def value(self) -> Any:
        if self.spin is not None:
            v = self.spin.value()
            return None if v <= self.spin.minimum() else round(v, self.spin.decimals())
        checked = self.group.checkedId()
        if checked < 0:
            return None
        return bool(checked) if self.q.kind == "yes_no" else checked

    def clear(self) -> None:
        if self.spin is not None:
            self.spin.setValue(self.spin.minimum())
        self.group.setExclusive(False)
        for b in self.group.buttons():
            b.setChecked(False)
        self.group.setExclusive(True)


class HealthFormView(QFrame):
    submitted = Signal(object)               # {question id: answer}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self._answers: dict[str, _Answer] = {}
        self._errors: dict[str, QLabel] = {}
        self.title = heading(self.tr("Health self-check"), 2)
        self.intro = SafeLabel(wrap=True)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(10)
        self.status = QLabel(self.tr("Loading the form…"))
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome = QFrame(objectName="banner")
        self.outcome_title = QLabel()
        self.outcome_title.setObjectName("h2")
        self.outcome_text = SafeLabel(wrap=True)
        ol = QVBoxLayout(self.outcome)
        ol.addWidget(self.outcome_title)
        ol.addWidget(self.outcome_text)
        self.outcome.hide()
        self.submit = QPushButton(self.tr("Submit self-check"), objectName="primary")
        self.submit.setEnabled(False)
        self.submit.clicked.connect(self._submit)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(20, 16, 20, 16)
        lay.addWidget(self.title)
        lay.addWidget(self.intro)
        lay.addWidget(self.status)
        lay.addLayout(self.grid)
        lay.addWidget(self.outcome)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.submit)
        lay.addLayout(row)

    @Slot(object)
    def set_form(self, form: HealthForm) -> None:
        self.clear()
        if form.title:
            self.title.setText(form.title)
        self.intro.set_safe_text(form.intro)
        self.status.hide()
        for row, q in enumerate(form.questions):
            label = SafeLabel(q.label + ("" if q.required else self.tr(" (optional)")), wrap=True)
            label.setMinimumWidth(220)
            answer = _Answer(q)
            err = QLabel(objectName="error")
            err.hide()
            self.grid.addWidget(label, row, 0)
            self.grid.addWidget(answer, row, 1)
            self.grid.addWidget(err, row, 2)
            self._answers[q.id], self._errors[q.id] = answer, err
        self.submit.setEnabled(True)
        # keyboard first: Tab goes question by question to the button; the first has the focus
        chain: list[QWidget] = []
        for a in self._answers.values():
            chain += [a.spin] if a.spin is not None else a.group.buttons()
        chain.append(self.submit)
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)
        chain[0].setFocus()

    @Slot(str)
    def show_previous(self, message: str) -> None:
        """Answers sent in an earlier session never reached the center: say so above the form."""
        self.status.setText("⚠  " + message)
        self.status.setStyleSheet(f"color: {theme.color('warn')}; font-weight: 600;")
        self.status.show()

    @Slot(str)
    def set_failed(self, message: str) -> None:
        self.status.setText(message)
        self.status.setObjectName("error")
        self.status.setStyleSheet(f"color: {theme.color('danger')};")
        self.status.show()

    def set_answers(self, answers: dict[str, Any]) -> None:
        """Put answers on the form as a person's clicks would (the practice scenarios)."""
        for qid, widget in self._answers.items():
            if qid not in answers:
                continue
            v = answers[qid]
            if widget.spin is not None:
                widget.spin.setValue(v)
            else:
                widget.group.button(int(v)).setChecked(True)

    def answers(self) -> dict[str, Any]:
        return {qid: a.value() for qid, a in self._answers.items() if a.value() is not None}

    def _submit(self) -> None:
        missing = [qid for qid, a in self._answers.items() if a.q.required and a.value() is None]
        for qid, err in self._errors.items():
            err.setVisible(qid in missing)
            err.setText(self.tr("Required"))
        if missing:
            return
        self.submit.setEnabled(False)
        self.submitted.emit(self.answers())

    @Slot(str, str)
    def mark_error(self, qid: str, message: str) -> None:
        if qid in self._errors:
            self._errors[qid].setText(message)
            self._errors[qid].show()
        self.submit.setEnabled(True)

    @Slot(object)
    def show_result(self, view: Any) -> None:
        """``HealthView``: cleared or not, the center's guidance, whether it was recorded."""
        self.outcome.show()
        c = theme.colors()
        if not view.confirmed:      # the center has not said yet: no verdict on screen
            self.outcome.setStyleSheet(f"#banner {{ background: {c['header']}; border: 1px solid {c['info']}; }}")
            self.outcome_title.setText(self.tr("Sent, waiting for the center"))
        elif view.cleared:
            self.outcome.setStyleSheet(f"#banner {{ background: {c['ok_bg']}; border: 1px solid {c['ok']}; }}")
            self.outcome_title.setText("✔  " + self.tr("Cleared for calls today"))
        else:
            self.outcome.setStyleSheet(f"#banner {{ background: {c['error_bg']}; border: 1px solid {c['danger']}; }}")
            self.outcome_title.setText("✖  " + self.tr("Not cleared for calls today"))
        text = view.guidance if view.confirmed and not view.cleared else ""
        if not view.confirmed:
            text = self.tr("Recording with the center…")
        self.outcome_text.set_safe_text(text)
        self.outcome_text.setVisible(bool(text))
        for a in self._answers.values():
            a.setEnabled(False)
        self.submit.setEnabled(False)

    def clear(self) -> None:
        """Drop the questions and every answer (logout, new form)."""
        for a in self._answers.values():
            a.clear()
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._answers.clear()
        self._errors.clear()
        self.outcome.hide()
        self.status.setText(self.tr("Loading the form…"))
        self.status.setStyleSheet("")
        self.status.show()
        self.submit.setEnabled(False)
