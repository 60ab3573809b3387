"""A stand-in for the app's outbox side, run as a separate process by test_outbox_crash.py.

  enqueue: queue COUNT wrap-ups (center may be down), then keep delivering until killed
  deliver: deliver what is pending, exit 0 when the outbox is empty (1 on timeout)
Tokens come in the environment (OUTBOX_TOKEN, OUTBOX_REFRESH), never on the command line.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time

from softphone.center import client as center
from softphone.center.client import CenterApi
from softphone.platform.credentials import Credentials
from softphone.center.outbox import Outbox


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=("enqueue", "deliver"))
    p.add_argument("--outbox", required=True)
    p.add_argument("--url", required=True)
    p.add_argument("--service", required=True)
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--delay", type=float, default=0.0, help="pause after each delivery")
    args = p.parse_args()
    logging.basicConfig(level=logging.INFO, stream=sys.stdout,
                        format="%(asctime)s %(name)s %(message)s")
    api = CenterApi(args.url, timeout=(1.0, 5.0))
    api.set_tokens(os.environ["OUTBOX_TOKEN"], os.environ["OUTBOX_REFRESH"])

    def sender(method, path, payload, key):
        api.deliver(method, path, payload, key)
        if args.delay:
            time.sleep(args.delay)   # widen the window between "recorded" and "deleted"

    box = Outbox(args.outbox, sender, Credentials(args.service), base_backoff=0.2,
                 max_backoff=0.5)
    if args.mode == "enqueue":
        for i in range(args.count):
            box.enqueue(*center.wrapup_item(f"crash-{i:03d}", "resolved",
                                            f"Confidential note {i} for caller"))
        print("ENQUEUED", box.pending_count(), flush=True)
        box.start()
        while True:
            time.sleep(1)
    box.start()
    deadline = time.monotonic() + 60
    while box.pending_count() and time.monotonic() < deadline:
        time.sleep(0.1)
    left = box.pending_count()
    box.close()
    print("DONE" if not left else f"LEFT {left}", flush=True)
    return 0 if not left else 1


if __name__ == "__main__":
    raise SystemExit(main())
