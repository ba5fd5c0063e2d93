"""Chromium through Playwright, with Debian's browser (no download)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip


@contextmanager
def chromium_page(width: int = 1280, height: int = 800) -> Iterator:
    from playwright.sync_api import sync_playwright

    if not shutil.which("chromium"):
        pytest.fail("Chromium is missing: `make test` installs it (scripts/ensure_browser.sh).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, locale="nl-NL")
            yield page
        finally:
            browser.close()
