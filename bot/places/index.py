"""The name index of the place resolver: every spelling of every place, built once per gazetteer.

A key is the matching form of a name ("s hertogenbosch", "den bosch", "bergen nh"); it points to
the places it names (municipalities, everyday names, towns, labour-market regions). Names that
are also ordinary words are "guarded" (they need a cue, see bot/places/matching.py), and every
key of 6+ letters is listed by its one-letter deletions for the typo look-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from bot.places.gazetteer import Gazetteer, Town, normalize, split_qualifier
from bot.places.words import (
    BLOCKED_KEYS,
    MIN_TYPO_LETTERS,
    PROVINCE_BY_KEY,
    PROVINCE_NAMES,
    STRICT_NAMES,
)

TargetKind = Literal["municipality", "alias", "region", "town"]


@dataclass(frozen=True)
class Target:
    """One place a key names."""

    kind: TargetKind
    municipality_id: str | None  # None for a region
    region_code: str
    town: Town | None = None
    alias: bool = False  # an everyday name of the town ("Ee" for Ie)


@dataclass(frozen=True)
class NameIndex:
    keys: dict[str, tuple[Target, ...]]
    guarded: frozenset[str]
    guarded_in_english: frozenset[str]
    deletes: dict[str, tuple[str, ...]]  # one-letter deletions -> keys (typo look-up)
    max_tokens: int


def _name_variants(name: str) -> set[str]:
    """Matching keys for one spelling: the name, 's-less and joined forms, st./sint, a/d."""
    out: set[str] = set()
    base = normalize(name)
    if not base:
        return out
    forms = {base}
    if " aan den " in f" {base} " or " aan de " in f" {base} ":
        forms.add(re.sub(r"\baan den?\b", "a d", base))
    if base.startswith("sint ") or " sint " in base:
        forms.add(re.sub(r"\bsint\b", "st", base))
    for form in list(forms):
        if "ij" in form:
            forms.add(form.replace("ij", "y"))
    for form in forms:
        out.add(form)
        words = form.split()
        if len(words) > 1:
            joined = "".join(words)
            if len(joined) >= 6:
                out.add(joined)
        if words[0] == "s" and len(words) > 1:
            rest = " ".join(words[1:])
            out.add("s" + rest)
            if len(rest.replace(" ", "")) >= 6:
                out.add(rest)
    return out


def _qualified_variants(name: str, province: str, *, town: bool) -> set[str]:
    """'Bergen (NH.)' -> also 'bergen', 'bergen noord holland', 'bergen nh', ..."""
    base, qualifier = split_qualifier(name, town=town)
    keys = _name_variants(name)
    if qualifier is None:
        return keys
    keys |= _name_variants(base)
    base_norm = normalize(base)
    for province_key in PROVINCE_NAMES.get(province, ()):
        keys.add(f"{base_norm} {province_key}")
    return keys


def build_index(gaz: Gazetteer) -> NameIndex:
    entries: dict[str, list[Target]] = {}

    def add(keys: Iterable[str], target: Target) -> None:
        for key in keys:
            bucket = entries.setdefault(key, [])
            if target not in bucket:
                bucket.append(target)

    municipality_keys: set[str] = set()
    for m in gaz.municipalities:
        target = Target("municipality", m.id, m.region_code)
        keys = _qualified_variants(m.name, m.province, town=False)
        keys |= _name_variants(m.display_name)
        keys.add(normalize(m.id.replace("-", " ")))
        add(keys, target)
        municipality_keys |= keys
        for alias in gaz.municipality_aliases.get(m.id, ()):
            add(_name_variants(alias), Target("alias", m.id, m.region_code))
    by_id = {m.id: m for m in gaz.municipalities}
    for t in gaz.towns:
        m = by_id[t.municipality_id]
        add(
            _qualified_variants(t.name, m.province, town=True),
            Target("town", m.id, m.region_code, t),
        )
        for alias in t.aliases:
            add(_name_variants(alias), Target("town", m.id, m.region_code, t, alias=True))

    # Region names ("Twente", "Achterhoek"), unless the name is a province that the region
    # does not cover whole ("Drenthe"): then it says nothing sure about the region.
    province_members: dict[str, set[str]] = {}
    for m in gaz.municipalities:
        province_members.setdefault(m.province, set()).add(m.id)
    for r in gaz.regions:
        keys = _name_variants(r.name)
        for province, members in province_members.items():
            if members == set(r.municipality_ids):
                keys |= set(PROVINCE_NAMES.get(province, ()))
        province_clash = {
            k
            for k in keys
            if k in PROVINCE_BY_KEY
            and province_members[PROVINCE_BY_KEY[k]] != set(r.municipality_ids)
        }
        add(keys - province_clash - municipality_keys, Target("region", None, r.code))

    for key in BLOCKED_KEYS:
        entries.pop(key, None)
    guarded = {
        k
        for k in entries
        if k in gaz.common_word_names or k in STRICT_NAMES or len(k.replace(" ", "")) <= 2
    }
    deletes: dict[str, list[str]] = {}
    for key in entries:
        if len(key.replace(" ", "")) < MIN_TYPO_LETTERS:
            continue
        for variant in deletions(key):
            deletes.setdefault(variant, []).append(key)
    return NameIndex(
        keys={k: tuple(v) for k, v in entries.items()},
        guarded=frozenset(guarded),
        guarded_in_english=frozenset(k for k in entries if k in gaz.english_word_names),
        deletes={k: tuple(v) for k, v in deletes.items()},
        max_tokens=max(len(k.split()) for k in entries),
    )


def name_index(gaz: Gazetteer) -> NameIndex:
    cached = gaz._cache.get("index")
    if cached is None:
        cached = build_index(gaz)
        gaz._cache["index"] = cached
    assert isinstance(cached, NameIndex)
    return cached


def place_keys(gaz: Gazetteer) -> dict[str, tuple[str, ...]]:
    """Every matching key -> the kinds of place it names (for tools and tests)."""
    return {k: tuple(t.kind for t in v) for k, v in name_index(gaz).keys.items()}


def deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def one_edit(a: str, b: str) -> bool:
    """True when a and b differ by exactly one insertion, deletion, substitution or swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]
