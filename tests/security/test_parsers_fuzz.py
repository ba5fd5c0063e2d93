"""Property-based fuzzing of everything that reads outside input, without a server.

Whatever arrives — broken JSON, wrong types, deep nesting, odd Unicode — the parsers either
accept it or refuse it with their own error; nothing else may escape.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.knowledge.questions import kb
from bot.runtime.channels.rest import RequestError, parse_body
from bot.runtime.channels.socketio import clean_metadata, clean_session_token, session_local
from bot.runtime.channels.whatsapp import inbound_messages

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=25,
)
# Bodies shaped like the real thing, with any value in any place.
whatsapp_like = st.fixed_dictionaries({"entry": st.lists(st.fixed_dictionaries({
    "changes": st.lists(st.fixed_dictionaries({"value": st.fixed_dictionaries({
        "messages": st.lists(st.dictionaries(
            st.sampled_from(["id", "from", "type", "text", "interactive", "button"]),
            json_values | st.sampled_from(["text", "interactive", "button"]),
        ), max_size=3) | json_values,
    })}) | json_values, max_size=3),
}) | json_values, max_size=3) | json_values})  # fmt: skip
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()))
def test_rest_body_parser_accepts_or_refuses_cleanly(raw: bytes) -> None:
    try:
        sender, text, metadata = parse_body(raw)
    except RequestError as error:
        assert str(error)
    else:
        assert isinstance(sender, str) and sender.strip() and isinstance(text, str)
        assert metadata is None or isinstance(metadata, dict)


@FUZZ
@given(json_values | whatsapp_like)
def test_whatsapp_parser_never_crashes(payload) -> None:
    if not isinstance(payload, dict):
        payload = {"entry": payload}
    for message in inbound_messages(payload):
        assert isinstance(message.sender, str) and isinstance(message.message_id, str)
        assert message.text is None or isinstance(message.text, str)


@FUZZ
@given(json_values)
def test_widget_session_and_metadata_are_cleaned(value) -> None:
    token = clean_session_token(value)  # never a value the server did not issue
    assert token != value and session_local(token) is not None
    metadata = clean_metadata(value)
    assert set(metadata) <= {"municipality", "page"}
    assert all(isinstance(v, str) and len(v) <= 200 for v in metadata.values())


@FUZZ
@given(st.text(max_size=300))
def test_kb_search_answers_any_text(text: str) -> None:
    hits = kb().search(text, k=3)
    assert len(hits) <= 3
    assert all(kb().get(hit.entry_id) is not None for hit in hits)


def test_kb_search_treats_injection_as_words() -> None:
    for text in ["'; DROP TABLE kb_entries; --", "<script>alert(1)</script> evc", "%' OR 1=1 --"]:
        kb().search(text)
    assert kb().search("wat is evc")[0].entry_id == "evc"
