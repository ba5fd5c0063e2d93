"""data/rules/forms.yml is what scripts/gen_form_rules.py writes (`make rules`)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_generated_form_rules_have_not_drifted() -> None:
    spec = importlib.util.spec_from_file_location(
        "gen_form_rules", ROOT / "scripts" / "gen_form_rules.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "data" / "rules" / "forms.yml").read_text() == module.render(), (
        "run `make rules`"
    )
