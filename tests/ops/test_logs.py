"""JSON log lines (LOG_FORMAT=json): one object per line, the turn id, still redacted."""

from __future__ import annotations

import io
import json
import logging

from bot.ops import logs
from bot.privacy import log_redaction


def test_a_json_line_carries_the_turn_id_and_no_personal_data() -> None:
    log_redaction.install()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    logger = logging.getLogger("tests.ops.json")
    logger.addHandler(handler)
    logger.propagate = False
    token = logs.TURN_ID.set("3f2a9c")
    try:
        logger.warning("user said: mijn bsn is %s", "111222333")
        try:
            raise ValueError("bel me op 06-12345678")
        except ValueError:
            logger.exception("failed")
    finally:
        logs.TURN_ID.reset(token)
        logger.removeHandler(handler)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["turn_id"] == second["turn_id"] == "3f2a9c"
    assert first["level"] == "WARNING" and first["logger"] == "tests.ops.json"
    assert "111222333" not in first["message"] and "[BSN]" in first["message"]
    assert "06-12345678" not in second["exception"] and "ValueError" in second["exception"]


def test_json_only_when_asked(monkeypatch) -> None:
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    assert not logs.json_wanted()
    monkeypatch.setenv("LOG_FORMAT", "JSON")
    assert logs.json_wanted()


def test_use_json_leaves_one_json_handler_on_the_root(monkeypatch) -> None:
    root = logging.getLogger()
    saved, level = list(root.handlers), root.level
    try:
        logs.use_json("INFO")
        logs.use_json("DEBUG")
        ours = [h for h in root.handlers if isinstance(h.formatter, logs.JsonFormatter)]
        assert len(ours) == len(root.handlers) == 1 and root.level == logging.DEBUG
    finally:
        root.handlers[:] = saved
        root.setLevel(level)
