#!/usr/bin/env bash
# Production set-up on one machine: PostgreSQL tracker store, Redis lock store,
# RASA_WORKERS Rasa workers behind nginx on :5005, the action server and the web front.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f .env ]; then set -a; . ./.env; set +a; fi
: "${DATABASE_URL:?run-prod needs DATABASE_URL=postgresql://...}"
: "${REDIS_URL:?run-prod needs REDIS_URL=redis://...}"
: "${RASA_TOKEN:?run-prod needs RASA_TOKEN}"
: "${ACTION_SERVER_TOKEN:?run-prod needs ACTION_SERVER_TOKEN (the secret Rasa sends to the action server)}"
: "${PSEUDONYM_KEY:?run-prod needs PSEUDONYM_KEY (one key for every process; docs/security.md)}"
if ! command -v nginx >/dev/null 2>&1; then
  echo "install: nginx (Debian package)"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi
# A conversation's lock outlives a killed worker by this many seconds (Rasa's default: 60,
# longer than nginx waits for an answer); see reports/prod_faults.md.
export TICKET_LOCK_LIFETIME="${TICKET_LOCK_LIFETIME:-20}"
export PYTHONPATH="$PWD" TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
mkdir -p var/prod
# Secrets not configured are generated once into var/prod/ (see docs/security.md).
for name in ACTION_SERVER_TOKEN PSEUDONYM_KEY; do
  if [ -z "${!name:-}" ]; then
    file="var/prod/$(echo "$name" | tr 'A-Z' 'a-z')"
    [ -s "$file" ] || (umask 077; .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(32))" > "$file")
    export "$name=$(cat "$file")"
  fi
done
.venv/bin/python -m bot.runtime.endpoints var/prod/endpoints.yml
.venv/bin/python -m bot.kb load
.venv/bin/python -m bot.ops.prod var/prod
exec .venv/bin/honcho start -f var/prod/Procfile
