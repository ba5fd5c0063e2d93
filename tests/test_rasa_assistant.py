"""Rasa's own checks: the training data validates, and the test stories pass on the trained model."""

from __future__ import annotations

import subprocess

import pytest
import yaml

from tests.conftest import ROOT, VENV_BIN, latest_model

pytestmark = pytest.mark.server


def run_rasa(
    *args: str, env: dict | None = None, timeout: int = 900
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(VENV_BIN / "rasa"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_training_data_validates() -> None:
    result = run_rasa(
        "data", "validate", "--domain", "domain", "--data", "data", "--config", "config.yml"
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_end_to_end_test_stories_pass(rasa_stack, tmp_path) -> None:
    out = tmp_path / "results"
    result = run_rasa(
        "test",
        "core",
        "--stories",
        "tests/stories",
        "--model",
        str(latest_model()),
        "--endpoints",
        str(rasa_stack.workdir / "endpoints.yml"),
        "--out",
        str(out),
        "--no-plot",
        env=rasa_stack.env,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    failed = yaml.safe_load((out / "failed_test_stories.yml").read_text()) or {}
    stories = failed.get("stories") or []
    assert not stories, yaml.safe_dump(stories, allow_unicode=True)[:6000]
    total = sum(
        len((yaml.safe_load(p.read_text()) or {}).get("stories") or [])
        for p in (ROOT / "tests" / "stories").glob("*.yml")
    )
    assert total > 0
