"""Run baresip 1.0 as a peer in tests: auto-answers calls to its own port, sine-wave audio.

``Baresip(tmp_path, mediaenc="srtp-mand").start()`` then call ``sip:bob@`` + ``.uri_host``.
``.log_text()`` is its console output (calls, media encryption, errors).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from tests.support.procs import free_port, start, stop, wait_for

BARESIP = shutil.which("baresip") or "/usr/bin/baresip"
MODULES = "/usr/lib/baresip/modules"

_CONFIG = """poll_method epoll
sip_listen 127.0.0.1:{port}
sip_trans_def udp
call_local_timeout 120
call_max_calls 4
audio_player aubridge,nil
audio_source ausine,440
audio_alert aubridge,nil
ausrc_srate 48000
ausrc_channels 2
auplay_srate 48000
auplay_channels 2
audio_level no
rtp_tos 0
rtp_ports {rtp_lo}-{rtp_hi}
rtcp_mux no
jitter_buffer_delay 1-5
net_interface 127.0.0.1
module_path {modules}
module g711.so
module ausine.so
module aubridge.so
module srtp.so
module_app account.so
module_app menu.so
"""


class Baresip:
    """One baresip process with one local account ``bob`` that answers automatically."""

    def __init__(self, workdir, *, mediaenc: str = "", user: str = "bob") -> None:
        self.dir = Path(workdir) / f"baresip-{time.monotonic_ns()}"
        self.dir.mkdir(parents=True)
        self.port = free_port()
        rtp = free_port()
        rtp_lo = rtp - (rtp % 2)
        self.user = user
        (self.dir / "config").write_text(_CONFIG.format(
            port=self.port, modules=MODULES, rtp_lo=rtp_lo, rtp_hi=rtp_lo + 20))
        params = ";regint=0;answermode=auto;audio_codecs=PCMU"
        if mediaenc:
            params += f";mediaenc={mediaenc}"
        (self.dir / "accounts").write_text(f"<sip:{user}@127.0.0.1:{self.port}>{params}\n")
        (self.dir / "contacts").write_text("")
        self.log_path = self.dir / "baresip.log"
        self.proc = None

    @property
    def uri(self) -> str:
        return f"sip:{self.user}@127.0.0.1:{self.port}"

    def start(self, timeout: float = 10.0) -> "Baresip":
        self.proc = start([BARESIP, "-f", str(self.dir), "-v"], log_path=str(self.log_path),
                          cwd=str(self.dir))
        try:
            wait_for(lambda: self._listening() or self.proc.poll() is not None, timeout,
                     interval=0.05, what="baresip to start")
        except TimeoutError:
            self.stop()
            raise
        if self.proc.poll() is not None:
            raise RuntimeError(f"baresip exited at start:\n{self.log_text()[-2000:]}")
        return self

    def _listening(self) -> bool:
        return "baresip is ready" in self.log_text()

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        stop(self.proc, timeout=3.0)
        self.proc = None
