"""Language detectors on short chat messages: `python -m bench.language_detectors`.

Compares py3langid (limited to the supported languages), langdetect (as shipped, and limited to
the supported languages) and Leerloket's own model (bot/language/detect.py, learnt from the KB)
on tests/language/messages.yml: accuracy per language and per length bucket, the time per
message, and for the chosen detector what `choose()` does in a conversation (how often a
message wrongly switches the language, how often a message in the other language switches it).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import yaml

from bot import language
from bot.language.detect import model

MESSAGES = Path(__file__).resolve().parent.parent / "tests" / "language" / "messages.yml"
BUCKETS = ((1, 2), (3, 5), (6, 12))
CONFIDENCES = (0.8, 0.9, 0.95, 0.99)


def bucket(text: str) -> str:
    count = len(text.split())
    return next(f"{low}-{high}" for low, high in BUCKETS if low <= count <= high)


def load_messages(path: Path = MESSAGES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def py3langid_detector(codes: tuple[str, ...]) -> Callable[[str], str]:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(codes))
    return lambda text: identifier.classify(text)[0]


def langdetect_detector(codes: tuple[str, ...] | None) -> Callable[[str], str]:
    """langdetect with a fixed seed (it is random otherwise); `codes` keeps only those."""
    from langdetect import DetectorFactory
    from langdetect.detector_factory import init_factory
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    init_factory()
    from langdetect.detector_factory import _factory

    def detect(text: str) -> str:
        detector = _factory.create()
        detector.append(text)
        try:
            found = [p for p in detector.get_probabilities() if codes is None or p.lang in codes]
        except LangDetectException:  # no letters at all
            return "?"
        return found[0].lang if found else "?"

    return detect


def own_detector() -> Callable[[str], str]:
    model()  # learn it before the clock starts
    return lambda text: language.detect(text).language


def accuracy(detect: Callable[[str], str], messages: list[dict]) -> dict[str, object]:
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    wrong = []
    started = time.perf_counter()
    for item in messages:
        guess = detect(item["text"])
        for key in ("all", item["lang"], bucket(item["text"])):
            total[key] += 1
            right[key] += guess == item["lang"]
        if guess != item["lang"]:
            wrong.append(item["text"])
    elapsed = (time.perf_counter() - started) / len(messages) * 1000
    return {"right": right, "total": total, "ms": elapsed, "wrong": wrong}


def switching(messages: list[dict], codes: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """What `choose` does with each message when the conversation is in each language.

    "stays": a message in the conversation's language keeps it (anything else is a false
    switch). "follows": a message in another language switches to it.
    """
    result: dict[str, tuple[int, int]] = {}
    for current in codes:
        same = [m for m in messages if m["lang"] == current]
        other = [m for m in messages if m["lang"] != current]
        stays = sum(language.choose(m["text"], current) == current for m in same)
        follows = sum(language.choose(m["text"], current) == m["lang"] for m in other)
        result[f"{current}: stays"] = (stays, len(same))
        result[f"{current}: follows"] = (follows, len(other))
        for low, high in BUCKETS:
            part = [m for m in other if low <= len(m["text"].split()) <= high]
            hits = sum(language.choose(m["text"], current) == m["lang"] for m in part)
            result[f"{current}: follows, {low}-{high} words"] = (hits, len(part))
    return result


def percent(right: int, total: int) -> str:
    return f"{100 * right / total:5.1f}%" if total else "    -"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wrong", action="store_true", help="list the misses per detector")
    args = parser.parse_args()
    messages = load_messages()
    codes = tuple(sorted({m["lang"] for m in messages}))
    counts = Counter(m["lang"] for m in messages)
    lengths = Counter(bucket(m["text"]) for m in messages)
    print(f"{len(messages)} messages: " + ", ".join(f"{c} {n}" for c, n in sorted(counts.items()))
          + " | words " + ", ".join(f"{b}: {n}" for b, n in lengths.items()))  # fmt: skip
    detectors = {
        "py3langid (nl/en only)": py3langid_detector(codes),
        "langdetect (all 55)": langdetect_detector(None),
        "langdetect (nl/en only)": langdetect_detector(codes),
        "own (KB n-grams)": own_detector(),
    }
    columns = ["all", *codes, *(f"{low}-{high}" for low, high in BUCKETS)]
    print(f"\n{'detector':26s}" + "".join(f"{c:>8s}" for c in columns) + "   ms/msg")
    for name, detect in detectors.items():
        found = accuracy(detect, messages)
        right, total = found["right"], found["total"]
        cells = "".join(f"{percent(right[c], total[c]):>8s}" for c in columns)  # type: ignore[index]
        print(f"{name:26s}{cells}   {found['ms']:.3f}")
        if args.wrong:
            print("    missed:", "; ".join(found["wrong"]))  # type: ignore[arg-type]

    print(f"\nchoose() with MIN_WORDS_TO_SWITCH={language.MIN_WORDS_TO_SWITCH}, "
          f"SWITCH_CONFIDENCE={language.SWITCH_CONFIDENCE}:")  # fmt: skip
    for key, (right_, total_) in switching(messages, codes).items():
        print(f"  {key:32s} {percent(right_, total_)}  ({right_}/{total_})")
    print("\nother thresholds (false switches of all messages / messages in the other language "
          "that switch it):")  # fmt: skip
    print(f"  {'min words':>9s}" + "".join(f"{c:>16.2f}" for c in CONFIDENCES))
    chosen = (language.MIN_WORDS_TO_SWITCH, language.SWITCH_CONFIDENCE)
    try:
        for min_words in (2, 3, 4):
            row: list[str] = []
            for confidence in CONFIDENCES:
                language.MIN_WORDS_TO_SWITCH, language.SWITCH_CONFIDENCE = min_words, confidence
                outcome = switching(messages, codes)
                false = sum(t - r for k, (r, t) in outcome.items() if k.endswith("stays"))
                follows = sum(r for k, (r, _) in outcome.items() if k.endswith("follows"))
                row.append(f"{false:>3d} / {percent(follows, len(messages))}")
            print(f"  {min_words:>9d}" + "".join(f"{c:>16s}" for c in row))
    finally:
        language.MIN_WORDS_TO_SWITCH, language.SWITCH_CONFIDENCE = chosen
    confidences = [language.detect(m["text"]).confidence for m in messages]
    print(f"\nmedian confidence {statistics.median(confidences):.3f}")


if __name__ == "__main__":
    main()
