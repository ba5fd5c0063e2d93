"""The one switch for every change to Rasa: installed explicitly, guarded by the Rasa version,
off on request, and fully reversible."""

from __future__ import annotations

import rasa

from bot.runtime import patches


def _current(patch: patches.Patch) -> object:
    return vars(patch.owner)[patch.attribute]


def test_nothing_is_patched_by_importing() -> None:
    import bot.runtime.channels  # noqa: F401 - Rasa imports our channels in every server

    assert patches.installed() == ()
    for patch in patches.all_patches():
        assert _current(patch) is not patch.replacement, patch.name


def test_install_applies_every_patch_and_uninstall_puts_back_each_original() -> None:
    originals = {p.name: _current(p) for p in patches.all_patches()}
    result = patches.install()
    try:
        assert result.active and rasa.__version__ == patches.RASA_VERSION
        assert set(result.installed) == set(originals)
        assert len(result.installed) == len(patches.all_patches()) >= 10
        for patch in patches.all_patches():
            assert _current(patch) is patch.replacement, patch.name
        assert patches.install().installed == result.installed  # twice is once
    finally:
        patches.uninstall()
    for patch in patches.all_patches():
        assert _current(patch) is originals[patch.name], patch.name
    assert patches.installed() == ()


def test_another_rasa_version_runs_stock() -> None:
    result = patches.install(rasa_version="3.7.0")
    assert not result.active
    assert "written for Rasa 3.6.21, found 3.7.0" in result.reason
    assert patches.installed() == ()


def test_the_switch_turns_them_off(monkeypatch) -> None:
    monkeypatch.setenv(patches.SWITCH, "off")
    result = patches.install()
    assert not result.active and "off" in result.reason
    assert patches.installed() == ()


def test_every_patch_names_an_attribute_rasa_has() -> None:
    names = [p.name for p in patches.all_patches()]
    assert len(names) == len(set(names))
    for patch in patches.all_patches():
        assert patch.attribute in vars(patch.owner), patch.name
