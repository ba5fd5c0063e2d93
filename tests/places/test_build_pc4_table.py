"""scripts/build_pc4_table.py on a tiny synthetic CBS postcode-house number file."""

from __future__ import annotations

import csv
import importlib.util
import shutil
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from bot.places.gazetteer import KB_NL, clear_cache, load_gazetteer

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_pc4_table", ROOT / "scripts" / "build_pc4_table.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_pc4_table"] = module
    spec.loader.exec_module(module)
    return module


build = _script()

# 7311: 3 addresses in Apeldoorn (one listed twice); 4062: 2 in Tiel, 1 in West Betuwe;
# 1011: 1 in Amsterdam; a bad postcode line is skipped.
ROWS = [
    ("7311AB", "1", "2000101", "20001", "200"),
    ("7311AB", "1", "2000101", "20001", "200"),
    ("7311AB", "3", "2000101", "20001", "200"),
    ("7311AC", "1", "2000101", "20001", "200"),
    ("4062AA", "10", "2810101", "28101", "281"),
    ("4062AA", "12", "2810101", "28101", "281"),
    ("4062AB", "2", "19600101", "196001", "1960"),
    ("1011AB", "5", "3630000", "36300", "363"),
    ("ABCDEF", "1", "0", "0", "363"),
]


def _write(path: Path, delimiter: str, year: str = "2025") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(["PC6", "Huisnummer", f"Buurt{year}", f"Wijk{year}", f"Gemeente{year}"])
        writer.writerows(ROWS)
    return path


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("delimiter", [";", ","])
def test_counts_unique_addresses_and_keeps_the_largest(tmp_path: Path, delimiter: str) -> None:
    src = _write(tmp_path / "pc6hnr20250801_gwb.csv", delimiter)
    out = tmp_path / "pc4_gemeente.csv"
    assert build.main([str(src), "--out", str(out)]) == 0
    rows = {r["pc4"]: r for r in _read(out)}
    assert sorted(rows) == ["1011", "4062", "7311"]
    apeldoorn = rows["7311"]
    assert (apeldoorn["gm_code"], apeldoorn["gm_name"], apeldoorn["amr_code"]) == (
        "GM0200",
        "Apeldoorn",
        "AM06",
    )
    assert apeldoorn["n_addresses"] == "3"  # the repeated line counts once
    assert apeldoorn["address_share"] == "1.0" and apeldoorn["multi_gemeente"] == "0"
    tiel = rows["4062"]
    assert tiel["gm_code"] == "GM0281" and tiel["n_addresses"] == "3"
    assert tiel["address_share"] == "0.6667"
    assert tiel["n_gemeenten"] == "2" and tiel["multi_gemeente"] == "1"
    assert tiel["other_gemeenten"] == "GM1960:0.3333"
    assert tiel["source"] == "cbs_pc6huisnr_20250801"


def test_same_columns_as_the_shipped_table(tmp_path: Path) -> None:
    out = tmp_path / "pc4.csv"
    build.main([str(_write(tmp_path / "in.csv", ";")), "--out", str(out)])
    with (KB_NL / "pc4_gemeente.csv").open(encoding="utf-8") as handle:
        shipped = handle.readline().strip().split(",")
    with out.open(encoding="utf-8") as handle:
        assert handle.readline().strip().split(",") == shipped == build.COLUMNS


def test_reads_the_zip_and_the_gazetteer_loads_the_result(tmp_path: Path) -> None:
    src = _write(tmp_path / "pc6hnr20250801_gwb.csv", ";")
    archive = tmp_path / "2025-cbs-pc6huisnr20250801_buurt.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(src, src.name)
    kb = tmp_path / "kb"
    shutil.copytree(KB_NL, kb)
    assert build.main([str(archive), "--out", str(kb / "pc4_gemeente.csv")]) == 0
    clear_cache()
    try:
        gaz = load_gazetteer(kb)
        assert len(gaz.pc4s) == 3
        entry = gaz.pc4("4062")
        assert entry is not None and entry.others == (("west-betuwe", 0.3333),)
    finally:
        clear_cache()


def test_bad_input_is_an_error_not_a_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert build.main([str(bad), "--out", str(out)]) == 1
    assert not out.exists()
    assert "no column" in capsys.readouterr().err
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("PC6;Huisnummer;Gemeente2030\n1234AB;1;9999\n", encoding="utf-8")
    assert build.main([str(unknown), "--out", str(out)]) == 1
    assert "GM9999" in capsys.readouterr().err


def test_gm_code() -> None:
    assert build.gm_code("363") == build.gm_code("0363") == build.gm_code("GM0363") == "GM0363"
