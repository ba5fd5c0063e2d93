"""The answer engine's own cost per message: `python -m bench.answer_engine`.

Builds the engine as the action server does, then answers every turn of the evaluation set
(with the conversation's context) and prints the build time and the per-message latency.
"""

from __future__ import annotations

import statistics
import time

from bot.answering import Context, build_engine
from bot.answering.evaluation import load_cases
from bot.kb import load_knowledge_base
from bot.places import warm_up


def main() -> None:
    started = time.perf_counter()
    engine = build_engine(load_knowledge_base(), warm_up(), cache=None)  # calibration included
    built = time.perf_counter() - started
    timings = []
    for turns in load_cases():
        context = Context(language=turns[0].language)
        for turn in turns:
            t0 = time.perf_counter()
            result = engine.answer(turn.text, context)
            timings.append((time.perf_counter() - t0) * 1000)
            context = context.after(result, turn.language)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(f"engine build (with calibration): {built:.1f} s")
    print(f"{len(timings)} messages: mean {statistics.mean(timings):.1f} ms, "
          f"p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
