#!/usr/bin/env bash
# Idempotent install: builds .venv from requirements/lock.txt only when the lock changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
LOCK=requirements/lock.txt
STAMP=.venv/.lock.sha256
want=$(sha256sum "$LOCK" | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  touch "$STAMP"  # up to date, also when only this script changed
  exit 0
fi
# Leerloket runs on CPython 3.11 only (README, "Python version"): the lock was resolved with
# Python 3.10 markers because Rasa 3.6.21 declares <3.11, and every pin has a cp311 wheel.
venv_py=.venv/bin/python
[ -x "$venv_py" ] || venv_py=$PY
if ! "$venv_py" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
  echo "install: needs CPython 3.11 ($venv_py is not); set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
echo "install: building .venv from $LOCK"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
# Rasa 3.6 declares Python <3.11; every pin has a cp311 wheel, so install without the resolver.
# pip.conf on some machines names local indexes that may not exist; hide only that noise.
.venv/bin/pip install --quiet --disable-pip-version-check --no-deps --ignore-requires-python -r "$LOCK" \
  2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
echo "$want" > "$STAMP"
echo "install: done"
