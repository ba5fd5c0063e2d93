"""Rasa input channels: REST, socket.io (web widget), Telegram and WhatsApp.

Rasa imports this package for every channel in credentials.yml, in every server process, so
the measured Rasa speed-ups are installed here (see `bot.rasa_speedups`).
"""

from bot import rasa_speedups

rasa_speedups.install()
