"""``python -m democenter``: run the practice center (API server and, unless --no-acd, the queue)."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

log = logging.getLogger("democenter")


def default_data_file() -> Path:
    import platformdirs
    return Path(platformdirs.user_data_dir("agent-softphone")) / "democenter.sqlite"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m democenter",
                                description="The practice center: center API + queue (ACD).")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s)")
    p.add_argument("--port", type=int, default=8780, help="API port (default %(default)s)")
    p.add_argument("--data", type=Path, default=None,
                   help="SQLite file (created and seeded when missing; default in the user data dir)")
    p.add_argument("--sip-proxy", default="127.0.0.1:5060", metavar="HOST:PORT",
                   help="SIP registrar/proxy handed to agents and to the ACD (default %(default)s)")
    p.add_argument("--sip-domain", default="", help="SIP domain (default: the proxy's host)")
    p.add_argument("--registrar", action="store_true",
                   help="run the practice registrar (Kamailio on 127.0.0.1 without auth, "
                        "python -m democenter.registrar) and hand it out instead of --sip-proxy")
    p.add_argument("--sip-outbound-proxy", default="auto", metavar="HOST:PORT",
                   help="the outbound proxy handed to agents: the app sends every call through "
                        "it, so numbers and extensions of the SIP domain reach the registrar "
                        "(default: the --sip-proxy; 'none': no outbound proxy)")
    p.add_argument("--colleagues", action="store_true",
                   help="run the simulated colleagues and the outside world (python -m "
                        "democenter.colleagues); on by default with --registrar")
    p.add_argument("--no-colleagues", action="store_true", help="no simulated colleagues")
    p.add_argument("--sip-transport", choices=("udp", "tcp", "tls"), default="udp")
    p.add_argument("--srtp", choices=("off", "optional", "mandatory"), default="off")
    p.add_argument("--call-rate", type=float, default=2.0, metavar="PER_MIN",
                   help="simulated callers per minute (default %(default)s)")
    p.add_argument("--abusive-share", type=float, default=0.0, metavar="SHARE",
                   help="share of simulated callers who are abusive, 0..1 (default "
                        "%(default)s; practice for the protection protocol)")
    p.add_argument("--protective-break-s", type=int, default=None, metavar="SECONDS",
                   help="the shortest protective break after an abusive call (kept in the "
                        "data file; the practice default is 600)")
    p.add_argument("--callback-retry-s", type=float, default=None, metavar="SECONDS",
                   help="callbacks: the next try after no answer or busy (default 60, or "
                        "DEMOCENTER_CALLBACK_RETRY_S)")
    p.add_argument("--callback-max-attempts", type=int, default=None, metavar="N",
                   help="callbacks: tries before a request closes as unreachable (default 3)")
    p.add_argument("--warnings-before-end", type=int, default=None, metavar="N",
                   help="warnings played before the counselor may end an abusive call (kept "
                        "in the data file; 0: at once; the practice default is 1)")
    p.add_argument("--token-ttl", type=int, default=3600, help="access token lifetime, seconds")
    p.add_argument("--login-max-failures", type=int, default=5, metavar="N",
                   help="failed sign-ins per user name before a lockout (default %(default)s)")
    p.add_argument("--login-max-failures-per-address", type=int, default=20, metavar="N",
                   help="failed sign-ins per client address before a lockout "
                        "(default %(default)s)")
    p.add_argument("--login-lockout", type=float, default=30.0, metavar="SECONDS",
                   help="first lockout; it doubles with each further failure, up to 15 min "
                        "(default %(default)s)")
    p.add_argument("--idempotency-ttl", type=float, default=24 * 3600.0, metavar="SECONDS",
                   help="how long a write's Idempotency-Key is remembered (default 24 h)")
    p.add_argument("--no-acd", action="store_true", help="API server only, no queue process")
    p.add_argument("--echo-port", type=int, default=0, metavar="PORT",
                   help="UDP port of the echo service for the app's network check, on --host "
                        "(default: a free one; democenter/echo.py)")
    p.add_argument("--no-echo", action="store_true", help="no echo service")
    p.add_argument("--echo-advertise", default="", metavar="HOST:PORT",
                   help="the echo address GET /network-test hands out (default: its own)")
    p.add_argument("--sip-tcp", default="", metavar="HOST:PORT",
                   help="the registrar's TCP address for the network check when --sip-proxy "
                        "is UDP (set by --registrar)")
    p.add_argument("--print-openapi", action="store_true",
                   help="print the generated OpenAPI (YAML) and exit; compare with "
                        "contract/center-api.yaml")
    args = p.parse_args(argv)
    if not 0.0 <= args.abusive_share <= 1.0:
        p.error("--abusive-share is a share between 0 and 1")
    for name in ("protective_break_s", "warnings_before_end"):
        if (getattr(args, name) or 0) < 0:
            p.error(f"--{name.replace('_', '-')} cannot be negative")
    return args


def start_acd(args: argparse.Namespace, db_path: Path, domain: str) -> subprocess.Popen | None:
    """The queue process (democenter/acd.py); it shares the database file, not the API.
    (-X faulthandler: an abort inside pjsip leaves the Python stacks in the log.)"""
    cmd = [sys.executable, "-X", "faulthandler", "-m", "democenter.acd", "--db", str(db_path),
           "--rate", str(args.call_rate), "--abusive-share", str(args.abusive_share)]
    if args.sip_proxy:
        cmd += ["--proxy", args.sip_proxy, "--domain", domain]
    from softphone.platform.children import parent_death_signal
    try:   # the queue ends with this process, even when it is killed
        return subprocess.Popen(cmd, preexec_fn=parent_death_signal())
    except OSError as exc:
        log.error("could not start the queue process (%s); running the API only", exc)
        return None


def start_colleagues(args: argparse.Namespace, db_path: Path,
                     domain: str) -> subprocess.Popen | None:
    """The simulated colleagues and the gateway (democenter/colleagues.py), registered at the
    SIP proxy; they share the database file (presence)."""
    cmd = [sys.executable, "-X", "faulthandler", "-m", "democenter.colleagues",
           "--db", str(db_path),
           "--proxy", args.sip_proxy, "--domain", domain]
    from softphone.platform.children import parent_death_signal
    try:   # they end with this process, even when it is killed
        return subprocess.Popen(cmd, preexec_fn=parent_death_signal())
    except OSError as exc:
        log.error("could not start the simulated colleagues (%s)", exc)
        return None


def outbound_proxy(args: argparse.Namespace) -> str:
    """The outbound proxy agents get: ``auto`` is the SIP proxy itself, ``none`` none."""
    value = (args.sip_outbound_proxy or "").strip()
    if value == "auto":
        return args.sip_proxy
    return "" if value.lower() == "none" else value


def stop_child(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(8)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def _server_class():
    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn re-raises SIGTERM after its graceful shutdown, which would kill this
        process before it stops the queue: handle the signals without re-raising."""

        @contextlib.contextmanager
        def capture_signals(self):
            previous = {s: signal.signal(s, self.handle_exit)
                        for s in (signal.SIGINT, signal.SIGTERM)}
            try:
                yield
            finally:
                for s, handler in previous.items():
                    signal.signal(s, handler)

    return Server


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if args.print_openapi:
        import yaml

        from democenter.api import CenterConfig, create_app
        spec = create_app(CenterConfig(db_path="unused")).openapi()
        print(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=100), end="")
        return 0
    registrar = None
    if args.registrar:
        if args.sip_transport == "tls":
            raise SystemExit("--registrar serves UDP and TCP only, not --sip-transport tls")
        from democenter.registrar import PracticeRegistrar
        registrar = PracticeRegistrar(domain=args.sip_domain or "practice.center").start()
        args.sip_proxy, args.sip_domain = registrar.address, registrar.domain
        args.sip_tcp = args.sip_tcp or f"127.0.0.1:{registrar.tcp_port}"
        log.info("practice registrar on %s (domain %s)", registrar.address, registrar.domain)
    try:
        return _serve(args)
    finally:
        if registrar is not None:
            registrar.stop()


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from democenter import auth, db
    from democenter.api import CenterConfig, create_app
    from democenter.echo import EchoService

    data = (args.data or default_data_file()).resolve()
    echo = None if args.no_echo else EchoService(args.host, args.echo_port).start()
    echo_address = args.echo_advertise or (
        f"{'' if args.host in ('0.0.0.0', '::') else args.host}:{echo.address[1]}" if echo else "")
    db.init(data)
    from democenter import callback_store
    conn = db.connect(data)
    try:        # every start: the options, else the practice defaults (retry 60 s, 3 tries)
        with db.transaction(conn):
            callback_store.set_rules(
                conn, callback_store.DEFAULT_RETRY_S if args.callback_retry_s is None
                else args.callback_retry_s, callback_store.DEFAULT_MAX_ATTEMPTS
                if args.callback_max_attempts is None else args.callback_max_attempts)
    finally:
        conn.close()
    if args.protective_break_s is not None or args.warnings_before_end is not None:
        from democenter.protection import set_policy
        conn = db.connect(data)
        try:
            with db.transaction(conn):
                set_policy(conn, protective_break_min_s=args.protective_break_s,
                           warnings_before_end=args.warnings_before_end)
        finally:
            conn.close()
    host, _, port = args.sip_proxy.rpartition(":")
    if not host:
        host, port = port, "5060"
    config = CenterConfig(
        db_path=str(data), token_ttl_s=args.token_ttl,
        sip_registrar=f"sip:{host}:{port}" + (f";transport={args.sip_transport}"
                                               if args.sip_transport != "udp" else ""),
        sip_domain=args.sip_domain or host, sip_transport=args.sip_transport, srtp=args.srtp,
        sip_outbound_proxy=outbound_proxy(args),
        throttle=auth.Throttle(user_failures=args.login_max_failures,
                               addr_failures=args.login_max_failures_per_address,
                               lockout_s=args.login_lockout,
                               lockout_max_s=max(900.0, args.login_lockout)),
        idempotency_ttl_s=args.idempotency_ttl, echo_address=echo_address,
        sip_tcp=args.sip_tcp)
    app = create_app(config)
    server = _server_class()(uvicorn.Config(app, host=args.host, port=args.port,
                                           access_log=False, log_level="info",
                                           timeout_graceful_shutdown=3))
    api_url = f"http://{args.host}:{args.port}/api/v1"
    acd = None if args.no_acd else start_acd(args, data, config.sip_domain)
    team = None
    if (args.colleagues or args.registrar) and not (args.no_acd or args.no_colleagues) \
            and args.sip_proxy:
        team = start_colleagues(args, data, config.sip_domain)
    log.info("practice center on %s (data %s, queue %s, echo %s)", api_url, data,
             "off" if acd is None else f"pid {acd.pid}",
             "off" if echo is None else "%s:%d" % echo.address)
    try:
        server.run()   # returns on SIGTERM / SIGINT
    finally:
        stop_child(acd)
        stop_child(team)
        if echo is not None:
            echo.stop()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
