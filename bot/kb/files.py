"""Read and validate the KB files: every error is reported with its file and field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.kb.schema import (
    ENTRY_KINDS,
    PROVIDER_TYPES,
    STATUSES,
    SUMMARY_HARD_LIMIT,
    SUMMARY_SOFT_LIMIT,
    TOPICS,
    Entry,
    Place,
    PostcodeRange,
    Provider,
    Source,
)

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL_RE = re.compile(r"^https?://[\w.-]+\.[a-z]{2,}(?:[/?#]\S*)?$", re.IGNORECASE)
# Leerloket's own statements (privacy) cite the project's documents.
PROJECT_DOC_RE = re.compile(r"^docs/[\w./-]+\.md$")
STALE_AFTER_DAYS = 365
ENTRY_TEXT_FIELDS = (
    "title",
    "summary",
    "details",
    "for_whom",
    "cost",
    "how_to_apply",
    "organisation",
)


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


@dataclass
class LoadResult:
    entries: list[Entry] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)


class _Reader:
    """Collects problems while turning one YAML mapping into typed values."""

    def __init__(self, file: str, data: dict[str, Any], result: LoadResult) -> None:
        self.file, self.data, self.result = file, data, result

    def error(self, name: str, message: str) -> None:
        self.result.errors.append(Problem(self.file, name, message))

    def notice(self, name: str, message: str) -> None:
        self.result.notices.append(Problem(self.file, name, message))

    def text(
        self, name: str, required: bool = True, data: dict | None = None, prefix: str = ""
    ) -> str:
        value = (self.data if data is None else data).get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(prefix + name, "is required")
            return ""
        if not isinstance(value, str | int | float):
            self.error(prefix + name, f"must be text, got {type(value).__name__}")
            return ""
        return str(value).strip()

    def words(self, name: str, data: dict | None = None, prefix: str = "") -> tuple[str, ...]:
        value = (self.data if data is None else data).get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            self.error(prefix + name, "must be a list of words")
            return ()
        return tuple(str(v).strip() for v in value if str(v).strip())

    def day(
        self, name: str, required: bool = True, data: dict | None = None, prefix: str = ""
    ) -> date | None:
        value = (self.data if data is None else data).get(name)
        if value is None:
            if required:
                self.error(prefix + name, "is required (a date, YYYY-MM-DD)")
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.error(prefix + name, f"must be a date YYYY-MM-DD, got {value!r}")
            return None

    def sources(self, data: dict | None = None, prefix: str = "") -> tuple[Source, ...]:
        value = (self.data if data is None else data).get("sources")
        if not isinstance(value, list) or not value:
            self.error(prefix + "sources", "needs at least one source with name and url")
            return ()
        found = []
        for i, item in enumerate(value):
            where = f"{prefix}sources[{i}]"
            if not isinstance(item, dict):
                self.error(where, "must have name and url")
                continue
            name, url = str(item.get("name") or "").strip(), str(item.get("url") or "").strip()
            if not name:
                self.error(where + ".name", "is required")
            if not (URL_RE.match(url) or PROJECT_DOC_RE.match(url)):
                self.error(where + ".url", f"must be a web address (http/https), got {url!r}")
            found.append(Source(name, url))
        return tuple(found)

    def choice(
        self,
        name: str,
        options: tuple[str, ...],
        default: str | None = None,
        data: dict | None = None,
        prefix: str = "",
    ) -> str:
        value = (self.data if data is None else data).get(name, default)
        if value not in options:
            self.error(prefix + name, f"must be one of {', '.join(options)}, got {value!r}")
            return default or options[0]
        return value


def _read_yaml(path: Path, root: Path, result: LoadResult) -> dict[str, Any] | None:
    rel = _rel(path, root)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        result.errors.append(Problem(rel, "-", f"is not valid YAML: {error}".replace("\n", " ")))
        return None
    if not isinstance(data, dict):
        result.errors.append(Problem(rel, "-", "must be a mapping of fields"))
        return None
    return data


def _rel(path: Path, root: Path) -> str:
    return f"{root.name}/{path.relative_to(root)}"


def read_entry(path: Path, root: Path, result: LoadResult, today: date) -> Entry | None:
    data = _read_yaml(path, root, result)
    if data is None:
        return None
    r = _Reader(_rel(path, root), data, result)
    entry_id = r.text("id")
    if entry_id and entry_id != path.stem:
        r.error("id", f"must equal the file name {path.stem!r}")
    if entry_id and not ID_RE.match(entry_id):
        r.error("id", "may only hold a-z, 0-9 and '-'")
    texts = {name: r.text(name) for name in ENTRY_TEXT_FIELDS}
    words = len(texts["summary"].split())
    if words > SUMMARY_HARD_LIMIT:
        r.error(
            "summary",
            f"has {words} words; at most {SUMMARY_HARD_LIMIT} (aim for {SUMMARY_SOFT_LIMIT})",
        )
    elif words > SUMMARY_SOFT_LIMIT:
        r.notice("summary", f"has {words} words; aim for at most {SUMMARY_SOFT_LIMIT}")
    status = r.choice("status", STATUSES, default="active")
    ended_on = r.day("ended_on", required=status == "ended")
    checked = r.day("checked")
    if checked and (today - checked).days > STALE_AFTER_DAYS:
        r.notice("checked", f"{checked} is more than 12 months ago: check the facts again")
    if status == "ended":
        r.notice(
            "status",
            f"ended{f' on {ended_on}' if ended_on else ''}: keep it only to explain what changed",
        )
    entry = Entry(
        id=entry_id or path.stem,
        kind=r.choice("kind", ENTRY_KINDS),
        sources=r.sources(),
        checked=checked or today,
        status=status,
        ended_on=ended_on,
        replaced_by=r.text("replaced_by", required=False) or None,
        tags=r.words("tags"),
        synonyms=r.words("synonyms"),
        related=r.words("related"),
        **texts,
    )
    return entry


def read_provider(r: _Reader, data: Any, index: int, today: date) -> Provider | None:
    prefix = f"providers[{index}]."
    if not isinstance(data, dict):
        r.error(prefix[:-1], "must be a mapping")
        return None
    url = r.text("url", required=False, data=data, prefix=prefix) or None
    if url and not URL_RE.match(url):
        r.error(prefix + "url", f"must be a web address, got {url!r}")
    topics = r.words("topics", data=data, prefix=prefix)
    for topic in topics:
        if topic not in TOPICS:
            r.error(prefix + "topics", f"unknown topic {topic!r} (use {', '.join(TOPICS)})")
    checked = r.day("checked", data=data, prefix=prefix)
    if checked and (today - checked).days > STALE_AFTER_DAYS:
        r.notice(prefix + "checked", f"{checked} is more than 12 months ago")
    return Provider(
        type=r.choice("type", PROVIDER_TYPES, data=data, prefix=prefix),
        name=r.text("name", data=data, prefix=prefix),
        sources=r.sources(data=data, prefix=prefix),
        checked=checked or today,
        topics=topics,
        address=r.text("address", required=False, data=data, prefix=prefix) or None,
        url=url,
        phone=r.text("phone", required=False, data=data, prefix=prefix) or None,
        email=r.text("email", required=False, data=data, prefix=prefix) or None,
        hours=r.text("hours", required=False, data=data, prefix=prefix) or None,
        note=r.text("note", required=False, data=data, prefix=prefix) or None,
    )


def _ranges(r: _Reader, values: Any, where: str) -> tuple[PostcodeRange, ...]:
    if not isinstance(values, list):
        r.error(where, "must be a list of postcodes or ranges")
        return ()
    ranges = []
    for value in values:
        try:
            ranges.append(PostcodeRange.parse(value))
        except ValueError as error:
            r.error(where, str(error))
    return tuple(ranges)


def read_place(path: Path, root: Path, result: LoadResult, today: date) -> Place | None:
    data = _read_yaml(path, root, result)
    if data is None:
        return None
    r = _Reader(_rel(path, root), data, result)
    place_id = r.text("id")
    if place_id and place_id != path.stem:
        r.error("id", f"must equal the file name {path.stem!r}")
    villages_data = data.get("villages") or {}
    if not isinstance(villages_data, dict):
        r.error("villages", "must map a village name to its postcodes")
        villages_data = {}
    providers = [read_provider(r, p, i, today) for i, p in enumerate(data.get("providers") or [])]
    return Place(
        id=place_id or path.stem,
        name=r.text("name"),
        province=r.text("province"),
        region=r.text("region"),
        rural=bool(data.get("rural", False)),
        aliases=tuple(a.lower() for a in r.words("aliases")),
        postcodes=_ranges(r, data.get("postcodes") or [], "postcodes"),
        villages={
            str(name): _ranges(r, codes or [], f"villages.{name}")
            for name, codes in villages_data.items()
        },
        providers=tuple(p for p in providers if p is not None),
        gaps=r.words("gaps"),
    )


def _cross_checks(result: LoadResult) -> None:
    ids = {e.id for e in result.entries}
    for entry in result.entries:
        where = f"kb/entries/{entry.id}.yml"
        for related in entry.related:
            if related not in ids:
                result.errors.append(Problem(where, "related", f"no entry {related!r}"))
        if entry.replaced_by and ID_RE.match(entry.replaced_by) and entry.replaced_by not in ids:
            result.errors.append(Problem(where, "replaced_by", f"no entry {entry.replaced_by!r}"))
    owner: dict[int, str] = {}
    for place in result.places:
        codes = {c for r in place.postcodes for c in range(r.low, r.high + 1)}
        codes |= {c for rs in place.villages.values() for r in rs for c in range(r.low, r.high + 1)}
        for code in sorted(codes):
            if code in owner and owner[code] != place.id:
                result.errors.append(
                    Problem(
                        f"kb/places/{place.id}.yml", "postcodes", f"{code} is also in {owner[code]}"
                    )
                )
            owner[code] = place.id


def load_files(kb_dir: Path, today: date | None = None) -> LoadResult:
    """Every entry and place under `kb_dir`, with all problems found."""
    today = today or date.today()
    result = LoadResult()
    for path in sorted((kb_dir / "entries").glob("*.yml")):
        entry = read_entry(path, kb_dir, result, today)
        if entry is not None:
            result.entries.append(entry)
    for path in sorted((kb_dir / "places").glob("*.yml")):
        place = read_place(path, kb_dir, result, today)
        if place is not None:
            result.places.append(place)
    _cross_checks(result)
    return result
