"""The answer engine: every question goes through here, and gets an answer at once.

One message is understood whole: its questions (a message may hold two), the act of each
(what, who pays, cost, who may, how to apply, where, when), the entries it is about, and what
it says about the user (age, work, sector, level, goal, place). Entries are ranked with one
calibrated confidence (bot/answering/retrieval.py, calibration.py); above the threshold the
best entry is answered at the grain the act asks for, a close second is offered as a button,
and below it the engine says honestly that it does not know and offers an adviser. A
follow-up ("en hoe vraag ik dat aan?") is about the last subject; facts said earlier apply to
every answer (bot/answering/conversation.py). Plain, typed Python: tested without Rasa, called
by one Rasa action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.answering import compose, conversation
from bot.answering.acts import ACT_FACETS, acts_of, asks_detail, main_act, split_questions
from bot.answering.facts import Facts, read_facts
from bot.answering.phrases import phrase
from bot.answering.retrieval import CLOSE_RATIO, BilingualRetriever, Candidate
from bot.funding.matcher import Profile, match_schemes
from bot.kb import KnowledgeBase
from bot.kb.schema import Entry
from bot.places import Gazetteer, Resolution, resolve_place
from bot.places import providers as places
from bot.replies import Button, Reply
from bot.text.values import parse_topic

MAX_PARTS = 2
MAX_BUTTONS = 4
PLAUSIBLE_SHARE = 0.6  # of the threshold: enough to offer an entry as a button, not to answer
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")  # a municipality id sent by a button
PLACE_ENTRY_KINDS = ("service", "career", "route")
CORRECTION_RE = re.compile(r"\b(?:nee|wacht|bedoel|sorry|het is|verkeerd|typfout|eigenlijk)\b")
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
    # The user's last question that got no answer: a short reply after it ("bijstand",
    # "vmbo", "in velp") completes that question.
    open_question: str | None = None

    def after(self, result: EngineAnswer, language: str | None = None) -> Context:
        """What the conversation knows once `result` has been said."""
        return Context(
            facts=result.facts,
            last_entry=result.entry_id,
            language=language or self.language,
            expecting_place=result.asked_place,
            open_question=result.open_question,
        )


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
    facets: tuple[str, ...] = ()  # the facet of every part answered
    open_question: str | None = None  # a question of this message that got no answer

    @property
    def answered(self) -> bool:
        return self.band != "low"

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.replies)


@dataclass(frozen=True)
class _Part:
    """The answer to one question of a message."""

    entry: Entry | None
    facet: str | None
    band: str
    text: str
    buttons: tuple[Button, ...]
    asked_place: bool = False


class Engine:
    def __init__(
        self, kb: KnowledgeBase, retriever: BilingualRetriever, gazetteer: Gazetteer
    ) -> None:
        self.kb = kb
        self.retriever = retriever
        self.gazetteer = gazetteer
        self.kb_ids = {e.id for e in kb.entries()}
        self._active_ids = {e.id for e in kb.entries() if e.status == "active"}

    def _entry(self, entry_id: str) -> Entry:
        entry = self.kb.get(entry_id)
        if entry is None:
            raise KeyError(entry_id)
        return entry

    # -- understanding --------------------------------------------------------------------
    def read_place(self, text: str, expecting: bool) -> Resolution:
        if ID_RE.fullmatch(text.strip()):  # a button that chose a municipality by its id
            return places.locate(text.strip(), self.gazetteer)
        return resolve_place(text, self.gazetteer, expecting_place=expecting)

    def facts_of(self, text: str, context: Context, said: Facts) -> tuple[Facts, Resolution]:
        """Everything known after `text`, whose own statements are `said` (read_facts), with
        the place it names."""
        # A correction of a known place ("oh nee, het is 7411") names a place, as an answer to
        # the place question does.
        correcting = context.facts.municipality is not None and CORRECTION_RE.search(text.lower())
        resolution = self.read_place(text, context.expecting_place or bool(correcting))
        if resolution.municipality is not None and resolution.status == "found":
            region = resolution.region.name if resolution.region else None
            said = replace(said, municipality=resolution.municipality.id, region=region)
        elif resolution.region is not None:
            said = replace(said, region=resolution.region.name)
        return context.facts.merged(said), resolution

    # -- answering -----------------------------------------------------------------------
    def answer(self, text: str, context: Context) -> EngineAnswer:
        message_facts = read_facts(text)  # said in this message, also when it completes a question
        facts, resolution = self.facts_of(text, context, message_facts)
        language = context.language
        places_said = conversation.place_words(resolution)
        asked = text
        if context.open_question and conversation.completes(text, places_said):
            asked = f"{context.open_question.rstrip(' ?')}, {text}"  # "… leren?" + "bijstand"
        questions = split_questions(asked)[:MAX_PARTS]
        parts: list[_Part] = []
        last = context.last_entry
        for question in questions:
            part = self._answer_part(
                question,
                facts,
                last,
                language,
                len(questions) > 1,
                places_said,
                message_facts,
                text.strip(),
            )
            parts.append(part)
            # "… uitkering? hoe werkt dat": after a question not understood, "dat" is that one.
            last = (
                part.entry.id if part.entry is not None else (None if len(questions) > 1 else last)
            )
        first = next((p for p in parts if p.band != "low"), parts[0])
        replies = self._replies(parts, questions, language)
        if resolution.ambiguous:
            replies = (*replies, places.ambiguity_reply(resolution, language))
        answered = [p for p in parts if p.band != "low"]
        return EngineAnswer(
            replies=replies,
            entry_id=first.entry.id
            if first.entry is not None and first.band != "low"
            else context.last_entry,
            facet=first.facet,
            band=first.band,
            facts=facts,
            entry_ids=tuple(p.entry.id for p in answered if p.entry is not None),
            place=resolution,
            asked_place=resolution.ambiguous or any(p.asked_place for p in parts),
            facets=tuple(p.facet for p in answered if p.facet),
            open_question=None if answered else conversation.open_question(asked, places_said),
        )

    def about(self, entry_id: str, context: Context, facet: str = "summary") -> EngineAnswer:
        """A button press: the entry itself, with the user's facts applied."""
        entry = self.kb.get(entry_id)
        if entry is None:
            return self.answer("", context)
        part = self._entry_part(entry, facet, "high", context.facts, context.language, brief=False)
        replies = self._replies([part], [""], context.language)
        return EngineAnswer(replies, entry.id, facet, "high", context.facts, (entry.id,))

    def easier(self, entry_id: str, context: Context) -> EngineAnswer:
        """ "Zeg het makkelijker": the entry's A2 version."""
        entry = self.kb.get(entry_id)
        if entry is None or not entry.easy_summary:
            return self.about(entry_id, context)
        text = "\n\n".join([
            compose.title(entry, "nl"), phrase("nl", "easy_intro") + " " + entry.easy_summary.strip(),
            compose.source_line(entry, "summary", "nl"),
        ])  # fmt: skip
        replies = (Reply(text, (compose.adviser_button("nl"),)), compose.feedback_prompt("nl"))
        return EngineAnswer(replies, entry.id, "easy_summary", "high", context.facts, (entry.id,))

    def suggestions(self, text: str, language: str = "nl") -> list[tuple[str, str]]:
        """(id, title) of entries an unclear message may be about, to offer as buttons."""
        if not text or text.startswith("/") or not re.search(r"[a-zA-Z]{3}", text):
            return []
        found = [
            self._entry(c.entry_id)
            for c in self._plausible(self.retriever.rank(text, 2, language), language)
        ]
        return [(e.id, compose.title(e, language)) for e in found]

    def _plausible(self, candidates: list[Candidate], language: str) -> list[Candidate]:
        floor = PLAUSIBLE_SHARE * self.retriever.threshold(language)
        return [c for c in candidates if c.score >= floor]

    def _answer_part(
        self, text: str, facts: Facts, last_entry: str | None, language: str, brief: bool,
        places_said: frozenset[str], message_facts: Facts, whole: str,
    ) -> _Part:  # fmt: skip
        act = main_act(text)
        if places_said and act == "what":
            act = "where"  # "is er een taalhuis in sneek", or just "3581" after a where-question
        # A part that is the whole message states just the message's facts (read once).
        said = message_facts if text == whole else read_facts(text).merged(message_facts)
        last = self.kb.get(last_entry) if last_entry else None
        ranked = self.retriever.rank(text, k=5, language=language)
        candidates = conversation.boosted(ranked, said, last, self.kb_ids, text)[:3]
        best = candidates[0] if candidates else None
        confident = self.retriever.confident(best, language)
        if asks_detail(text):  # opening hours, a date: say so, and where to ask
            subject = best if confident and best is not None else None
            entry = self._entry(subject.entry_id) if subject else last
            return self._detail_part(entry, text, facts, language)
        rules = conversation.benefit_rules_entry(text, act, facts, self.kb_ids)
        if rules is not None and not (best is not None and best.named and best.entry_id != rules):
            part = self._subject_part(self._entry(rules), act, "high", facts, language, brief)
            if confident and best is not None and best.entry_id != rules:
                other = compose.entry_button(self._entry(best.entry_id), language)
                part = replace(part, buttons=(other, *part.buttons))
            return part
        if last is not None and conversation.is_followup(
            text, best, confident, last.id, places_said, bool(said.known())
        ):
            only_facts = not conversation.subject_words(text, places_said)  # "zzp", "nee, ww"
            specific = self._specific(last, facts, said, followup=True, only_facts=only_facts)
            if only_facts and act == "what" and said.known():
                act = "who_may"  # "zesenvijftig" after an answer: does it apply to me?
            return self._subject_part(specific, act, "context", facts, language, brief)
        if not confident or best is None:
            career = (
                self.kb.get(conversation.CAREER_OVERVIEW)
                if conversation.career_doubt(text)
                else None
            )
            if act == "where" and facts.municipality:
                return self._place_part(career, text, facts, language)
            if career is not None:
                return self._subject_part(career, act, "high", facts, language, brief)
            own = conversation.situation_entry(text, said, places_said, self.kb_ids)
            if own is not None:
                return self._subject_part(self._entry(own), act, "high", facts, language, brief)
            overview = self.kb.get(conversation.FUNDING_OVERVIEW)
            general = not conversation.subject_words(text, places_said)[
                2:
            ]  # "wie betaalt mijn cursus"
            if overview is not None and general and "who_pays" in acts_of(text):
                specific = self._specific(overview, facts, said)
                return self._subject_part(specific, "who_pays", "high", facts, language, brief)
            return self._unknown_part(candidates, language)
        entry = self._specific(self._entry(best.entry_id), facts, said)
        second = candidates[1] if len(candidates) > 1 else None
        band = "close" if second and second.score >= CLOSE_RATIO * best.score else "high"
        part = self._subject_part(entry, act, band, facts, language, brief)
        if band == "close" and second is not None and second.entry_id != entry.id:
            other = compose.entry_button(self._entry(second.entry_id), language)
            part = replace(part, buttons=(other, *part.buttons))
        return part

    def _specific(
        self,
        entry: Entry,
        facts: Facts,
        said: Facts,
        followup: bool = False,
        only_facts: bool = False,
    ) -> Entry:
        return self._entry(
            conversation.specific_id(entry, facts, said, self.kb_ids, followup, only_facts)
        )

    def _subject_part(
        self, entry: Entry, act: str, band: str, facts: Facts, language: str, brief: bool
    ) -> _Part:
        if act == "where" and facts.municipality:
            return self._place_part(entry, "", facts, language, band)
        # "wie betaalt dat?" about a subject already answered asks what it costs and who pays.
        wanted = ("cost", "summary") if act == "who_pays" and band == "context" else ACT_FACETS[act]
        facet = compose.choose_facet(entry, wanted)
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
            profile = _profile(facts)
            matches = match_schemes(profile, self._active_ids)
            if matches:
                titles = {
                    m.entry_id: compose.title(self._entry(m.entry_id), language) for m in matches
                }
                lines.append("\n".join(compose.personal_lines(matches, titles, language)))
                others = [m.entry_id for m in matches if m.entry_id != entry.id]
                buttons += [compose.entry_button(self._entry(i), language) for i in others[:1]]
            if profile.missing() and not brief:
                buttons.append(compose.check_button(language))
        asked_place = asks_where and not facts.municipality and entry.kind in PLACE_ENTRY_KINDS
        if asked_place:
            lines.append(phrase(language, "place_ask"))
        easier = compose.easier_button(entry, language)
        if easier is not None and not brief:
            buttons.append(easier)
        return _Part(entry, facet, band, "\n\n".join(lines), tuple(buttons), asked_place)

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
        return _Part(subject, "where", band, text, reply.buttons, asked)

    def _detail_part(self, entry: Entry | None, text: str, facts: Facts, language: str) -> _Part:
        """A detail no entry holds: said honestly, with where to ask it (the place's providers
        when the place is known, else the entry's where or how-to)."""
        lines = [phrase(language, "detail_unknown")]
        buttons: tuple[Button, ...] = ()
        if facts.municipality and (entry is None or entry.kind in PLACE_ENTRY_KINDS):
            place = self._place_part(entry, text, facts, language)
            lines.append(place.text)
            buttons = place.buttons
        elif entry is not None:
            facet = compose.choose_facet(entry, ACT_FACETS["where"])
            lines.append(compose.entry_text(entry, facet, language, brief=True))
            buttons = (compose.entry_button(entry, language),)
        return _Part(None, None, "low", "\n\n".join(lines), buttons)

    def _unknown_part(self, candidates: list[Candidate], language: str) -> _Part:
        text = phrase(language, "no_answer")
        buttons = tuple(
            compose.entry_button(self._entry(c.entry_id), language)
            for c in self._plausible(candidates[:2], language)
        )
        if buttons:
            text += "\n\n" + phrase(language, "maybe")
        return _Part(None, None, "low", text, buttons)

    def _replies(
        self, parts: list[_Part], questions: list[str], language: str
    ) -> tuple[Reply, ...]:
        texts: list[str] = []
        buttons: list[Button] = []
        for i, part in enumerate(parts):
            if i and part.band == "low":
                continue  # the second question was not understood: say the first well
            prefix = phrase(language, "second_part", question=questions[i]) + "\n\n" if i else ""
            texts.append(prefix + part.text)
            buttons += part.buttons
        buttons.append(compose.adviser_button(language))
        main = Reply("\n\n".join(texts), tuple(dict.fromkeys(buttons))[:MAX_BUTTONS])
        answered = any(p.band != "low" for p in parts)
        return (main, compose.feedback_prompt(language)) if answered else (main,)


def _profile(facts: Facts) -> Profile:
    return Profile(
        age=facts.age, work_situation=facts.work_situation, goal=facts.goal,
        education_level=facts.education_level, benefit=facts.benefit, sector=facts.sector,
    )  # fmt: skip
