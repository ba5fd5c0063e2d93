"""The Dutch gazetteer: municipalities, labour-market regions, towns and PC4 postcodes.

Loaded once from the CBS tables in kb/nl/ (see kb/nl/README.md for sources and licences) and
cached. Everything is immutable: dataclasses are frozen, collections are tuples or read-only
mappings.
"""

from __future__ import annotations

import csv
import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

KB_NL = Path(__file__).resolve().parents[2] / "kb" / "nl"

MUNICIPALITIES_FILE = "gemeenten_2025.csv"
REGIONS_FILE = "arbeidsmarktregios_2025.csv"
PC4_FILE = "pc4_gemeente.csv"
TOWNS_FILE = "places_gemeente.csv"
DESKS_FILE = "regio_loketten.csv"
ALIASES_FILE = "aliases.yml"
COMMON_WORDS_FILE = "common_word_names.txt"
ENGLISH_WORDS_FILE = "english_word_names.txt"
TYPO_STOPWORDS_FILE = "typo_stopwords.txt"

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_TOKEN_RE = re.compile(r"[^\W_]+")
# "Bergen (NH.)", "Hengelo (Gld)", "Rijswijk (GLD)": a qualifier in parentheses at the end.
_PAREN_QUALIFIER_RE = re.compile(r"^(?P<base>.+?)\s*\((?P<qual>[^)]*)\)\s*$")
# "Bergen L", "Beuningen Gld", "Haren Gn": a trailing province abbreviation (towns only).
TOWN_QUALIFIERS = frozenset({"gld", "nh", "zh", "nb", "l", "gn", "fr", "dr", "ov", "u", "z"})


def fold(text: str) -> str:
    """Lowercase and strip accents: 'Súdwest-Fryslân' -> 'sudwest-fryslan'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tokens(text: str) -> list[str]:
    """Folded word tokens: "'s-Gravenhage" -> ['s', 'gravenhage']."""
    return _TOKEN_RE.findall(fold(text))


def normalize(text: str) -> str:
    """The matching form of a name: folded tokens joined by one space."""
    return " ".join(tokens(text))


def slugify(name: str) -> str:
    """Municipality id from a CBS name: "'s-Hertogenbosch" -> 's-hertogenbosch'."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name))
    return slug.strip("-")


def split_qualifier(name: str, *, town: bool = False) -> tuple[str, str | None]:
    """('Bergen', 'NH.') for 'Bergen (NH.)'; for towns also ('Bergen', 'L') for 'Bergen L'."""
    match = _PAREN_QUALIFIER_RE.match(name)
    if match:
        return match.group("base").strip(), match.group("qual").strip()
    if town:
        head, _, last = name.rpartition(" ")
        if head and last.lower() in TOWN_QUALIFIERS:
            return head, last
    return name, None


@dataclass(frozen=True)
class Municipality:
    """One of the 342 municipalities (CBS Gebiedsindelingen 2025)."""

    id: str  # slug of the CBS name, the id used by kb/places/<id>.yml
    code: str  # CBS code, "GM0363"
    name: str  # CBS spelling: "'s-Gravenhage", "Bergen (NH.)", "Súdwest-Fryslân"
    province: str
    region_code: str  # labour-market region, "AM18"
    region_name: str  # "Groot Amsterdam"
    display_name: str = ""  # everyday name to show ("Den Haag"); defaults to `name`

    def __post_init__(self) -> None:
        if not self.display_name:
            object.__setattr__(self, "display_name", self.name)


@dataclass(frozen=True)
class Region:
    """A labour-market region (arbeidsmarktregio), 35 in all."""

    code: str  # "AM06"
    name: str  # "Veluwe Stedendriehoek"
    provinces: tuple[str, ...]
    municipality_ids: tuple[str, ...]


@dataclass(frozen=True)
class Town:
    """A BAG woonplaats (town or village) in one municipality (CBS Woonplaatsen 2024)."""

    code: str  # "WP3510"
    name: str  # as registered: "Hengelo (Gld)", "Bergen L", "'s-Graveland"
    municipality_id: str
    name_ambiguous: bool  # the same name occurs in another municipality too
    aliases: tuple[str, ...] = ()

    @property
    def base_name(self) -> str:
        """The name without a province qualifier: 'Hengelo (Gld)' -> 'Hengelo'."""
        return split_qualifier(self.name, town=True)[0]


@dataclass(frozen=True)
class Pc4:
    """A 4-digit postcode and the municipality with most of its addresses."""

    code: str  # "7311"
    municipality_id: str
    share: float | None  # share of the PC4's addresses in that municipality (None: no count)
    n_addresses: int | None
    others: tuple[tuple[str, float], ...] = ()  # (municipality id, share) of the rest
    source: str = ""


@dataclass(frozen=True)
class Gazetteer:
    """All places of the Netherlands, with look-ups. Build it with `load_gazetteer`."""

    municipalities: tuple[Municipality, ...]
    regions: tuple[Region, ...]
    towns: tuple[Town, ...]
    pc4s: Mapping[str, Pc4]
    municipality_aliases: Mapping[str, tuple[str, ...]]  # municipality id -> everyday names
    common_word_names: frozenset[str]  # normalized names that need a locative cue
    english_word_names: frozenset[str]  # ... only in a message that reads as English
    typo_stopwords: frozenset[str]  # words never corrected into a place name
    directory: Path
    _by_key: Mapping[str, Municipality] = field(repr=False, compare=False, default_factory=dict)
    _regions_by_key: Mapping[str, Region] = field(repr=False, compare=False, default_factory=dict)
    _towns_by_municipality: Mapping[str, tuple[Town, ...]] = field(
        repr=False, compare=False, default_factory=dict
    )
    _cache: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    def __hash__(self) -> int:
        return id(self)

    def municipality(self, key: str) -> Municipality | None:
        """By id, GM code ('GM0363' or '0363'), CBS name, display name or alias."""
        found = self._by_key.get(key) or self._by_key.get(key.upper())
        if found is None:
            found = self._by_key.get(normalize(key))
        return found

    def region(self, key: str) -> Region | None:
        """By code ('AM06') or name ('Veluwe Stedendriehoek', any case)."""
        return self._regions_by_key.get(key.upper()) or self._regions_by_key.get(normalize(key))

    def region_of(self, municipality: Municipality | str) -> Region:
        """The labour-market region of a municipality (object, id or code)."""
        m = (
            municipality
            if isinstance(municipality, Municipality)
            else self.municipality(municipality)
        )
        if m is None:
            raise KeyError(f"unknown municipality: {municipality!r}")
        region = self._regions_by_key[m.region_code]
        return region

    def pc4(self, code: str) -> Pc4 | None:
        """The PC4 entry for '7311' (or a full postcode '7311 AB'), None if not in the table."""
        return self.pc4s.get(code.strip()[:4])

    def towns_in(self, municipality_id: str) -> tuple[Town, ...]:
        return self._towns_by_municipality.get(municipality_id, ())

    def municipalities_in(self, region_code: str) -> tuple[Municipality, ...]:
        region = self.region(region_code)
        if region is None:
            return ()
        return tuple(self._by_key[mid] for mid in region.municipality_ids)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _read_word_file(path: Path) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(normalize(line))
    return frozenset(words)


def _parse_others(text: str) -> tuple[tuple[str, float], ...]:
    """'GM1960:0.1034;GM0214:0.01' -> (('GM1960', 0.1034), ...) (codes, mapped to ids later)."""
    out = []
    for part in text.split(";"):
        code, _, share = part.strip().partition(":")
        if code:
            out.append((code, float(share) if share else 0.0))
    return tuple(out)


def _build(directory: Path) -> Gazetteer:
    aliases_doc: dict[str, Any] = {}
    aliases_path = directory / ALIASES_FILE
    if aliases_path.exists():
        aliases_doc = yaml.safe_load(aliases_path.read_text(encoding="utf-8")) or {}
    muni_extra: dict[str, dict[str, Any]] = aliases_doc.get("municipalities") or {}

    municipalities = []
    for row in _read_csv(directory / MUNICIPALITIES_FILE):
        mid = slugify(row["name"])
        extra = muni_extra.get(mid) or {}
        municipalities.append(
            Municipality(
                id=mid,
                code=row["gm_code"],
                name=row["name"],
                province=row["province"],
                region_code=row["amr_code"],
                region_name=row["amr_name"],
                display_name=str(extra.get("display") or row["name"]),
            )
        )
    municipalities.sort(key=lambda m: normalize(m.name))
    by_id = {m.id: m for m in municipalities}
    by_code = {m.code: m for m in municipalities}
    if len(by_id) != len(municipalities):
        raise ValueError("two municipalities share an id")
    unknown_alias_ids = set(muni_extra) - set(by_id)
    if unknown_alias_ids:
        raise ValueError(f"{ALIASES_FILE}: unknown municipality ids {sorted(unknown_alias_ids)}")
    municipality_aliases = {
        mid: tuple(str(a) for a in (extra.get("aliases") or ()))
        for mid, extra in muni_extra.items()
        if extra.get("aliases")
    }

    regions = []
    for row in _read_csv(directory / REGIONS_FILE):
        member_codes = [part.split(":", 1)[0] for part in row["gemeenten"].split(";") if part]
        regions.append(
            Region(
                code=row["amr_code"],
                name=row["amr_name"],
                provinces=tuple(p for p in row["provinces"].split(";") if p),
                municipality_ids=tuple(by_code[c].id for c in member_codes),
            )
        )
    regions.sort(key=lambda r: r.code)

    town_aliases: dict[tuple[str, str], tuple[str, ...]] = {}
    for entry in aliases_doc.get("towns") or ():
        key = (str(entry["town"]), str(entry["municipality"]))
        town_aliases[key] = tuple(str(a) for a in entry.get("aliases") or ())
    towns = []
    for row in _read_csv(directory / TOWNS_FILE):
        mid = by_code[row["gm_code"]].id
        towns.append(
            Town(
                code=row["woonplaats_code"],
                name=row["woonplaats"],
                municipality_id=mid,
                name_ambiguous=row["name_ambiguous"] == "1",
                aliases=town_aliases.pop((row["woonplaats"], mid), ()),
            )
        )
    if town_aliases:
        raise ValueError(f"{ALIASES_FILE}: towns not in {TOWNS_FILE}: {sorted(town_aliases)}")
    towns.sort(key=lambda t: (normalize(t.name), t.municipality_id))

    pc4s = {}
    for row in _read_csv(directory / PC4_FILE):
        others = tuple(
            (by_code[code].id, share) for code, share in _parse_others(row["other_gemeenten"])
        )
        pc4s[row["pc4"]] = Pc4(
            code=row["pc4"],
            municipality_id=by_code[row["gm_code"]].id,
            share=float(row["address_share"]) if row["address_share"] else None,
            n_addresses=int(row["n_addresses"]) if row["n_addresses"] else None,
            others=others,
            source=row["source"],
        )

    by_key: dict[str, Municipality] = {}
    for m in municipalities:
        by_key[m.id] = m
        by_key[m.code] = m
        by_key[m.code[2:]] = m
        by_key.setdefault(normalize(m.name), m)
        by_key.setdefault(normalize(m.display_name), m)
    for mid, names in municipality_aliases.items():
        for name in names:
            by_key.setdefault(normalize(name), by_id[mid])
    regions_by_key: dict[str, Region] = {}
    for r in regions:
        regions_by_key[r.code] = r
        regions_by_key[normalize(r.name)] = r
    towns_by_municipality: dict[str, list[Town]] = {}
    for t in towns:
        towns_by_municipality.setdefault(t.municipality_id, []).append(t)

    return Gazetteer(
        municipalities=tuple(municipalities),
        regions=tuple(regions),
        towns=tuple(towns),
        pc4s=MappingProxyType(pc4s),
        municipality_aliases=MappingProxyType(municipality_aliases),
        common_word_names=_read_word_file(directory / COMMON_WORDS_FILE),
        english_word_names=_read_word_file(directory / ENGLISH_WORDS_FILE),
        typo_stopwords=_read_word_file(directory / TYPO_STOPWORDS_FILE),
        directory=directory,
        _by_key=MappingProxyType(by_key),
        _regions_by_key=MappingProxyType(regions_by_key),
        _towns_by_municipality=MappingProxyType(
            {k: tuple(v) for k, v in towns_by_municipality.items()}
        ),
    )


_LOCK = threading.Lock()
_LOADED: dict[Path, Gazetteer] = {}


def load_gazetteer(directory: Path | str | None = None) -> Gazetteer:
    """The gazetteer from kb/nl (or another folder with the same files), loaded once."""
    path = Path(directory).resolve() if directory is not None else KB_NL
    with _LOCK:
        gaz = _LOADED.get(path)
        if gaz is None:
            gaz = _build(path)
            _LOADED[path] = gaz
        return gaz


def clear_cache() -> None:
    """Forget loaded gazetteers (after the tables changed on disk)."""
    with _LOCK:
        _LOADED.clear()


def iter_names(gaz: Gazetteer) -> Iterable[str]:
    """Every place name the resolver knows (municipalities, aliases, regions, towns)."""
    for m in gaz.municipalities:
        yield m.name
        yield m.display_name
    for names in gaz.municipality_aliases.values():
        yield from names
    for r in gaz.regions:
        yield r.name
    for t in gaz.towns:
        yield t.name
        yield from t.aliases
