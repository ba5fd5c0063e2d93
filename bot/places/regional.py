"""Career desks and mbo schools per labour-market region, only as a source confirms them.

Career desks come from kb/nl/regio_loketten.csv: a region gets the regional desks that a public
page confirms (with that page and its date); a region without one gets the national portals
from the same file. mbo schools (ROC/AOC) come from kb/nl/regio_mbo.csv, each with the page that
names it in that region. Web addresses are only those written in the files: nothing is ever
built from a pattern ("werkcentrum-<region>.nl").
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import Literal

from bot.places.gazetteer import DESKS_FILE, Gazetteer, Region

Layer = Literal["regional", "national"]
SCHOOLS_FILE = "regio_mbo.csv"


@dataclass(frozen=True)
class CareerDesk:
    """One row of regio_loketten.csv."""

    scope: Layer
    name: str
    type: str  # "Werkcentrum", "Leerwerkloket", "national portal", ...
    region_code: str | None
    region_name: str | None
    web_address: str | None  # only where the source gives it
    web_address_basis: str  # how the address is known (or why there is none)
    evidence: str  # what the source says (English, for editors; not user text)
    source_url: str
    source_date: str  # as the file gives it: "2025-10-31", "c. 2017", "undated ..."


@dataclass(frozen=True)
class RegionalDesks:
    """What to tell a user of `region` about career advice, layer by layer."""

    region: Region
    regional: tuple[CareerDesk, ...]  # confirmed desks of this region (may be empty)
    national: tuple[CareerDesk, ...]  # the national portals, always there as the fallback

    @property
    def layer(self) -> Layer:
        """'regional' when a source confirms a desk for this region, else 'national'."""
        return "regional" if self.regional else "national"

    @property
    def desks(self) -> tuple[CareerDesk, ...]:
        """The confirmed regional desks, or else the national portals."""
        return self.regional or self.national

    @property
    def links(self) -> tuple[CareerDesk, ...]:
        """Desks with a web address to show: regional ones first, then the national portals."""
        return tuple(d for d in (*self.regional, *self.national) if d.web_address)


def _none_if_empty(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def all_desks(gaz: Gazetteer) -> tuple[CareerDesk, ...]:
    """Every row of regio_loketten.csv (read once per gazetteer)."""
    cached = gaz._cache.get("desks")
    if cached is None:
        rows = []
        with (gaz.directory / DESKS_FILE).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                scope = row["scope"].strip()
                if scope not in ("regional", "national"):
                    continue  # not a data row
                rows.append(
                    CareerDesk(
                        scope="regional" if scope == "regional" else "national",
                        name=row["name"].strip(),
                        type=row["type"].strip(),
                        region_code=_none_if_empty(row["amr_code"]),
                        region_name=_none_if_empty(row["amr_name"]),
                        web_address=_none_if_empty(row["web_address"]),
                        web_address_basis=row["web_address_basis"].strip(),
                        evidence=row["evidence"].strip(),
                        source_url=row["source_url"].strip(),
                        source_date=row["source_date"].strip(),
                    )
                )
        cached = tuple(rows)
        gaz._cache["desks"] = cached
    assert isinstance(cached, tuple)
    return cached


def national_portals(gaz: Gazetteer) -> tuple[CareerDesk, ...]:
    return tuple(d for d in all_desks(gaz) if d.scope == "national")


def career_desks(region: Region | str, gaz: Gazetteer) -> RegionalDesks:
    """The career desks for a region (a Region, its code 'AM06' or its name)."""
    found = region if isinstance(region, Region) else gaz.region(region)
    if found is None:
        raise KeyError(f"unknown labour-market region: {region!r}")
    regional = tuple(
        d for d in all_desks(gaz) if d.scope == "regional" and d.region_code == found.code
    )
    return RegionalDesks(region=found, regional=regional, national=national_portals(gaz))


def regions_with_desks(gaz: Gazetteer) -> tuple[str, ...]:
    """Codes of the regions that have a confirmed regional desk."""
    return tuple(
        sorted({d.region_code for d in all_desks(gaz) if d.scope == "regional" and d.region_code})
    )


@dataclass(frozen=True)
class RegionalSchool:
    """One row of regio_mbo.csv: an mbo school that a source names in a region."""

    region_code: str
    region_name: str
    name: str
    type: str  # "ROC", "AOC" or "mbo"
    towns: tuple[str, ...]  # where the source places it ("Apeldoorn", "Deventer"); may be empty
    topics: tuple[str, ...]  # bot.kb.schema.TOPICS it helps with
    web_address: str | None
    web_address_basis: str
    note_nl: str  # B1 note for users ("Sinds augustus 2024 ..."), or ""
    note_en: str
    evidence: str  # what the source says (English, for editors; not user text)
    source_url: str
    source_date: str


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


def all_schools(gaz: Gazetteer) -> tuple[RegionalSchool, ...]:
    """Every row of regio_mbo.csv (read once per gazetteer; none when the file is missing)."""
    cached = gaz._cache.get("schools")
    if cached is None:
        rows = []
        path = gaz.directory / SCHOOLS_FILE
        if path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    if not row.get("amr_code", "").startswith("AM"):
                        continue  # not a data row
                    rows.append(
                        RegionalSchool(
                            region_code=row["amr_code"].strip(),
                            region_name=row["amr_name"].strip(),
                            name=row["name"].strip(),
                            type=row["type"].strip(),
                            towns=_split(row["towns"]),
                            topics=_split(row["topics"]),
                            web_address=_none_if_empty(row["web_address"]),
                            web_address_basis=row["web_address_basis"].strip(),
                            note_nl=row["note_nl"].strip(),
                            note_en=row["note_en"].strip(),
                            evidence=row["evidence"].strip(),
                            source_url=row["source_url"].strip(),
                            source_date=row["source_date"].strip(),
                        )
                    )
        cached = tuple(rows)
        gaz._cache["schools"] = cached
    assert isinstance(cached, tuple)
    return cached


def mbo_schools(
    region: Region | str, gaz: Gazetteer, topic: str | None = None
) -> tuple[RegionalSchool, ...]:
    """The mbo schools a source names in a region (for `topic`, when given)."""
    found = region if isinstance(region, Region) else gaz.region(region)
    if found is None:
        raise KeyError(f"unknown labour-market region: {region!r}")
    return tuple(
        s
        for s in all_schools(gaz)
        if s.region_code == found.code and (topic is None or topic in s.topics)
    )
