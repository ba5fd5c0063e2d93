"""Insights on seeded conversations: the numbers match what was seeded; small counts are hidden."""

from __future__ import annotations

import csv
import io
import time

from sqlalchemy import create_engine

from bot.handoff import feedback
from bot.insights import report as insights
from tests.support.tracker_store import make_tracker_store

DAY = 86_400


async def seed(store, sender: str, *, channel: str, municipality: str | None, intents: list[str],
               entry: str | None = None, fallback: str | None = None, handoff: bool = False,
               when: float | None = None) -> None:  # fmt: skip
    from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    when = when or time.time()
    tracker = DialogueStateTracker(sender, slots=[])
    for intent in intents:
        tracker.update(
            UserUttered("vraag", {"name": intent}, input_channel=channel, timestamp=when)
        )
    if fallback:
        tracker.update(UserUttered(fallback, {"name": "nlu_fallback"}, input_channel=channel,
                                   timestamp=when))  # fmt: skip
    if municipality:
        tracker.update(SlotSet("municipality", municipality, timestamp=when))
    if entry:
        tracker.update(SlotSet("last_entry", entry, timestamp=when))
    if handoff:
        tracker.update(ActionExecuted("action_handoff", timestamp=when))
    await store.save(tracker)


async def seeded_engine(tmp_path):
    url = f"sqlite:///{tmp_path / 'insights.db'}"
    store = make_tracker_store(url)
    # Zwolle: 7 conversations via the widget about funding, 5 of them hand off,
    # 6 could not be answered with the same question; Goes: 2 conversations.
    for i in range(7):
        await seed(store, f"z{i}", channel="socketio", municipality="zwolle",
                   intents=["greet", "ask_funding"], entry="levenlanglerenkrediet",
                   fallback="Kan ik rijles krijgen?" if i < 6 else None, handoff=i < 5)  # fmt: skip
    for i in range(2):
        await seed(store, f"g{i}", channel="telegram", municipality="goes",
                   intents=["ask_career"], entry="werkcentrum")  # fmt: skip
    engine = create_engine(url, future=True)
    for i in range(6):
        feedback.store(f"z{i}", "levenlanglerenkrediet", "up", engine=engine)
    feedback.store("z6", "levenlanglerenkrediet", "down", engine=engine)
    return engine


async def test_numbers_match_the_seeded_conversations(tmp_path) -> None:
    engine = await seeded_engine(tmp_path)
    report = insights.report_for(engine, municipality="zwolle")
    assert report.conversations == 7
    assert report.channels == {"socketio": 7}
    assert report.top_topics == [("ask_funding", 7)]
    assert report.top_entries == [("levenlanglerenkrediet", 7)]
    assert report.unanswered == [("kan ik rijles krijgen", 6)]
    assert report.handoffs == 5 and report.handoff_rate == round(5 / 7, 3)
    assert report.feedback["levenlanglerenkrediet"] == {"up": 6, "down": None}


async def test_small_counts_are_suppressed(tmp_path) -> None:
    engine = await seeded_engine(tmp_path)
    goes = insights.report_for(engine, municipality="goes")
    assert goes.conversations is None  # 2 conversations: hidden
    assert goes.channels == {"telegram": None}
    assert goes.top_topics == [] and goes.top_entries == []
    assert goes.handoff_rate is None
    rows = list(csv.reader(io.StringIO(insights.to_csv(goes))))
    assert ["goes", "alle maanden", "conversations", "", "<5"] in rows
    assert not any(row[-1] in {"1", "2", "3", "4"} for row in rows[1:])


async def test_period_filter(tmp_path) -> None:
    engine = await seeded_engine(tmp_path)
    this_month = time.strftime("%Y-%m", time.gmtime())
    assert insights.report_for(engine, period=this_month).conversations == 9
    assert insights.report_for(engine, period="2001-01").conversations is None
