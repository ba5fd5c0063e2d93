"""Texts from the held-out NLU set (tests/nlu/heldout.yml), for tests that compare parsers."""

from __future__ import annotations

import yaml

from bot.config.settings import PROJECT_ROOT

HELDOUT = PROJECT_ROOT / "tests" / "nlu" / "heldout.yml"


def heldout_texts(limit: int = 80) -> list[str]:
    """About `limit` example texts spread evenly over the held-out set."""
    data = yaml.safe_load(HELDOUT.read_text())
    texts = [
        line[2:].strip()
        for block in data["nlu"]
        for line in block["examples"].splitlines()
        if line.startswith("- ")
    ]
    return texts[:: max(1, len(texts) // limit)]
