"""Funding check: which funding entries fit a person, each with one line on why.

The rules only use facts that the KB entries themselves state (age limits, who applies);
the answer always points at the entry, so the user reads the source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Levenlanglerenkrediet: younger than 57 from study year 2024-2025 (DUO; check duo.nl).
LLK_MAX_AGE = 56
STUDY_FINANCE_MAX_AGE = 29


@dataclass(frozen=True)
class Profile:
    age: int
    work_situation: str  # loondienst | zzp | uitkering | werkzoekend | student | gepensioneerd
    goal: str  # diploma | basisvaardigheden | omscholen | bijscholen
    education_level: str  # geen_diploma | vmbo | mbo1..mbo4 | havo_vwo | hbo_wo


@dataclass(frozen=True)
class Match:
    entry_id: str
    reason: str


@dataclass(frozen=True)
class Rule:
    entry_id: str
    applies: Callable[[Profile], bool]
    reason: Callable[[Profile], str]


def _employed(p: Profile) -> bool:
    return p.work_situation == "loondienst"


def _job_seeking(p: Profile) -> bool:
    return p.work_situation in {"uitkering", "werkzoekend"}


def _wants_qualification(p: Profile) -> bool:
    return p.goal in {"diploma", "omscholen", "bijscholen"}


RULES: tuple[Rule, ...] = (
    Rule(
        "gratis-basisvaardigheden",
        lambda p: p.goal == "basisvaardigheden" or p.education_level == "geen_diploma",
        lambda p: "Cursussen taal, rekenen en computer zijn vaak gratis via je gemeente.",
    ),
    Rule(
        "werkgever-en-sectorfonds",
        _employed,
        lambda p: (
            "Je werkt in loondienst. Vraag eerst je werkgever: die betaalt vaak mee, "
            "soms met geld van een sectorfonds."
        ),
    ),
    Rule(
        "slim-regeling",
        _employed,
        lambda p: "Je werkgever kan subsidie krijgen om jou te laten leren.",
    ),
    Rule(
        "slim-ontwikkelpaden",
        lambda p: _employed(p) and p.goal in {"omscholen", "diploma"},
        lambda p: (
            "Wil je overstappen naar zorg, techniek, ICT, onderwijs, groen of kinderopvang? "
            "Dan kan je werkgever subsidie krijgen voor je opleiding."
        ),
    ),
    Rule(
        "uwv-scholing",
        lambda p: _job_seeking(p),
        lambda p: (
            "Je hebt een uitkering of zoekt werk. UWV betaalt soms een opleiding "
            "als die je helpt om werk te vinden."
        ),
    ),
    Rule(
        "gemeente-scholing",
        lambda p: _job_seeking(p),
        lambda p: "Heb je bijstand? Dan kan de gemeente soms je opleiding betalen.",
    ),
    Rule(
        "levenlanglerenkrediet",
        lambda p: (
            p.age <= LLK_MAX_AGE and _wants_qualification(p) and p.work_situation != "gepensioneerd"
        ),
        lambda p: f"Je bent {p.age}. Dan kun je geld lenen voor je lesgeld of collegegeld.",
    ),
    Rule(
        "studiefinanciering-leeftijd",
        lambda p: p.age <= STUDY_FINANCE_MAX_AGE and _wants_qualification(p),
        lambda p: f"Je bent {p.age}, dus jonger dan 30. Misschien krijg je studiefinanciering.",
    ),
)


def match_schemes(profile: Profile, known_ids: set[str] | None = None) -> list[Match]:
    """Fitting schemes, most specific first; limited to entries that exist in the KB."""
    matches = [
        Match(rule.entry_id, rule.reason(profile)) for rule in RULES if rule.applies(profile)
    ]
    if known_ids is not None:
        matches = [m for m in matches if m.entry_id in known_ids]
    return matches
