"""Interface language: choice, translators, switching at run time, locale formatting.

The language is the setting's, else the system locale's. Times and dates are formatted in
the counselor's locale (QLocale).

``Language.apply(lang)`` swaps the app's catalog (package data
``softphone/resources/i18n/softphone_<lang>.qm``, built from the .ts sources by the install
step ``python -m softphone.resources_build``; the app only loads it, and warns when it is
missing) and Qt's own catalog (dialog buttons), sets the default QLocale, and re-translates
every widget already on screen. Qt delivers ``QEvent.LanguageChange`` to each widget; widgets
that have a ``retranslate_ui()`` method redo their texts there. For the others,
``retranslate_widgets`` uses what the recording translator remembers (which source text
produced each shown text) to turn the texts back into their source and translate them again.
Texts built with values (``"Queue: {0}"``) are refreshed the next time the desk sends that state.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from typing import Any

from PySide6.QtCore import (QCoreApplication, QDateTime, QLibraryInfo, QLocale, QObject,
                            QTranslator, Signal)

log = logging.getLogger(__name__)

SUPPORTED = ("en", "ko", "ru")
LANGUAGE_NAMES = {"en": "English", "ko": "한국어", "ru": "Русский"}   # each in its own language
I18N_DIR: Traversable = files("softphone.resources") / "i18n"     # .ts sources and built .qm
BUILD_HINT = "python -m softphone.resources_build"

# shown text -> (context, source): filled by every translation the app asks for
_SOURCES: dict[str, tuple[str, str]] = {}
_PREFIX = re.compile(r"^([^\w]+?\s+)(\w.*)$", re.S)


def system_language() -> str:
    """The system locale's language when we have it, else English."""
    for name in QLocale.system().uiLanguages() or [QLocale.system().name()]:
        code = name.replace("_", "-").split("-")[0].lower()
        if code in SUPPORTED:
            return code
    return "en"


def resolve_language(setting: str = "", profile: str = "") -> str:
    """The user's setting wins; then the system locale. ``profile`` is used only when the
    system language is not one we have (the agent profile's language as a better guess)."""
    if setting in SUPPORTED:
        return setting
    sys_lang = system_language()
    if sys_lang == "en" and profile in SUPPORTED and not QLocale.system().name().startswith("en"):
        return profile
    return sys_lang


def qm_path(lang: str) -> Traversable:
    return I18N_DIR / f"softphone_{lang}.qm"


class RecordingTranslator(QTranslator):
    """The app's catalog, remembering which source text produced each text it hands out."""

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self._inner = QTranslator(self)
        self.loaded = False
        qm = qm_path(lang)
        if qm.is_file():
            with as_file(qm) as path:        # a real file for Qt (it is one when on disk)
                self.loaded = self._inner.load(str(path))
        if lang != "en" and not self.loaded:
            log.warning("no translation file for '%s' (%s): the interface stays in English; "
                        "build it with `%s`", lang, qm.name, BUILD_HINT)

    def isEmpty(self) -> bool:  # noqa: N802 (Qt name)
        return False

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        out = ""
        if self.loaded:
            # texts lupdate found in a helper call (``tr("...")`` in desk.py) sit in the
            # empty context of the catalog
            out = (self._inner.translate(context, source, disambiguation, n)
                   or self._inner.translate("", source, disambiguation, n))
        if out:
            _SOURCES[out] = (context, source)
        elif context and source:
            # PySide's self.tr() asks each class of the widget's MRO in turn: keep the first
            _SOURCES.setdefault(source, (context, source))
        return out or None      # None: Qt falls back to the source text


def source_of(text: str) -> tuple[str, tuple[str, str]] | None:
    """``"●  Ready"`` -> (``"●  "``, (context, source)); None when the text is not ours."""
    if not text:
        return None
    hit = _SOURCES.get(text)
    if hit:
        return "", hit
    m = _PREFIX.match(text)
    if m and m.group(2) in _SOURCES:
        return m.group(1), _SOURCES[m.group(2)]
    return None


def retranslated(text: str) -> str | None:
    found = source_of(text)
    if found is None:
        return None
    prefix, (context, source) = found
    return prefix + QCoreApplication.translate(context, source)


def retranslate_widgets(widgets: Any) -> None:
    """Re-translate the visible texts of ``widgets`` (after a language switch)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (QAbstractButton, QGroupBox, QLabel, QLineEdit,
                                   QPlainTextEdit, QTableView, QTabWidget)
    for w in widgets:
        if hasattr(w, "retranslate_ui"):
            try:
                w.retranslate_ui()
            except Exception:
                log.exception("retranslate_ui failed in %s", type(w).__name__)
            continue
        if hasattr(w, "set_safe_text") and hasattr(w, "full_text"):
            new = retranslated(w.full_text())
            if new is not None:
                w.set_safe_text(new)
        elif isinstance(w, (QLabel, QAbstractButton)):
            new = retranslated(w.text())
            if new is not None:
                w.setText(new)
        if isinstance(w, QGroupBox):
            _swap(w.title, w.setTitle)
        if isinstance(w, (QLineEdit, QPlainTextEdit)):
            _swap(w.placeholderText, w.setPlaceholderText)
        if isinstance(w, QTableView) and w.model() is not None:    # QTableWidget or a model's
            m, across = w.model(), Qt.Orientation.Horizontal
            for c in range(m.columnCount()):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    text = m.headerData(c, across, role)
                    new = retranslated(text) if isinstance(text, str) else None
                    if new is not None:
                        m.setHeaderData(c, across, new, role)
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                _swap(lambda i=i: w.tabText(i), lambda t, i=i: w.setTabText(i, t))
        _swap(w.toolTip, w.setToolTip)
        _swap(w.accessibleName, w.setAccessibleName)
        _swap(w.accessibleDescription, w.setAccessibleDescription)
        if w.isWindow():
            _swap(w.windowTitle, w.setWindowTitle)
        for action in w.actions():
            _swap(action.text, action.setText)
            _swap(action.toolTip, action.setToolTip)


def _swap(getter: Any, setter: Any) -> None:
    new = retranslated(getter())
    if new is not None:
        setter(new)


class Language(QObject):
    """The app's current language; ``changed`` is emitted after a switch."""

    changed = Signal(str)

    def __init__(self, app: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self.lang = ""
        self._translators: list[QTranslator] = []

    def apply(self, lang: str) -> str:
        """Switch to ``lang`` (en|ko|ru, anything else: English); returns the language used."""
        lang = lang if lang in SUPPORTED else "en"
        if lang == self.lang:
            return lang
        for t in self._translators:
            self._app.removeTranslator(t)
        self._translators = []
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if lang != "en":
            qt = QTranslator(self)
            if qt.load(QLocale(lang), "qtbase", "_", qt_dir):
                self._translators.append(qt)
        self._translators.append(RecordingTranslator(lang, self))
        for t in self._translators:      # the last installed is asked first
            self._app.installTranslator(t)
        QLocale.setDefault(QLocale(lang))
        first = not self.lang
        self.lang = lang
        if not first:
            from PySide6.QtWidgets import QApplication
            retranslate_widgets(QApplication.allWidgets())
        self.changed.emit(lang)
        return lang

    def uninstall(self) -> None:
        """Remove the translators (app exit, tests): Qt must not call into Python objects
        that are being torn down."""
        for t in self._translators:
            self._app.removeTranslator(t)
            t.deleteLater()
        self._translators = []
        self.lang = ""


# ---------------------------------------------------------------------- locale formatting
def fmt_time(when: float | datetime) -> str:
    """A wall-clock time (epoch seconds or aware datetime) in the locale's short format."""
    dt = _qdt(when)
    return QLocale().toString(dt.time(), QLocale.FormatType.ShortFormat)


def fmt_date(when: float | datetime) -> str:
    dt = _qdt(when)
    return QLocale().toString(dt.date(), QLocale.FormatType.ShortFormat)


def _qdt(when: float | datetime) -> QDateTime:
    if isinstance(when, datetime):
        return QDateTime.fromSecsSinceEpoch(int(when.timestamp())).toLocalTime()
    return QDateTime.fromSecsSinceEpoch(int(when)).toLocalTime()
