"""Finding 8: insights could be poisoned.

Attack: a free-text municipality in a payload showed up in the filter and in the "gaps"
list; one conversation voting 👎 six times counted six times, past the small-count
suppression; feedback ignored the filters. Now only municipalities of the municipality table
count, one conversation has one vote per answer, every figure honours the filters, and the
suppression counts conversations. Policy makers see the figures and nothing personal.
"""

from __future__ import annotations

import time

from aiohttp.test_utils import TestClient, TestServer

from bot.handoff import feedback
from bot.insights import report as insights
from bot.web.server import create_app
from tests.security.helpers import login
from tests.support.tracker_store import make_tracker_store


async def seed(store, sender: str, municipality: str, entry: str = "evc",
               fallback: str | None = None) -> None:  # fmt: skip
    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker(sender, slots=[])
    tracker.update(UserUttered("wat is evc", {"name": "ask_learning_route"}, input_channel="rest"))
    if fallback:
        tracker.update(UserUttered(fallback, {"name": "nlu_fallback"}, input_channel="rest"))
    tracker.update(SlotSet("municipality", municipality))
    tracker.update(SlotSet("last_entry", entry))
    await store.save(tracker)


async def seeded(engine):
    store = make_tracker_store(str(engine.url))
    for i in range(6):
        await seed(store, f"zwolle-{i}", "zwolle", fallback="Kan ik rijles krijgen?")
        feedback.store(f"zwolle-{i}", "evc", "up", engine=engine)
    for i in range(5):
        await seed(store, f"goes-{i}", "Goes")  # the name, not the id: still Goes
        feedback.store(f"goes-{i}", "evc", "up", engine=engine)
    await seed(store, "poison", "<b>Pizzastad</b>")
    for _ in range(6):  # one conversation, six votes
        feedback.store("poison", "evc", "down", engine=engine)


async def test_only_known_municipalities_count(engine) -> None:
    await seeded(engine)
    conversations = insights.read_conversations(engine)
    assert insights.municipalities(conversations) == ["goes", "zwolle"]
    poison = next(c for c in conversations if c.sender == "poison")
    assert poison.municipality == insights.UNKNOWN
    from bot.web.console.insights_page import gaps

    assert "<b>Pizzastad</b>" not in gaps(conversations)


async def test_one_conversation_has_one_vote_per_answer(engine) -> None:
    await seeded(engine)
    assert feedback.counts(engine)[("evc", "down")] == 1
    report = insights.report_for(engine)
    assert report.feedback["evc"] == {"up": 11, "down": None}  # 1 conversation: suppressed
    feedback.store("poison", "evc", "up", engine=engine)  # a change of mind replaces the vote
    assert ("evc", "down") not in feedback.counts(engine)


async def test_every_figure_honours_the_filters(engine) -> None:
    await seeded(engine)
    zwolle = insights.report_for(engine, municipality="zwolle")
    assert zwolle.conversations == 6 and zwolle.feedback["evc"] == {"up": 6}
    goes = insights.report_for(engine, municipality="goes")
    assert goes.conversations == 5 and goes.feedback["evc"] == {"up": 5}
    assert goes.unanswered == []
    long_ago = insights.report_for(engine, period="2001-01")
    assert long_ago.conversations is None and long_ago.feedback == {}
    this_month = insights.report_for(engine, period=time.strftime("%Y-%m", time.gmtime()))
    assert this_month.feedback["evc"]["up"] == 11


async def test_the_page_takes_only_known_municipalities_and_policy_sees_nothing_personal(
    engine,
) -> None:
    await seeded(engine)
    async with TestClient(TestServer(create_app())) as client:
        await login(client, "beheer")
        bad = await client.get("/console/insights?gemeente=%3Cb%3EPizzastad%3C%2Fb%3E")
        assert bad.status == 400
        page = await (await client.get("/console/insights")).text()
        assert "Pizzastad" not in page
        assert "kan ik rijles krijgen" in page  # admins see the grouped unanswered questions
    async with TestClient(TestServer(create_app())) as client:
        response = await login(client, "beleid")
        assert response.headers["Location"] == "/console/insights"
        page = await (await client.get("/console/insights?gemeente=zwolle")).text()
        assert "<th>Gesprekken</th><td>6</td>" in page
        assert "rijles" not in page  # a user's words, even redacted and grouped
        export = await (await client.get("/console/insights/export.csv")).text()
        assert "rijles" not in export
        for url in ("/console/api/queue", "/console/events", "/console/handoff/1"):
            assert (await client.get(url, allow_redirects=False)).status == 403, url
        assert (await client.get("/console", allow_redirects=False)).headers["Location"] == (
            "/console/insights"
        )
    async with TestClient(TestServer(create_app())) as client:
        await login(client, "twente")
        assert (await client.get("/console/insights")).status == 403
