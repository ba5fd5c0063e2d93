"""Structured logs: one JSON object per line when ``LOG_FORMAT=json``, with the turn id.

The turn id is the id Rasa gives a user message (``UserMessage.message_id``): Rasa's log lines
of that turn carry it, and the action server reads it from the tracker Rasa sends with every
action call (``latest_message.message_id``), so one id follows a turn across both processes
(`bot/runtime/patches/ops.py` sets it). It is random, not a sender or a conversation id.

Text stays redacted: the record factory of `bot.privacy.log_redaction` redacts every record
when it is made, and this formatter redacts once more what it writes (an exception's text
included), so a process that did not install the factory leaks nothing either.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import sys
from datetime import UTC, datetime

from bot.privacy.redaction import redact

TURN_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("leerloket_turn", default=None)
_process: str | None = None


def process_name() -> str:
    """ "rasa", "actions" or "web" once a process said so; until then read from its command."""
    if _process:
        return _process
    args = sys.argv[1:3]
    if args == ["run", "actions"]:
        return "actions"
    return "rasa" if args[:1] == ["run"] else "leerloket"


def json_wanted() -> bool:
    return os.environ.get("LOG_FORMAT", "").strip().lower() == "json"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "process": process_name(),
            "message": redact(record.getMessage()),
        }
        turn = TURN_ID.get()
        if turn:
            entry["turn_id"] = turn
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = redact(record.exc_text)
        return json.dumps(entry, ensure_ascii=False)


def _is_ours(handler: logging.Handler) -> bool:
    return getattr(handler, "_leerloket_json", False)


def use_json(level: int | str | None = None) -> None:
    """Every log line of this process as JSON on stderr: the root logger gets one JSON
    handler, and handlers other libraries put on their own loggers (Sanic's) get the JSON
    formatter."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if not _is_ours(handler):
            root.removeHandler(handler)
    if not any(_is_ours(h) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler._leerloket_json = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    if level is not None:
        root.setLevel(level.upper() if isinstance(level, str) else level)
    adopt_handlers()


def adopt_handlers() -> None:
    """The JSON formatter on every handler of every named logger (Sanic adds its own)."""
    for logger in list(logging.Logger.manager.loggerDict.values()):
        for handler in getattr(logger, "handlers", []):
            if not isinstance(handler.formatter, JsonFormatter):
                handler.setFormatter(JsonFormatter())


def install(process: str, level: int | str | None = None) -> bool:
    """Name this process in log lines; switch to JSON when LOG_FORMAT=json. True if JSON."""
    global _process
    _process = process
    if not json_wanted():
        return False
    use_json(level)
    return True
