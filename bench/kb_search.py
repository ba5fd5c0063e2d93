"""KB retrieval benchmark: `python -m bench.kb_search` prints hit@1, hit@3, MRR and latency."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import yaml

from bot.config.settings import get_settings
from bot.kb import KnowledgeBase
from bot.kb.files import load_files

RETRIEVAL_SET = Path(__file__).resolve().parent.parent / "tests" / "kb" / "retrieval_set.yml"
REPEATS = 20


def evaluate(kb: KnowledgeBase, cases: list[dict]) -> dict[str, float]:
    hit1 = hit3 = rr = 0.0
    for case in cases:
        ranked = [h.entry_id for h in kb.search(case["q"], k=10)]
        ranks = [ranked.index(e) + 1 for e in case["expect"] if e in ranked]
        best = min(ranks) if ranks else None
        hit1 += best == 1
        hit3 += best is not None and best <= 3
        rr += 1 / best if best else 0
    n = len(cases)
    return {"questions": n, "hit@1": hit1 / n, "hit@3": hit3 / n, "mrr": rr / n}


def latency_ms(kb: KnowledgeBase, cases: list[dict]) -> dict[str, float]:
    timings = []
    for _ in range(REPEATS):
        for case in cases:
            started = time.perf_counter()
            kb.search(case["q"], k=3)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "p50_ms": statistics.median(timings),
        "p95_ms": timings[int(0.95 * (len(timings) - 1))],
        "max_ms": timings[-1],
    }


def main() -> None:
    cases = yaml.safe_load(RETRIEVAL_SET.read_text())
    started = time.perf_counter()
    result = load_files(get_settings().kb_dir)
    kb = KnowledgeBase(result.entries, result.places)
    build_ms = (time.perf_counter() - started) * 1000
    figures = {**evaluate(kb, cases), **latency_ms(kb, cases), "index_build_ms": build_ms}
    for name, value in figures.items():
        print(f"{name:>16}: {value:.3f}" if isinstance(value, float) else f"{name:>16}: {value}")


if __name__ == "__main__":
    main()
