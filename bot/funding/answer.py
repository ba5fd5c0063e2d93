"""The guided funding check's result: each fitting scheme with one line on why."""

from __future__ import annotations

from bot.answering import compose
from bot.answering.compose import feedback_prompt
from bot.funding.matcher import Profile, match_schemes
from bot.kb import KnowledgeBase
from bot.replies import Answer, Reply

NO_MATCH = {
    "nl": "Ik vond geen regeling die zeker bij je past. Een adviseur kijkt graag met je mee. "
    "Die kent ook regelingen in jouw regio.",
    "en": "I found no scheme that surely fits you. An adviser is happy to look at it with you, "
    "and knows the schemes in your region too.",
}
INTRO = {"nl": "Dit kan passen bij jou:", "en": "This may fit you:"}
OUTRO = {
    "nl": "Kies een regeling voor meer uitleg en de bron.",
    "en": "Choose a scheme for more and its source.",
}
MAX_BUTTONS = 4


def funding_answer(profile: Profile, base: KnowledgeBase, language: str = "nl") -> Answer:
    known = {e.id for e in base.entries() if e.status == "active"}
    matches = match_schemes(profile, known)
    if not matches:
        return Answer((Reply(NO_MATCH[language], (compose.adviser_button(language),)),), None)
    entries = {m.entry_id: base.get(m.entry_id) for m in matches}
    titles = {i: compose.title(e, language) for i, e in entries.items() if e is not None}
    lines = [INTRO[language]]
    for number, match in enumerate(matches, start=1):
        lines.append(
            f"{number}. {titles[match.entry_id]}: {compose.personal_line(match, titles, language)}"
        )
    lines.append(OUTRO[language])
    buttons = [compose.entry_button(e, language) for e in dict.fromkeys(entries.values()) if e]
    return Answer(
        (Reply("\n".join(lines), (*buttons[:MAX_BUTTONS], compose.adviser_button(language))),
         feedback_prompt(language)),
        matches[0].entry_id,
    )  # fmt: skip
