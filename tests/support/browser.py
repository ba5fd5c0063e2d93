"""Chromium through Playwright, with Debian's browser (no download)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip
# Screenshots and other files tests write: an ignored folder, never a tracked file.
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"


def artifact(name: str) -> Path:
    """Where a test writes the file `name` (var/test-artifacts/, ignored by git)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


@contextmanager
def chromium_pages(count: int, width: int = 1280, height: int = 800) -> Iterator[list]:
    """`count` pages, each in its own browser context (separate cookies and storage)."""
    from playwright.sync_api import sync_playwright

    if not shutil.which("chromium"):
        pytest.fail("Chromium is missing: `make test` installs it (scripts/ensure_browser.sh).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield [browser.new_page(viewport={"width": width, "height": height}, locale="nl-NL")
                   for _ in range(count)]  # fmt: skip
        finally:
            browser.close()


@contextmanager
def chromium_page(width: int = 1280, height: int = 800) -> Iterator:
    with chromium_pages(1, width, height) as pages:
        yield pages[0]
