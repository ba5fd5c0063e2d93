"""Local stand-ins for the Telegram Bot API and the WhatsApp Graph API, recording requests."""
