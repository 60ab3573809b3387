"""Scheduled callbacks: the center's worklist endpoints (attempts, retry rules, the counselor's schedule)."""

from __future__ import annotations


class CallbackEndpoints:
    """Mixed into ``CenterApi``: uses its ``_get`` and ``_exchange``."""
