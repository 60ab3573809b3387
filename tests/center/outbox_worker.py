"""A stand-in for the app's outbox side, run as a separate process (and killed) by the crash test and bench/outbox_chaos.py.

  enqueue: queue COUNT wrap-ups for --agent (center may be down), then keep delivering until killed
  deliver: deliver --agent's pending items, exit 0 when none is left (1 on timeout)
  session: what one counselor's session does on a shared computer: open the outbox (while the
           key or keyring is missing: report it once, keep the writes, retry), sign in as
           --agent, queue --count wrap-ups (interaction ids PREFIX+START..), resend the Not
           sent list when --resend-listed, deliver until nothing of --agent is pending
Prints ``ACCEPTED <interaction id>`` once a write is durably in the outbox, ``KEY_ERROR`` /
``KEYRING_ERROR`` with the message when the outbox cannot open, ``DONE`` at the end.
Tokens come in the environment (OUTBOX_TOKEN, OUTBOX_REFRESH), never on the command line;
with OUTBOX_PASSWORD instead, the worker signs in itself at --login-url.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import sys
import time

from softphone.center import client as center
from softphone.center.client import CenterApi
from softphone.center.outbox import Outbox, OutboxKeyError
from softphone.platform.credentials import CredentialsError, Credentials


def _api(args) -> CenterApi:
    api = CenterApi(args.url, timeout=(1.0, 3.0))
    if os.environ.get("OUTBOX_PASSWORD"):
        login = CenterApi(args.login_url or args.url, timeout=(2.0, 10.0))
        login.login(args.agent, os.environ["OUTBOX_PASSWORD"])
        api.set_tokens(login._token, login._refresh_token)
        login.close()
    else:
        api.set_tokens(os.environ["OUTBOX_TOKEN"], os.environ["OUTBOX_REFRESH"])
    return api


def _open(args, sender) -> Outbox:
    told = set()
    deadline = time.monotonic() + args.timeout
    while True:
        try:
            return Outbox(args.outbox, sender, Credentials(args.service), base_backoff=0.1,
                          max_backoff=args.max_backoff, bad_answer_limit=args.bad_limit,
                          bad_answer_window_s=args.bad_window)
        except (OutboxKeyError, CredentialsError) as exc:
            tag = "KEY_ERROR" if isinstance(exc, OutboxKeyError) else "KEYRING_ERROR"
            if tag not in told:
                told.add(tag)
                print(tag, type(exc).__name__, str(exc), flush=True)
            if time.monotonic() > deadline:
                raise SystemExit(3)
            time.sleep(0.2)


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=("enqueue", "deliver", "session"))
    p.add_argument("--outbox", required=True)
    p.add_argument("--url", required=True)
    p.add_argument("--login-url", default="")
    p.add_argument("--service", required=True)
    p.add_argument("--agent", default="agent3")
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--prefix", default="crash-")
    p.add_argument("--start", type=int, default=0)
    p.add_argument("--delay", type=float, default=0.0, help="pause after each delivery")
    p.add_argument("--max-backoff", type=float, default=0.5)
    p.add_argument("--bad-limit", type=int, default=8)
    p.add_argument("--bad-window", type=float, default=600.0)
    p.add_argument("--resend-listed", action="store_true")
    p.add_argument("--timeout", type=float, default=60.0)
    p.add_argument("--linger", action="store_true",
                   help="session: keep running after DONE, as the app does (until killed)")
    args = p.parse_args()
    logging.basicConfig(level=logging.INFO, stream=sys.stdout,
                        format="%(asctime)s %(name)s %(message)s")
    api = _api(args)
    # which session carries the writes (a digest, never the token): the chaos bench checks it
    print("SESSION", args.agent, hashlib.sha256(api._token.encode()).hexdigest()[:16], flush=True)

    def sender(method, path, payload, key, still_current):
        receipt = api.deliver(method, path, payload, key, still_current)
        if args.delay:
            time.sleep(args.delay)   # widen the window between "recorded" and "deleted"
        return receipt

    box = _open(args, sender)
    box.set_owner(args.agent, args.url)
    if args.mode in ("enqueue", "session"):
        for i in range(args.start, args.start + args.count):
            iid = f"{args.prefix}{i:03d}"
            box.enqueue(*center.wrapup_item(iid, "resolved", f"Confidential note {i} for caller"))
            print("ACCEPTED", iid, flush=True)
        print("ENQUEUED", box.pending_count(), flush=True)
    if args.resend_listed:
        for item in box.refused():
            box.resend(item.id)
    box.start()
    if args.mode == "enqueue":
        while True:
            time.sleep(1)
    deadline = time.monotonic() + args.timeout
    while box.pending_count() and time.monotonic() < deadline:
        time.sleep(0.05)
    left = box.pending_count()
    print("DONE" if not left else f"LEFT {left}", flush=True)
    while args.linger:
        time.sleep(1)
    box.close()
    return 0 if not left else 1


if __name__ == "__main__":
    raise SystemExit(main())
