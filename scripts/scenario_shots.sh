#!/usr/bin/env bash
# Screenshots of named scenarios in English, Korean and Russian, on the practice center:
#   bash scripts/scenario_shots.sh OUT_DIR transfer second-call abusive-caller
# Each run gets a fresh data dir (its own practice center) and saves OUT_DIR/<scenario>_<lang>/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$1"; shift
for scenario in "$@"; do
    for lang in en ko ru; do
        dir="$out/${scenario}_$lang"
        data="$(mktemp -d)"
        mkdir -p "$dir"
        XDG_DATA_HOME="$data" XDG_CONFIG_HOME="$data/config" xvfb-run -a -s "-screen 0 1280x900x24" \
            dbus-run-session -- "$ROOT/scripts/with-keyring.sh" \
            "$ROOT/.venv/bin/python" -m softphone --demo --lang "$lang" --scenario "$scenario" \
            --shots "$dir" > "$dir/run.log" 2>&1 || echo "$scenario ($lang) did not complete: $dir/run.log" >&2
        tail -1 "$dir/run.log" | cut -c1-120
        rm -rf "$data"
    done
done
