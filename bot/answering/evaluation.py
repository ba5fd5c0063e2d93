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

from bot.answering import TEXT_PROCESSING, Context, Engine, build_engine
from bot.answering.engine import EngineAnswer
from bot.answering.ranker import ANALYZERS
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
    """Right or wrong, and why: the first expectation the answer does not meet."""

    def outcome(right: bool, why: str = "") -> Outcome:
        got = result.entry_id if result.answered else None
        return Outcome(turn, result.answered, right, got, result.facet, result.band, why)

    if turn.unanswerable:
        return outcome(
            not result.answered, "answered an unanswerable question" if result.answered else ""
        )
    if not result.answered:
        return outcome(False, "not answered")
    if not {result.entry_id, *result.entry_ids} & set(turn.entries):
        return outcome(False, "wrong entry")
    if turn.facet and turn.facet not in {result.facet, *result.facets}:
        return outcome(False, f"facet {result.facet}, wanted {turn.facet}")
    text = result.text.lower()
    missing = [m for m in turn.mention if not any(alt.lower() in text for alt in m.split("|"))]
    if missing:
        return outcome(False, f"does not mention {missing}")
    if turn.place and result.facts.municipality != turn.place:
        return outcome(False, f"place {result.facts.municipality}, wanted {turn.place}")
    return outcome(True)


def evaluate(engine: Engine, cases: Iterable[list[Turn]]) -> Report:
    report = Report()
    for turns in cases:
        context = Context(language=turns[0].language)
        for turn in turns:
            result = engine.answer(turn.text, context)
            context = context.after(result, turn.language)
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
    parser.add_argument(
        "--compare-text-processing", action="store_true",
        help="also evaluate the ranker on the other Dutch text processing and report both",
    )  # fmt: skip
    args = parser.parse_args(argv)
    kb, places = load_knowledge_base(), gazetteer()
    report = evaluate(build_engine(kb, places), load_cases())
    text = markdown(report)
    figures = summary(report)
    if args.compare_text_processing:
        rows = ["## Dutch text processing", "", "| ranker input | answered | right among answered | right |",
                "|---|---|---|---|"]  # fmt: skip
        for name in ANALYZERS:
            other = (
                report
                if name == TEXT_PROCESSING
                else evaluate(build_engine(kb, places, text_processing=name), load_cases())
            )
            o = other.overall.as_row()
            used = " (used)" if name == TEXT_PROCESSING else ""
            rows.append(
                f"| {name}{used} | {o['answered']:.1%} | {o['right_among_answered']:.1%} | {o['right']:.1%} |"
            )
            figures.setdefault("text_processing", {})[name] = o
        text = text.replace("## Per category", "\n".join(rows) + "\n\n## Per category", 1)
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(text.split("## Failures")[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
