"""Where can I learn near me, and where do I get career advice: an answer for every municipality.

Three honest layers, always said as such (see docs and issue "every municipality"):
  local     the KB place's own providers (kb/places/<id>.yml), with address and source;
  regional  the region's career desk (kb/nl/regio_loketten.csv), the region's mbo schools
            (kb/nl/regio_mbo.csv) and the providers of the other KB places in the region;
  national  finders that work everywhere (bot/places/national.py), quoted from kb/entries.
Every answer first names the user's municipality and region in words ("Je woont in
Apeldoorn, in de regio Veluwe Stedendriehoek (Gelderland)."); without a known place it gives
the national layer and asks for the place. Dutch by default, English with language="en".

    answer = providers_answer("apeldoorn", "lezen", base, gazetteer())
    answer.layer            # "local" | "regional" | "national"
    answer.replies, answer.entry_id   # as bot.knowledge.answers.Answer
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.kb import KnowledgeBase
from bot.kb.schema import Entry, Place, Provider
from bot.places.gazetteer import Gazetteer, Municipality, Region
from bot.places.national import CAREER_FINDERS, national_routes, topic_finders
from bot.places.regional import career_desks, mbo_schools
from bot.places.resolution import Resolution
from bot.places.routes import Route, desk_route, provider_route, school_route
from bot.places.texts import language_of, region_phrase, say, topic_label
from bot.places.where import Where, display_name, locate, where_of
from bot.replies import Answer, Button, Reply, intent_payload

__all__ = [
    "Layer",
    "PlaceAnswer",
    "ambiguity_reply",
    "career_answer",
    "locate",
    "place_question",
    "providers_answer",
    "topic_for_entry",
]

Layer = Literal["local", "regional", "national"]

MAX_ROUTES = 4  # per section
MAX_NATIONAL_WITH_OTHERS = 2  # national routes after a local or regional section
MAX_SCHOOLS_IN_CAREER = 2
MAX_CANDIDATE_BUTTONS = 8
# Provider types of another KB place that serve the whole region (a Taalhuis serves its town).
REGIONAL_TYPES = ("mbo", "werkcentrum", "leerwerkloket", "uwv", "adult_education", "other")
CAREER_TYPES = ("werkcentrum", "leerwerkloket", "uwv")
DESK_TOPICS = ("loopbaan", "vak", "mbo_diploma", "")  # the career desk also answers these


@dataclass(frozen=True)
class PlaceAnswer:
    """An Answer (replies + entry_id) and the layer it reached."""

    answer: Answer
    layer: Layer
    municipality: Municipality | None = None
    region: Region | None = None

    @property
    def replies(self) -> tuple[Reply, ...]:
        return self.answer.replies

    @property
    def entry_id(self) -> str | None:
        return self.answer.entry_id


def _header(where: Where, lang: str) -> str:
    m, region = where.municipality, where.region
    if m is not None and region is not None:
        return say(
            lang,
            "you_live_in",
            municipality=m.display_name,
            region=region_phrase(region.name, lang),
            province=m.province,
        )
    if region is not None:
        return say(lang, "you_live_in_region", region=region_phrase(region.name, lang))
    return say(lang, "place_unknown")


def _unique(routes: list[Route], seen: set[str]) -> list[Route]:
    out = []
    for route in routes:
        if route.key not in seen:
            seen.add(route.key)
            out.append(route)
    return out


def _with_desk_addresses(routes: list[Route], where: Where, gazetteer: Gazetteer) -> list[Route]:
    """A KB desk without a web address gets the one regio_loketten.csv confirms, if any."""
    if where.region is None:
        return routes
    web = {
        Route(d.name, ()).key: d.web_address
        for d in career_desks(where.region, gazetteer).regional
        if d.web_address
    }
    return [
        r.with_line(web[r.key]) if r.web_address is None and r.key in web else r for r in routes
    ]


def _regional_routes(
    where: Where, topic: str, lang: str, gazetteer: Gazetteer, *, career: bool
) -> list[Route]:
    if where.region is None:
        return []
    types = CAREER_TYPES if career else REGIONAL_TYPES
    routes: list[Route] = []
    for place in where.neighbours:
        for provider in _for_topic(place, "" if career else topic):
            if provider.type in types:
                routes.append(provider_route(provider, lang, display_name(place, gazetteer)))
    if career or topic in DESK_TOPICS:
        routes += [desk_route(d, lang) for d in career_desks(where.region, gazetteer).regional]
    if not career:
        schools = mbo_schools(where.region, gazetteer, topic or None)
        routes += [school_route(s, lang) for s in schools]
    return routes


def _for_topic(place: Place, topic: str) -> list[Provider]:
    return place.providers_for(topic or None)


def _school_routes(where: Where, lang: str, gazetteer: Gazetteer) -> list[Route]:
    """mbo schools of the region for the career answer: KB places' schools, then regio_mbo.csv."""
    if where.region is None:
        return []
    places = ([where.place] if where.place else []) + list(where.neighbours)
    routes = [
        provider_route(p, lang, display_name(place, gazetteer))
        for place in places
        for p in place.providers
        if p.type == "mbo"
    ]
    return routes + [school_route(s, lang) for s in mbo_schools(where.region, gazetteer)]


def _entry_buttons(routes: list[Route], base: KnowledgeBase, lang: str) -> tuple[Button, ...]:
    buttons: list[Button] = []
    for route in routes:
        entry = base.get(route.entry_id) if route.entry_id else None
        if entry is None or any(b.payload.endswith(f'"{entry.id}"}}') for b in buttons):
            continue
        translation = entry.translation("en") if lang == "en" else None
        title = translation.title if translation else entry.title
        buttons.append(Button(title, intent_payload("ask_about", kb_entry=entry.id)))
    return tuple(buttons[:2])


def _adviser(lang: str) -> Button:
    return Button(say(lang, "adviser"), intent_payload("request_human"))


def _feedback(lang: str) -> Reply:
    return Reply(
        say(lang, "feedback"),
        (
            Button(say(lang, "yes"), intent_payload("feedback", feedback="up")),
            Button(say(lang, "no"), intent_payload("feedback", feedback="down")),
        ),
    )


def _section(intro: str | None, routes: list[Route]) -> str:
    lines = [intro] if intro else []
    return "\n".join([*lines, *(r.text for r in routes)])


def _finish(
    where: Where,
    parts: list[str],
    shown: list[Route],
    national: list[Route],
    layer: Layer,
    base: KnowledgeBase,
    lang: str,
) -> PlaceAnswer:
    """The reply (text + buttons), then the place question or the feedback prompt."""
    buttons = (*_entry_buttons(national + shown, base, lang), _adviser(lang))
    replies = [Reply("\n\n".join(p for p in parts if p), buttons)]
    if where.municipality is None:
        replies.append(ambiguity_reply(where.resolution, lang))
    else:
        replies.append(_feedback(lang))
    entry_id = next((r.entry_id for r in [*shown, *national] if r.entry_id), None)
    answer = Answer(tuple(replies), entry_id)
    return PlaceAnswer(answer, layer, where.municipality, where.region)


def providers_answer(
    municipality_id: str | None,
    topic: str | None,
    base: KnowledgeBase,
    gazetteer: Gazetteer,
    language: str = "nl",
) -> PlaceAnswer:
    """Where to learn `topic` (bot.kb.schema.TOPICS, or None for anything) near the user."""
    lang, topic = language_of(language), topic or ""
    where = where_of(municipality_id, base, gazetteer)
    name = where.municipality.display_name if where.municipality else ""
    label = topic_label(topic, lang)
    seen: set[str] = set()
    local = _unique(
        [provider_route(p, lang) for p in (_for_topic(where.place, topic) if where.place else [])],
        seen,
    )[:MAX_ROUTES]
    local = _with_desk_addresses(local, where, gazetteer)
    regional = _unique(_regional_routes(where, topic, lang, gazetteer, career=False), seen)
    regional = _with_desk_addresses(regional, where, gazetteer)[:MAX_ROUTES]
    national = national_routes(topic_finders(topic), base, lang)
    parts = [_header(where, lang)]
    if local:
        parts.append(_section(say(lang, "local_intro", municipality=name, topic=label), local))
    if regional:
        if local:
            intro = say(lang, "regional_also")
        elif where.municipality:
            intro = say(lang, "regional_intro", municipality=name, topic=label)
        else:
            intro = say(lang, "regional_intro_no_municipality", topic=label)
        parts.append(_section(intro, regional))
    if local or regional:
        national = national[:MAX_NATIONAL_WITH_OTHERS]
        parts.append(_section(say(lang, "national_also"), national))
        parts.append(say(lang, "check_site"))
    elif where.municipality:
        parts.append(_section(say(lang, "national_only", municipality=name, topic=label), national))
    elif where.region:
        parts.append(_section(say(lang, "national_only_no_municipality"), national))
    else:
        parts.append(_section(None, national))
    layer: Layer = "local" if local else "regional" if regional else "national"
    return _finish(where, parts, local + regional, national, layer, base, lang)


def career_answer(
    municipality_id: str | None,
    base: KnowledgeBase,
    gazetteer: Gazetteer,
    language: str = "nl",
) -> PlaceAnswer:
    """Where to go for free advice on work and learning: the user's desk, else the region's."""
    lang = language_of(language)
    where = where_of(municipality_id, base, gazetteer)
    name = where.municipality.display_name if where.municipality else ""
    seen: set[str] = set()
    own = [p for p in where.place.providers if p.type in CAREER_TYPES] if where.place else []
    local = _unique([provider_route(p, lang) for p in own], seen)[:MAX_ROUTES]
    local = _with_desk_addresses(local, where, gazetteer)
    regional = _unique(_regional_routes(where, "", lang, gazetteer, career=True), seen)
    regional = _with_desk_addresses(regional, where, gazetteer)[:MAX_ROUTES]
    schools = _unique(_school_routes(where, lang, gazetteer), set())[:MAX_SCHOOLS_IN_CAREER]
    national = national_routes(CAREER_FINDERS, base, lang)
    parts = [_header(where, lang)]
    if local:
        parts.append(_section(say(lang, "career_local_intro", municipality=name), local))
    if regional:
        intro = say(lang, "regional_also") if local else say(lang, "career_regional_intro")
        parts.append(_section(intro, regional))
    if local or regional:
        parts.append(_section(say(lang, "national_also"), national))
    else:
        parts.append(_section(say(lang, "career_national_only"), national))
    if schools:
        key = "career_schools_one" if len(schools) == 1 else "career_schools_many"
        parts.append(_section(say(lang, key), schools))
    parts.append(say(lang, "career_tip"))
    layer: Layer = "local" if local else "regional" if regional else "national"
    return _finish(where, parts, local + regional, national, layer, base, lang)


def place_question(language: str = "nl") -> Reply:
    """Asks once where the user lives, without a form (free text or a postcode)."""
    return Reply(say(language, "place_question"))


def ambiguity_reply(resolution: Resolution, language: str = "nl") -> Reply:
    """Asks back when the place is not one municipality: buttons for the candidates.

    ambiguous: one button per candidate, payload /inform{"municipality":"<id>"};
    region ("Twente"): which town in the region; unknown postcode: which town;
    none or found: the plain place question.
    """
    if resolution.status == "ambiguous" and resolution.candidates:
        buttons = tuple(
            Button(c.label, intent_payload("inform", municipality=c.municipality.id))
            for c in resolution.candidates[:MAX_CANDIDATE_BUTTONS]
        )
        return Reply(say(language, "ambiguous", text=resolution.text), buttons)
    if resolution.status == "region" and resolution.region is not None:
        return Reply(say(language, "region_only", region=resolution.region.name))
    if resolution.status == "unknown" and resolution.postcode:
        return Reply(say(language, "postcode_unknown", postcode=resolution.postcode))
    return place_question(language)


# Topics a "where can I learn this?" question can have, from an entry's id and tags.
_TOPIC_ID_HINTS = (
    ("digita", "digitaal"),
    ("digid", "digitaal"),
    ("klik-en-tik", "digitaal"),
    ("rekenen", "rekenen"),
    ("nederlands", "nederlands"),
    ("nt2", "nederlands"),
    ("inburger", "nederlands"),
    ("lezen", "lezen"),
    ("schrijven", "schrijven"),
)
_TOPIC_TAGS = ("lezen", "schrijven", "rekenen", "digitaal", "nederlands", "loopbaan")


def topic_for_entry(entry: Entry) -> str | None:
    """lezen / schrijven / rekenen / digitaal / nederlands / loopbaan for an entry, or None."""
    for hint, topic in _TOPIC_ID_HINTS:
        if hint in entry.id:
            return topic
    tags = set(entry.tags)
    for topic in _TOPIC_TAGS:
        if topic in tags:
            return topic
    return "loopbaan" if entry.kind == "career" else None
