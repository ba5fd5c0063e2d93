"""The conversation's language: detect it per message, honour explicit requests, keep it.

API for the answer engine:

    detect(text) -> Detection(language, confidence)
    requested_language(text) -> "nl" | "en" | ... | None   ("Nederlands graag", "english please")
    choose(text, current) -> the language to answer this message in

The languages are data: bot/language/languages.yml.
"""

from __future__ import annotations

from bot.language.detect import Detection, detect, message_words
from bot.language.languages import Language, Languages, languages, requested_language

# A message switches the conversation to another language only when it has at least this many
# words and the detector is at least this sure; shorter or less clear messages ("ok", "hoi",
# "mbo diploma", a place name) keep the language. Chosen with bench/language_detectors.py.
MIN_WORDS_TO_SWITCH = 3
SWITCH_CONFIDENCE = 0.95

__all__ = [
    "Detection",
    "Language",
    "Languages",
    "choose",
    "detect",
    "languages",
    "requested_language",
    "supported",
]


def supported() -> tuple[str, ...]:
    """The language codes the assistant can talk in, the default first."""
    table = languages()
    return (table.default, *(code for code in table.codes if code != table.default))


def choose(text: str, current: str | None = None) -> str:
    """The language to answer `text` in, given the conversation's language so far.

    An explicit request wins. Otherwise the current language stays, unless the message is
    clearly in another supported language. A conversation without a language yet starts in
    the default language (Dutch) by the same rule. Button payloads ("/greet") never switch.
    """
    table = languages()
    keep = current if current in table.codes else table.default
    if text.lstrip().startswith("/"):
        return keep
    asked = requested_language(text, table)
    if asked:
        return asked
    if len(message_words(text)) < MIN_WORDS_TO_SWITCH:
        return keep
    found = detect(text)
    if found.language != keep and found.confidence >= SWITCH_CONFIDENCE:
        return found.language
    return keep
