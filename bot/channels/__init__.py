"""Rasa input channels: Telegram and WhatsApp (the web widget uses Rasa's socket.io)."""
