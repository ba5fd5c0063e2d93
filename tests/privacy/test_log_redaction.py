"""Log lines never carry personal data, whoever logs them."""

from __future__ import annotations

import io
import logging

import pytest

from bot.privacy import log_redaction


@pytest.fixture
def log_output():
    original = logging.getLogRecordFactory()
    log_redaction.install()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    logger = logging.getLogger("rasa.core.processor")  # a library's logger, not ours
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    yield logger, stream
    logger.removeHandler(handler)
    logger.setLevel(old_level)
    logging.setLogRecordFactory(original)


def test_messages_and_arguments_are_redacted(log_output) -> None:
    logger, stream = log_output
    logger.debug("Received user message '%s'", "mijn bsn is 111222333, bel 06-12345678")
    logger.info("mail %s, iban %s", "jan@example.nl", "NL91ABNA0417164300")
    logger.info("ordinary numbers stay: order %d", 123456789)
    text = stream.getvalue()
    for secret in ("111222333", "06-12345678", "jan@example.nl", "NL91ABNA0417164300"):
        assert secret not in text
    assert "[BSN]" in text and "[TELEFOON]" in text and "[E-MAIL]" in text
    assert "order 123456789" in text


def test_exception_text_is_redacted(log_output) -> None:
    logger, stream = log_output
    try:
        raise KeyError("Piet woont op Dorpsstraat 12 en mailt piet@example.nl")
    except KeyError:
        logger.exception("action failed")
    text = stream.getvalue()
    assert "Traceback" in text and "KeyError" in text
    assert "piet@example.nl" not in text and "Dorpsstraat 12" not in text


@pytest.mark.usefixtures("log_output")
def test_a_malformed_log_call_is_left_to_logging() -> None:
    record = logging.getLogRecordFactory()("x", logging.INFO, __file__, 1, "%d", ("nan",), None)
    assert record.args == ("nan",)  # logging itself reports the error when it formats
