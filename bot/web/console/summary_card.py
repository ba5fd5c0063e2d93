"""The Dutch summary card at the top of a handoff: the question in the user's own words, what
is known (in words, from the slots), what the assistant already answered, and why it was
handed over. Built from the tracker events the handoff may show (transcript_view.window)."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from bot.handoff import store
from bot.privacy.redaction import redact_user_text

logger = logging.getLogger(__name__)
MAX_QUESTIONS = 6
WHY = {
    "asked": "De gebruiker vroeg zelf om een adviseur.",
    "fallback": "Leerloket begreep de vraag niet (twee keer).",
    "sensitive": "Het gaat over een gevoelig onderwerp.",
    "frustration": "De gebruiker was ontevreden over de antwoorden.",
}
WORK = {"loondienst": "werkt in loondienst", "uitkering": "heeft een uitkering",
        "gepensioneerd": "is met pensioen", "zzp": "werkt als zelfstandige (zzp)",
        "werkzoekend": "zoekt werk", "student": "studeert"}  # fmt: skip
BENEFIT = {"ww": "heeft een WW-uitkering", "bijstand": "heeft bijstand",
           "wia": "heeft een WIA-uitkering", "wajong": "heeft Wajong"}  # fmt: skip
EDUCATION = {"geen_diploma": "heeft geen diploma", "vmbo": "heeft vmbo", "mbo": "heeft mbo",
             "havo_vwo": "heeft havo of vwo", "hbo_wo": "heeft hbo of wo"}  # fmt: skip
GOAL = {"basisvaardigheden": "wil beter lezen, schrijven, rekenen of met de computer werken",
        "omscholen": "wil omscholen naar ander werk", "bijscholen": "wil bijscholen",
        "diploma": "wil een diploma halen"}  # fmt: skip


def slot_history(events: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Every value each slot was set to, in order (None values left out)."""
    history: dict[str, list[Any]] = {}
    for event in events:
        if event.get("event") == "slot" and event.get("value") not in (None, "", []):
            history.setdefault(str(event.get("name")), []).append(event["value"])
    return history


def _municipality(value: str) -> tuple[str, str | None]:
    """Display name and region name of a municipality id (else the id, no region)."""
    try:
        from bot.places import gazetteer

        gaz = gazetteer()
        found = gaz.municipality(value)
        if found is not None:
            return found.display_name, found.region_name
    except Exception as error:  # no municipality table: show what we have
        logger.warning("summary card: no gazetteer (%s)", type(error).__name__)
    return value, None


def municipality_name(value: str | None) -> str | None:
    return _municipality(value)[0] if value else None


def known_facts(slots: dict[str, Any], region: str | None = None) -> str:
    """'45 jaar, werkt in loondienst, woont in Zwolle (regio IJsselvechtstreek)'."""
    facts = []
    age = slots.get("age")
    if age not in (None, ""):
        facts.append(f"{int(float(age))} jaar" if str(age).replace(".", "").isdigit() else str(age))
    for name, words, other in (
        ("work_situation", WORK, "werksituatie: {}"),
        ("benefit", BENEFIT, "uitkering: {}"),
        ("sector", {}, "werkt in de sector {}"),
        ("education_level", EDUCATION, "opleiding: {}"),
        ("goal", GOAL, "doel: {}"),
    ):
        value = slots.get(name)
        if value:
            facts.append(words.get(str(value), other.format(str(value).replace("_", " "))))
    municipality = slots.get("municipality")
    if municipality:
        name, region_name = _municipality(str(municipality))
        region_name = region_name or region or slots.get("region")
        facts.append(f"woont in {name}" + (f" (regio {region_name})" if region_name else ""))
    elif region or slots.get("region"):
        facts.append(f"regio {region or slots.get('region')}")
    return ", ".join(facts) if facts else "Nog niets bekend."


@lru_cache(maxsize=1)
def _kb():
    try:
        from bot.kb import load_knowledge_base

        return load_knowledge_base()
    except Exception as error:  # the card still shows the ids
        logger.warning("summary card: no KB (%s)", type(error).__name__)
        return None


def answered(entry_ids: list[str]) -> list[dict[str, str]]:
    """The KB entries the assistant answered with: title, source name and link."""
    out, seen = [], set()
    for entry_id in entry_ids:
        if not isinstance(entry_id, str) or entry_id in seen:
            continue
        seen.add(entry_id)
        kb = _kb()
        entry = kb.get(entry_id) if kb is not None else None
        if entry is None:
            out.append({"id": entry_id, "title": entry_id, "url": "", "source": ""})
            continue
        source = entry.sources[0] if entry.sources else None
        out.append({"id": entry_id, "title": entry.title, "url": source.url if source else "",
                    "source": source.name if source else ""})  # fmt: skip
    return out


def questions(events: list[dict[str, Any]]) -> list[str]:
    """What the user typed (not button presses), also after the handoff; the last few."""
    typed = [str(e.get("text") or "").strip() for e in events if e.get("event") == "user"]
    return [redact_user_text(t) for t in typed if t and not t.startswith("/")][-MAX_QUESTIONS:]


def card(handoff: store.Handoff, events: list[dict[str, Any]]) -> dict[str, Any]:
    history = slot_history(events)
    slots = {name: values[-1] for name, values in history.items()}
    if not slots.get("municipality") and handoff.municipality:
        slots["municipality"] = handoff.municipality
    asked = questions(events) or ([handoff.summary] if handoff.summary else [])
    return {
        "questions": asked,
        "known": known_facts(slots, handoff.region),
        "answered": answered(history.get("last_entry", [])),
        "why": WHY.get(handoff.reason, handoff.reason),
        "municipality": municipality_name(handoff.municipality),
    }
