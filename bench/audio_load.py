"""The load and the privileges of bench/audio_bridge.py: CPU hogs, a wrapper that takes the
privilege to raise priority away, and real-time scheduling for the simulated world.

``Load`` is one CPU-bound process per core at normal priority (killed by PID). ``NO_PRIORITY``
wraps a command so it cannot raise its threads' priority (``setpriv`` drops CAP_SYS_NICE,
``prlimit`` sets RLIMIT_RTPRIO and RLIMIT_NICE to 0); ``fifo_refused`` checks that it does.
``world_realtime`` and ``realtime_here`` make the world (the private PulseAudio standing in for
a sound card and a desktop's sound server, the pjsua2 peer standing in for a phone elsewhere,
the benchmark's own measuring streams) real-time, so that a load delays only the programs
under test. Linux, as root.
"""

from __future__ import annotations

import os
import subprocess
import sys

from softphone.platform.children import parent_death_signal

NO_PRIORITY = ("setpriv", "--inh-caps=-sys_nice", "--bounding-set=-sys_nice", "--",
               "prlimit", "--rtprio=0:0", "--nice=0:0", "--")


def realtime_here() -> None:
    """This (measuring) thread real-time when allowed; once per thread."""
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO | os.SCHED_RESET_ON_FORK, os.sched_param(20))
    except (OSError, AttributeError):
        pass


def world_realtime(pid: int, names: tuple[str, ...] = ()) -> int:
    """The threads of a world process (all, or those named ``names``) SCHED_RR 5, as a
    desktop's sound server gets through rtkit, with RLIMIT_RTTIME 1 s as a safety net and no
    inheritance by children; how many were raised."""
    import resource
    if not names:
        try:
            soft, hard = resource.prlimit(pid, resource.RLIMIT_RTTIME)
            limit = 1_000_000 if hard == resource.RLIM_INFINITY else min(hard, 1_000_000)
            if soft == resource.RLIM_INFINITY or soft > limit or hard > limit:
                resource.prlimit(pid, resource.RLIMIT_RTTIME, (limit, limit))
        except OSError:
            return 0
    raised = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            if names and open(f"/proc/{pid}/task/{tid}/comm").read().strip() not in names:
                continue
            os.sched_setscheduler(int(tid), os.SCHED_RR | os.SCHED_RESET_ON_FORK,
                                  os.sched_param(5))
            raised += 1
        except OSError:
            pass
    return raised


def fifo_refused(prefix: tuple[str, ...]) -> bool:
    """Under ``prefix``, a process cannot make itself SCHED_FIFO (nor lower its nice)."""
    code = ("import os\nfor f in (lambda: os.sched_setscheduler(0, os.SCHED_FIFO, "
            "os.sched_param(1)), lambda: os.setpriority(os.PRIO_PROCESS, 0, -1)):\n"
            "    try:\n        f(); print('allowed')\n    except PermissionError:\n"
            "        print('refused')\n")
    out = subprocess.run([*prefix, sys.executable, "-c", code], capture_output=True, text=True)
    return out.returncode == 0 and out.stdout.split() == ["refused", "refused"]


class Load:
    """One CPU-bound process per core at normal priority, until ``stop`` (killed by PID)."""

    def __init__(self, on: bool) -> None:
        # they end with this process too (PDEATHSIG): a benchmark stopped half-way leaves
        # no busy loop behind to spoil the next measurement
        self.procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"],
                                       stdin=subprocess.DEVNULL,
                                       preexec_fn=parent_death_signal())
                      for _ in range(os.cpu_count() or 1)] if on else []

    def stop(self) -> None:
        for p in self.procs:
            p.kill()
        for p in self.procs:
            p.wait(10)
        self.procs = []
