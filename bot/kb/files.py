"""Read and validate the KB files: every error is reported with its file and field."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.kb.reader import URL_RE, LoadResult, Problem, _Reader
from bot.kb.schema import (
    EASY_SUMMARY_LIMIT,
    ENTRY_KINDS,
    FACETS,
    MIN_QUESTIONS,
    PROVIDER_TYPES,
    STATUSES,
    SUMMARY_HARD_LIMIT,
    SUMMARY_SOFT_LIMIT,
    TOPICS,
    TRANSLATED_FIELDS,
    Entry,
    Place,
    PostcodeRange,
    Provider,
    Question,
    Source,
    Translation,
)
from bot.text.normalise import normalise

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")  # ISO 639 codes: en, ar, tr, pl, uk, ti
STALE_AFTER_DAYS = 365  # the default age after which `check` warns; KB_MAX_AGE_DAYS sets it
REQUIRED_LANGUAGES = ("en",)
ENTRY_TEXT_FIELDS = (
    "title",
    "summary",
    "details",
    "for_whom",
    "cost",
    "how_to_apply",
    "organisation",
)


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


def _questions(r: _Reader) -> tuple[Question, ...]:
    value = r.data.get("questions") or []
    if not isinstance(value, list):
        r.error("questions", "must be a list of {text, from, lang (nl unless said)}")
        return ()
    found = []
    for i, item in enumerate(value):
        text = str(item.get("text") or "").strip() if isinstance(item, dict) else ""
        origin = str(item.get("from") or "").strip() if isinstance(item, dict) else ""
        if not text or not origin:
            r.error(f"questions[{i}]", "needs text and from (a web address or 'own')")
            continue
        if origin != "own" and not URL_RE.match(origin.split()[0]):
            r.error(f"questions[{i}].from", f"must be a web address or 'own', got {origin!r}")
        language = str(item.get("lang") or "nl")
        if not LANGUAGE_RE.match(language):
            r.error(
                f"questions[{i}].lang", f"must be a language code (nl, en, ...), got {language!r}"
            )
        found.append(Question(text, origin, language))
    if len(found) < MIN_QUESTIONS:
        r.error("questions", f"has {len(found)} phrasings; at least {MIN_QUESTIONS}")
    return tuple(found)


def _translations(r: _Reader, texts: dict[str, str]) -> tuple[tuple[str, Translation], ...]:
    value = r.data.get("translations") or {}
    if not isinstance(value, dict):
        r.error("translations", "must map a language code to its fields")
        return ()
    found = []
    for language, fields in value.items():
        prefix = f"translations.{language}."
        if not LANGUAGE_RE.match(str(language)) or not isinstance(fields, dict):
            r.error(prefix[:-1], "must be a language code (en, ar, ...) with its fields")
            continue
        unknown = set(fields) - set(TRANSLATED_FIELDS)
        if unknown:
            r.error(prefix[:-1], f"unknown fields {sorted(unknown)}")
        values = {
            name: r.text(name, required=False, data=fields, prefix=prefix)
            for name in TRANSLATED_FIELDS
        }
        for name in ("title", "summary"):
            if not values[name]:
                r.error(prefix + name, "is required")
        for name in FACETS:
            if texts.get(name) and not values[name] and name != "summary":
                r.notice(prefix + name, "is missing: the Dutch text is shown instead")
        found.append((str(language), Translation(**values)))
    for language in REQUIRED_LANGUAGES:
        if language not in value:
            r.error("translations", f"needs {language!r} (plain {language} for newcomers)")
    return tuple(found)


def _facet_sources(r: _Reader) -> tuple[tuple[str, tuple[Source, ...]], ...]:
    value = r.data.get("facet_sources") or {}
    if not isinstance(value, dict):
        r.error("facet_sources", "must map a facet to its sources")
        return ()
    found = []
    for facet, sources in value.items():
        if facet not in FACETS:
            r.error("facet_sources", f"unknown facet {facet!r} (use {', '.join(FACETS)})")
            continue
        found.append(
            (facet, r.sources(data={"sources": sources}, prefix=f"facet_sources.{facet}."))
        )
    return tuple(found)


def read_entry(
    path: Path, root: Path, result: LoadResult, today: date, max_age_days: int = STALE_AFTER_DAYS
) -> Entry | None:
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
    if checked and checked > today:
        r.error("checked", f"{checked} is in the future: the date the facts were checked")
    elif checked and (today - checked).days > max_age_days:
        r.notice(
            "checked", f"{checked} is more than {max_age_days} days ago: check the facts again"
        )
    facets = {name: r.text(name, required=False) for name in ("where", "deadline", "what_now")}
    if status == "ended" and not facets["what_now"]:
        r.error("what_now", "is required for an ended scheme: what to do now instead")
    easy = r.text("easy_summary")
    if len(easy.split()) > EASY_SUMMARY_LIMIT:
        r.error("easy_summary", f"has {len(easy.split())} words; at most {EASY_SUMMARY_LIMIT}")
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
        easy_summary=easy,
        facet_sources=_facet_sources(r),
        translations=_translations(r, {**texts, **facets}),
        questions=_questions(r),
        **facets,
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
    # One phrasing teaches the ranker one entry: the same question under two entries is noise.
    asked: dict[str, str] = {}
    for entry in result.entries:
        for question in entry.questions:
            key = normalise(question.text)
            if asked.setdefault(key, entry.id) != entry.id:
                result.errors.append(Problem(
                    f"kb/entries/{entry.id}.yml", "questions",
                    f"{question.text!r} is also a phrasing of {asked[key]}",
                ))  # fmt: skip
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


def load_files(
    kb_dir: Path, today: date | None = None, max_age_days: int = STALE_AFTER_DAYS
) -> LoadResult:
    """Every entry and place under `kb_dir`, with all problems found."""
    today = today or date.today()
    result = LoadResult()
    for path in sorted((kb_dir / "entries").glob("*.yml")):
        entry = read_entry(path, kb_dir, result, today, max_age_days)
        if entry is not None:
            result.entries.append(entry)
    for path in sorted((kb_dir / "places").glob("*.yml")):
        place = read_place(path, kb_dir, result, today)
        if place is not None:
            result.places.append(place)
    _cross_checks(result)
    return result
