"""Start the practice center (``python -m democenter``) for a test and stop it by PID."""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
import subprocess

from tests.support.procs import free_port, start, stop, wait_for

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class DemoCenter:
    """A running practice center: ``url`` is the API base (``.../api/v1``)."""
    data: Path
    port: int
    log: Path
    args: tuple[str, ...] = ()
    proc: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return self.root_url + "/api/v1"

    def _up(self) -> bool:
        if self.proc is not None and self.proc.poll() is not None:
            raise RuntimeError(f"the practice center exited ({self.proc.returncode}); "
                               f"see {self.log}:\n{self.log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(self.url + "/openapi.json", timeout=2) as r:
                return r.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def start(self, timeout: float = 30.0) -> "DemoCenter":
        cmd = [sys.executable, "-m", "democenter", "--no-acd", "--host", "127.0.0.1",
               "--port", str(self.port), "--data", str(self.data), *self.args]
        self.proc = start(cmd, log_path=str(self.log), cwd=str(ROOT))
        wait_for(self._up, timeout, interval=0.1, what="the practice center to answer")
        return self

    def stop(self) -> None:
        stop(self.proc)
        self.proc = None


def start_democenter(tmp_dir: Path, *args: str, port: int | None = None,
                     name: str = "center") -> DemoCenter:
    """Start ``python -m democenter --no-acd`` on a free port with a fresh data file."""
    tmp_dir = Path(tmp_dir)
    center = DemoCenter(data=tmp_dir / f"{name}.sqlite", port=port or free_port(),
                        log=tmp_dir / f"{name}.log", args=tuple(args))
    return center.start()
