"""`make eval`: answer quality on questions in users' own words (tests/eval/*.yml).

Each case is a conversation of one or more turns; a turn that asks something says what a good
answer is built from (any of `entries`), and optionally its facet, words it must mention, the
municipality it must be about, or that the desk cannot answer it (`unanswerable`). The engine
answers every turn with what the conversation said before, as in a real chat.

Figures: share answered (of answerable turns), share right among answered, honest refusals of
unanswerable turns; per category, question act, language and set; and the failures.
None of these questions is training data: the ranker learns from the KB's own phrasings, and
a test checks that the two never share a phrasing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.answering import Context, Engine, build_engine
from bot.answering.engine import EngineAnswer
from bot.config.settings import PROJECT_ROOT
from bot.kb import load_knowledge_base
from bot.places import gazetteer

EVAL_DIR = PROJECT_ROOT / "tests" / "eval"


@dataclass(frozen=True)
class Turn:
    case: str
    turn: int
    text: str
    category: str
    act: str
    language: str
    set: str
    entries: tuple[str, ...] = ()
    facet: str | None = None
    mention: tuple[str, ...] = ()
    place: str | None = None
    unanswerable: bool = False

    @property
    def scored(self) -> bool:
        return bool(self.entries) or self.unanswerable


@dataclass
class Outcome:
    turn: Turn
    answered: bool
    right: bool
    got: str | None
    facet: str | None
    band: str
    why: str = ""


@dataclass
class Tally:
    turns: int = 0
    answered: int = 0
    right: int = 0
    refusals_right: int = 0
    unanswerable: int = 0

    def add(self, outcome: Outcome) -> None:
        if outcome.turn.unanswerable:
            self.unanswerable += 1
            self.refusals_right += outcome.right
            return
        self.turns += 1
        self.answered += outcome.answered
        self.right += outcome.right

    def as_row(self) -> dict[str, float | int]:
        return {
            "turns": self.turns,
            "answered": round(self.answered / self.turns, 3) if self.turns else 0.0,
            "right_among_answered": round(self.right / self.answered, 3) if self.answered else 0.0,
            "right": round(self.right / self.turns, 3) if self.turns else 0.0,
            "unanswerable": self.unanswerable,
            "honest_refusals": round(self.refusals_right / self.unanswerable, 3)
            if self.unanswerable
            else 0.0,
        }


@dataclass
class Report:
    overall: Tally = field(default_factory=Tally)
    groups: dict[str, dict[str, Tally]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Tally))
    )
    failures: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.overall.add(outcome)
        t = outcome.turn
        for group, key in (
            ("category", t.category),
            ("act", t.act),
            ("language", t.language),
            ("set", t.set),
        ):
            self.groups[group][key].add(outcome)
        if not outcome.right:
            self.failures.append(outcome)


def load_cases(folder: Path = EVAL_DIR) -> list[list[Turn]]:
    cases = []
    for path in sorted(folder.glob("*.yml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            turns = []
            for i, turn in enumerate(case["turns"]):
                expect = turn.get("expect") or {}
                turns.append(Turn(
                    case=case["id"], turn=i, text=str(turn["text"]), category=case["category"],
                    act=case.get("act", "what"), language=case.get("lang", "nl"), set=path.stem,
                    entries=tuple(expect.get("entries") or ()), facet=expect.get("facet"),
                    mention=tuple(expect.get("mention") or ()), place=expect.get("place"),
                    unanswerable=bool(expect.get("unanswerable")),
                ))  # fmt: skip
            cases.append(turns)
    return cases


def judge(turn: Turn, result: EngineAnswer) -> Outcome:
    got = result.entry_id if result.answered else None
    base = dict(turn=turn, answered=result.answered, got=got, facet=result.facet, band=result.band)
    if turn.unanswerable:
        return Outcome(
            **base,
            right=not result.answered,
            why="answered an unanswerable question" if result.answered else "",
        )  # type: ignore[arg-type]
    if not result.answered:
        return Outcome(**base, right=False, why="not answered")  # type: ignore[arg-type]
    answered_ids = {result.entry_id, *result.entry_ids}
    if not answered_ids & set(turn.entries):
        return Outcome(**base, right=False, why="wrong entry")  # type: ignore[arg-type]
    if (
        turn.facet
        and result.facet != turn.facet
        and not (turn.facet == "summary" and result.facet is None)
    ):
        return Outcome(**base, right=False, why=f"facet {result.facet}, wanted {turn.facet}")  # type: ignore[arg-type]
    text = result.text.lower()
    missing = [m for m in turn.mention if not any(alt.lower() in text for alt in m.split("|"))]
    if missing:
        return Outcome(**base, right=False, why=f"does not mention {missing}")  # type: ignore[arg-type]
    if turn.place and result.facts.municipality != turn.place:
        return Outcome(
            **base, right=False, why=f"place {result.facts.municipality}, wanted {turn.place}"
        )  # type: ignore[arg-type]
    return Outcome(**base, right=True)  # type: ignore[arg-type]


def evaluate(engine: Engine, cases: Iterable[list[Turn]]) -> Report:
    report = Report()
    for turns in cases:
        context = Context(language=turns[0].language)
        for turn in turns:
            result = engine.answer(turn.text, context)
            context = Context(
                facts=result.facts, last_entry=result.entry_id, language=turn.language
            )
            if turn.scored:
                report.add(judge(turn, result))
    return report


def summary(report: Report) -> dict:
    return {
        "overall": report.overall.as_row(),
        **{
            group: {k: v.as_row() for k, v in sorted(rows.items())}
            for group, rows in report.groups.items()
        },
        "failures": len(report.failures),
    }


def markdown(report: Report, title: str = "Answer quality (make eval)") -> str:
    lines = [f"# {title}", ""]
    o = report.overall.as_row()
    lines += [
        f"Answered: **{o['answered']:.1%}** of {o['turns']} answerable turns; right among answered: "
        f"**{o['right_among_answered']:.1%}**; right overall: {o['right']:.1%}; honest refusals of "
        f"{o['unanswerable']} unanswerable turns: {o['honest_refusals']:.1%}.", "",
    ]  # fmt: skip
    for group, rows in report.groups.items():
        lines += [
            f"## Per {group}",
            "",
            "| | turns | answered | right among answered | right |",
            "|---|---|---|---|---|",
        ]
        for key, tally in sorted(rows.items()):
            r = tally.as_row()
            lines.append(
                f"| {key} | {r['turns']} | {r['answered']:.0%} | {r['right_among_answered']:.0%} | {r['right']:.0%} |"
            )
        lines.append("")
    lines += ["## Failures", "", "| case | text | wanted | got | why |", "|---|---|---|---|---|"]
    for f in report.failures:
        wanted = "unanswerable" if f.turn.unanswerable else ", ".join(f.turn.entries)
        text = f.turn.text.replace("|", "/").replace("\n", " ")[:90]
        lines.append(
            f"| {f.turn.case}#{f.turn.turn} | {text} | {wanted} | {f.got} ({f.band}) | {f.why} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.answering.evaluation", description=__doc__)
    parser.add_argument("--report", type=Path, help="write the markdown report here")
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    engine = build_engine(load_knowledge_base(), gazetteer())
    report = evaluate(engine, load_cases())
    text = markdown(report)
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(summary(report), indent=2) + "\n", encoding="utf-8")
    print(text.split("## Failures")[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
