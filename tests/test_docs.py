"""The docs match the tree: docs/architecture.md maps every folder of bot/, and every path
the README or a page in docs/ names exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [
    "README.md",
    "kb/README.md",
    *sorted(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md")),
]
TOP = "bot|actions|tests|kb|domain|data|scripts|docs|bench|requirements|reports|deploy"
PATH_RE = re.compile(rf"`((?:{TOP})/[^`\s]*)`")


def folder_map() -> str:
    text = (ROOT / "docs" / "architecture.md").read_text()
    return text.split("## Folder map", 1)[1].split("\n## ", 1)[0]


def bot_folders() -> list[str]:
    return sorted(
        f"{path.parent.relative_to(ROOT)}/"
        for path in (ROOT / "bot").glob("*/__init__.py")
        if "__pycache__" not in path.parts
    )


def test_the_folder_map_names_every_folder_of_bot() -> None:
    table = folder_map()
    missing = [folder for folder in bot_folders() if f"`{folder}`" not in table]
    assert not missing, f"add these to the folder map in docs/architecture.md: {missing}"


def test_the_folder_map_names_only_folders_that_exist() -> None:
    named = re.findall(r"^\| `(bot/[^`]+)` \|", folder_map(), re.M)
    assert named
    assert [name for name in named if not (ROOT / name).exists()] == []


@pytest.mark.parametrize("doc", DOCS)
def test_every_path_named_exists(doc: str) -> None:
    named = {p.rstrip(".,:;)") for p in PATH_RE.findall((ROOT / doc).read_text())}
    concrete = {p for p in named if not re.search(r"[<*{|]", p)}
    assert sorted(p for p in concrete if not (ROOT / p).exists()) == []
