#!/usr/bin/env bash
# One entry point for newcomers, IT and CI: installs what is missing, then runs something.
#   bash scripts/dev.sh demo     install everything, start the app on the practice center
#   bash scripts/dev.sh test     install everything, run the whole test suite
#   bash scripts/dev.sh install  install only
# Idempotent: re-running installs nothing that is already there.
# PJPROJECT_TARBALL=/path/pjproject-2.17.tar.xz: pjsua2 built from that release (see README).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

install_system() {
    local missing=()
    while read -r pkg; do
        [[ -z "$pkg" || "$pkg" == \#* ]] && continue
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done < "$ROOT/scripts/system-packages.txt"
    if ((${#missing[@]})); then
        say "Installing system packages: ${missing[*]}"
        local SUDO=""
        if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
}

# Which pjsua2 goes into .venv: built from the pjproject tarball in $PJPROJECT_TARBALL
# (scripts/pjsua2_build.py: sha256-checked, built once, then taken from the user cache), else
# the PyPI wheel (PJSIP 2.15.1 with OpenSSL 1.0.2k: the app warns about it at shift start).
PJSUA2_FALLBACK="pjsua2-python==2.15.1.post1"

pjsua2_wanted() {
    if [[ -n "${PJPROJECT_TARBALL:-}" ]]; then
        local key
        key="$("$PY" scripts/pjsua2_build.py --tarball "$PJPROJECT_TARBALL" --key)" || return 1
        echo "built:$key"
    else
        echo "wheel:$PJSUA2_FALLBACK"
    fi
}

install_pjsua2() {
    if [[ -n "${PJPROJECT_TARBALL:-}" ]]; then
        say "pjsua2 from $PJPROJECT_TARBALL (built once, about 200 s; then from the cache)"
        local wheel
        wheel="$("$PY" scripts/pjsua2_build.py --tarball "$PJPROJECT_TARBALL")"
        "$PY" -m pip install -q --force-reinstall --no-deps "$wheel"
    else
        say "pjsua2 from PyPI ($PJSUA2_FALLBACK; set PJPROJECT_TARBALL for the hardened build)"
        "$PY" -m pip install -q --no-deps "$PJSUA2_FALLBACK"
    fi
}

install_python() {
    local stamp="$VENV/.installed" want pjsua2
    if [[ ! -x "$PY" ]]; then
        say "Creating the virtual environment in .venv"
        python3 -m venv "$VENV"
    fi
    pjsua2="$(pjsua2_wanted)"     # fails here on a tarball whose sha256 is not accepted
    want="$( { cat setup.cfg pyproject.toml; echo "$pjsua2"; } | sha256sum | cut -d' ' -f1)"
    if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
        say "Installing Python packages into .venv"
        "$PY" -m pip install -q --upgrade pip
        "$PY" -m pip install -q -e ".[test,center]"
        install_pjsua2
        echo "$want" > "$stamp"
    fi
    say "Building resources (translations, sounds, the native audio path)"
    "$PY" -m softphone.resources_build
}

run_demo() {
    shift || true
    if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
        local scenario=(--scenario shift)
        [[ " $* " == *" --scenario "* ]] && scenario=()
        say "No display: playing a practice scenario under Xvfb (screenshots in ./demo-shots)"
        exec xvfb-run -a -s "-screen 0 1280x900x24" \
            dbus-run-session -- "$ROOT/scripts/with-keyring.sh" \
            "$PY" -m softphone --demo "${scenario[@]}" --shots ./demo-shots "$@"
    fi
    exec "$PY" -m softphone --demo "$@"
}

run_tests() {
    shift || true
    "$VENV/bin/lint-imports" setup.cfg
    # a crash (a signal) leaves the running test and the fault dump here: printed short below
    local crash
    crash="$(mktemp -d -t softphone-test-crash.XXXXXX)"
    set +e
    SOFTPHONE_TEST_CRASH_DIR="$crash" dbus-run-session -- "$ROOT/scripts/with-keyring.sh" \
        "$PY" -m pytest --durations=15 --no-qt-log "$@"
    local rc=$?
    set -e
    if [[ $rc -gt 128 || -s "$crash/faulthandler.txt" ]]; then
        echo "ERROR: pytest died (exit code $rc)" >&2
        "$PY" "$ROOT/scripts/crash_summary.py" "$crash" >&2 || true
    else
        rm -rf "$crash"
    fi
    if [[ $rc -eq 5 ]]; then
        echo "ERROR: pytest collected no tests: treating as a failure" >&2
        exit 1
    fi
    exit $rc
}

cmd="${1:-}"
case "$cmd" in
    install) install_system; install_python ;;
    demo) install_system; install_python; run_demo "$@" ;;
    test) install_system; install_python; run_tests "$@" ;;
    *) echo "usage: bash scripts/dev.sh {demo|test|install} [args...]" >&2; exit 2 ;;
esac
