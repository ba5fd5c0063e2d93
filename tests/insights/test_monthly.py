"""Insights per region and month and unmet demand, on seeded conversations and handoffs:
the figures match what was seeded, names instead of ids, small counts hidden."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, insert

from bot.answering.phrases import PHRASES
from bot.handoff import store
from bot.insights import monthly, unmet_demand
from bot.insights import report as insights
from bot.insights.places import municipality_name, region_of
from tests.support.tracker_store import make_tracker_store

NOV = datetime(2026, 11, 10, 10, 0, tzinfo=UTC)
OCT = datetime(2026, 10, 6, 10, 0, tzinfo=UTC)


async def seed(store_, sender: str, when: datetime, municipality: str | None, *,
               no_answer: bool = False, topic: str | None = None, fallback: bool = False,
               entry: str | None = None, intent: str = "ask_funding") -> None:  # fmt: skip
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    at = when.timestamp()
    tracker = DialogueStateTracker(sender, slots=[])
    entities = [{"entity": "topic", "value": topic}] if topic else []
    tracker.update(UserUttered("vraag", {"name": intent}, entities, input_channel="socketio",
                               timestamp=at))  # fmt: skip
    if fallback:
        tracker.update(UserUttered("iets raars", {"name": "nlu_fallback"}, timestamp=at))
    if municipality:
        tracker.update(SlotSet("municipality", municipality, timestamp=at))
    if entry:
        tracker.update(SlotSet("last_entry", entry, timestamp=at))
    tracker.update(ActionExecuted("action_answer", timestamp=at))
    text = PHRASES["nl"]["no_answer"] + "\n\nBedoel je misschien…" if no_answer else "Een antwoord."
    tracker.update(BotUttered(text, timestamp=at))
    await store_.save(tracker)


def seed_handoffs(engine) -> None:
    """Regio Zwolle, November: 5 handoffs, waiting 2..10 min, handling 10..50 min (closed);
    Zeeland: 1; one expired in Regio Zwolle (no claim: no times)."""
    store.create_tables(engine)
    rows = []
    for i in range(5):
        claimed = NOV + timedelta(minutes=2 * (i + 1))
        rows.append(
            {
                "region": "Regio Zwolle",
                "status": "closed",
                "created_at": NOV,
                "claimed_at": claimed,
                "closed_at": claimed + timedelta(minutes=10 * (i + 1)),
            }
        )
    rows.append(
        {
            "region": "Regio Zwolle",
            "status": "expired",
            "created_at": NOV,
            "claimed_at": None,
            "closed_at": NOV + timedelta(minutes=15),
        }
    )
    rows.append({"region": "Zeeland", "status": "closed", "created_at": NOV,
                 "claimed_at": NOV, "closed_at": NOV + timedelta(minutes=5)})  # fmt: skip
    with engine.begin() as conn:
        for n, row in enumerate(rows):
            conn.execute(insert(store.handoffs).values(
                conversation_id=f"h{n}", reason="asked", summary="", transcript="[]", **row))  # fmt: skip


async def seeded_engine(tmp_path):
    url = f"sqlite:///{tmp_path / 'monthly.db'}"
    tracker_store = make_tracker_store(url)
    # November: Zwolle 6 (5 not answered), Kampen 5 (all asked "rekenen", no local provider
    # in the KB for Kampen); Goes 2. October: Zwolle 5 answered, one NLU fallback.
    for i in range(6):
        await seed(tracker_store, f"zn{i}", NOV, "zwolle", no_answer=i < 5, topic="rekenen")
    for i in range(5):
        await seed(tracker_store, f"kn{i}", NOV, "kampen", topic="rekenen", intent="find_provider")
    for i in range(2):
        await seed(tracker_store, f"gn{i}", NOV, "goes", no_answer=True)
    for i in range(5):
        await seed(tracker_store, f"zo{i}", OCT, "zwolle", fallback=i == 0)
    engine = create_engine(url, future=True)
    seed_handoffs(engine)
    return engine


def _rows(engine, region=None, period=None):
    return monthly.month_rows(insights.read_conversations(engine), monthly.read_handoffs(engine),
                              region, period)  # fmt: skip


def test_the_engine_phrases_are_the_ones_insights_look_for() -> None:
    for language in ("nl", "en"):
        assert any(PHRASES[language]["no_answer"].startswith(p) for p in insights.NO_ANSWER)


def test_names_not_ids() -> None:
    assert municipality_name("s-hertogenbosch") == "'s-Hertogenbosch"
    assert region_of("kampen") == "Regio Zwolle"
    assert municipality_name("onbekend") == "onbekend" and region_of("onbekend") == "onbekend"


async def test_per_region_and_month(tmp_path) -> None:
    engine = await seeded_engine(tmp_path)
    rows = {(r.region, r.month): r for r in _rows(engine)}
    zwolle_nov = rows[("Regio Zwolle", "2026-11")]
    assert zwolle_nov.conversations == 11 and zwolle_nov.unanswered == 5
    assert zwolle_nov.handoffs == 6  # the expired one counts as a handoff, without times
    assert zwolle_nov.waiting_median == 6.0 and zwolle_nov.handling_median == 30.0
    assert zwolle_nov.topics == [("ask_funding", 6), ("find_provider", 5)]
    zeeland = rows[("Zeeland", "2026-11")]
    assert (zeeland.conversations, zeeland.handoffs, zeeland.unanswered) == (None, None, None)
    assert zeeland.waiting_median is None  # one handoff: no median shown
    october = rows[("Regio Zwolle", "2026-10")]
    assert october.conversations == 5 and october.unanswered is None  # 1 fallback: hidden
    assert rows[("alle regio's", "2026-11")].conversations == 13
    assert _rows(engine)[0].month == "2026-11"  # newest first
    only = _rows(engine, region="Regio Zwolle", period="2026-10")
    assert [(r.region, r.month) for r in only] == [("Regio Zwolle", "2026-10")]


async def test_trend_is_oldest_first_with_gaps_for_small_counts(tmp_path) -> None:
    engine = await seeded_engine(tmp_path)
    trend = monthly.trend(_rows(engine, region="Regio Zwolle"), "Regio Zwolle")
    assert [(r.month, r.conversations, r.unanswered) for r in trend] == [
        ("2026-10", 5, None), ("2026-11", 11, 5)]  # fmt: skip


async def test_unmet_demand_per_municipality_and_region(tmp_path) -> None:
    engine = await seeded_engine(tmp_path)
    conversations = insights.read_conversations(engine)
    covered = {"zwolle": {"rekenen", "lezen"}}  # Kampen and Goes: no KB place
    rows = unmet_demand.unmet_rows(conversations, {}, covered, period="2026-11")
    by_name = {(r.kind, r.name): r for r in rows}
    region = by_name[("regio", "Regio Zwolle")]
    assert (region.conversations, region.unanswered, region.no_provider) == (11, 5, 5)
    assert region.topics == [("rekenen", 5)]
    kampen = by_name[("gemeente", "Kampen")]
    assert (kampen.unanswered, kampen.no_provider, kampen.topics) == (None, 5, [("rekenen", 5)])
    zwolle = by_name[("gemeente", "Zwolle")]
    assert (zwolle.unanswered, zwolle.no_provider) == (5, None)
    goes = by_name[("gemeente", "Goes")]
    assert (goes.conversations, goes.unanswered) == (None, None)  # 2: hidden
    assert rows[0].kind == "regio" and rows[-1].kind == "gemeente"


async def test_csv_exports_hide_small_counts(tmp_path) -> None:
    engine = await seeded_engine(tmp_path)
    months = list(csv.reader(io.StringIO(monthly.to_csv(_rows(engine)))))
    assert months[0][:3] == ["region", "month", "conversations"]
    assert ["Zeeland", "2026-11", "<5", "<5", "<5", "–", "–", ""] in months
    conversations = insights.read_conversations(engine)
    unmet = unmet_demand.to_csv(unmet_demand.unmet_rows(conversations, {}, {}), None)
    rows = list(csv.reader(io.StringIO(unmet)))
    assert ["gemeente", "Kampen", "Regio Zwolle", "alle maanden", "5", "<5", "5",
            "rekenen (5)"] in rows  # fmt: skip
    assert not any(cell in {"1", "2", "3", "4"} for row in rows[1:] for cell in row[4:7])
