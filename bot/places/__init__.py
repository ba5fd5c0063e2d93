"""Every place in the Netherlands: municipality, labour-market region, town, postcode.

Data: the CBS tables in kb/nl/ ("Bron: CBS (CC BY 4.0); Kadaster/PDOK"; licence notes in
kb/nl/README.md), loaded once and cached.

    from bot.places import gazetteer, resolve_place, career_desks

    gaz = gazetteer()
    res = resolve_place("Waar kan ik Nederlands leren? Mijn postcode is 7311 AB", gaz)
    # expecting_place=True when the assistant just asked "In welke gemeente woon je?":
    # then a bare "Best" or "Echt" is the place, not a reply.
    res.status         # "found" | "ambiguous" | "region" | "unknown" | "none"
    res.kind           # "pc4" | "postcode" | "municipality" | "alias" | "town" | "region"
    res.municipality   # Municipality(id="apeldoorn", code="GM0200", name="Apeldoorn", ...)
    res.region         # Region(code="AM06", name="Veluwe Stedendriehoek", ...)
    res.candidates     # ambiguous: Candidate(municipality, label, town, share) to ask back;
                       # found: the chosen one first, then `res.alternatives`
    res.text, res.postcode, res.typo   # what matched, "7311 AB", one letter corrected
    career_desks(res.region, gaz)  # confirmed regional desks, else the national portals

Municipality ids are the slugs of the CBS names ('s-Hertogenbosch -> "s-hertogenbosch"),
the same ids as kb/places/<id>.yml.

The answers built on this (import them from bot.places.providers; they need the KB):

    providers_answer(municipality_id, topic, base, gaz, language="nl") -> PlaceAnswer
    career_answer(municipality_id, base, gaz, language="nl") -> PlaceAnswer
    # .answer (Answer), .replies, .entry_id, .layer ("local" | "regional" | "national")
    place_question(language) -> Reply; ambiguity_reply(resolution, language) -> Reply
    topic_for_entry(entry) -> "lezen" | ... | "loopbaan" | None

Modules: gazetteer (tables), words/index/matching/postcodes/resolution/resolve (the place
resolver), regional (desks and mbo schools per region), national (finders for everyone),
routes and texts (reply lines, Dutch and English), providers (the answers), coverage
(`python -m bot.places.coverage`: how many municipalities reach which layer).
"""

from bot.places.gazetteer import (
    Gazetteer,
    Municipality,
    Pc4,
    Region,
    Town,
    clear_cache,
    load_gazetteer,
    normalize,
    slugify,
)
from bot.places.regional import CareerDesk, RegionalDesks, career_desks, national_portals
from bot.places.resolve import NOTHING, Candidate, Resolution, resolve_place


def gazetteer() -> Gazetteer:
    """The gazetteer of kb/nl, loaded on first use and then shared."""
    return load_gazetteer()


def warm_up() -> Gazetteer:
    """Load the tables and build the name index now (at start-up), not on the first message."""
    gaz = load_gazetteer()
    resolve_place("Zwolle", gaz)
    return gaz


__all__ = [
    "NOTHING",
    "Candidate",
    "CareerDesk",
    "Gazetteer",
    "Municipality",
    "Pc4",
    "Region",
    "RegionalDesks",
    "Resolution",
    "Town",
    "career_desks",
    "clear_cache",
    "gazetteer",
    "load_gazetteer",
    "national_portals",
    "normalize",
    "resolve_place",
    "slugify",
    "warm_up",
]
