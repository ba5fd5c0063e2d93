#!/usr/bin/env bash
# Starts the whole assistant in the foreground: one Ctrl-C stops every process.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f .env ]; then set -a; . ./.env; set +a; fi
mkdir -p var
# A secret that is not configured is generated once into var/ (mode 600) and used from then on.
secret() {
  local file="var/$1"
  [ -s "$file" ] || (umask 077; .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(32))" > "$file")
  chmod 600 "$file"
  cat "$file"
}
# The HTTP API is never open: without a configured token, use a generated one.
[ -n "${RASA_TOKEN:-}" ] || RASA_TOKEN=$(secret rasa_token)
# The action server answers only calls that carry this secret (bot/runtime/endpoints.py).
[ -n "${ACTION_SERVER_TOKEN:-}" ] || ACTION_SERVER_TOKEN=$(secret action_server_token)
# The key of the pseudonyms that replace phone numbers and e-mail addresses as ids.
[ -n "${PSEUDONYM_KEY:-}" ] || PSEUDONYM_KEY=$(secret pseudonym_key)
export RASA_TOKEN ACTION_SERVER_TOKEN PSEUDONYM_KEY
export PYTHONPATH="$PWD" TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
exec .venv/bin/honcho start -f Procfile
