#!/usr/bin/env bash
# Idempotent install: builds .venv from requirements/lock.txt only when the lock changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
LOCK=requirements/lock.txt
STAMP=.venv/.lock.sha256
want=$(sha256sum "$LOCK" | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  exit 0
fi
echo "install: building .venv from $LOCK"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
# Rasa 3.6 declares Python <3.11; every pin has a cp311 wheel, so install without the resolver.
# pip.conf on some machines names local indexes that may not exist; hide only that noise.
.venv/bin/pip install --quiet --disable-pip-version-check --no-deps --ignore-requires-python -r "$LOCK" \
  2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
echo "$want" > "$STAMP"
echo "install: done"
