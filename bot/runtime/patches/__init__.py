"""Everything that changes Rasa 3.6's own behaviour, in one place.

Each patch replaces one attribute of Rasa with code that gives the same results for less
work (measured in docs/performance.md, checked against Rasa's own code in
tests/runtime/patches/). Nothing here runs on import: a process opts in by calling
`install()`, which the launcher (`python -m bot.runtime`, used by every process) does before
Rasa loads anything.

`install()` refuses, with one log line, when the installed Rasa is not the version the
patches were written for, and when ``LEERLOKET_RASA_PATCHES=off``; Rasa then runs stock.
`uninstall()` puts every original back.
"""

from __future__ import annotations

import importlib
import logging
import os
from dataclasses import dataclass

from bot.runtime.patches._patch import Patch

RASA_VERSION = "3.6.21"
SWITCH = "LEERLOKET_RASA_PATCHES"
# Modules with a PATCHES tuple, in the order their patches are applied.
MODULES = (
    "action_calls",
    "small_fixes",
    "applied_events",
    "state_history",
    "tracker_copy",
    "rule_matching",
    "intent_features",
    "ops",  # health, readiness and metrics routes, turn metrics, JSON logs (bot/ops)
)
logger = logging.getLogger(__name__)
_applied: list[Patch] = []


@dataclass(frozen=True)
class InstallResult:
    """What `install()` did: the names of the patches in force, or why there are none."""

    installed: tuple[str, ...]
    reason: str

    @property
    def active(self) -> bool:
        return bool(self.installed)


def switched_off() -> bool:
    return os.environ.get(SWITCH, "on").strip().lower() in {"off", "0", "false", "no"}


def all_patches() -> list[Patch]:
    """Every patch, imported on demand (importing them imports Rasa)."""
    found: list[Patch] = []
    for name in MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        found.extend(module.PATCHES)
    return found


def install(rasa_version: str | None = None) -> InstallResult:
    """Apply every patch, once; stock Rasa (and a log line saying why) when refused."""
    if rasa_version is None:
        import rasa

        rasa_version = rasa.__version__
    if switched_off():
        result = InstallResult((), f"{SWITCH}=off: running stock Rasa {rasa_version}")
    elif rasa_version != RASA_VERSION:
        result = InstallResult(
            (),
            f"written for Rasa {RASA_VERSION}, found {rasa_version}: running stock Rasa",
        )
    else:
        if not _applied:
            for patch in all_patches():
                patch.apply()
                _applied.append(patch)
        result = InstallResult(
            tuple(p.name for p in _applied), f"{len(_applied)} installed on Rasa {rasa_version}"
        )
    logger.info("Leerloket Rasa patches: %s", result.reason)
    return result


def uninstall() -> None:
    """Put every original back (tests use this to compare with stock Rasa)."""
    while _applied:
        _applied.pop().revert()


def installed() -> tuple[str, ...]:
    return tuple(p.name for p in _applied)
