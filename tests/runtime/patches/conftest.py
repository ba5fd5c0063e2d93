from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.runtime import patches


@pytest.fixture
def patched() -> Iterator[patches.InstallResult]:
    """Every Rasa patch installed for one test, and every original back after it."""
    result = patches.install()
    assert result.active, result.reason
    yield result
    patches.uninstall()
