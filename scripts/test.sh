#!/usr/bin/env bash
# Every check: lint, types of the domain core, KB schema, then the whole pytest suite (which
# also runs `rasa data validate` and `rasa test` against the trained model). Files tests write
# (screenshots, logs) go to var/ (ignored); the tree is as clean afterwards as before.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD" TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
echo "== ruff"
.venv/bin/ruff check bot actions tests bench scripts
echo "== mypy (domain core)"
bash scripts/typecheck.sh
echo "== kb check"
.venv/bin/python -m bot.kb check
echo "== pytest"
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi
exit "$rc"
