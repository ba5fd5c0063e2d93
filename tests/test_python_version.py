"""One Python version story: the project, ruff, mypy, the lock, the installer and the README agree.

Leerloket runs on CPython 3.11. Rasa 3.6.21 declares Python <3.11, so the lock is resolved with
Python 3.10 markers and installed on 3.11 without the resolver (README, "Python version").
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
RUNS_ON = (3, 11)
RESOLVED_FOR = "3.10"  # the markers the lock is resolved with


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_this_suite_runs_on_the_python_the_project_names() -> None:
    assert sys.implementation.name == "cpython"
    assert sys.version_info[:2] == RUNS_ON


def test_pyproject_admits_311_only() -> None:
    allowed = SpecifierSet(pyproject()["project"]["requires-python"])
    assert "3.11.0" in allowed and "3.11.9" in allowed
    assert "3.10.12" not in allowed and "3.12.0" not in allowed


def test_ruff_and_mypy_check_the_same_version() -> None:
    tools = pyproject()["tool"]
    assert tools["ruff"]["target-version"] == "py311"
    assert tools["mypy"]["python_version"] == "3.11"


def test_the_lock_is_resolved_for_310_markers_as_make_lock_does() -> None:
    header = (ROOT / "requirements" / "lock.txt").read_text().splitlines()[:3]
    command = next(line for line in header if "uv pip compile" in line)
    assert f"--python-version {RESOLVED_FOR}" in command
    make_lock = re.search(r"^lock:\n(?:\t.*\n)+", (ROOT / "Makefile").read_text(), re.M)
    assert make_lock, "Makefile has no lock target"
    assert f"--python-version {RESOLVED_FOR}" in make_lock.group(0)


def test_why_the_lock_says_310_still_holds() -> None:
    """Rasa itself still refuses 3.11 in its metadata; if a release allows it, drop the markers."""
    assert metadata.version("rasa") == "3.6.21"
    rasa_allows = SpecifierSet(metadata.metadata("rasa")["Requires-Python"])
    assert "3.11.0" not in rasa_allows and "3.10.12" in rasa_allows


def test_the_installer_builds_the_venv_with_311_and_checks_it() -> None:
    script = (ROOT / "scripts" / "install.sh").read_text()
    assert "PY=${PYTHON:-python3.11}" in script
    assert "sys.version_info[:2] != (3, 11)" in script
    assert "--ignore-requires-python" in script


def test_the_readme_tells_the_same_story() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Python version", 1)
    assert len(section) == 2, "README has no 'Python version' section"
    text = section[1].split("\n## ", 1)[0]
    assert "CPython 3.11" in text and f"Python {RESOLVED_FOR}" in text and "<3.11" in text


def test_container_images_use_311() -> None:
    files = [ROOT / "docs" / "deployment.md", *sorted((ROOT / "deploy").glob("**/*"))]
    images = [
        (path.name, image)
        for path in files
        if path.is_file()
        for image in re.findall(r"FROM python:(\S+)", path.read_text(errors="replace"))
    ]
    assert all(image.startswith("3.11") for _, image in images), images
