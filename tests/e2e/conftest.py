"""End-to-end: the offscreen app against Kamailio, the practice center and its queue (ACD)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
