"""What the place resolver returns: a Resolution, with Candidates to ask back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.places.gazetteer import Municipality, Region, Town

Kind = Literal["municipality", "alias", "region", "town", "pc4", "postcode"]
Status = Literal["found", "ambiguous", "region", "unknown", "none"]


@dataclass(frozen=True)
class Candidate:
    """One possible place, for a question back ("Bedoel je ...?") or as an alternative."""

    municipality: Municipality
    label: str  # button text: "Bergen (Noord-Holland)", "Beek (gemeente Montferland)"
    town: Town | None = None
    share: float | None = None  # for a PC4: share of its addresses in this municipality


@dataclass(frozen=True)
class Resolution:
    """What `resolve_place` found.

    status: found (municipality known), ambiguous (ask back: see candidates), region (only the
    labour-market region is known, e.g. "Twente"), unknown (a postcode that is not in the
    table: ask for the town), none (no place in the text).
    candidates: every possible municipality, the chosen one first. For a found place the others
    are `alternatives` (a PC4 that spans two municipalities, a name that is also a village
    elsewhere).
    """

    status: Status
    kind: Kind | None = None
    text: str = ""  # the matched part of the message, as typed
    municipality: Municipality | None = None
    region: Region | None = None
    town: Town | None = None
    candidates: tuple[Candidate, ...] = ()
    postcode: str | None = None  # "7311" or "7311 AB"
    typo: bool = False  # matched a name with one letter wrong

    @property
    def found(self) -> bool:
        return self.status == "found"

    @property
    def ambiguous(self) -> bool:
        return self.status == "ambiguous"

    @property
    def alternatives(self) -> tuple[Candidate, ...]:
        chosen = self.municipality.id if self.municipality else None
        return tuple(c for c in self.candidates if c.municipality.id != chosen)

    @property
    def municipality_id(self) -> str | None:
        return self.municipality.id if self.municipality else None

    @property
    def region_code(self) -> str | None:
        return self.region.code if self.region else None

    @property
    def region_name(self) -> str | None:
        return self.region.name if self.region else None


NOTHING = Resolution(status="none")
