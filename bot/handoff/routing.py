"""Routing of claimed handoffs: back to the queue when the adviser does not reply in time,
reassigned or taken over by an admin. Each change is one conditional UPDATE (as in store.py).

HANDOFF_CLAIM_REPLY_MINUTES (default 10; decimals allowed): a claimed handoff whose adviser
sent no reply to the user within that time after claiming goes back to the open queue.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, exists, select, update
from sqlalchemy.engine import Engine

from bot.handoff import store

DEFAULT_REPLY_MINUTES = 10.0


def reply_timeout() -> timedelta:
    raw = os.environ.get("HANDOFF_CLAIM_REPLY_MINUTES", "")
    try:
        minutes = float(raw) if raw.strip() else DEFAULT_REPLY_MINUTES
    except ValueError:
        minutes = DEFAULT_REPLY_MINUTES
    return timedelta(minutes=max(minutes, 0.05))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def release_silent_claims(engine: Engine, after: timedelta | None = None) -> list[int]:
    """Claimed handoffs with no reply since their claim, claimed longer than `after` ago:
    back to the queue (status open, nobody). Returns their ids."""
    store.create_tables(engine)
    cutoff = store.now() - (after or reply_timeout())
    h, n = store.handoffs, store.handoff_notes
    replied = exists().where(
        and_(n.c.handoff_id == h.c.id, n.c.kind == "reply", n.c.created_at >= h.c.claimed_at)
    )
    with engine.connect() as conn:
        rows = conn.execute(
            select(h.c.id, h.c.claimed_at).where(h.c.status == "claimed", ~replied)
        ).all()
    due = [row.id for row in rows if row.claimed_at and _aware(row.claimed_at) < cutoff]
    released = []
    for handoff_id in due:
        with engine.begin() as conn:
            done = conn.execute(
                update(h)
                .where(h.c.id == handoff_id, h.c.status == "claimed", ~replied)
                .values(status="open", claimed_by=None, claimed_at=None)
            ).rowcount
        if done:
            released.append(handoff_id)
    return released


def assign(engine: Engine, handoff_id: int, adviser: str) -> bool:
    """An admin gives an active handoff to `adviser` (or takes it over: adviser = the admin).
    The reply clock starts again."""
    h = store.handoffs
    with engine.begin() as conn:
        done = conn.execute(
            update(h)
            .where(h.c.id == handoff_id, h.c.status.in_(store.ACTIVE))
            .values(status="claimed", claimed_by=adviser, claimed_at=store.now())
        ).rowcount
    return done == 1


def closed(engine: Engine, regions: list[str] | None, search: str = "", limit: int = 100
           ) -> list[store.Handoff]:  # fmt: skip
    """Closed and expired handoffs, newest first; `regions` None: all (admins). `search`
    matches the summary, the outcome, the adviser or the id."""
    store.create_tables(engine)
    h = store.handoffs
    query = select(h).where(h.c.status.in_(("closed", "expired"))).order_by(h.c.id.desc())
    if regions is not None:
        query = query.where(h.c.region.in_(list(regions)))
    words = search.strip()[:100]
    if words:
        like = f"%{words.replace('%', '').replace('_', '')}%"
        condition = h.c.summary.ilike(like) | h.c.outcome.ilike(like) | h.c.claimed_by.ilike(like)
        if words.lstrip("#").isdigit():
            condition = condition | (h.c.id == int(words.lstrip("#")))
        query = query.where(condition)
    with engine.connect() as conn:
        return [store._row_to_handoff(row) for row in conn.execute(query.limit(limit))]
