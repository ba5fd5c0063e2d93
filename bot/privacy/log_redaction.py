"""Personal data never reaches a log line.

Installed as the logging record factory in every process (Rasa, the action server, the web
front), so it covers every logger and handler, Rasa's and libraries' included: a record's
message is formatted and redacted when it is made, and so is the text of its exception.
Person names go too (Rasa logs every user message at DEBUG level).
"""

from __future__ import annotations

import logging
from typing import Any

from bot.privacy.redaction import redact_user_text as redact

_base_factory = logging.getLogRecordFactory()


def _redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    record = _base_factory(*args, **kwargs)
    try:
        message = record.getMessage()
    except (TypeError, ValueError):  # a malformed log call: keep what logging would show
        return record
    record.msg, record.args = redact(message), None
    if record.exc_info and not record.exc_text:
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
    return record


def install() -> None:
    logging.setLogRecordFactory(_redacting_factory)
