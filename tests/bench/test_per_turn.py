"""`python -m bench.per_turn` runs on the trained model and prints its table (no timing asserted)."""

from __future__ import annotations

import re
import subprocess
import sys

from bot.config.settings import PROJECT_ROOT


def test_prints_a_row_per_piece_of_work() -> None:
    result = subprocess.run([sys.executable, "-m", "bench.per_turn", "--messages", "10"],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
                            check=True)  # fmt: skip
    rows = re.findall(r"^\| ([^|]+) \| ([\d.]+) ms \| ([\d.]+) ms \|$", result.stdout, re.M)
    assert [label.split(" (")[0] for label, _, _ in rows] == [
        "copy a tracker", "find matching rules", "build classifier input", "score the intents",
        "count-vector features of a message", "is the domain empty",
        "rule policy prediction"]  # fmt: skip
    assert re.search(r"conversation: \d+ events, \d+ states, \d+ rules", result.stdout)
