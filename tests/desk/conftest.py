"""Desk tests: pure logic and QtCore controllers; Qt runs offscreen when a test needs it."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
