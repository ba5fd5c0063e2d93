"""Rasa's own checks, through the launcher every process uses (`python -m bot.runtime`).

The training data validates, and every test story runs and passes on the trained model: once
with the Rasa patches installed (the code that serves users) and once with them switched off
(stock Rasa 3.6), so a patch can never be the reason a story passes.
"""

from __future__ import annotations

import os
import subprocess

import pytest
import yaml

from bot.runtime import patches
from tests.conftest import ROOT, VENV_BIN, latest_model

pytestmark = pytest.mark.server


def run_rasa(
    *args: str, env: dict | None = None, timeout: int = 900
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(VENV_BIN / "python"), "-m", "bot.runtime", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def stories_in(path) -> list[str]:
    data = yaml.safe_load(path.read_text()) or {}
    return [s["story"] for s in data.get("stories") or []]


def test_training_data_validates() -> None:
    result = run_rasa(
        "data", "validate", "--domain", "domain", "--data", "data", "--config", "config.yml"
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.mark.parametrize("switch", ["on", "off"])
def test_every_test_story_runs_and_passes(rasa_stack, tmp_path, switch: str) -> None:
    out = tmp_path / "results"
    env = {**rasa_stack.env, patches.SWITCH: switch}
    result = run_rasa(
        "test", "core", "--stories", "tests/stories", "--model", str(latest_model()),
        "--endpoints", str(rasa_stack.workdir / "endpoints.yml"),
        "--out", str(out), "--no-plot", "--successes",
        env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    said = [line for line in result.stderr.splitlines() if "Rasa patches:" in line]
    if switch == "on":
        assert said and f"{len(patches.all_patches())} installed" in said[0], said
    else:
        assert said and "off" in said[0], said
    defined = sorted(
        name for p in (ROOT / "tests" / "stories").glob("*.yml") for name in stories_in(p)
    )
    failed_file = out / "failed_test_stories.yml"
    failed = stories_in(failed_file) if failed_file.exists() else []
    assert not failed, failed_file.read_text()[:6000]
    # Rasa names a result "<story> (<file>)"; every defined story must be among the passed.
    passed = [name.split(" (")[0] for name in stories_in(out / "successful_test_stories.yml")]
    assert sorted(passed) == defined, (passed, defined)
    assert len(defined) >= 10, os.fspath(out)
