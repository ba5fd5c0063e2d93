"""Person-name detection on chat-like Dutch text: ours (bot/privacy/names.py) and `deduce`.

    python -m bench.name_detectors [--deduce PYTHON]

reads tests/security/data/names_nl.yml (messages with their names marked; the detector was
tuned on it) and names_nl_heldout.yml (written afterwards, never tuned on) and prints
precision and recall for each detector and set. A found span counts as right when it overlaps a
marked name; a marked name counts as found when a found span overlaps it. `deduce` cannot be
installed beside Rasa 3.6 (it needs regex>=2024, Rasa pins an older regex): give the Python of
a separate virtual environment that has it (`python3 -m venv /tmp/deduce-venv &&
/tmp/deduce-venv/bin/pip install deduce`); its person tags (`persoon`, `patient`) are scored.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parents[1] / "tests" / "security" / "data"
SETS = {"tuned": DATA_DIR / "names_nl.yml", "held out": DATA_DIR / "names_nl_heldout.yml"}
DEDUCE_SCRIPT = r"""
import json, sys
import deduce
model = deduce.Deduce()
out = []
for text in json.load(sys.stdin):
    doc = model.deidentify(text)
    out.append([(a.start_char, a.end_char) for a in doc.annotations
                if a.tag.split("_")[0] in ("persoon", "patient")])
json.dump(out, sys.stdout)
"""


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    found: int
    right: int
    names: int
    caught: int
    false_positives: tuple[str, ...]
    missed: tuple[str, ...]


def cases(name: str = "tuned") -> list[dict]:
    return yaml.safe_load(SETS[name].read_text(encoding="utf-8"))


def gold_spans(case: dict) -> list[tuple[int, int]]:
    spans, text = [], case["text"]
    for name in case["names"]:
        start = text.index(name)
        spans.append((start, start + len(name)))
    return spans


def score(predicted: list[list[tuple[int, int]]], items: list[dict]) -> Score:
    found = right = names = caught = 0
    false_positives, missed = [], []
    for spans, case in zip(predicted, items, strict=True):
        gold = gold_spans(case)
        names += len(gold)
        for start, end in spans:
            found += 1
            if any(start < g_end and g_start < end for g_start, g_end in gold):
                right += 1
            else:
                false_positives.append(case["text"][start:end])
        for g_start, g_end in gold:
            if any(start < g_end and g_start < end for start, end in spans):
                caught += 1
            else:
                missed.append(case["text"][g_start:g_end])
    return Score(right / found if found else 1.0, caught / names if names else 1.0, found,
                 right, names, caught, tuple(false_positives), tuple(missed))  # fmt: skip


def ours(items: list[dict]) -> list[list[tuple[int, int]]]:
    from bot.privacy.names import find_names

    return [[(s.start, s.end) for s in find_names(case["text"])] for case in items]


def deduce(items: list[dict], python: str) -> list[list[tuple[int, int]]]:
    result = subprocess.run([python, "-c", DEDUCE_SCRIPT], input=json.dumps([c["text"] for c in items]),
                            capture_output=True, text=True, check=True)  # fmt: skip
    return [[tuple(span) for span in spans] for spans in json.loads(result.stdout)]


def show(name: str, s: Score) -> None:
    print(f"{name}: precision {s.precision:.2f} ({s.right}/{s.found}), "
          f"recall {s.recall:.2f} ({s.caught}/{s.names})")  # fmt: skip
    if s.false_positives:
        print("  not names, but redacted:", "; ".join(s.false_positives))
    if s.missed:
        print("  names missed:", "; ".join(s.missed))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--deduce", metavar="PYTHON", help="a Python that has deduce installed")
    args = parser.parse_args(argv)
    for set_name in SETS:
        items = cases(set_name)
        print(f"{set_name}: {len(items)} messages, {sum(len(c['names']) for c in items)} names")
        show("  leerloket (bot/privacy/names.py)", score(ours(items), items))
        if args.deduce:
            show("  deduce", score(deduce(items, args.deduce), items))
    return 0


if __name__ == "__main__":
    sys.exit(main())
