"""Rasa SDK actions: thin adapters that call the typed functions in `bot/`."""
