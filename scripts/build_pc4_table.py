"""Rebuild kb/nl/pc4_gemeente.csv from CBS's own yearly Postcode-huisnummer-gemeente file.

The shipped table was taken from a copy under CC BY-NC-SA 4.0 (see kb/nl/README.md); this
script makes the same table from the CBS download itself (CC BY 4.0), so production can refresh
it once a year and use it under CBS's licence.

Input: the CBS CSV (pc6hnrYYYY0801_gwb.csv: columns PC6, Huisnummer, Buurt<year>,
Wijk<year>, Gemeente<year>; ';' or ',' separated) or the .zip it comes in.
For each PC4 it counts the unique (PC6, house number) per municipality, gives the PC4 to the
municipality with most addresses, and writes the columns of the shipped table.

    python scripts/build_pc4_table.py pc6hnr20250801_gwb.csv [--out kb/nl/pc4_gemeente.csv]
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "kb" / "nl" / "pc4_gemeente.csv"
DEFAULT_MUNICIPALITIES = ROOT / "kb" / "nl" / "gemeenten_2025.csv"
COLUMNS = [
    "pc4", "gm_code", "gm_name", "province", "amr_code", "amr_name", "address_share",
    "n_addresses", "n_gemeenten", "multi_gemeente", "other_gemeenten", "source",
]  # fmt: skip
_PC6_RE = re.compile(r"^([1-9]\d{3})\s?([A-Z]{2})$")


class InputError(ValueError):
    """The file does not look like the CBS postcode-house number file."""


def _open_text(path: Path) -> Iterator[str]:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".csv")]
            if not names:
                raise InputError(f"{path}: no .csv inside the zip")
            with archive.open(names[0]) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    else:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from handle


def _column(header: list[str], prefix: str) -> int:
    for i, name in enumerate(header):
        if name.strip().strip('"').lower().startswith(prefix.lower()):
            return i
    raise InputError(f"no column starting with {prefix!r} in header {header}")


def gm_code(value: str) -> str:
    """'363', '0363', 'GM0363' -> 'GM0363'."""
    value = value.strip().strip('"').upper()
    digits = value[2:] if value.startswith("GM") else value
    if not digits.isdigit():
        raise InputError(f"not a municipality code: {value!r}")
    return f"GM{int(digits):04d}"


def count_addresses(lines: Iterable[str]) -> dict[str, dict[str, int]]:
    """PC4 -> municipality code -> number of unique (PC6, house number)."""
    iterator = iter(lines)
    first = next(iterator, "")
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    header = next(csv.reader([first], delimiter=delimiter))
    i_pc6, i_nr, i_gm = (_column(header, p) for p in ("PC6", "Huisnummer", "Gemeente"))
    seen: dict[str, dict[str, set[tuple[str, str]]]] = defaultdict(lambda: defaultdict(set))
    for row in csv.reader(iterator, delimiter=delimiter):
        if len(row) <= max(i_pc6, i_nr, i_gm):
            continue
        pc6 = row[i_pc6].strip().upper().replace(" ", "")
        match = _PC6_RE.match(pc6)
        if not match:
            continue
        seen[match.group(1)][gm_code(row[i_gm])].add((pc6, row[i_nr].strip()))
    return {pc4: {gm: len(a) for gm, a in by_gm.items()} for pc4, by_gm in seen.items()}


def build_rows(
    counts: dict[str, dict[str, int]], municipalities: dict[str, dict[str, str]], source: str
) -> list[dict[str, str]]:
    rows = []
    for pc4 in sorted(counts):
        by_gm = counts[pc4]
        total = sum(by_gm.values())
        ranked = sorted(by_gm.items(), key=lambda item: (-item[1], item[0]))
        best, n_best = ranked[0]
        if best not in municipalities:
            raise InputError(f"PC4 {pc4}: municipality {best} is not in the municipality table")
        m = municipalities[best]
        others = ";".join(f"{gm}:{n / total:.4f}" for gm, n in ranked[1:])
        rows.append(
            {
                "pc4": pc4,
                "gm_code": best,
                "gm_name": m["name"],
                "province": m["province"],
                "amr_code": m["amr_code"],
                "amr_name": m["amr_name"],
                "address_share": "1.0" if n_best == total else f"{n_best / total:.4f}",
                "n_addresses": str(total),
                "n_gemeenten": str(len(ranked)),
                "multi_gemeente": "1" if len(ranked) > 1 else "0",
                "other_gemeenten": others,
                "source": source,
            }
        )
    return rows


def read_municipalities(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["gm_code"]: row for row in csv.DictReader(handle)}


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(path)


def source_label(path: Path) -> str:
    """'cbs_pc6huisnr_20250801' from 'pc6hnr20250801_gwb.csv' (or the file name)."""
    match = re.search(r"(\d{8})", path.name)
    return f"cbs_pc6huisnr_{match.group(1)}" if match else f"cbs_{path.stem}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cbs_file", type=Path, help="CBS pc6hnr...csv or the .zip with it")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--municipalities", type=Path, default=DEFAULT_MUNICIPALITIES)
    args = parser.parse_args(argv)
    try:
        counts = count_addresses(_open_text(args.cbs_file))
        if not counts:
            raise InputError(f"{args.cbs_file}: no postcodes read")
        rows = build_rows(
            counts, read_municipalities(args.municipalities), source_label(args.cbs_file)
        )
    except (InputError, OSError, zipfile.BadZipFile) as exc:
        print(f"build_pc4_table: {exc}", file=sys.stderr)
        return 1
    write_rows(args.out, rows)
    multi = sum(1 for r in rows if r["multi_gemeente"] == "1")
    print(f"{len(rows)} PC4s written to {args.out} ({multi} span more than one municipality)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
