#!/usr/bin/env bash
# Starts the whole assistant in the foreground: one Ctrl-C stops every process.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f .env ]; then set -a; . ./.env; set +a; fi
mkdir -p var
if [ -z "${RASA_TOKEN:-}" ]; then
  # The HTTP API is never open: without a configured token, use a generated one.
  [ -s var/rasa_token ] || .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(32))" > var/rasa_token
  chmod 600 var/rasa_token
  RASA_TOKEN=$(cat var/rasa_token)
fi
export RASA_TOKEN PYTHONPATH="$PWD" TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
exec .venv/bin/honcho start -f Procfile
