"""Rasa SDK actions: thin adapters that call the typed functions in `bot/`."""

from bot.privacy import log_redaction

log_redaction.install()
