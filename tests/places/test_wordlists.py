"""kb/nl word lists (names that are words, typo stopwords) and the script that makes them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from bot.places import gazetteer
from bot.places.resolve import place_keys

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    path = ROOT / "scripts" / "build_place_wordlists.py"
    spec = importlib.util.spec_from_file_location("build_place_wordlists", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_place_wordlists"] = module
    spec.loader.exec_module(module)
    return module


build = _script()


def test_shipped_lists_match_the_place_names() -> None:
    gaz = gazetteer()
    keys = set(place_keys(gaz))
    assert {"best", "hoorn", "echt", "putten", "leiden"} <= gaz.common_word_names
    assert "goes" in gaz.english_word_names and "goes" not in gaz.common_word_names
    assert gaz.common_word_names <= keys | build.ALWAYS_GUARD  # nothing stale
    assert gaz.english_word_names <= keys
    assert not gaz.common_word_names & build.NEVER_GUARD
    assert {"leren", "werk", "school"} <= gaz.typo_stopwords
    assert "zwolle" not in gaz.typo_stopwords


def test_guarded_names_on_tiny_lists() -> None:
    words = {"best", "de", "punt", "haag", "den", "boer", "ten"}
    keys = ["best", "de punt", "den haag", "ten boer", "zwolle", "berg en dal", "assen"]
    assert build.guarded_names(keys, words | {"assen"}) == ["best", "de punt"]


def test_typo_stopwords_on_tiny_lists() -> None:
    keys = ["lieren", "laren", "zwolle"]
    words = {"leren", "lieren", "lieden", "varen", "huis"}
    # "leren"/"lieden" are one letter from "lieren" (a name itself is never a stopword);
    # "varen" is one letter from "laren", but a 5-letter name gets no typo help anyway
    assert build.typo_stopwords(keys, words) == ["leren", "lieden"]


def test_script_writes_the_three_files(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    import shutil

    shutil.copytree(ROOT / "kb" / "nl", kb)
    dutch = tmp_path / "dutch"
    dutch.write_text("best\nhoorn\nleren\nNederlands\n", encoding="utf-8")
    english = tmp_path / "english"
    english.write_text("goes\nborn\n", encoding="utf-8")
    args = ["--dutch", str(dutch), "--english", str(english), "--out", str(kb)]
    assert build.main(args) == 0
    common = (kb / "common_word_names.txt").read_text(encoding="utf-8").splitlines()
    assert "best" in common and "hoorn" in common and "goes" not in common
    english_names = (kb / "english_word_names.txt").read_text(encoding="utf-8").splitlines()
    assert "goes" in english_names and "born" in english_names
    stop = (kb / "typo_stopwords.txt").read_text(encoding="utf-8").splitlines()
    assert "leren" in stop
