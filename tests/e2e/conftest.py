"""End-to-end: the offscreen app against Kamailio, the practice center and its queue (ACD)."""
