"""Typed reading of one YAML mapping, collecting every problem with its file and field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.kb.schema import Entry, Place, Source

URL_RE = re.compile(r"^https?://[\w.-]+\.[a-z]{2,}(?:[/?#]\S*)?$", re.IGNORECASE)
# Leerloket's own statements (privacy) cite the project's documents.
PROJECT_DOC_RE = re.compile(r"^docs/[\w./-]+\.md$")


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


@dataclass
class LoadResult:
    entries: list[Entry] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)


class _Reader:
    """Collects problems while turning one YAML mapping into typed values."""

    def __init__(self, file: str, data: dict[str, Any], result: LoadResult) -> None:
        self.file, self.data, self.result = file, data, result

    def error(self, name: str, message: str) -> None:
        self.result.errors.append(Problem(self.file, name, message))

    def notice(self, name: str, message: str) -> None:
        self.result.notices.append(Problem(self.file, name, message))

    def text(
        self, name: str, required: bool = True, data: dict | None = None, prefix: str = ""
    ) -> str:
        value = (self.data if data is None else data).get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(prefix + name, "is required")
            return ""
        if not isinstance(value, str | int | float):
            self.error(prefix + name, f"must be text, got {type(value).__name__}")
            return ""
        return str(value).strip()

    def words(self, name: str, data: dict | None = None, prefix: str = "") -> tuple[str, ...]:
        value = (self.data if data is None else data).get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            self.error(prefix + name, "must be a list of words")
            return ()
        return tuple(str(v).strip() for v in value if str(v).strip())

    def day(
        self, name: str, required: bool = True, data: dict | None = None, prefix: str = ""
    ) -> date | None:
        value = (self.data if data is None else data).get(name)
        if value is None:
            if required:
                self.error(prefix + name, "is required (a date, YYYY-MM-DD)")
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.error(prefix + name, f"must be a date YYYY-MM-DD, got {value!r}")
            return None

    def sources(self, data: dict | None = None, prefix: str = "") -> tuple[Source, ...]:
        value = (self.data if data is None else data).get("sources")
        if not isinstance(value, list) or not value:
            self.error(prefix + "sources", "needs at least one source with name and url")
            return ()
        found = []
        for i, item in enumerate(value):
            where = f"{prefix}sources[{i}]"
            if not isinstance(item, dict):
                self.error(where, "must have name and url")
                continue
            name, url = str(item.get("name") or "").strip(), str(item.get("url") or "").strip()
            if not name:
                self.error(where + ".name", "is required")
            if not (URL_RE.match(url) or PROJECT_DOC_RE.match(url)):
                self.error(where + ".url", f"must be a web address (http/https), got {url!r}")
            found.append(Source(name, url))
        return tuple(found)

    def choice(
        self,
        name: str,
        options: tuple[str, ...],
        default: str | None = None,
        data: dict | None = None,
        prefix: str = "",
    ) -> str:
        value = (self.data if data is None else data).get(name, default)
        if value not in options:
            self.error(prefix + name, f"must be one of {', '.join(options)}, got {value!r}")
            return default or options[0]
        return value
