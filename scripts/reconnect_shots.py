"""Render the "connection is back" question to PNG in English, Korean and Russian, each
shown first in the previous language and then worded again after a language switch.

Run under a display or Xvfb:
    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python scripts/reconnect_shots.py --out /tmp/shots
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from screenshots import settle, shots_main  # noqa: E402
from softphone.ui.connection import ConnectionBanner  # noqa: E402

_banner: ConnectionBanner | None = None


def run_language(app, lang: str, out: Path) -> list[Path]:
    """The banner asked in the previous language stays on screen; shots_main has just
    switched to ``lang``: the question must now read in ``lang``."""
    global _banner
    if _banner is None:
        _banner = ConnectionBanner()
        _banner.resize(900, 60)
        _banner.ask_ready(125.0)
        _banner.show()
    settle(app)
    path = out / f"reconnect_question_{lang}.png"
    _banner.grab().save(str(path))
    return [path]


if __name__ == "__main__":
    sys.exit(shots_main(__doc__, ("en", "ko", "ru"), run_language))
