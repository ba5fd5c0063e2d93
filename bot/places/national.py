"""National finders: help that works for every municipality, each quoted from a KB entry.

A finder names an entry of kb/entries and one of that entry's sources; its web address (if any)
must be one of the entry's source addresses. A finder whose entry or source is gone from the KB
is left out rather than shown without a source (tests/places/test_national.py checks that all
of them resolve in the shipped KB).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.kb import KnowledgeBase
from bot.places.routes import Route, source_checked
from bot.places.texts import language_of


@dataclass(frozen=True)
class Finder:
    key: str
    entry_id: str  # the entry for the button and for follow-ups
    source_url: str  # one of the sources of `source_entry`, shown as the source
    title: tuple[str, str]  # (Dutch, English)
    text: tuple[str, str]
    link: str | None = None  # web address to show; one of the entry's source addresses
    source_entry: str | None = None  # entry whose source is quoted (default: entry_id)


FINDERS: dict[str, Finder] = {
    f.key: f
    for f in (
        Finder(
            "taalhuis",
            "taalhuis",
            "https://www.bibliotheeknetwerk.nl/artikel/taalhuizen-in-de-bibliotheek",
            ("Taalhuis in de bibliotheek", "Taalhuis (language house) in the library"),
            (
                "Loop binnen bij de bibliotheek bij jou in de buurt. Vraag naar het Taalhuis. "
                "Je krijgt hulp bij lezen, schrijven, rekenen, de computer of Nederlands. "
                "Vaak is dat gratis.",
                "Walk into the library near you and ask for the Taalhuis. You get help with "
                "reading, writing, maths, computers or Dutch. It is often free.",
            ),
            source_entry="lezen-en-schrijven",
        ),
        Finder(
            "lezen_schrijven",
            "taalvrijwilligers",
            "https://www.lezenenschrijven.nl",
            ("Stichting Lezen & Schrijven", "Stichting Lezen & Schrijven (reading and writing)"),
            (
                "Deze landelijke organisatie helpt mensen met Nederlands als eerste taal. "
                "Op de website lees je meer.",
                "This national organisation helps people with Dutch as their first language. "
                "Read more on the website.",
            ),
        ),
        Finder(
            "ido",
            "informatiepunt-digitale-overheid",
            "https://www.kb.nl/nieuws/informatiepunt-digitale-overheid-100000-vragen-gesteld",
            ("Informatiepunt Digitale Overheid", "Digital Government Information Point"),
            (
                "In veel bibliotheken krijg je gratis hulp bij DigiD, toeslagen, de "
                "Belastingdienst of UWV. Je hoeft geen lid te zijn.",
                "Many libraries give free help with DigiD, benefits (toeslagen), the Tax "
                "Administration or UWV. You do not need to be a member.",
            ),
        ),
        Finder(
            "klik_en_tik",
            "digitale-vaardigheden",
            "https://www.bibliotheeknetwerk.nl/publicaties/basisvaardigheden-voor-volwassenen-2022/digitale-vaardigheden",
            ("Computerles in de bibliotheek", "Computer lessons in the library"),
            (
                "Bijna elke bibliotheek heeft de cursus Klik & Tik voor beginners. "
                "Met Digisterker leer je werken met DigiD. Vaak is het gratis.",
                "Almost every library offers the beginners' course Klik & Tik. In Digisterker "
                "you learn to use DigiD. It is often free.",
            ),
        ),
        Finder(
            "inburgeren",
            "nt2-inburgering",
            "https://www.inburgeren.nl",
            ("Inburgeren", "Civic integration (inburgeren)"),
            (
                "Moet je inburgeren? Dan helpt je gemeente je. Op de website staat meer over "
                "de lening en de examens.",
                "Do you have to integrate (inburgeren)? Your municipality helps you. The "
                "website tells you more about the loan and the exams.",
            ),
        ),
        Finder(
            "duo_lening",
            "nederlands-leren-nieuwkomer",
            "https://www.rijksoverheid.nl/wetten-en-regelingen/productbeschrijvingen/lening-voor-inburgeringscursus-of-inburgeringsexamen",
            ("Geld lenen bij DUO", "Borrowing from DUO"),
            (
                "Ben je gezinsmigrant? Dan betaal je de cursus zelf. Je kunt er geld voor "
                "lenen bij DUO.",
                "Are you a family migrant? Then you pay the course yourself. You can borrow "
                "money for it from DUO.",
            ),
        ),
        Finder(
            "duo_llk",
            "levenlanglerenkrediet",
            "https://duo.nl/particulier/levenlanglerenkrediet/",
            ("Levenlanglerenkrediet van DUO", "DUO's Lifelong Learning Credit"),
            (
                "Hiermee leen je geld van DUO voor je lesgeld of collegegeld. Het is voor "
                "mensen die geen studiefinanciering meer krijgen.",
                "With it you borrow money from DUO for your tuition fees. It is for people who "
                "no longer get student finance.",
            ),
        ),
        Finder(
            "kiesmbo",
            "opleiding-zoeken",
            "https://www.kiesmbo.nl/over-het-mbo/niveaus",
            ("Kiesmbo.nl", "Kiesmbo.nl"),
            (
                "Hier lees je over mbo-opleidingen, beroepen en niveaus.",
                "Read about mbo courses, professions and levels.",
            ),
        ),
        Finder(
            "studiekeuze123",
            "opleiding-zoeken",
            "https://www.studiekeuze123.nl/bronnen",
            ("Studiekeuze123.nl", "Studiekeuze123.nl"),
            (
                "Hier vergelijk je opleidingen aan hogescholen en universiteiten.",
                "Compare programmes at universities of applied sciences and universities.",
            ),
        ),
        Finder(
            "werkcentrum",
            "werkcentrum",
            "https://www.samenvoordeklant.nl/faq-hervorming-arbeidsmarktinfrastructuur",
            ("Werkcentrum", "Werkcentrum (work centre)"),
            (
                "Hier krijg je gratis advies over werk en leren. Je kunt zonder afspraak "
                "binnenlopen. Op de website vind je het Werkcentrum van jouw regio.",
                "Free advice on work and learning. You can walk in without an appointment. "
                "The website shows the Werkcentrum of your region.",
            ),
            link="https://www.werkcentrum.nl",
        ),
        Finder(
            "uwv",
            "uwv-werk-nl",
            "https://www.werk.nl",
            ("UWV en werk.nl", "UWV and werk.nl"),
            (
                "Heb je een WW-uitkering of zoek je werk? Dan helpt UWV je. Op werk.nl vind je "
                "vacatures en je eigen Werkmap.",
                "Do you have a WW benefit or are you looking for work? Then UWV helps you. On "
                "werk.nl you find vacancies and your own Werkmap.",
            ),
        ),
    )
}

# Which finders answer which topic (bot.kb.schema.TOPICS; "" = no topic), best first.
TOPIC_FINDERS: dict[str, tuple[str, ...]] = {
    "lezen": ("taalhuis", "lezen_schrijven"),
    "schrijven": ("taalhuis", "lezen_schrijven"),
    "rekenen": ("taalhuis",),
    "digitaal": ("ido", "klik_en_tik", "taalhuis"),
    "nederlands": ("taalhuis", "inburgeren", "duo_lening"),
    "mbo_diploma": ("kiesmbo", "werkcentrum", "duo_llk"),
    "vak": ("werkcentrum", "kiesmbo"),
    "hbo": ("studiekeuze123", "duo_llk"),
    "engels": ("werkcentrum",),
    "loopbaan": ("werkcentrum", "uwv"),
    "": ("taalhuis", "werkcentrum", "ido"),
}
CAREER_FINDERS = ("werkcentrum", "uwv")


def finder_route(finder: Finder, base: KnowledgeBase, language: str) -> Route | None:
    """The route for a finder, or None when its entry or source is not in the KB."""
    entry = base.get(finder.entry_id)
    quoted = base.get(finder.source_entry or finder.entry_id)
    if entry is None or quoted is None:
        return None
    source = next((s for s in quoted.sources if s.url == finder.source_url), None)
    known = {s.url for e in (entry, quoted) for s in e.sources}
    if source is None or (finder.link is not None and finder.link not in known):
        return None
    en = language_of(language) == "en"
    title, text = finder.title[en], finder.text[en]
    lines = [f"• {title}", f"  {text}"]
    if finder.link:
        lines.append(f"  {finder.link}")
    lines.append("  " + source_checked(source, quoted.checked, language))
    return Route(title, tuple(lines), entry.id, finder.link or source.url)


def national_routes(keys: tuple[str, ...], base: KnowledgeBase, language: str) -> list[Route]:
    routes = (finder_route(FINDERS[key], base, language) for key in keys)
    return [r for r in routes if r is not None]


def topic_finders(topic: str | None) -> tuple[str, ...]:
    return TOPIC_FINDERS.get(topic or "", TOPIC_FINDERS[""])
