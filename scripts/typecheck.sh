#!/usr/bin/env bash
# mypy on the domain core (config in pyproject.toml, [tool.mypy]). A folder that does not
# exist yet (bot/answering while it is being written) is left out, not an error.
set -euo pipefail
cd "$(dirname "$0")/.."
core=(bot/kb bot/knowledge bot/funding bot/places bot/text bot/answering bot/replies.py)
present=()
for path in "${core[@]}"; do
  [ -e "$path" ] && present+=("$path")
done
exec .venv/bin/mypy "${present[@]}" "$@"
