#!/usr/bin/env bash
# Create .venv with a Python >= 3.12 and install requirements.txt into it (again only when it changed).
# Usage: scripts/bootstrap.sh [--browser]   (--browser also makes sure the browser tests' real clients are
# there: Debian's chromium, TimelineJS from npm into .cache/npm, and LibreOffice's headless Calc)
set -euo pipefail
cd "$(dirname "$0")/.."

python_ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }

find_python() {
  local candidates=()
  [ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
  candidates+=(python3.13 python3.12 python3.14 python3)
  for c in "${candidates[@]}"; do
    if command -v "$c" >/dev/null 2>&1 && python_ok "$c"; then command -v "$c"; return 0; fi
  done
  # pyenv's shims only run a version that is selected: look at the installed versions directly.
  local root="${PYENV_ROOT:-$HOME/.pyenv}"
  for p in $(ls -d "$root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do
    if python_ok "$p"; then echo "$p"; return 0; fi
  done
  return 1
}

if [ ! -x .venv/bin/python ] || ! python_ok .venv/bin/python; then
  if ! PY=$(find_python); then
    echo "error: Crisis Tracker needs Python 3.12 or newer and none was found." >&2
    echo "       Install one (e.g. 'apt-get install python3.12' or 'pyenv install 3.12') or set PYTHON=/path/to/python3.12." >&2
    exit 1
  fi
  echo "Creating .venv with $PY ($("$PY" --version))"
  rm -rf .venv
  "$PY" -m venv .venv
fi

stamp=.venv/.requirements.sha256
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$want" > "$stamp"
fi

apt_install() {
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  fi
}

if [ "${1:-}" = "--browser" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  # LibreOffice without its GUI (~40 MB to download, ~200 MB installed, about a minute): converts our .xlsx in tests.
  command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} for the browser tests"
    apt_install "${missing[@]}"
  fi
  # TimelineJS 3 (MPL-2.0), only for tests/browser/test_real_clients.py: never served by the app.
  timelinejs=3.9.11
  if [ "$(node -p "require('./.cache/npm/node_modules/@knight-lab/timelinejs/package.json').version" 2>/dev/null)" != "$timelinejs" ]; then
    echo "Installing TimelineJS $timelinejs into .cache/npm for the browser tests"
    npm install --prefix .cache/npm --no-audit --no-fund --ignore-scripts --silent "@knight-lab/timelinejs@$timelinejs"
  fi
fi
