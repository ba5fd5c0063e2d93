"""The municipality and labour-market region of a conversation, for routing a handoff.

Advisers see only the handoffs of their regions, so every handoff needs one. Taken, in this
order, from: the `municipality` slot (a municipality, an everyday name, a village or a
postcode; the answer engine and the forms set it, the widget's greet payload too), the
widget's `municipality` in the message metadata, the `region` slot, and at last the place
named in anything the user typed. Only places in the full municipality table
(`bot/places/gazetteer`) count; free text never becomes a region. No region: the handoff goes
to the "no region" queue that only admins see.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.places import gazetteer, resolve_place

MAX_TEXTS = 20


@dataclass(frozen=True)
class Place:
    municipality: str | None  # municipality id ("zwolle"), or None
    region: str | None  # labour-market region name ("Regio Zwolle"), or None


NOWHERE = Place(None, None)


def _from_gazetteer(gaz, value: str) -> Place:
    value = value.strip()
    if not value:
        return NOWHERE
    municipality = None
    if re.fullmatch(r"[1-9]\d{3}(\s?[A-Za-z]{2})?", value):
        pc4 = gaz.pc4(value)
        municipality = gaz.municipality(pc4.municipality_id) if pc4 else None
    if municipality is None:
        municipality = gaz.municipality(value)
    if municipality is None:
        return NOWHERE
    return Place(municipality.id, gaz.region_of(municipality).name)


def known_place(value: Any) -> Place:
    """A municipality (id, name, alias or postcode) as a known place, else NOWHERE."""
    if not isinstance(value, str) or not value.strip() or len(value) > 120:
        return NOWHERE
    return _from_gazetteer(gazetteer(), value)


def known_region(value: Any) -> str | None:
    """A region name or code as the canonical region name, else None."""
    if not isinstance(value, str) or not value.strip() or len(value) > 120:
        return None
    region = gazetteer().region(value)
    return region.name if region else None


def all_regions() -> list[str]:
    """Every region name an adviser can be assigned to (and an admin can route to)."""
    return sorted(r.name for r in gazetteer().regions)


def _from_text(text: str) -> Place:
    found = resolve_place(text, gazetteer())
    if found.status == "found" and found.municipality is not None:
        return Place(found.municipality.id, found.region.name if found.region else None)
    if found.status == "region" and found.region is not None:
        return Place(None, found.region.name)
    return NOWHERE


def conversation_place(slots: dict[str, Any], events: Iterable[dict[str, Any]]) -> Place:
    """Where this conversation's user is, as far as the conversation tells."""
    events = list(events)
    place = known_place(slots.get("municipality"))
    if place.region:
        return place
    for event in reversed(events):
        if event.get("event") == "user":
            place = known_place((event.get("metadata") or {}).get("municipality"))
            if place.region:
                return place
    region = known_region(slots.get("region"))
    if region:
        return Place(None, region)
    texts = [e.get("text") or "" for e in events if e.get("event") == "user"]
    for text in reversed([t for t in texts if t and not t.startswith("/")][-MAX_TEXTS:]):
        place = _from_text(text)
        if place.region:
            return place
    return NOWHERE
