"""After the adviser: the recap the user gets when a handoff closes, and the user's one vote
on the help ("Hoe vond je de hulp?" with 👍/👎).

The recap is written (or edited from `RECAP_TEMPLATE`) by the adviser when closing; it is
refused while a placeholder is left in it. The vote is stored per handoff, once: the first
press counts, a later press is thanked but changes nothing. The buttons carry only the
rating; which handoff is looked up from the conversation that pressed them (its latest
closed handoff), so nobody can vote on another conversation's help. No text a user typed is
stored with the vote.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.handoff import store
from bot.replies import Button, Reply, intent_payload

VALUES = ("up", "down")
SYMBOLS = {"up": "👍", "down": "👎"}
PLACEHOLDER = "[vul in]"
MAX_RECAP = 1500
RECAP_TEMPLATE = (
    "Dit hebben we afgesproken:\n"
    f"- {PLACEHOLDER}\n\n"
    "Dit ga je nu doen:\n"
    f"- {PLACEHOLDER}\n\n"
    "Heb je later nog een vraag? Stel hem hier gerust."
)
RECAP_HEADING = "Samenvatting van ons gesprek\n"
CLOSED = "De adviseur heeft het gesprek afgesloten. Je praat nu weer met Leerloket."
RATE_QUESTION = Reply(
    "Hoe vond je de hulp?",
    (Button("👍 Goed", intent_payload("rate_help", rating="up")),
     Button("👎 Niet goed", intent_payload("rate_help", rating="down"))),
)  # fmt: skip
THANKS = {
    "up": "Dank je! Fijn dat de adviseur je kon helpen. Heb je nog een vraag? Stel hem gerust.",
    "down": (
        "Dank je voor je eerlijke antwoord. Zo kunnen we de hulp beter maken. "
        "Heb je nog een vraag? Stel hem gerust."
    ),
}
ALREADY = "Je hebt de hulp al beoordeeld. Dank je! Heb je nog een vraag? Stel hem gerust."
NOTHING_TO_RATE = "Er is geen gesprek met een adviseur om te beoordelen. Heb je een vraag?"

metadata = MetaData()
handoff_ratings = Table(
    "handoff_ratings", metadata,
    Column("handoff_id", Integer, primary_key=True),  # one vote per handoff
    Column("value", String(8), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)  # fmt: skip


class RecapError(ValueError):
    """The recap cannot be sent as it is; the message says why, in Dutch."""


def create_tables(engine: Engine) -> None:
    metadata.create_all(engine)


def clean_recap(text: str | None) -> str:
    """The recap to send: trimmed, filled in (no placeholder left), not too long."""
    value = (text or "").replace("\r\n", "\n").strip()
    if not value:
        raise RecapError("Schrijf een korte samenvatting voor de gebruiker.")
    if PLACEHOLDER in value:
        raise RecapError(f"Vul de samenvatting aan: er staat nog {PLACEHOLDER} in.")
    if len(value) > MAX_RECAP:
        raise RecapError(f"De samenvatting is te lang (hoogstens {MAX_RECAP} tekens).")
    return value


def recap_message(recap: str) -> str:
    return RECAP_HEADING + recap


def latest_closed(engine: Engine, conversation_id: str) -> int | None:
    """The id of this conversation's most recently closed handoff (not an expired one:
    no adviser helped there)."""
    store.create_tables(engine)
    table = store.handoffs
    query = (
        select(table.c.id)
        .where(table.c.conversation_id == conversation_id, table.c.status == "closed")
        .order_by(table.c.id.desc())
    )
    with engine.connect() as conn:
        return conn.execute(query).scalar()


def rate(engine: Engine, conversation_id: str, value: str) -> str:
    """Store the vote of this conversation on its latest closed handoff.

    Returns "stored", "already" (this handoff has a vote: the first one stays) or "none"
    (no closed handoff in this conversation)."""
    if value not in VALUES:
        raise ValueError(f"rating must be one of {VALUES}, got {value!r}")
    handoff_id = latest_closed(engine, conversation_id)
    if handoff_id is None:
        return "none"
    create_tables(engine)
    try:
        with engine.begin() as conn:
            conn.execute(insert(handoff_ratings).values(
                handoff_id=handoff_id, value=value, created_at=store.now()))  # fmt: skip
    except IntegrityError:
        return "already"
    return "stored"


def ratings_for(engine: Engine, handoff_ids: list[int]) -> dict[int, str]:
    """handoff id → "up" or "down", for those that have a vote."""
    if not handoff_ids:
        return {}
    create_tables(engine)
    query = select(handoff_ratings.c.handoff_id, handoff_ratings.c.value).where(
        handoff_ratings.c.handoff_id.in_(list(handoff_ids))
    )
    with engine.connect() as conn:
        return {row.handoff_id: row.value for row in conn.execute(query)}
