#!/usr/bin/env bash
# Run a command with an unlocked gnome-keyring on the current D-Bus session
# (call under dbus-run-session). Used for tests and headless demos only.
set -euo pipefail
if command -v gnome-keyring-daemon >/dev/null; then
    # each call prints the daemon's variables, or nothing when it has none to give:
    # a bare `export` would list the whole environment instead
    vars=$(echo -n "softphone-test" | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null) || true
    if [ -n "$vars" ]; then export $vars; fi
    vars=$(gnome-keyring-daemon --start --components=secrets 2>/dev/null) || true
    if [ -n "$vars" ]; then export $vars; fi
fi
exec "$@"
