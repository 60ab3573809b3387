"""Queue membership: signing in and out of individual queues, skills and waits per queue."""

from __future__ import annotations


class QueueEndpoints:
    """Mixed into ``CenterApi``: uses its ``_get`` and ``_exchange``."""
