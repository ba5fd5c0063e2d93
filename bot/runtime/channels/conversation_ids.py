"""Conversation ids: one namespace per channel, a strict form, no personal data.

| channel | conversation id | from |
|---|---|---|
| widget (socket.io) | `widget:<32 random characters>` | issued by the server (`secrets.token_urlsafe`) |
| Telegram | `tg:<chat id>` | Telegram's chat id (the webhook is signed by a secret header) |
| WhatsApp | `wa:<HMAC of the phone number>` | the number itself is kept only to reply (`bot/privacy/reply_addresses.py`) |
| REST | the client's id as it is, or `rest:<HMAC>` when it holds personal data | the client |

A REST id may only use letters, digits and `_ - . @ +` (never ':', '/', '..', spaces, control
characters), so a REST client can never name another channel's conversation, and what it
names goes into a URL or a log as it is. An id with an e-mail address or a phone number (or
that is a long number: "31612345678") is replaced by its keyed pseudonym before Rasa sees it.

This module imports nothing of Rasa: the console uses it too.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from bot.privacy.pseudonym import pseudonym
from bot.privacy.redaction import find_personal_data

MAX_REST_CHARS = 64
MAX_CHARS = 80
NAMESPACES = {"widget": "socketio", "tg": "telegram", "wa": "whatsapp", "rest": "rest"}
REST_ID_RE = re.compile(r"[A-Za-z0-9_+][A-Za-z0-9_.@+-]*")
# What follows each namespace's prefix.
_LOCAL = {
    "widget": re.compile(r"[A-Za-z0-9_-]{16,64}"),
    "tg": re.compile(r"-?\d{1,20}"),
    "wa": re.compile(r"[0-9a-f]{32}"),
    "rest": re.compile(r"[0-9a-f]{32}"),
}
_NUMBER_ID = re.compile(r"\+?\d{9,15}")  # a phone number without spaces: 31612345678


class InvalidId(ValueError):
    """Not a conversation id this project could have made; the text says why (English)."""


def rest_id(raw: object) -> str:
    """The conversation id for a REST sender, or InvalidId."""
    if not isinstance(raw, str) or not raw:
        raise InvalidId("'sender' must be a non-empty string.")
    if len(raw) > MAX_REST_CHARS:
        raise InvalidId(f"'sender' may have at most {MAX_REST_CHARS} characters.")
    if not REST_ID_RE.fullmatch(raw) or ".." in raw:
        raise InvalidId(
            "'sender' may only hold letters, digits and _ - . @ + (no ':', '/', '..', "
            "spaces or control characters), and must start with a letter, digit, _ or +."
        )
    if "@" in raw or _NUMBER_ID.fullmatch(raw) or find_personal_data(raw):
        return "rest:" + pseudonym("rest", raw)
    return raw


def widget_id(local: str) -> str:
    return "widget:" + local


def telegram_id(chat_id: int | str) -> str:
    chat = str(chat_id)
    if not re.fullmatch(r"-?\d{1,20}", chat):
        raise InvalidId("a Telegram chat id is a number")
    return "tg:" + chat


def telegram_chat(conversation_id: str) -> str:
    """The chat id to send to; a polled or REST id is used as it is."""
    return conversation_id.removeprefix("tg:")


def whatsapp_id(phone: str, key: bytes | str | None = None) -> str:
    """The conversation id of a WhatsApp number (digits only, as Meta sends it)."""
    digits = re.sub(r"\D", "", phone)
    if not 6 <= len(digits) <= 20:
        raise InvalidId("a WhatsApp sender is a phone number")
    return "wa:" + pseudonym("wa", digits, key)


def is_valid(conversation_id: object) -> bool:
    """Whether `conversation_id` has the form one of the channels gives (and so is safe in a
    URL path segment and a log line)."""
    if not isinstance(conversation_id, str) or not 0 < len(conversation_id) <= MAX_CHARS:
        return False
    namespace, sep, local = conversation_id.partition(":")
    if not sep:  # a REST client's own id
        return (
            len(conversation_id) <= MAX_REST_CHARS
            and bool(REST_ID_RE.fullmatch(conversation_id))
            and ".." not in conversation_id
        )
    pattern = _LOCAL.get(namespace)
    return pattern is not None and bool(pattern.fullmatch(local))


def channel_of(conversation_id: str) -> str:
    namespace, sep, _ = conversation_id.partition(":")
    return NAMESPACES.get(namespace, "rest") if sep else "rest"


def url_segment(conversation_id: str) -> str:
    """`conversation_id` checked and percent-encoded for one path segment; InvalidId if it is
    not a well-formed id (an old row, a forged value): it never reaches a URL then.

    ':', '@' and '+' may stand in a path segment as they are (RFC 3986 `pchar`) and stay so:
    Rasa's server (Sanic) does not decode its path parameters. A well-formed id has nothing
    else that needs encoding, and never '/' or '..'."""
    if not is_valid(conversation_id):
        raise InvalidId("not a valid conversation id")
    return quote(conversation_id, safe=":@+")
