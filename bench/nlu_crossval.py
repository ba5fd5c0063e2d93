"""5-fold cross-validation of the project's NLU pipeline: `python -m bench.nlu_crossval`.

Writes Rasa's reports (intent report, confusion matrix, histogram) to reports/nlu_crossval/.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "reports" / "nlu_crossval"


def main() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2"}
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "rasa"), "test", "nlu", "--nlu", "data/nlu",
         "--config", "config.yml", "--cross-validation", "--folds", "5", "--out", str(OUT)],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    report = json.loads((OUT / "intent_report.json").read_text())
    print(f"5-fold intent macro-F1: {report['macro avg']['f1-score']:.3f}")
    print(f"confusion matrix: {OUT / 'intent_confusion_matrix.png'}")


if __name__ == "__main__":
    main()
