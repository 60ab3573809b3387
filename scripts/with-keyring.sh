#!/usr/bin/env bash
# Run a command with an unlocked gnome-keyring on the current D-Bus session
# (call under dbus-run-session). Used for tests and headless demos only.
set -euo pipefail
if command -v gnome-keyring-daemon >/dev/null; then
    export $(echo -n "softphone-test" | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null) || true
    export $(gnome-keyring-daemon --start --components=secrets 2>/dev/null) || true
fi
exec "$@"
