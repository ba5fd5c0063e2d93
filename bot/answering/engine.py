"""The answer engine: every question goes through here, and gets an answer at once.

One message is understood whole: its questions (a message may hold two), the act of each
(what, who pays, cost, who may, how to apply, where, when), the entries it is about, and what
it says about the user (age, work, sector, level, goal, place). Entries are ranked with one
calibrated confidence (bot/answering/retrieval.py); above the threshold the best entry is
answered at the grain the act asks for, a close second is offered as a button, and below it
the engine says honestly that it does not know and offers an adviser. A follow-up ("en hoe
vraag ik dat aan?") is about the last subject; facts said earlier apply to every answer.
Plain, typed Python: tested without Rasa, called by one Rasa action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.answering import compose
from bot.answering.acts import ACT_FACETS, main_act, split_questions
from bot.answering.facts import Facts, read_facts
from bot.answering.phrases import phrase
from bot.answering.retrieval import CLOSE_RATIO, BilingualRetriever, Candidate
from bot.funding.matcher import Profile, match_schemes
from bot.kb import KnowledgeBase
from bot.kb.schema import Entry
from bot.kb.text import content_words
from bot.places import Gazetteer, Resolution, resolve_place
from bot.places import providers as places
from bot.replies import Button, Reply, intent_payload
from bot.text.values import parse_topic

MAX_PARTS = 2
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
MAX_BUTTONS = 4
# Words that make a short message a follow-up about the last subject.
REFERENCE_RE = re.compile(
    r"^(?:en|maar|and|but|ook)\b|\b(?:dat|dit|die|het|daar|daarvoor|ervoor|erbij|that|it|this|there)\b"
)
FOLLOWUP_MAX_CONTENT_WORDS = 3
# Content words that only say what is asked, not what about.
ACT_WORDS = frozenset(
    [
        "kost",
        "kosten",
        "prijs",
        "gratis",
        "betalen",
        "betaal",
        "betaalt",
        "wie",
        "vraag",
        "vragen",
        "aanvragen",
        "aanmelden",
        "inschrijven",
        "meld",
        "schrijf",
        "regel",
        "regelen",
        "mag",
        "kan",
        "kun",
        "moet",
        "waar",
        "wanneer",
        "deadline",
        "lang",
        "duurt",
        "hoeveel",
        "hoog",
        "voorwaarden",
        "buurt",
        "heen",
        "krijg",
        "krijgen",
        "doe",
        "doen",
        "werkt",
        "gaat",
        "eerst",
        "ook",
        "nog",
        "wel",
        "dan",
        "nu",
        "eigenlijk",
        "trouwens",
        "precies",
        "cost",
        "costs",
        "much",
        "free",
        "pay",
        "apply",
        "sign",
        "where",
        "when",
        "eligible",
        "allowed",
        "how",
        "what",
        "who",
    ]
)
# Words that only state a fact about the user ("zesenvijftig", "ik werk bij de gemeente").
FACT_WORDS = frozenset(
    [
        "jaar",
        "jarig",
        "oud",
        "werk",
        "werken",
        "gemeente",
        "fabriek",
        "bedrijf",
        "zzp",
        "zzper",
        "zzpers",
        "zelfstandig",
        "uitkering",
        "bijstand",
        "ww",
        "wia",
        "wajong",
        "loondienst",
        "baan",
        "baas",
        "werkgever",
        "werkloos",
        "mbo",
        "vmbo",
        "havo",
        "vwo",
        "hbo",
        "wo",
        "niveau",
        "diploma",
        "bedoel",
        "sorry",
        "nee",
        "ja",
        "klopt",
        "wacht",
        "eigen",
    ]
)
# Entries that a stated fact makes more likely, with how much it adds to their score.
FACT_BOOST = 0.25
FACT_ENTRIES: dict[tuple[str, str], tuple[str, ...]] = {
    ("benefit", "bijstand"): ("studeren-met-bijstand", "gemeente-scholing"),
    ("benefit", "ww"): ("studeren-met-ww", "uwv-scholing"),
    ("benefit", "wia"): ("uwv-scholing", "werkfit-uwv"),
    ("work_situation", "zzp"): ("zzp-scholing",),
    ("work_situation", "werkzoekend"): ("uwv-scholing",),
    ("work_situation", "loondienst"): ("werkgever-en-sectorfonds",),
}
PLACE_ENTRY_KINDS = ("service", "career", "route")
CAREER_ENTRIES = frozenset(
    {"werkcentrum", "leerwerkloket", "loopbaancheck", "loopbaancoach", "uwv-werk-nl"}
)


@dataclass(frozen=True)
class Context:
    """What the conversation already knows when a message arrives."""

    facts: Facts = field(default_factory=Facts)
    last_entry: str | None = None
    language: str = "nl"
    expecting_place: bool = False  # the assistant just asked for the user's place


@dataclass(frozen=True)
class EngineAnswer:
    replies: tuple[Reply, ...]
    entry_id: str | None  # the subject answered (for follow-ups and feedback)
    facet: str | None
    band: str  # high | close | low | context (a follow-up) | place
    facts: Facts  # everything known after this message
    entry_ids: tuple[str, ...] = ()  # every entry answered (two-part questions)
    place: Resolution | None = None
    asked_place: bool = False  # the answer ends by asking the user's place (or which one)

    @property
    def answered(self) -> bool:
        return self.band != "low"

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.replies)


@dataclass(frozen=True)
class _Part:
    entry: Entry | None
    facet: str | None
    band: str
    text: str
    buttons: tuple[Button, ...]
    place_answer: bool = False
    asked_place: bool = False


class Engine:
    def __init__(
        self, kb: KnowledgeBase, retriever: BilingualRetriever, gazetteer: Gazetteer
    ) -> None:
        self.kb = kb
        self.retriever = retriever
        self.gazetteer = gazetteer
        self._known_ids = {e.id for e in kb.entries() if e.status == "active"}
        self.kb_ids = {e.id for e in kb.entries()}

    # -- understanding --------------------------------------------------------------------
    def read_place(self, text: str, expecting: bool) -> Resolution:
        if ID_RE.fullmatch(text.strip()):  # a button that chose a municipality by its id
            return places.locate(text.strip(), self.gazetteer)
        return resolve_place(text, self.gazetteer, expecting_place=expecting)

    def facts_of(self, text: str, context: Context) -> tuple[Facts, Resolution]:
        said = read_facts(text)
        resolution = self.read_place(text, context.expecting_place)
        if resolution.municipality is not None and resolution.status == "found":
            said = replace(said, municipality=resolution.municipality.id,
                           region=resolution.region.name if resolution.region else None)  # fmt: skip
        elif resolution.region is not None:
            said = replace(said, region=resolution.region.name)
        return context.facts.merged(said), resolution

    def _is_followup(
        self, text: str, best: Candidate | None, last_entry: str | None,
        place_words: frozenset[str], new_facts: bool, language: str = "nl",
    ) -> bool:  # fmt: skip
        """About the last subject: nothing of its own left once act, place and fact words are
        gone, or a short question that asks an act or refers back ("en hoe vraag ik dat aan?").
        A message that names another entry, or ranks another confidently, is not."""
        if last_entry is None:
            return False
        if best is not None and best.named and best.entry_id != last_entry:
            return False
        subject_words = [
            w for w in content_words(text)
            if w not in ACT_WORDS and w not in place_words and w not in FACT_WORDS and not w.isdigit()
        ]  # fmt: skip
        if not subject_words:
            return True
        confident_elsewhere = (
            best is not None
            and best.entry_id != last_entry
            and self.retriever.confident(best, language)
        )
        asks = (
            main_act(text) != "what"
            or bool(REFERENCE_RE.search(text.lower()))
            or new_facts
            or bool(place_words)
        )
        return len(subject_words) <= FOLLOWUP_MAX_CONTENT_WORDS and asks and not confident_elsewhere

    # -- answering -----------------------------------------------------------------------
    def answer(self, text: str, context: Context) -> EngineAnswer:
        facts, resolution = self.facts_of(text, context)
        language = context.language
        parts = split_questions(text)[:MAX_PARTS]
        answered: list[_Part] = []
        last = context.last_entry
        place_words = _place_words(resolution)
        for part in parts:
            result = self._answer_part(
                part, facts, last, language, brief=len(parts) > 1, place_words=place_words
            )
            answered.append(result)
            if result.entry is not None:
                last = result.entry.id
        first = next((p for p in answered if p.band != "low"), answered[0])
        replies = self._replies(answered, parts, facts, language)
        if resolution.ambiguous:
            replies = (*replies, places.ambiguity_reply(resolution, language))
        entry_ids = tuple(p.entry.id for p in answered if p.entry is not None and p.band != "low")
        return EngineAnswer(
            replies=replies,
            entry_id=first.entry.id
            if first.entry is not None and first.band != "low"
            else context.last_entry,
            facet=first.facet,
            band=first.band,
            facts=facts,
            entry_ids=entry_ids,
            place=resolution,
            asked_place=resolution.ambiguous or any(p.asked_place for p in answered),
        )

    def about(self, entry_id: str, context: Context, facet: str = "summary") -> EngineAnswer:
        """A button press: the entry itself, with the user's facts applied."""
        entry = self.kb.get(entry_id)
        if entry is None:
            return self.answer("", context)
        part = self._entry_part(entry, facet, "high", context.facts, context.language, brief=False)
        replies = self._replies([part], [""], context.facts, context.language)
        return EngineAnswer(replies, entry.id, facet, "high", context.facts, (entry.id,))

    def easier(self, entry_id: str, context: Context) -> EngineAnswer:
        """ "Zeg het makkelijker": the entry's A2 version."""
        entry = self.kb.get(entry_id)
        if entry is None or not entry.easy_summary:
            return self.about(entry_id, context)
        text = "\n\n".join(
            [compose.title(entry, "nl"), phrase("nl", "easy_intro") + " " + entry.easy_summary.strip(),
             compose.source_line(entry, "summary", "nl")]
        )  # fmt: skip
        buttons = (compose.adviser_button("nl"),)
        return EngineAnswer((Reply(text, buttons), FEEDBACK), entry.id, "easy_summary", "high",
                            context.facts, (entry.id,))  # fmt: skip

    def suggestions(self, text: str, language: str = "nl") -> list[tuple[str, str]]:
        """(id, title) of entries an unclear message may be about, to offer as buttons."""
        if not text or text.startswith("/") or not re.search(r"[a-zA-Z]{3}", text):
            return []
        floor = PLAUSIBLE_SHARE * self.retriever.threshold(language)
        found = [
            self.kb.get(c.entry_id)
            for c in self.retriever.rank(text, 2, language)
            if c.score >= floor
        ]
        return [(e.id, compose.title(e, language)) for e in found if e is not None]

    def _answer_part(
        self, text: str, facts: Facts, last_entry: str | None, language: str, brief: bool,
        place_words: frozenset[str] = frozenset(),
    ) -> _Part:  # fmt: skip
        act = main_act(text)
        if place_words and act == "what":
            act = "where"  # "is er een taalhuis in sneek", or just "3581" after a where-question
        said = read_facts(text)
        candidates = self._boosted(self.retriever.rank(text, k=5, language=language), said)[:3]
        best = candidates[0] if candidates else None
        if self._is_followup(text, best, last_entry, place_words, bool(said.known()), language):
            entry = self.kb.get(last_entry or "")
            if entry is not None:
                return self._subject_part(
                    self._specific(entry, facts, said), act, "context", facts, language, brief
                )
        if not self.retriever.confident(best, language):
            if act == "where" and facts.municipality:
                return self._place_part(None, text, facts, language)
            if act == "who_pays":
                overview = self.kb.get(FUNDING_OVERVIEW)
                if overview is not None:
                    return self._subject_part(
                        self._specific(overview, facts, said), act, "high", facts, language, brief
                    )
            return self._unknown_part(candidates, language)
        assert best is not None
        entry = self._specific(self.kb.get(best.entry_id), facts, said)
        second = candidates[1] if len(candidates) > 1 else None
        band = "close" if second and second.score >= CLOSE_RATIO * best.score else "high"
        part = self._subject_part(entry, act, band, facts, language, brief)
        if band == "close" and second is not None:
            other = self.kb.get(second.entry_id)
            if other is not None:
                part = replace(part, buttons=(compose.entry_button(other, language), *part.buttons))
        return part

    def _boosted(self, candidates: list[Candidate], said: Facts) -> list[Candidate]:
        """Candidates with the entries that the message's own facts point at added or raised."""
        scores = {c.entry_id: c for c in candidates}
        for key, value in said.known().items():
            for entry_id in FACT_ENTRIES.get((key, str(value)), ()):
                if entry_id in self.kb_ids:
                    old = scores.get(entry_id) or Candidate(entry_id, 0.0, 0.0, 0.0, False)
                    scores[entry_id] = replace(old, score=old.score + FACT_BOOST)
        return sorted(scores.values(), key=lambda c: (-c.score, c.entry_id))

    def _specific(self, entry: Entry | None, facts: Facts, said: Facts) -> Entry:
        """The entry for the user's own situation instead of a general one: their sector's
        fund for "sector funds", and for a follow-up that states a new situation ("en voor
        zzp'ers?") the entry for that situation."""
        assert entry is not None
        if facts.sector and (entry.id == FUNDING_OVERVIEW or entry.id.startswith("sectorfonds-")):
            return self.kb.get(f"sectorfonds-{facts.sector}") or entry
        if entry.kind == "funding" or entry.id == FUNDING_OVERVIEW:
            for key, value in said.known().items():
                specific = FACT_ENTRIES.get((key, str(value)))
                if specific and entry.id not in specific and specific[0] in self.kb_ids:
                    return self.kb.get(specific[0]) or entry
        return entry

    def _subject_part(
        self, entry: Entry, act: str, band: str, facts: Facts, language: str, brief: bool
    ) -> _Part:
        if act == "where" and facts.municipality:
            return self._place_part(entry, "", facts, language, band)
        facet = compose.choose_facet(entry, ACT_FACETS[act])
        return self._entry_part(
            entry, facet, band, facts, language, brief, asks_where=act == "where"
        )

    def _entry_part(
        self, entry: Entry, facet: str, band: str, facts: Facts, language: str, brief: bool,
        asks_where: bool = False,
    ) -> _Part:  # fmt: skip
        lines = [compose.entry_text(entry, facet, language, brief=brief)]
        buttons: list[Button] = []
        if entry.kind == "funding" or entry.id.startswith("sectorfonds-"):
            matches = [
                m
                for m in match_schemes(self._profile(facts), self._known_ids)
                if m.entry_id != entry.id
            ]
            if matches:
                titles = {
                    m.entry_id: compose.title(self.kb.get(m.entry_id), language) for m in matches
                }  # type: ignore[arg-type]
                lines.append("\n".join(compose.personal_lines(matches, titles, language)))
                buttons += [
                    compose.entry_button(self.kb.get(m.entry_id), language) for m in matches[:1]
                ]  # type: ignore[arg-type]
            if self._profile(facts).missing() and not brief:
                buttons.append(compose.check_button(language))
        asked_place = asks_where and not facts.municipality and entry.kind in PLACE_ENTRY_KINDS
        if asked_place:
            lines.append(phrase(language, "place_ask"))
        easier = compose.easier_button(entry, language)
        if easier is not None and not brief:
            buttons.append(easier)
        return _Part(
            entry, facet, band, "\n\n".join(lines), tuple(buttons), asked_place=asked_place
        )

    def _place_part(
        self, entry: Entry | None, text: str, facts: Facts, language: str, band: str = "place"
    ) -> _Part:
        if entry is not None and (entry.id in CAREER_ENTRIES or entry.kind == "career"):
            answer = places.career_answer(facts.municipality, self.kb, self.gazetteer, language)
        else:
            topic = places.topic_for_entry(entry) if entry is not None else parse_topic(text)
            answer = places.providers_answer(
                facts.municipality, topic, self.kb, self.gazetteer, language
            )
        reply = answer.replies[0]
        subject = entry or (self.kb.get(answer.entry_id) if answer.entry_id else None)
        text, asked = reply.text, answer.municipality is None
        if asked:  # no municipality yet: the national routes, then which place (asked once)
            text += "\n\n" + answer.replies[1].text
        return _Part(subject, "where", band, text, reply.buttons, place_answer=True, asked_place=asked)

    def _unknown_part(self, candidates: list[Candidate], language: str) -> _Part:
        text = phrase(language, "no_answer")
        plausible = [
            self.kb.get(c.entry_id)
            for c in candidates[:2]
            if c.score >= PLAUSIBLE_SHARE * self.retriever.threshold(language)
        ]
        buttons = tuple(compose.entry_button(e, language) for e in plausible if e is not None)
        if buttons:
            text += "\n\n" + phrase(language, "maybe")
        return _Part(None, None, "low", text, buttons)

    def _profile(self, facts: Facts) -> Profile:
        return Profile(
            age=facts.age, work_situation=facts.work_situation, goal=facts.goal,
            education_level=facts.education_level, benefit=facts.benefit, sector=facts.sector,
        )  # fmt: skip

    def _replies(
        self, parts: list[_Part], questions: list[str], facts: Facts, language: str
    ) -> tuple[Reply, ...]:
        texts, buttons = [], []
        for i, part in enumerate(parts):
            if i and part.band == "low":
                continue  # the second question was not understood: say the first well
            texts.append(
                part.text
                if not i
                else phrase(language, "second_part", question=questions[i]) + "\n\n" + part.text
            )
            buttons += part.buttons
        buttons.append(compose.adviser_button(language))
        unique = tuple(dict.fromkeys(buttons))[:MAX_BUTTONS]
        main = Reply("\n\n".join(texts), unique)
        answered = any(p.band != "low" for p in parts)
        return (main, feedback_prompt(language)) if answered else (main,)


PLAUSIBLE_SHARE = 0.6
# "Wie betaalt mijn cursus?" without a subject: first of all your employer and its sector fund.
FUNDING_OVERVIEW = "werkgever-en-sectorfonds"


def _place_words(resolution: Resolution) -> frozenset[str]:
    """The words of the place a message named ("in het dorp dalen" → dalen)."""
    if resolution.status not in ("found", "ambiguous", "region") or not resolution.text:
        return frozenset()
    return frozenset(content_words(resolution.text)) | {
        "dorp",
        "stad",
        "gemeente",
        "woon",
        "postcode",
    }


def feedback_prompt(language: str) -> Reply:
    question = "Heb je hier iets aan?" if language == "nl" else "Was this helpful?"
    yes, no = ("👍 Ja", "👎 Nee") if language == "nl" else ("👍 Yes", "👎 No")
    return Reply(question, (Button(yes, intent_payload("feedback", feedback="up")),
                            Button(no, intent_payload("feedback", feedback="down"))))  # fmt: skip


FEEDBACK = feedback_prompt("nl")
