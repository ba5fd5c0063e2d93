"""A small KB made for these tests, so no test depends on the wording of the real KB."""

from __future__ import annotations

from datetime import date

import pytest

from bot.answering import Context, Engine
from bot.answering.calibration import LabelledQuestion, calibrate, thresholds
from bot.answering.ranker import training_examples
from bot.answering.retrieval import BilingualRetriever
from bot.kb import KnowledgeBase
from bot.kb.schema import Entry, Question, Source, Translation
from bot.places import gazetteer


def entry(entry_id: str, kind: str, title: str, questions: list[str], **fields: object) -> Entry:
    base: dict[str, object] = {
        "summary": f"Samenvatting van {title}.",
        "details": "",
        "for_whom": f"Voor wie {title} is.",
        "cost": f"Wat {title} kost.",
        "how_to_apply": f"Zo vraag je {title} aan.",
        "organisation": "Test",
        "sources": (Source(f"Bron {title}", f"https://example.org/{entry_id}"),),
        "checked": date(2026, 12, 1),
        "easy_summary": f"Makkelijk: {title}.",
        "translations": (
            ("en", Translation(title=f"{title} (en)", summary=f"Summary of {title}.")),
        ),
    }
    base.update(fields)
    return Entry(
        id=entry_id, kind=kind, title=title,
        questions=tuple(Question(q, "own") for q in questions), **base,  # type: ignore[arg-type]
    )  # fmt: skip


ENTRIES = [
    entry(
        "levenlanglerenkrediet",
        "funding",
        "Levenlanglerenkrediet",
        [
            "kan ik geld lenen voor een opleiding",
            "lenen bij duo voor collegegeld",
            "studielening voor volwassenen",
            "ben ik te oud om te lenen voor school",
            "geld lenen voor lesgeld",
            "hoeveel kan ik lenen bij duo",
        ],
        synonyms=("llk",),
        related=("werkgever-en-sectorfonds",),
        translations=(
            (
                "en",
                Translation(
                    title="Lifelong learning credit",
                    summary="Borrow money from DUO for your course or tuition.",
                ),
            ),
        ),
    ),
    entry(
        "werkgever-en-sectorfonds",
        "funding",
        "Werkgever en sectorfonds",
        [
            "betaalt mijn baas mijn cursus",
            "wie betaalt mijn opleiding als ik werk",
            "betaalt mijn werkgever mee aan scholing",
            "opleidingsfonds van mijn sector",
            "vergoedt mijn werkgever een cursus",
        ],
    ),
    entry(
        "sectorfonds-zorg",
        "funding",
        "Sectorfonds zorg",
        [
            "opleidingsfonds voor de zorg",
            "scholing in de zorg betaald krijgen",
            "fonds voor zorgmedewerkers",
        ],
    ),
    entry(
        "zzp-scholing",
        "funding",
        "Scholing voor zzp'ers",
        [
            "cursus als zzp'er",
            "scholing voor zelfstandigen",
            "ik ben zzp en wil leren",
        ],
    ),
    entry(
        "taalhuis",
        "service",
        "Taalhuis",
        [
            "waar kan ik beter leren lezen",
            "taalles in de bibliotheek",
            "hulp bij lezen en schrijven",
            "beter leren schrijven",
            "taalhuis in de bieb",
        ],
        tags=("lezen", "schrijven"),
        where="In de bibliotheek.",
    ),
    entry(
        "studeren-met-bijstand",
        "funding",
        "Leren in de bijstand",
        [
            "mag ik studeren met een bijstandsuitkering",
            "bijstand en een opleiding volgen",
            "moet ik de gemeente vertellen dat ik ga studeren",
            "raak ik mijn bijstand kwijt als ik ga leren",
        ],
    ),
    entry(
        "omscholen-zorg",
        "route",
        "Omscholen naar de zorg",
        [
            "ik wil in de zorg gaan werken",
            "opleiding tot verzorgende",
            "overstappen naar de zorg",
            "zij-instromer in de zorg worden",
        ],
    ),
    entry(
        "loopbaancheck",
        "career",
        "Loopbaancheck",
        [
            "welk werk past bij mij",
            "gratis loopbaanadvies",
            "test welk beroep bij me past",
            "hulp bij het kiezen van ander werk",
        ],
    ),
    entry(
        "stap-budget",
        "funding",
        "STAP-budget",
        [
            "stap subsidie aanvragen",
            "stap budget 1000 euro",
            "bestaat stap nog",
        ],
        status="ended",
        ended_on=date(2024, 1, 1),
        what_now="Vraag je werkgever.",
    ),
]


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return KnowledgeBase(ENTRIES, [])


# Messages the desk does not answer, to calibrate the test engine as the real one is.
OUT_OF_SCOPE = [
    "wat voor weer wordt het morgen", "wie wint de voetbal vanavond", "vertel een mop",
    "hoe laat is het", "ik wil een pizza bestellen", "welke film draait er in de bioscoop",
    "recept voor pannenkoeken", "waar kan ik mijn auto laten repareren", "ik zoek een restaurant",
    "wat is de hoofdstad van frankrijk", "hoe laat gaat de supermarkt open", "mijn fiets is stuk",
]  # fmt: skip


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    """The engine on the test KB, its threshold calibrated on the KB's own phrasings."""
    questions = [LabelledQuestion(q.text, (e.id,)) for e in ENTRIES for q in e.questions]
    calibrations = calibrate(ENTRIES, questions, OUT_OF_SCOPE)
    retriever = BilingualRetriever.build(
        ENTRIES, training_examples(ENTRIES), thresholds(calibrations)
    )
    return Engine(kb, retriever, gazetteer())


@pytest.fixture
def fresh() -> Context:
    return Context()
