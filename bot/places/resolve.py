"""Find the user's place in a message: a municipality, an everyday name, a town, a postcode.

`resolve_place("Mijn postcode is 7311 AB", gazetteer())` -> Apeldoorn, region Veluwe
Stedendriehoek. Case and accents do not matter, nor "'s"/"s-" spellings; a name of 6 or more
letters may have one typo. Town names that are also ordinary words ("Best", "Hoorn", "Echt")
only count after a locative cue ("in", "bij", "uit", "gemeente", ...) or when the message is
little more than the name; a bare "Best." counts only with expecting_place=True.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.places.gazetteer import (
    Gazetteer,
    Municipality,
    Region,
    Town,
    fold,
    normalize,
    split_qualifier,
)

Kind = Literal["municipality", "alias", "region", "town", "pc4", "postcode"]
Status = Literal["found", "ambiguous", "region", "unknown", "none"]
_TargetKind = Literal["municipality", "alias", "region", "town"]

MIN_TYPO_LETTERS = 6  # a name needs this many letters before a typo is forgiven
MIN_TYPO_TOKEN = 4  # ... and the misspelled word this many
MAX_TYPO_SPAN = 4  # words in a span that is checked for a typo

PROVINCE_NAMES: dict[str, tuple[str, ...]] = {
    "Drenthe": ("drenthe",),
    "Flevoland": ("flevoland",),
    "Fryslân": ("fryslan", "friesland"),
    "Gelderland": ("gelderland", "gld"),
    "Groningen": ("groningen",),
    "Limburg": ("limburg",),
    "Noord-Brabant": ("noord brabant", "brabant", "nb"),
    "Noord-Holland": ("noord holland", "nh"),
    "Overijssel": ("overijssel",),
    "Utrecht": ("utrecht",),
    "Zeeland": ("zeeland",),
    "Zuid-Holland": ("zuid holland", "zh"),
}
_PROVINCE_BY_KEY = {key: prov for prov, keys in PROVINCE_NAMES.items() for key in keys}

# A word right before a name that says "this is a place".
CUE_WORDS = frozenset(
    {
        "in", "bij", "uit", "rond", "rondom", "nabij", "omgeving", "gemeente", "woonplaats",
        "regio", "dorp", "stad", "plaats", "richting", "vanuit", "near", "from", "around",
    }
)  # fmt: skip
# "in de buurt van X", "omgeving van X"
CUE_BEFORE_VAN = frozenset({"buurt", "omgeving", "gemeente", "regio", "dorp", "stad", "plaats"})
# Words that may stand around a name in a message that is "just the place".
FILLER_WORDS = frozenset(
    {
        "ik", "woon", "wonen", "woont", "we", "wij", "kom", "komen", "uit", "in", "bij", "de",
        "het", "t", "gemeente", "provincie", "mijn", "woonplaats", "is", "dat", "nl", "hoor",
        "ja", "dorp", "stad", "plaats", "regio", "van", "te", "buurt", "omgeving", "live", "i",
        "the", "near", "from", "en", "nederland", "graag", "nou", "eh", "uhm", "oke", "ok",
    }
)  # fmt: skip
MAX_SHORT_MESSAGE = 7  # tokens
# Village names that are everyday function words ("bij een baas", "hee!"): they count only
# after a cue, at the end of a short message ("ik woon in Een", not "ik woon in een dorp").
STRICT_NAMES = frozenset(
    {"een", "hem", "heel", "anderen", "hee", "ee", "ie", "enter", "made", "amen", "est",
     "oranje", "noorden"}
)  # fmt: skip
# Names that are also one-word replies ("Best.", "Echt?"): alone they count only when the
# assistant has just asked for the place (expecting_place=True).
REPLY_WORDS = STRICT_NAMES | {"best", "echt"}
# Words that are not Dutch and mark a message as English: then names that are English words
# ("Goes", "Born", "Hall") need a cue too ("it goes well" is no place; "Goes" alone is).
ENGLISH_HINTS = frozenset(
    {
        "the", "it", "and", "to", "you", "my", "how", "what", "can", "does", "do", "for",
        "with", "are", "this", "that", "where", "live", "there", "have", "get", "so", "i",
        "a", "very", "will", "would", "should", "your", "was", "be", "am",
    }
)  # fmt: skip
# "De Wijk", "De Punt": after "in" these read as "in de wijk"; treated as STRICT_NAMES.
ARTICLES = frozenset({"de", "het", "t"})
# Never a place in a message: "Nederland" is also a village (Steenwijkerland).
BLOCKED_KEYS = frozenset({"nederland"})

POSTCODE_CUES = frozenset(
    {"postcode", "postcodes", "pc", "pc4", "postcodegebied", "zipcode", "zip", "postal"}
)
LOCATIVE_BEFORE_NUMBER = frozenset(
    {"in", "bij", "rond", "omgeving", "regio", "gebied", "uit", "nabij", "near"}
)
# Two-letter words that may follow a number without being postcode letters ("7311 en ...").
COMMON_TWO_LETTER = frozenset(
    {
        "en", "of", "op", "in", "is", "te", "de", "je", "ik", "al", "na", "om", "er", "ze",
        "we", "nu", "zo", "ja", "uw", "me", "ga", "at", "to", "an", "or", "as", "by", "on",
        "eu", "km", "cm", "mm", "uu", "pm", "am", "hr", "wk", "jr", "mn", "ct", "kg",
    }
)  # fmt: skip
UNIT_WORDS = frozenset(
    {
        "euro", "eur", "uur", "uren", "jaar", "jaren", "km", "keer", "minuten", "min",
        "procent", "mensen", "personen", "dagen", "weken", "maanden", "punten", "woorden",
        "kilometer", "meter", "studiepunten", "ec", "per", "netto", "bruto", "hours", "euros",
    }
)  # fmt: skip
_POSTCODE_RE = re.compile(r"(?<![\w.,€$])([1-9]\d{3})(?:(\s?)([A-Za-z]{2}))?(?![\w])")
_WORD_RE = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Candidate:
    """One possible place, for a question back ("Bedoel je ...?") or as an alternative."""

    municipality: Municipality
    label: str  # button text: "Bergen (Noord-Holland)", "Beek (gemeente Montferland)"
    town: Town | None = None
    share: float | None = None  # for a PC4: share of its addresses in this municipality


@dataclass(frozen=True)
class Resolution:
    """What `resolve_place` found.

    status: found (municipality known), ambiguous (ask back: see candidates), region (only the
    labour-market region is known, e.g. "Twente"), unknown (a postcode that is not in the
    table: ask for the town), none (no place in the text).
    candidates: every possible municipality, the chosen one first. For a found place the others
    are `alternatives` (a PC4 that spans two municipalities, a name that is also a village
    elsewhere).
    """

    status: Status
    kind: Kind | None = None
    text: str = ""  # the matched part of the message, as typed
    municipality: Municipality | None = None
    region: Region | None = None
    town: Town | None = None
    candidates: tuple[Candidate, ...] = ()
    postcode: str | None = None  # "7311" or "7311 AB"
    typo: bool = False  # matched a name with one letter wrong

    @property
    def found(self) -> bool:
        return self.status == "found"

    @property
    def ambiguous(self) -> bool:
        return self.status == "ambiguous"

    @property
    def alternatives(self) -> tuple[Candidate, ...]:
        chosen = self.municipality.id if self.municipality else None
        return tuple(c for c in self.candidates if c.municipality.id != chosen)

    @property
    def municipality_id(self) -> str | None:
        return self.municipality.id if self.municipality else None

    @property
    def region_code(self) -> str | None:
        return self.region.code if self.region else None

    @property
    def region_name(self) -> str | None:
        return self.region.name if self.region else None


NOTHING = Resolution(status="none")


@dataclass(frozen=True)
class _Target:
    kind: _TargetKind
    municipality_id: str | None  # None for a region
    region_code: str
    town: Town | None = None
    alias: bool = False  # an everyday name of the town ("Ee" for Ie)


@dataclass(frozen=True)
class _Token:
    norm: str
    start: int
    end: int


@dataclass(frozen=True)
class _Index:
    keys: dict[str, tuple[_Target, ...]]
    guarded: frozenset[str]
    guarded_in_english: frozenset[str]
    deletes: dict[str, tuple[str, ...]]  # one-letter deletions -> keys (typo look-up)
    max_tokens: int


@dataclass(frozen=True)
class _Match:
    start: int  # token positions
    end: int
    key: str
    targets: tuple[_Target, ...]
    typo: bool


# ---------------------------------------------------------------- building the name index


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


def _build_index(gaz: Gazetteer) -> _Index:
    entries: dict[str, list[_Target]] = {}

    def add(keys: Iterable[str], target: _Target) -> None:
        for key in keys:
            bucket = entries.setdefault(key, [])
            if target not in bucket:
                bucket.append(target)

    municipality_keys: set[str] = set()
    for m in gaz.municipalities:
        target = _Target("municipality", m.id, m.region_code)
        keys = _qualified_variants(m.name, m.province, town=False)
        keys |= _name_variants(m.display_name)
        keys.add(normalize(m.id.replace("-", " ")))
        add(keys, target)
        municipality_keys |= keys
        for alias in gaz.municipality_aliases.get(m.id, ()):
            add(_name_variants(alias), _Target("alias", m.id, m.region_code))
    by_id = {m.id: m for m in gaz.municipalities}
    for t in gaz.towns:
        m = by_id[t.municipality_id]
        add(
            _qualified_variants(t.name, m.province, town=True),
            _Target("town", m.id, m.region_code, t),
        )
        for alias in t.aliases:
            add(_name_variants(alias), _Target("town", m.id, m.region_code, t, alias=True))

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
            if k in _PROVINCE_BY_KEY
            and province_members[_PROVINCE_BY_KEY[k]] != set(r.municipality_ids)
        }
        add(keys - province_clash - municipality_keys, _Target("region", None, r.code))

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
        for variant in _deletions(key):
            deletes.setdefault(variant, []).append(key)
    return _Index(
        keys={k: tuple(v) for k, v in entries.items()},
        guarded=frozenset(guarded),
        guarded_in_english=frozenset(k for k in entries if k in gaz.english_word_names),
        deletes={k: tuple(v) for k, v in deletes.items()},
        max_tokens=max(len(k.split()) for k in entries),
    )


def _index(gaz: Gazetteer) -> _Index:
    cached = gaz._cache.get("index")
    if cached is None:
        cached = _build_index(gaz)
        gaz._cache["index"] = cached
    assert isinstance(cached, _Index)
    return cached


def place_keys(gaz: Gazetteer) -> dict[str, tuple[str, ...]]:
    """Every matching key -> the kinds of place it names (for tools and tests)."""
    return {k: tuple(t.kind for t in v) for k, v in _index(gaz).keys.items()}


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_edit(a: str, b: str) -> bool:
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


# ---------------------------------------------------------------------------- resolving


def _tokenize(text: str) -> list[_Token]:
    out = []
    for match in _WORD_RE.finditer(text):
        norm = "".join(_WORD_RE.findall(fold(match.group())))
        if norm:
            out.append(_Token(norm, match.start(), match.end()))
    return out


def _has_cue(tokens: Sequence[_Token], start: int) -> bool:
    if start >= 1 and tokens[start - 1].norm in CUE_WORDS:
        return True
    return (
        start >= 2 and tokens[start - 1].norm == "van" and tokens[start - 2].norm in CUE_BEFORE_VAN
    )


def _province_spans(tokens: Sequence[_Token]) -> list[tuple[int, int, str]]:
    spans = []
    for i in range(len(tokens)):
        for n in (2, 1):
            key = " ".join(t.norm for t in tokens[i : i + n])
            if len(key.split()) == n and key in _PROVINCE_BY_KEY:
                spans.append((i, i + n, _PROVINCE_BY_KEY[key]))
                break
    return spans


def _is_short_place_message(tokens: Sequence[_Token], start: int, end: int) -> bool:
    if len(tokens) > MAX_SHORT_MESSAGE:
        return False
    province_positions = {
        p for s, e, _ in _province_spans(tokens) for p in range(s, e) if not start <= p < end
    }
    rest = [
        t.norm for i, t in enumerate(tokens) if not start <= i < end and i not in province_positions
    ]
    return all(word in FILLER_WORDS for word in rest)


def _reads_as_english(tokens: Sequence[_Token]) -> bool:
    return any(t.norm in ENGLISH_HINTS for t in tokens)


def _allowed(
    index: _Index, key: str, tokens: Sequence[_Token], start: int, end: int, expecting: bool
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
        provinces = {p for s, e, _ in _province_spans(tokens) for p in range(s, e)}
        last = all(i in provinces for i in range(end, len(tokens)))
        ok = (cue and short and last) or (expecting and bare)
    else:
        ok = cue or short
    if ok and bare and key in REPLY_WORDS and not expecting:
        return False  # "Best." / "Echt?" as a reply is not a place
    return ok


def _exact_matches(index: _Index, tokens: Sequence[_Token], expecting: bool) -> Iterator[_Match]:
    i = 0
    while i < len(tokens):
        matched = False
        for n in range(min(index.max_tokens, len(tokens) - i), 0, -1):
            key = " ".join(t.norm for t in tokens[i : i + n])
            targets = index.keys.get(key)
            if targets and _allowed(index, key, tokens, i, i + n, expecting):
                yield _Match(i, i + n, key, targets, typo=False)
                i += n
                matched = True
                break
        if not matched:
            i += 1


def _typo_matches(
    index: _Index, gaz: Gazetteer, tokens: Sequence[_Token], expecting: bool
) -> Iterator[_Match]:
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
            for probe in _deletions(span):
                found.update(index.deletes.get(probe, ()))
                if probe in index.keys and len(probe.replace(" ", "")) >= MIN_TYPO_LETTERS:
                    found.add(probe)
            for key in sorted(found):
                if not _one_edit(span, key):
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
                yield _Match(i, i + n, key, index.keys[key], typo=True)
                break


def _label(m: Municipality, target: _Target, n_candidates: int) -> str:
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


def _candidates(targets: Sequence[_Target], by_id: dict[str, Municipality]) -> list[Candidate]:
    """Distinct municipalities of the targets: municipality names first, then towns."""
    ordered = sorted((t for t in targets if t.municipality_id), key=lambda t: t.kind == "town")
    seen: dict[str, _Target] = {}
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


def _from_match(
    gaz: Gazetteer,
    match: _Match,
    text: str,
    tokens: Sequence[_Token],
    others: Sequence[_Match],
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
    tokens: Sequence[_Token],
    match: _Match,
    others: Sequence[_Match],
    by_id: dict[str, Municipality],
) -> Candidate | None:
    """Pick one candidate from the rest of the message: a province, or another place named."""
    provinces = {
        prov for s, e, prov in _province_spans(tokens) if e <= match.start or s >= match.end
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


def _postcode(gaz: Gazetteer, text: str, tokens: Sequence[_Token]) -> Resolution | None:
    """The first postcode in the text that reads as one; found or unknown."""
    words = {t.norm for t in tokens}
    has_cue = bool(words & POSTCODE_CUES)
    for match in _POSTCODE_RE.finditer(text):
        digits, space, letters = match.group(1), match.group(2), match.group(3)
        start, end = match.start(), match.end()
        before = text[:start].rstrip()
        if before.endswith(("€", "$", "-", "/", "+")):
            continue
        after_tokens = [t for t in tokens if t.start >= end]
        next_word = after_tokens[0].norm if after_tokens else ""
        if letters and (
            letters.lower() in UNIT_WORDS
            or (space and letters.islower() and letters in COMMON_TWO_LETTER and not has_cue)
        ):
            next_word, letters, end = letters.lower(), None, match.start(2)
        prev_tokens = [t for t in tokens if t.end <= start]
        prev_word = prev_tokens[-1].norm if prev_tokens else ""
        if letters:
            accepted = True
        else:
            if next_word in UNIT_WORDS or text[end : end + 1] in ("-", "%", ":"):
                continue
            only_number = (
                all(
                    t.norm in FILLER_WORDS or t.norm in POSTCODE_CUES
                    for t in tokens
                    if t.end <= start or t.start >= end
                )
                and len(tokens) <= MAX_SHORT_MESSAGE
            )
            is_year = 1900 <= int(digits) <= 2099
            opens_message = not prev_tokens and gaz.pc4(digits) is not None  # "9711 waar ..."
            accepted = (
                has_cue
                or only_number
                or (not is_year and (opens_message or prev_word in LOCATIVE_BEFORE_NUMBER))
            )
        if not accepted:
            continue
        code = f"{digits} {letters.upper()}" if letters else digits
        kind: Kind = "postcode" if letters else "pc4"
        span_text = text[start:end].strip()
        entry = gaz.pc4(digits)
        if entry is None:
            return Resolution(status="unknown", kind=kind, text=span_text, postcode=code)
        m = gaz.municipality(entry.municipality_id)
        assert m is not None
        cands = [Candidate(m, m.display_name, share=entry.share)]
        for other_id, share in entry.others:
            other = gaz.municipality(other_id)
            if other is not None:
                cands.append(Candidate(other, other.display_name, share=share))
        return Resolution(
            status="found",
            kind=kind,
            text=span_text,
            municipality=m,
            region=gaz.region_of(m),
            candidates=tuple(cands),
            postcode=code,
        )
    return None


def resolve_place(text: str, gazetteer: Gazetteer, *, expecting_place: bool = False) -> Resolution:
    """The place in `text`: a postcode first, else a municipality, alias, region or town name.

    expecting_place: the assistant has just asked where the user lives, so a one-word answer
    that is also an ordinary reply ("Best", "Echt", "Een") is taken as the place.
    Never raises for odd input; returns `NOTHING` (status "none") when there is no place.
    """
    if not text or not text.strip():
        return NOTHING
    text = text[:2000]
    index = _index(gazetteer)
    tokens = _tokenize(text)
    postcode = _postcode(gazetteer, text, tokens)
    if postcode is not None and postcode.status == "found":
        return postcode
    matches = list(_exact_matches(index, tokens, expecting_place))
    if not matches:
        matches = list(_typo_matches(index, gazetteer, tokens, expecting_place))[:1]
    if matches:
        return _from_match(gazetteer, matches[0], text, tokens, matches[1:])
    return postcode or NOTHING
