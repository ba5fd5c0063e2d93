"""Rasa input channels: REST, socket.io (web widget), Telegram and WhatsApp.

Rasa imports this package for every channel in credentials.yml, in every server process, so
the measured Rasa speed-ups and the redaction of logs are installed here.
"""

from bot import log_redaction, rasa_speedups

log_redaction.install()
rasa_speedups.install()
