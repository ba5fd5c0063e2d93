"""Where the user lives, as the place answers need it: municipality, region, KB places.

`locate` reads a slot value of any kind (municipality id, GM code, name, town, postcode);
`where_of` adds the KB place of the municipality and the other KB places of its region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.kb import KnowledgeBase
from bot.kb.schema import Place
from bot.places.gazetteer import Gazetteer, Municipality, Region
from bot.places.resolution import NOTHING, Candidate, Resolution
from bot.places.resolve import resolve_place

# "7311" or "7311 AB" is a postcode, not the GM code 7311 (GM codes are read as "0363"/"GM0363").
_POSTCODE_KEY_RE = re.compile(r"^\s*[1-9]\d{3}\s*(?:[A-Za-z]{2})?\s*$")


@dataclass(frozen=True)
class Where:
    resolution: Resolution
    municipality: Municipality | None = None
    region: Region | None = None
    place: Place | None = None  # the KB place of the municipality
    neighbours: tuple[Place, ...] = field(default_factory=tuple)  # other KB places in the region


def locate(key: str | None, gazetteer: Gazetteer) -> Resolution:
    """A slot value (municipality id, GM code, name, town or postcode) as a Resolution."""
    if not key or not key.strip() or key.startswith("/"):
        return NOTHING
    if not _POSTCODE_KEY_RE.match(key):
        m = gazetteer.municipality(key.strip())
        if m is not None:
            return Resolution(
                status="found",
                kind="municipality",
                text=key,
                municipality=m,
                region=gazetteer.region_of(m),
                candidates=(Candidate(m, m.display_name),),
            )
    return resolve_place(key, gazetteer, expecting_place=True)


def where_of(key: str | None, base: KnowledgeBase, gazetteer: Gazetteer) -> Where:
    res = locate(key, gazetteer)
    m = res.municipality if res.found else None
    region = res.region if res.status in ("found", "region", "ambiguous") else None
    if region is None:
        return Where(res)
    members = region.municipality_ids
    places = [p for p in (base.place(mid) for mid in members) if p is not None]
    own = base.place(m.id) if m else None
    neighbours = tuple(p for p in places if own is None or p.id != own.id)
    return Where(res, m, region, own, neighbours)


def display_name(place: Place, gazetteer: Gazetteer) -> str:
    """The everyday name of a KB place's municipality ("Den Haag")."""
    m = gazetteer.municipality(place.id)
    return m.display_name if m else place.name
