"""The "connection is back" question follows a language switch while it is on screen."""

from __future__ import annotations

import re

from softphone.ui.connection import ConnectionBanner


def test_the_question_is_worded_again_in_the_new_language(qtbot, language):
    language.apply("ko")
    banner = ConnectionBanner()
    qtbot.addWidget(banner)
    banner.ask_ready(125.0)
    korean = banner.text.text()
    assert re.search("[가-힣]", korean), korean
    language.apply("ru")
    russian = banner.text.text()
    assert re.search("[а-яА-Я]", russian) and not re.search("[가-힣]", russian), russian
    assert "2" in russian                      # the time offline (2 min 5 s) is kept
    banner.clear()
    language.apply("en")
    assert banner.isHidden() and banner.text.text() == russian   # hidden: not re-rendered
