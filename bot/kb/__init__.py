"""The knowledge base: curated files in kb/, stored in SQL, searched in Dutch."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from bot.config.db import get_engine
from bot.config.settings import get_settings
from bot.kb import store
from bot.kb.files import load_files
from bot.kb.schema import Entry, Place
from bot.kb.search import CONFIDENT_SCORE, PLAUSIBLE_SCORE, Hit, PlaceIndex, SearchIndex

__all__ = ["Entry", "Hit", "KnowledgeBase", "Place", "load_knowledge_base"]


class KnowledgeBase:
    """Entries and places with their search indexes; built once, then read-only."""

    def __init__(self, entries: list[Entry], places: list[Place]) -> None:
        self._index = SearchIndex(entries)
        self._places = PlaceIndex(places)

    def entries(self) -> list[Entry]:
        return list(self._index.entries.values())

    def get(self, entry_id: str) -> Entry | None:
        return self._index.entries.get(entry_id)

    def search(self, text: str, k: int = 3, kind: str | None = None) -> list[Hit]:
        return self._index.search(text, k=k, kind=kind)

    @staticmethod
    def is_confident(hit: Hit) -> bool:
        """Good enough to answer with: the bot never answers from a weaker match."""
        return hit.score >= CONFIDENT_SCORE

    @staticmethod
    def is_plausible(hit: Hit) -> bool:
        """Good enough to offer as a suggestion button."""
        return hit.score >= PLAUSIBLE_SCORE

    def places(self) -> list[Place]:
        return list(self._places.places.values())

    def place(self, place_id: str) -> Place | None:
        return self._places.places.get(place_id)

    def resolve_place(self, text: str) -> Place | None:
        """Municipality from a name, alias, village or postcode in `text`."""
        return self._places.resolve(text)

    def places_in_region(self, region: str) -> list[Place]:
        return [p for p in self._places.places.values() if p.region == region]

    def with_places(self, places: list[Place]) -> KnowledgeBase:
        """The same entries and search index with other places (an editor's change, live)."""
        copy = object.__new__(KnowledgeBase)
        copy._index, copy._places = self._index, PlaceIndex(places)
        return copy


def load_knowledge_base(engine: Engine | None = None, kb_dir: Path | None = None) -> KnowledgeBase:
    """From the SQL store when it has been loaded (`python -m bot.kb load`), else the files."""
    engine = engine or get_engine()
    if store.has_kb(engine):
        return KnowledgeBase(*store.read(engine))
    result = load_files(kb_dir or get_settings().kb_dir)
    return KnowledgeBase(result.entries, result.places)
