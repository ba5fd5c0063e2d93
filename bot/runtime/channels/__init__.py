"""Rasa input channels: REST, socket.io (web widget), Telegram and WhatsApp.

Importing this package changes nothing in Rasa: the launcher (`python -m bot.runtime`)
installs the log redaction and the Rasa patches explicitly in every process.
"""
