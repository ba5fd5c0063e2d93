"""The check of one edited provider: the same reading as `python -m bot.kb check`
(bot/kb/files.py `read_provider`), its problems said in B1 Dutch per form field.

    checked = check_provider(mapping, "zwolle", today)
    checked.errors      # {"url": ["Dit webadres klopt niet. ..."]}: nothing may be saved
    checked.notices     # {"checked": ["Let op: ..."]}: shown, saving is allowed
    checked.provider    # the Provider, when there are no errors
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.kb.files import read_provider
from bot.kb.reader import LoadResult, _Reader
from bot.kb.schema import Provider

# The longest text a field may hold (the editor's own limit, on top of the KB check).
MAX_LENGTHS = {"name": 200, "address": 200, "hours": 300, "url": 500, "note": 1000,
               "source_name": 200, "source_url": 500}  # fmt: skip
# A problem's field in files.py → the form field it belongs to.
_FIELD_RE = re.compile(r"^providers\[\d+\]\.(?P<field>.+)$")
_FORM_FIELDS = {"sources": "source_name", "sources[0]": "source_name",
                "sources[0].name": "source_name", "sources[0].url": "source_url"}  # fmt: skip
REQUIRED = {
    "name": "Vul de naam van de aanbieder in.",
    "checked": "Vul de datum in waarop je de gegevens hebt gecontroleerd.",
    "source_name": "Vul de naam van de bron in. Dat is de pagina waar je het hebt gelezen.",
}
BAD = {
    "url": "Dit webadres klopt niet. Een webadres begint met https:// en heeft geen spaties.",
    "source_url": "Dit webadres van de bron klopt niet. Het begint met https:// en heeft geen "
    "spaties.",
    "type": "Kies wat voor aanbieder het is.",
    "topics": "Kies alleen onderwerpen uit de lijst.",
    "checked": "Dit is geen goede datum. Kies de dag in de kalender.",
    "source_name": "Vul de naam en het webadres van je bron in.",
}
FUTURE = "Deze datum ligt in de toekomst. Kies de dag waarop je het hebt gecontroleerd."
TOO_LONG = "Deze tekst is te lang. Je mag hoogstens {n} tekens gebruiken."
STALE = "Let op: deze datum is meer dan een jaar geleden. Kijk of alles nog klopt."
OTHER = "Dit veld klopt nog niet. Kijk het na."


@dataclass
class Checked:
    provider: Provider | None
    errors: dict[str, list[str]] = field(default_factory=dict)
    notices: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def form_field(problem_field: str) -> str:
    """`providers[0].sources[0].url` → `source_url`; other sources count as the first."""
    match = _FIELD_RE.match(problem_field)
    name = match.group("field") if match else problem_field
    if name.startswith("sources[") and name not in _FORM_FIELDS:
        return "source_url" if name.endswith(".url") else "source_name"
    return _FORM_FIELDS.get(name, name)


def dutch(form_name: str, message: str) -> str:
    """The B1 Dutch text for one problem of the KB check."""
    if message.startswith("is required") or message.startswith("needs at least one source"):
        return REQUIRED.get(form_name, BAD.get(form_name, OTHER))
    return BAD.get(form_name, OTHER)


def _add(found: dict[str, list[str]], name: str, text: str) -> None:
    if text not in found.setdefault(name, []):
        found[name].append(text)


def check_provider(mapping: dict[str, Any], place_id: str, today: date) -> Checked:
    """Check one provider mapping (the file form: provider_mapping) as `kb check` does."""
    result = LoadResult()
    reader = _Reader(f"kb/places/{place_id}.yml", {"providers": [mapping]}, result)
    provider = read_provider(reader, mapping, 0, today)
    checked = Checked(None)
    for problem in result.errors:
        name = form_field(problem.field)
        _add(checked.errors, name, dutch(name, problem.message))
    for problem in result.notices:
        _add(checked.notices, form_field(problem.field), STALE)
    sources = mapping.get("sources") or [{}]
    first = sources[0] if isinstance(sources[0], dict) else {}
    values = {**mapping, "source_name": first.get("name"), "source_url": first.get("url")}
    for name, limit in MAX_LENGTHS.items():
        if isinstance(values.get(name), str) and len(values[name]) > limit:
            _add(checked.errors, name, TOO_LONG.format(n=limit))
    if provider is not None and provider.checked > today:
        _add(checked.errors, "checked", FUTURE)
    checked.provider = provider if checked.ok else None
    return checked
