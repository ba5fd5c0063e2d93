"""Names for the insights: a municipality id becomes its everyday name, a municipality its
labour-market region (bot.places gazetteer). Unknown ids stay as they are, never guessed."""

from __future__ import annotations

import logging
from functools import lru_cache

from bot.insights.report import UNKNOWN

logger = logging.getLogger(__name__)
NO_REGION = "onbekend"


@lru_cache(maxsize=1)
def _gazetteer():
    try:
        from bot.places import gazetteer

        return gazetteer()
    except Exception as error:  # the tables are missing: ids are shown as they are
        logger.warning("insights: no municipality table (%s)", type(error).__name__)
        return None


def municipality_name(municipality_id: str) -> str:
    """ "s-hertogenbosch" -> "'s-Hertogenbosch" (its display name); "onbekend" stays."""
    gaz = _gazetteer()
    found = gaz.municipality(municipality_id) if gaz and municipality_id != UNKNOWN else None
    return found.display_name if found else municipality_id


def region_of(municipality_id: str) -> str:
    """The labour-market region's name of a municipality id, "onbekend" if there is none."""
    gaz = _gazetteer()
    found = gaz.municipality(municipality_id) if gaz and municipality_id != UNKNOWN else None
    return gaz.region_of(found).name if found else NO_REGION


def region_names() -> list[str]:
    gaz = _gazetteer()
    return sorted(r.name for r in gaz.regions) if gaz else []


def municipality_names(ids: list[str]) -> list[tuple[str, str]]:
    """(id, name) pairs, sorted by name: for a filter list."""
    return sorted(((i, municipality_name(i)) for i in ids), key=lambda pair: pair[1].lower())
