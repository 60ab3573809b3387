"""Desk tests: pure logic and QtCore controllers; Qt runs offscreen when a test needs it."""
