"""Places back to their files: kb/places/<id>.yml in the same format as the curated files.

The files stay the source of truth for what ships. Editors publish in the console (into the
KB store); `python -m bot.kb export-places` writes the store's places back here, so the
changes can be reviewed and committed. A place nobody edited comes out byte for byte as it
was (the same key order, 95 columns, long texts folded `>-`), except that a YAML alias
(`*id001`) is written out as the list it stands for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.engine import Engine

from bot.kb.place_versions import read_places
from bot.kb.schema import Place, PostcodeRange, Provider

WIDTH = 95  # the files' line width
FOLD_ABOVE = 80  # texts longer than this are written folded (>-)
PROVIDER_KEYS = ("type", "name", "topics", "address", "url", "phone", "email", "hours", "note")


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # every list written out (no &id001 / *id001)
        return True


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = ">" if len(value) > FOLD_ABOVE or "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _range(r: PostcodeRange) -> str:
    return f"{r.low}" if r.low == r.high else f"{r.low}-{r.high}"


def provider_mapping(provider: Provider) -> dict[str, Any]:
    """A provider as its file writes it (also what the console's form edits)."""
    data: dict[str, Any] = {key: getattr(provider, key) for key in PROVIDER_KEYS}
    data["topics"] = list(provider.topics)
    data["sources"] = [{"name": s.name, "url": s.url} for s in provider.sources]
    data["checked"] = provider.checked
    return data


def place_mapping(place: Place, village_order: list[str] | None = None) -> dict[str, Any]:
    """The file form; villages in `village_order` first (the store keeps them sorted)."""
    order = {name: i for i, name in enumerate(village_order or [])}
    villages = sorted(place.villages.items(), key=lambda kv: order.get(kv[0], len(order)))
    return {
        "id": place.id,
        "name": place.name,
        "province": place.province,
        "region": place.region,
        "rural": place.rural,
        "aliases": list(place.aliases),
        "postcodes": [_range(r) for r in place.postcodes],
        "villages": {name: [_range(r) for r in rs] for name, rs in villages},
        "providers": [provider_mapping(p) for p in place.providers],
        "gaps": list(place.gaps),
    }


def dump_place(place: Place, village_order: list[str] | None = None) -> str:
    return yaml.dump(place_mapping(place, village_order), Dumper=_Dumper, sort_keys=False,
                     allow_unicode=True, width=WIDTH)  # fmt: skip


def _village_order(path: Path) -> list[str]:
    """The villages' order in the file as it is (editors do not change villages)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return []
    villages = data.get("villages") if isinstance(data, dict) else None
    return [str(name) for name in villages] if isinstance(villages, dict) else []


def export_places(engine: Engine, kb_dir: Path) -> list[str]:
    """Write every stored place to `kb_dir`/places/; returns the ids whose file changed."""
    folder = kb_dir / "places"
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for place in read_places(engine):
        path = folder / f"{place.id}.yml"
        text = dump_place(place, _village_order(path))
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(place.id)
    return changed
