"""Every button in the domain reaches the user as a payload Rasa understands, without errors."""

from __future__ import annotations

import asyncio
import json
import re

import pytest
from rasa.core.nlg import interpolator
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from tests.conftest import ROOT

PAYLOAD = re.compile(r"^/(?P<intent>\w+)(?P<entities>\{.*\})?$")
DOMAIN = Domain.load(str(ROOT / "domain"))
WITH_BUTTONS = sorted(
    name for name, variants in DOMAIN.responses.items() if any(v.get("buttons") for v in variants)
)


@pytest.mark.parametrize("response", WITH_BUTTONS)
def test_button_payloads_survive_rasa_templating(response: str, monkeypatch) -> None:
    # Rasa reads "{...}" in a response as a slot placeholder; a JSON payload must be written
    # with doubled braces, or every use logs an exception (and costs time under load).
    errors: list[str] = []
    monkeypatch.setattr(interpolator.structlogger, "exception", lambda *a, **k: errors.append(a[0]))
    generator = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    tracker = DialogueStateTracker("buttons", DOMAIN.slots)
    message = asyncio.run(generator.generate(response, tracker, "rest"))
    assert errors == []
    for button in message["buttons"]:
        match = PAYLOAD.match(button["payload"])
        assert match, button
        assert match["intent"] in DOMAIN.intents
        entities = json.loads(match["entities"] or "{}")
        assert set(entities) <= set(DOMAIN.entities), button
