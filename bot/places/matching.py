"""Place names in a message: exact and one-typo matches, the cue rules, and what they name.

`matches(...)` gives the spans that may be a place here ("Best" only after "in"/"bij"/... or in a
short message; "Een" only at the end after a cue); `resolution_from_match(...)` turns the first
span into a Resolution: found, ambiguous (candidates to ask back) or only a region.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from bot.places.gazetteer import Gazetteer, Municipality, Region, fold, normalize, split_qualifier
from bot.places.index import NameIndex, Target, deletions, one_edit
from bot.places.resolution import Candidate, Kind, Resolution
from bot.places.words import (
    ARTICLES,
    CUE_BEFORE_VAN,
    CUE_WORDS,
    ENGLISH_HINTS,
    FILLER_WORDS,
    MAX_SHORT_MESSAGE,
    MAX_TYPO_SPAN,
    MIN_TYPO_LETTERS,
    MIN_TYPO_TOKEN,
    PROVINCE_BY_KEY,
    REPLY_WORDS,
    STRICT_NAMES,
)

_WORD_RE = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Token:
    """A word of the message, folded, with its character span."""

    norm: str
    start: int
    end: int


@dataclass(frozen=True)
class Match:
    start: int  # token positions
    end: int
    key: str
    targets: tuple[Target, ...]
    typo: bool


def tokenize(text: str) -> list[Token]:
    out = []
    for match in _WORD_RE.finditer(text):
        norm = "".join(_WORD_RE.findall(fold(match.group())))
        if norm:
            out.append(Token(norm, match.start(), match.end()))
    return out


def _has_cue(tokens: Sequence[Token], start: int) -> bool:
    if start >= 1 and tokens[start - 1].norm in CUE_WORDS:
        return True
    return (
        start >= 2 and tokens[start - 1].norm == "van" and tokens[start - 2].norm in CUE_BEFORE_VAN
    )


def province_spans(tokens: Sequence[Token]) -> list[tuple[int, int, str]]:
    spans = []
    for i in range(len(tokens)):
        for n in (2, 1):
            key = " ".join(t.norm for t in tokens[i : i + n])
            if len(key.split()) == n and key in PROVINCE_BY_KEY:
                spans.append((i, i + n, PROVINCE_BY_KEY[key]))
                break
    return spans


def _is_short_place_message(tokens: Sequence[Token], start: int, end: int) -> bool:
    if len(tokens) > MAX_SHORT_MESSAGE:
        return False
    province_positions = {
        p for s, e, _ in province_spans(tokens) for p in range(s, e) if not start <= p < end
    }
    rest = [
        t.norm for i, t in enumerate(tokens) if not start <= i < end and i not in province_positions
    ]
    return all(word in FILLER_WORDS for word in rest)


def _reads_as_english(tokens: Sequence[Token]) -> bool:
    return any(t.norm in ENGLISH_HINTS for t in tokens)


def _allowed(
    index: NameIndex, key: str, tokens: Sequence[Token], start: int, end: int, expecting: bool
) -> bool:
    """May this span count as a place here? Only names that are also words are in doubt."""
    english_word = key in index.guarded_in_english and _reads_as_english(tokens)
    if key not in index.guarded and not english_word:
        return True
    cue = _has_cue(tokens, start)
    short = _is_short_place_message(tokens, start, end)
    bare = end - start == len(tokens)  # the message is the name and nothing else
    if key in STRICT_NAMES or key.split()[0] in ARTICLES:
        # "ik woon in Een" but not "ik woon in een dorp": the name ends the message
        provinces = {p for s, e, _ in province_spans(tokens) for p in range(s, e)}
        last = all(i in provinces for i in range(end, len(tokens)))
        ok = (cue and short and last) or (expecting and bare)
    else:
        ok = cue or short
    if ok and bare and key in REPLY_WORDS and not expecting:
        return False  # "Best." / "Echt?" as a reply is not a place
    return ok


def exact_matches(index: NameIndex, tokens: Sequence[Token], expecting: bool) -> Iterator[Match]:
    i = 0
    while i < len(tokens):
        matched = False
        for n in range(min(index.max_tokens, len(tokens) - i), 0, -1):
            key = " ".join(t.norm for t in tokens[i : i + n])
            targets = index.keys.get(key)
            if targets and _allowed(index, key, tokens, i, i + n, expecting):
                yield Match(i, i + n, key, targets, typo=False)
                i += n
                matched = True
                break
        if not matched:
            i += 1


def typo_matches(
    index: NameIndex, gaz: Gazetteer, tokens: Sequence[Token], expecting: bool
) -> Iterator[Match]:
    stop = gaz.typo_stopwords
    for i in range(len(tokens)):
        for n in range(min(MAX_TYPO_SPAN, len(tokens) - i), 0, -1):
            words = [t.norm for t in tokens[i : i + n]]
            if any(w.isdigit() for w in words):
                continue
            span = " ".join(words)
            if len(span.replace(" ", "")) < MIN_TYPO_LETTERS - 1:
                continue
            found: set[str] = set(index.deletes.get(span, ()))
            for probe in deletions(span):
                found.update(index.deletes.get(probe, ()))
                if probe in index.keys and len(probe.replace(" ", "")) >= MIN_TYPO_LETTERS:
                    found.add(probe)
            for key in sorted(found):
                if not one_edit(span, key):
                    continue
                key_words = key.split()
                if len(key_words) != n:
                    continue
                diff = [j for j in range(n) if key_words[j] != words[j]]
                if len(diff) != 1:
                    continue
                typed, meant = words[diff[0]], key_words[diff[0]]
                if len(meant) < MIN_TYPO_TOKEN or typed in stop or typed in index.keys:
                    continue
                if typed.isdigit() or not _allowed(index, key, tokens, i, i + n, expecting):
                    continue
                yield Match(i, i + n, key, index.keys[key], typo=True)
                break


def _label(m: Municipality, target: Target, n_candidates: int) -> str:
    """Button text that tells the candidates apart."""
    town = target.town
    same_name = town is None or normalize(split_qualifier(m.display_name)[0]) == normalize(
        town.base_name
    )
    if target.kind != "town" or same_name:
        name = m.display_name
        return name if "(" in name or n_candidates <= 1 else f"{name} ({m.province})"
    assert town is not None
    return f"{town.base_name} (gemeente {m.display_name})"


def _candidates(targets: Sequence[Target], by_id: dict[str, Municipality]) -> list[Candidate]:
    """Distinct municipalities of the targets: municipality names first, then towns."""
    ordered = sorted((t for t in targets if t.municipality_id), key=lambda t: t.kind == "town")
    seen: dict[str, Target] = {}
    for t in ordered:
        assert t.municipality_id is not None
        seen.setdefault(t.municipality_id, t)
    out = []
    for mid, t in seen.items():
        town = t.town or next(
            (x.town for x in targets if x.municipality_id == mid and x.town), None
        )
        out.append(Candidate(by_id[mid], _label(by_id[mid], t, len(seen)), town))
    return out


def _common_region(gaz: Gazetteer, municipalities: Iterable[Municipality]) -> Region | None:
    codes = {m.region_code for m in municipalities}
    return gaz.region(codes.pop()) if len(codes) == 1 else None


def resolution_from_match(
    gaz: Gazetteer,
    match: Match,
    text: str,
    tokens: Sequence[Token],
    others: Sequence[Match],
) -> Resolution:
    by_id = {m.id: m for m in gaz.municipalities}
    span_text = text[tokens[match.start].start : tokens[match.end - 1].end]
    named = [t for t in match.targets if t.kind in ("municipality", "alias")]
    regions = [t for t in match.targets if t.kind == "region"]
    towns = [t for t in match.targets if t.kind == "town"]
    if regions and not named:
        return Resolution(
            status="region",
            kind="region",
            text=span_text,
            region=gaz.region(regions[0].region_code),
            candidates=tuple(_candidates(towns, by_id)),
            typo=match.typo,
        )
    candidates = _candidates(named + towns, by_id)
    named_ids = {t.municipality_id for t in named}
    if len(named_ids) == 1:
        chosen: Candidate | None = candidates[0]
    elif len(candidates) == 1:
        chosen = candidates[0]
    else:
        chosen = _disambiguate(candidates, tokens, match, others, by_id)
    if chosen is not None:
        kind: Kind
        if named:
            kind = "alias" if named[0].kind == "alias" else "municipality"
        else:
            via = next(t for t in towns if t.municipality_id == chosen.municipality.id)
            kind = "alias" if via.alias else "town"
        ordered = (chosen, *(c for c in candidates if c is not chosen))
        return Resolution(
            status="found",
            kind=kind,
            text=span_text,
            municipality=chosen.municipality,
            region=gaz.region_of(chosen.municipality),
            town=chosen.town,
            candidates=ordered,
            typo=match.typo,
        )
    return Resolution(
        status="ambiguous",
        kind="municipality" if named else "town",
        text=span_text,
        region=_common_region(gaz, (c.municipality for c in candidates)),
        candidates=tuple(candidates),
        typo=match.typo,
    )


def _disambiguate(
    candidates: Sequence[Candidate],
    tokens: Sequence[Token],
    match: Match,
    others: Sequence[Match],
    by_id: dict[str, Municipality],
) -> Candidate | None:
    """Pick one candidate from the rest of the message: a province, or another place named."""
    provinces = {
        prov for s, e, prov in province_spans(tokens) if e <= match.start or s >= match.end
    }
    if provinces:
        hits = [c for c in candidates if c.municipality.province in provinces]
        if len(hits) == 1:
            return hits[0]
    for other in others:
        other_ids = {t.municipality_id for t in other.targets if t.municipality_id}
        other_regions = {t.region_code for t in other.targets}
        other_provinces = {by_id[i].province for i in other_ids}
        for hits in (
            [c for c in candidates if c.municipality.id in other_ids],
            [c for c in candidates if c.municipality.region_code in other_regions],
            [c for c in candidates if c.municipality.province in other_provinces],
        ):
            if len(hits) == 1:
                return hits[0]
    return None
