"""Funding check: which funding entries fit a person, each with one line on why.

A rule names the facts it needs; it is used only when those facts are known, so the same
rules serve the full guided check (all four facts) and an answer from what a message said
("ik ben 41 en werk in een fabriek"). The rules only use facts that the KB entries state
(age limits, who applies); the answer always points at the entry, so the user reads the source.
The line on why is a phrase key (bot/answering/phrases.py), so it exists in every language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

# Levenlanglerenkrediet: younger than 57 from study year 2024-2025 (DUO; kb/entries).
LLK_MAX_AGE = 56
STUDY_FINANCE_MAX_AGE = 29


@dataclass(frozen=True)
class Profile:
    age: int | None = None
    work_situation: str | None = (
        None  # loondienst | zzp | uitkering | werkzoekend | student | gepensioneerd
    )
    goal: str | None = None  # diploma | basisvaardigheden | omscholen | bijscholen
    education_level: str | None = None  # geen_diploma | vmbo | mbo | mbo1..mbo4 | havo_vwo | hbo_wo
    benefit: str | None = None  # ww | bijstand | wia (with work_situation "uitkering")
    sector: str | None = None  # zorg | techniek | ... : the sector funds `sectorfonds-<sector>`

    def missing(self) -> tuple[str, ...]:
        """The facts of the guided check still unknown."""
        check = ("age", "work_situation", "goal", "education_level")
        return tuple(
            f.name for f in fields(self) if f.name in check and getattr(self, f.name) is None
        )


@dataclass(frozen=True)
class Match:
    entry_id: str
    phrase: str  # key of the line on why
    values: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class Rule:
    entry_id: str | Callable[[Profile], str]
    needs: tuple[str, ...]
    applies: Callable[[Profile], bool]
    phrase: str


def _employed(p: Profile) -> bool:
    return p.work_situation == "loondienst"


def _wants_qualification(p: Profile) -> bool:
    # Unknown goal: a loan or student finance may still fit, so say it.
    return p.goal is None or p.goal in {"diploma", "omscholen", "bijscholen"}


RULES: tuple[Rule, ...] = (
    Rule(
        "gratis-basisvaardigheden",
        ("goal",),
        lambda p: p.goal == "basisvaardigheden" or p.education_level == "geen_diploma",
        "basic_skills",
    ),
    Rule("werkgever-en-sectorfonds", ("work_situation",), _employed, "employed"),
    Rule(lambda p: f"sectorfonds-{p.sector}", ("sector",), lambda p: True, "sector"),
    Rule(
        "slim-ontwikkelpaden",
        ("work_situation", "goal"),
        lambda p: _employed(p) and p.goal == "omscholen",
        "employed",
    ),
    Rule("verwijzing-uwv-ww", ("benefit",), lambda p: p.benefit == "ww", "ww"),
    Rule("studeren-met-bijstand", ("benefit",), lambda p: p.benefit == "bijstand", "bijstand"),
    Rule(
        "uwv-scholing",
        ("work_situation",),
        lambda p: (
            p.work_situation == "werkzoekend" or (p.work_situation == "uitkering" and not p.benefit)
        ),
        "job_seeking",
    ),
    Rule("zzp-scholing", ("work_situation",), lambda p: p.work_situation == "zzp", "zzp"),
    Rule(
        "levenlanglerenkrediet",
        ("age",),
        lambda p: (
            p.age is not None
            and p.age <= LLK_MAX_AGE
            and _wants_qualification(p)
            and p.work_situation != "gepensioneerd"
        ),
        "llk_young",
    ),
    Rule(
        "levenlanglerenkrediet",
        ("age",),
        lambda p: p.age is not None and LLK_MAX_AGE < p.age < 67,
        "llk_old",
    ),
    Rule(
        "studiefinanciering-leeftijd",
        ("age",),
        lambda p: p.age is not None and p.age <= STUDY_FINANCE_MAX_AGE and _wants_qualification(p),
        "student_finance",
    ),
)


def match_schemes(profile: Profile, known_ids: set[str] | None = None) -> list[Match]:
    """Fitting schemes, most specific first; only rules whose facts are known, and only
    entries that exist in the KB."""
    matches: list[Match] = []
    for rule in RULES:
        if any(getattr(profile, need) is None for need in rule.needs) or not rule.applies(profile):
            continue
        entry_id = rule.entry_id(profile) if callable(rule.entry_id) else rule.entry_id
        if known_ids is not None and entry_id not in known_ids:
            continue
        if any(m.entry_id == entry_id and m.phrase == rule.phrase for m in matches):
            continue
        matches.append(Match(entry_id, rule.phrase, (("age", profile.age),)))
    return matches
