"""One route = one place to go, as the lines of a reply: a KB provider, a regional career desk,
a regional mbo school or a national finder. Each route ends with its source (name or URL, and
date), so a user can always check it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.kb.schema import Provider, Source
from bot.places.gazetteer import normalize
from bot.places.regional import CareerDesk, RegionalSchool
from bot.places.texts import (
    format_day,
    language_of,
    say,
    source_date_text,
    source_year,
    type_label,
)

# The national entry that explains a provider type, for follow-ups ("is dat gratis?").
TYPE_ENTRY = {
    "taalhuis": "taalhuis",
    "library": "taalhuis",
    "digital_help": "informatiepunt-digitale-overheid",
    "werkcentrum": "werkcentrum",
    "leerwerkloket": "leerwerkloket",
    "uwv": "uwv-werk-nl",
}
# Sources older than this many years get "this may have changed".
OLD_AFTER_YEARS = 2


@dataclass(frozen=True)
class Route:
    """What to say about one place to go."""

    name: str
    lines: tuple[str, ...]
    entry_id: str | None = None  # the KB entry that explains it (buttons, follow-ups)
    web_address: str | None = None

    @property
    def key(self) -> str:
        """For de-duplication: the same desk from the KB and from regio_loketten.csv."""
        return normalize(self.name)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def with_line(self, line: str, before_source: bool = True) -> Route:
        lines = list(self.lines)
        lines.insert(len(lines) - 1 if before_source else len(lines), f"  {line}")
        return Route(self.name, tuple(lines), self.entry_id, self.web_address)


def _dutch(text: str, language: str) -> str:
    """KB texts are Dutch: in an English answer they are marked as such."""
    return say(language, "in_dutch", text=text.strip())


def _old_fact_line(source_date: str, language: str, today: date | None = None) -> str | None:
    year = source_year(source_date)
    this_year = (today or date.today()).year
    if year is not None and year < this_year - OLD_AFTER_YEARS:
        return say(language, "old_fact", year=str(year))
    return None


def source_checked(source: Source, checked: date, language: str) -> str:
    """ "Bron: naam (url), gecontroleerd op 1 december 2026." """
    return say(language, "source_checked", name=source.name, url=source.url,
               date=format_day(checked, language))  # fmt: skip


def provider_route(provider: Provider, language: str, place_name: str | None = None) -> Route:
    """A provider of a KB place, with address, hours, contact, note and its source."""
    head = f"• {provider.name} ({type_label(provider.type, language)})"
    if place_name:
        head += f", {say(language, 'in_place', place=place_name)}"
    lines = [head]
    for value in (provider.address, provider.phone, provider.email, provider.url):
        if value:
            lines.append(f"  {value}")
    if provider.hours:
        lines.insert(2 if provider.address else 1, f"  {_dutch(provider.hours, language)}")
    if provider.note:
        lines.append(f"  {_dutch(provider.note, language)}")
    if provider.sources:
        lines.append("  " + source_checked(provider.sources[0], provider.checked, language))
    return Route(provider.name, tuple(lines), TYPE_ENTRY.get(provider.type), provider.url)


def _display_url(url: str) -> str:
    """A source URL without tracking parameters ("?utm_source=rss...")."""
    head, _, query = url.partition("?")
    return head if query.startswith("utm_") else url


def _dated_source(url: str, source_date: str, language: str) -> str:
    return "  " + say(
        language,
        "source_dated",
        url=_display_url(url),
        date=source_date_text(source_date, language),
    )


def desk_route(desk: CareerDesk, language: str, today: date | None = None) -> Route:
    """A regional career desk of regio_loketten.csv (Werkcentrum / Leerwerkloket)."""
    kind = "leerwerkloket" if desk.type.lower().startswith("leerwerkloket") else "werkcentrum"
    lines = [f"• {desk.name} ({type_label(kind, language)})"]
    lines.append(
        f"  {desk.web_address}" if desk.web_address else f"  {say(language, 'no_address')}"
    )
    year = source_year(desk.source_date)
    if "in development" in desk.type and year is not None:
        lines.append(f"  {say(language, 'desk_in_development', year=str(year))}")
    else:
        old = _old_fact_line(desk.source_date, language, today)
        if old:
            lines.append(f"  {old}")
    lines.append(_dated_source(desk.source_url, desk.source_date, language))
    return Route(desk.name, tuple(lines), kind, desk.web_address)


def school_route(school: RegionalSchool, language: str, today: date | None = None) -> Route:
    """A regional mbo school of regio_mbo.csv."""
    head = f"• {school.name} ({type_label(school.type, language)}"
    head += f", {', '.join(school.towns)})" if school.towns else ")"
    lines = [head]
    if school.web_address:
        lines.append(f"  {school.web_address}")
    note = school.note_en if language_of(language) == "en" else school.note_nl
    if note:
        lines.append(f"  {note}")
    old = _old_fact_line(school.source_date, language, today)
    if old:
        lines.append(f"  {old}")
    lines.append(_dated_source(school.source_url, school.source_date, language))
    return Route(school.name, tuple(lines), None, school.web_address)
