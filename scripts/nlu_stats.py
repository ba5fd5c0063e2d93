"""Count NLU examples per intent (training and held-out) and check the held-out split is unseen.

Usage: python scripts/nlu_stats.py [train_dir] [heldout_file]
Exit code 1 if a held-out text also occurs in the training data (after normalising) or is a
near-duplicate of a training text of the same intent (similarity >= NEAR).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

import yaml

NEAR = 0.88
ENTITY = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def normalise(text: str) -> str:
    text = ENTITY.sub(r"\1", text).lower()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def read_examples(path: Path) -> list[tuple[str, str]]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    pairs: list[tuple[str, str]] = []
    for block in doc.get("nlu") or []:
        if "intent" not in block:
            continue
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                pairs.append((block["intent"], line[2:].strip()))
    return pairs


def main(argv: list[str]) -> int:
    train_dir = Path(argv[1] if len(argv) > 1 else "data/nlu")
    heldout = Path(argv[2] if len(argv) > 2 else "tests/nlu/heldout.yml")
    train = [pair for f in sorted(train_dir.glob("*.yml")) for pair in read_examples(f)]
    test = read_examples(heldout) if heldout.exists() else []
    n_train = Counter(intent for intent, _ in train)
    n_test = Counter(intent for intent, _ in test)
    print(f"{'intent':<22}{'train':>7}{'heldout':>9}")
    for intent in sorted(set(n_train) | set(n_test)):
        print(f"{intent:<22}{n_train[intent]:>7}{n_test[intent]:>9}")
    print(f"{'TOTAL':<22}{len(train):>7}{len(test):>9}")
    seen: dict[str, str] = {}
    clashes = 0
    for intent, text in train:
        key = normalise(text)
        if key in seen and seen[key] != intent:
            print(f"train conflict: {text!r} is {seen[key]} and {intent}")
        seen.setdefault(key, intent)
    for intent, text in test:
        if normalise(text) in seen:
            clashes += 1
            print(f"held-out text in training: {text!r} ({intent})")
    for intent, text in test:
        key = normalise(text)
        for other, train_text in train:
            matcher = SequenceMatcher(None, key, normalise(train_text))
            if other == intent and key not in seen and matcher.ratio() >= NEAR:
                clashes += 1
                print(f"held-out near-duplicate: {text!r} ~ {train_text!r}")
    dup_test = [t for t, n in Counter(normalise(t) for _, t in test).items() if n > 1]
    for text in dup_test:
        print(f"held-out duplicate: {text!r}")
    return 1 if clashes or dup_test else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
