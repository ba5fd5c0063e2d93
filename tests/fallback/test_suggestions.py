from bot.fallback.suggestions import fallback_reply


def test_first_miss_suggests_likely_intents_as_buttons() -> None:
    reply = fallback_reply(
        0, [("nlu_fallback", 0.9), ("ask_funding", 0.3), ("ask_career", 0.2), ("greet", 0.1)]
    )
    payloads = [b.payload for b in reply.buttons]
    assert payloads[:2] == ["/ask_funding", "/ask_career"]
    assert "/greet" not in payloads
    assert "/request_human" not in payloads


def test_first_miss_can_suggest_a_kb_entry() -> None:
    reply = fallback_reply(0, [("ask_funding", 0.3)], [("evc", "EVC")])
    assert reply.buttons[0].payload == '/ask_about{"kb_entry":"evc"}'
    assert reply.buttons[0].title == "EVC"


def test_second_miss_offers_an_adviser() -> None:
    reply = fallback_reply(1, [("ask_funding", 0.3)])
    assert reply.buttons[0].payload == "/request_human"
    assert "adviseur" in reply.text


def test_nothing_likely_asks_to_rephrase() -> None:
    reply = fallback_reply(0, [("greet", 0.01)])
    assert "anders zeggen" in reply.text
