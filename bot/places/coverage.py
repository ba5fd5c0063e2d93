"""How far the place answers reach: per municipality, the layer of each answer.

    python -m bot.places.coverage          # a table: local / regional / national-only
    python -m bot.places.coverage --list   # also one line per municipality

The KB is read from the files in kb/ (not the SQL store), the gazetteer from kb/nl/.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.kb import KnowledgeBase
from bot.kb.files import load_files
from bot.kb.schema import TOPICS
from bot.places.gazetteer import Gazetteer, load_gazetteer
from bot.places.providers import Layer, career_answer, providers_answer

KB_DIR = Path(__file__).resolve().parents[2] / "kb"
LAYERS: tuple[Layer, ...] = ("local", "regional", "national")
_RANK = {layer: i for i, layer in enumerate(LAYERS)}


@dataclass(frozen=True)
class Coverage:
    """The layers reached: per answer ("career", "providers", "providers:<topic>") and overall."""

    rows: dict[str, dict[str, Layer]]  # answer -> municipality id -> layer
    best: dict[str, Layer]  # municipality id -> the best layer of any answer

    def counts(self, answer: str | None = None) -> Counter[str]:
        layers = self.best if answer is None else self.rows[answer]
        return Counter(layers.values())


def _best(layers: Iterable[Layer]) -> Layer:
    return min(layers, key=_RANK.__getitem__)


def coverage(base: KnowledgeBase, gazetteer: Gazetteer) -> Coverage:
    rows: dict[str, dict[str, Layer]] = {"career": {}, "providers": {}}
    for topic in TOPICS:
        rows[f"providers:{topic}"] = {}
    for m in gazetteer.municipalities:
        rows["career"][m.id] = career_answer(m.id, base, gazetteer).layer
        rows["providers"][m.id] = providers_answer(m.id, None, base, gazetteer).layer
        for topic in TOPICS:
            rows[f"providers:{topic}"][m.id] = providers_answer(m.id, topic, base, gazetteer).layer
    best = {m.id: _best(r[m.id] for r in rows.values()) for m in gazetteer.municipalities}
    return Coverage(rows, best)


def report(cov: Coverage, total: int) -> str:
    lines = [
        f"Place answers for {total} municipalities (layer reached; national-only = no local "
        "or regional route)",
        f"{'answer':<24}{'local':>8}{'regional':>10}{'national-only':>15}",
    ]
    for name in ("career", "providers", *sorted(n for n in cov.rows if ":" in n)):
        c = cov.counts(name)
        lines.append(f"{name:<24}{c['local']:>8}{c['regional']:>10}{c['national']:>15}")
    c = cov.counts()
    lines.append(f"{'best of any answer':<24}{c['local']:>8}{c['regional']:>10}{c['national']:>15}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--list", action="store_true", help="one line per municipality")
    args = parser.parse_args(argv)
    files = load_files(KB_DIR)
    base = KnowledgeBase(files.entries, files.places)
    gaz = load_gazetteer()
    cov = coverage(base, gaz)
    print(report(cov, len(gaz.municipalities)))
    if args.list:
        for m in gaz.municipalities:
            print(
                f"{m.id:<32} {m.region_name:<28} career={cov.rows['career'][m.id]:<9} "
                f"providers={cov.rows['providers'][m.id]:<9} best={cov.best[m.id]}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
