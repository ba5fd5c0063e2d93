"""`python -m bot.kb check | load | export-places | search "vraag" | place "5211"`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bot.config.db import get_engine
from bot.config.settings import get_settings
from bot.kb import KnowledgeBase, load_knowledge_base, store
from bot.kb.files import load_files


def check(kb_dir: Path, max_age_days: int) -> int:
    result = load_files(kb_dir, max_age_days=max_age_days)
    for problem in result.errors:
        print(f"error   {problem}")
    for problem in result.notices:
        print(f"notice  {problem}")
    print(
        f"{len(result.entries)} entries, {len(result.places)} places, "
        f"{sum(len(p.providers) for p in result.places)} providers: "
        f"{len(result.errors)} error(s), {len(result.notices)} notice(s)"
    )
    return 1 if result.errors else 0


def load(kb_dir: Path) -> int:
    result = load_files(kb_dir)
    if result.errors:
        for problem in result.errors:
            print(f"error   {problem}", file=sys.stderr)
        print("Not loaded: fix the errors first (python -m bot.kb check).", file=sys.stderr)
        return 1
    counts = store.save(get_engine(), result.entries, result.places)
    for table, changed in counts.items():
        print(f"{table}: " + ", ".join(f"{n} {what}" for what, n in changed.items()))
    return 0


def export(kb_dir: Path) -> int:
    """The places editors changed in the console, back into kb/places/ (review, commit)."""
    from bot.kb.places_yaml import export_places

    engine = get_engine()
    if not store.has_kb(engine):
        print("The KB is not in the database (python -m bot.kb load).", file=sys.stderr)
        return 1
    changed = export_places(engine, kb_dir)
    print(f"{len(changed)} place file(s) written" + (f": {', '.join(changed)}" if changed else ""))
    result = load_files(kb_dir)
    for problem in result.errors:
        print(f"error   {problem}", file=sys.stderr)
    return 1 if result.errors else 0


def search(query: str, k: int) -> int:
    kb = load_knowledge_base()
    started = time.perf_counter()
    hits = kb.search(query, k=k)
    elapsed = (time.perf_counter() - started) * 1000
    if not hits:
        print("no hits")
    for hit in hits:
        entry = kb.get(hit.entry_id)
        mark = "answer" if KnowledgeBase.is_confident(hit) else "weak"
        title = entry.title if entry else "?"
        print(f"{hit.score:.3f}  {mark:6}  {hit.entry_id}  ({title})")
    print(f"{elapsed:.1f} ms")
    return 0


def place(query: str) -> int:
    found = load_knowledge_base().resolve_place(query)
    if found is None:
        print("no municipality found")
        return 1
    print(f"{found.name} ({found.id}), regio {found.region}, {found.province}: "
          f"{len(found.providers)} aanbieders")  # fmt: skip
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.kb", description=__doc__)
    parser.add_argument("--kb-dir", type=Path, default=None, help="the KB folder (KB_DIR)")
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="validate kb/ (exit 1 on errors)")
    check_cmd.add_argument(
        "--max-age-days",
        type=int,
        default=get_settings().kb_max_age_days,
        help="warn for entries whose facts were checked longer ago (KB_MAX_AGE_DAYS)",
    )
    commands.add_parser("load", help="upsert kb/ into the SQL database")
    commands.add_parser("export-places", help="write the database's places to kb/places/")
    search_cmd = commands.add_parser("search", help="ranked hits for a question")
    search_cmd.add_argument("query")
    search_cmd.add_argument("-k", type=int, default=5)
    place_cmd = commands.add_parser("place", help="municipality for a name or postcode")
    place_cmd.add_argument("query")
    args = parser.parse_args(argv)
    kb_dir = args.kb_dir or get_settings().kb_dir
    if args.command == "check":
        return check(kb_dir, args.max_age_days)
    if args.command == "load":
        return load(kb_dir)
    if args.command == "export-places":
        return export(kb_dir)
    if args.command == "search":
        return search(args.query, args.k)
    return place(args.query)


if __name__ == "__main__":
    sys.exit(main())
