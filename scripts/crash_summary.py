"""What a test process that died on a signal left behind, short enough to read in a CI log.

``scripts/dev.sh test`` gives pytest a directory (``$SOFTPHONE_TEST_CRASH_DIR``); the root
conftest writes the test that is starting to ``current``, points Python's faulthandler at
``faulthandler.txt`` and adds Qt's fatal messages to ``qt-fatal.txt`` there. After a crash
this prints the test that was running, Qt's fatal message if any, the fatal error line, the
stack of the thread that crashed, and one line per other thread (its innermost frame), then
where the full dump is. A full dump of every thread is long: printed as it is, the part a
CI log keeps showed only the last threads, never which one crashed.

    python scripts/crash_summary.py DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

KEEP_FRAMES = 20


def blocks(text: str) -> tuple[list[str], list[list[str]]]:
    """(header lines, thread blocks): a block starts with 'Thread 0x' or 'Current thread 0x'."""
    header: list[str] = []
    threads: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith(("Thread 0x", "Current thread 0x")):
            threads.append([line])
        elif line.startswith("Extension modules:"):
            break
        elif threads:
            if line.strip():
                threads[-1].append(line)
        elif line.strip():
            header.append(line)
    return header, threads


def summary(crash_dir: Path) -> str:
    current = crash_dir / "current"
    dump = crash_dir / "faulthandler.txt"
    running = current.read_text(encoding="utf-8", errors="replace").strip() \
        if current.exists() else "(none recorded)"
    text = dump.read_text(encoding="utf-8", errors="replace") if dump.exists() else ""
    out = [f"=== the test process died while running: {running}"]
    qt_fatal = crash_dir / "qt-fatal.txt"
    if qt_fatal.exists():
        out += qt_fatal.read_text(encoding="utf-8", errors="replace").splitlines()[-5:]
    if not text.strip():
        out.append("=== no Python fault dump (killed from outside, or not a fatal signal)")
        return "\n".join(out)
    header, threads = blocks(text)
    out += header
    crashed = [b for b in threads if b[0].startswith("Current thread")]
    for b in crashed:                    # innermost first; pytest's own frames cut short
        out += b[:KEEP_FRAMES + 1]
        if len(b) > KEEP_FRAMES + 1:
            out.append(f"  ... {len(b) - KEEP_FRAMES - 1} outer frames")
    if not crashed:
        out.append("(the crashing thread runs no Python code: a native thread)")
    others = [b for b in threads if not b[0].startswith("Current thread")]
    if others:
        out.append(f"=== {len(others)} other threads, innermost frame first line:")
        for b in others:
            out.append(f"{b[0].rstrip(':')}: {b[1].strip() if len(b) > 1 else '(no frames)'}")
    out.append(f"=== full dump: {dump}")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    print(summary(Path(argv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
