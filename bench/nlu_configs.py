"""Compare NLU pipelines on the same held-out split: `python -m bench.nlu_configs`.

Trains each config in bench/configs/ (and the project's config.yml) on data/nlu, tests on
tests/nlu/heldout.yml, and writes reports/nlu_configs.md and reports/nlu_configs.json.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RASA = ROOT / ".venv" / "bin" / "rasa"
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
REPORTS = ROOT / "reports"


def build_spacy_model(target: Path) -> None:
    """spaCy blank Dutch with lookup lemmas (the only Dutch spaCy pipeline available offline)."""
    if (target / "meta.json").exists():
        return
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.to_disk(target)


def run(*args: str) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "RASA_MAX_CACHE_SIZE": "0",
    }  # train from scratch: no cached components
    result = subprocess.run([str(RASA), *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(
            f"rasa {' '.join(args)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
        )


def evaluate(name: str, config: Path, workdir: Path) -> dict:
    started = time.monotonic()
    run(
        "train",
        "nlu",
        "--config",
        str(config),
        "--nlu",
        "data/nlu",
        "--domain",
        "domain",
        "--out",
        str(workdir),
        "--fixed-model-name",
        name,
    )
    train_seconds = time.monotonic() - started
    out = REPORTS / "nlu" / name
    run(
        "test",
        "nlu",
        "--nlu",
        str(HELDOUT),
        "--model",
        str(workdir / f"{name}.tar.gz"),
        "--out",
        str(out),
        "--no-plot",
    )
    report = json.loads((out / "intent_report.json").read_text())
    per_intent = {
        intent: values["f1-score"]
        for intent, values in report.items()
        if isinstance(values, dict)
        and "f1-score" in values
        and intent not in {"macro avg", "weighted avg", "micro avg"}
    }
    return {
        "config": name,
        "train_seconds": round(train_seconds, 1),
        "macro_f1": round(report["macro avg"]["f1-score"], 4),
        "accuracy": round(
            report.get("accuracy", report.get("micro avg", {}).get("f1-score", 0)), 4
        ),
        "weakest": sorted(per_intent.items(), key=lambda kv: kv[1])[:5],
    }


def main(names: list[str]) -> int:
    build_spacy_model(ROOT / "var" / "spacy-nl")
    configs = {p.stem: p for p in sorted((ROOT / "bench" / "configs").glob("*.yml"))}
    configs["leerloket"] = ROOT / "config.yml"
    if names:
        configs = {n: configs[n] for n in names}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, config in configs.items():
            print(f"== {name}", flush=True)
            row = evaluate(name, config, Path(tmp))
            print(json.dumps(row), flush=True)
            rows.append(row)
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "nlu_configs.json").write_text(json.dumps(rows, indent=2))
    lines = [
        "# NLU pipelines compared",
        "",
        "Trained on `data/nlu`, tested on the held-out split `tests/nlu/heldout.yml` "
        "(not in the training data), on this machine (2 cores). Produced by "
        "`python -m bench.nlu_configs`.",
        "",
        "| config | train (s) | intent macro-F1 | accuracy | weakest intents (F1) |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        weakest = ", ".join(f"{i} {f:.2f}" for i, f in row["weakest"])
        lines.append(
            f"| {row['config']} | {row['train_seconds']} | {row['macro_f1']:.3f} | "
            f"{row['accuracy']:.3f} | {weakest} |"
        )
    (REPORTS / "nlu_configs.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
