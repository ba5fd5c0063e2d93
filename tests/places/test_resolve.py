"""resolve_place: any municipality, town, everyday name or postcode, alone or in a sentence."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml

from bot.places import Resolution, gazetteer, resolve_place
from bot.places.gazetteer import Gazetteer, fold, normalize, split_qualifier
from bot.places.resolve import REPLY_WORDS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer()


def found(text: str, gaz: Gazetteer, *, expecting: bool = False) -> Resolution:
    res = resolve_place(text, gaz, expecting_place=expecting)
    assert res.status == "found", f"{text!r}: {res}"
    assert res.municipality is not None and res.region is not None
    assert res.region.code == res.municipality.region_code
    return res


# ------------------------------------------------------------------ all of the Netherlands


def test_every_municipality_by_name(gaz: Gazetteer) -> None:
    for m in gaz.municipalities:
        for text in {m.name, m.display_name, m.name.lower(), fold(m.name)}:
            # as the answer to "In welke gemeente woon je?"
            res = found(text, gaz, expecting=True)
            assert res.municipality == m, f"{text!r} -> {res.municipality}"
            assert res.region is not None and res.region.name == m.region_name
            if normalize(text) not in REPLY_WORDS:  # "Best." alone is a reply, not a place
                assert found(text, gaz).municipality == m
        for text in (
            f"ik woon in {m.name}",
            f"Ik woon in {m.display_name} en wil beter leren lezen",
            f"gemeente {m.name}",
        ):
            res = found(text, gaz)
            assert res.municipality == m, f"{text!r} -> {res.municipality}"


def test_every_pc4(gaz: Gazetteer) -> None:
    for code, entry in gaz.pc4s.items():
        for text in (code, f"mijn postcode is {code}", f"{code} AB"):
            res = found(text, gaz)
            assert res.kind in ("pc4", "postcode")
            assert res.municipality is not None
            assert res.municipality.id == entry.municipality_id, text
        assert res.postcode == f"{code} AB"


def test_every_unambiguous_town(gaz: Gazetteer) -> None:
    """A town whose name (without "L", "(Gld)", hyphens) is nobody else's gives its own
    municipality; the others are asked back with the town among the candidates."""
    owners: dict[str, set[str]] = {}
    for town in gaz.towns:
        for name in (town.name, town.base_name, *town.aliases):
            owners.setdefault(normalize(name), set()).add(town.municipality_id)
    for m in gaz.municipalities:
        owners.setdefault(normalize(split_qualifier(m.name)[0]), set()).add(m.id)
    unique = asked = 0
    for town in gaz.towns:
        if town.name in ("Nederland", "Zeeland"):  # the country; the province (a region)
            continue
        home = gaz.municipality(town.municipality_id)
        assert home is not None
        res = resolve_place(f"ik woon in {town.name}", gaz)
        mine = {home.id}
        if owners[normalize(town.name)] == mine and owners[normalize(town.base_name)] == mine:
            assert res.found and res.municipality == home, f"{town.name}: {res}"
            assert res.region == gaz.region_of(home)
            unique += 1
        else:
            assert home.id in {c.municipality.id for c in res.candidates}, f"{town.name}: {res}"
            asked += 1
    assert unique > 2300
    assert unique + asked == len(gaz.towns) - 2


def test_towns_alone_and_in_a_sentence(gaz: Gazetteer) -> None:
    assert found("Rosmalen", gaz).municipality_id == "s-hertogenbosch"
    res = found("Ik woon in Hoofddorp, waar kan ik mijn mbo-diploma halen?", gaz)
    assert res.municipality_id == "haarlemmermeer" and res.kind == "town"
    assert res.town is not None and res.town.name == "Hoofddorp"
    assert found("kollumerzwaag", gaz).municipality_id == "noardeast-fryslan"
    assert found("ik woon in Ee", gaz).municipality_id == "noardeast-fryslan"
    assert found("Snits", gaz).municipality_id == "sudwest-fryslan"


# --------------------------------------------------------------------- spellings, aliases


@pytest.mark.parametrize(
    ("text", "municipality_id"),
    [
        ("Den Haag", "s-gravenhage"),
        ("den haag", "s-gravenhage"),
        ("The Hague", "s-gravenhage"),
        ("'s-Gravenhage", "s-gravenhage"),
        ("sgravenhage", "s-gravenhage"),
        ("Den Bosch", "s-hertogenbosch"),
        ("'s-Hertogenbosch", "s-hertogenbosch"),
        ("’s Hertogenbosch", "s-hertogenbosch"),
        ("s-hertogenbosch", "s-hertogenbosch"),
        ("shertogenbosch", "s-hertogenbosch"),
        ("hertogenbosch", "s-hertogenbosch"),
        ("Súdwest-Fryslân", "sudwest-fryslan"),
        ("sudwest fryslan", "sudwest-fryslan"),
        ("SUDWEST-FRYSLAN", "sudwest-fryslan"),
        ("Noardeast-Fryslan", "noardeast-fryslan"),
        ("De Friese Meren", "de-fryske-marren"),
        ("Tietjerksteradeel", "tytsjerksteradiel"),
        ("Ljouwert", "leeuwarden"),
        ("Bergen NH", "bergen-nh"),
        ("Bergen (NH.)", "bergen-nh"),
        ("bergen noord-holland", "bergen-nh"),
        ("Bergen L", "bergen-l"),
        ("Bergen in Limburg", "bergen-l"),
        ("Hengelo", "hengelo-o"),
        ("Hengelo Gld", "bronckhorst"),
        ("Hengelo (Gelderland)", "bronckhorst"),
        ("Oost-Gelre", "oost-gelre"),
        ("oostgelre", "oost-gelre"),
        ("Alphen a/d Rijn", "alphen-aan-den-rijn"),
        ("Capelle aan den IJssel", "capelle-aan-den-ijssel"),
        ("St. Michielsgestel", "sint-michielsgestel"),
        ("Nuenen", "nuenen-gerwen-en-nederwetten"),
    ],
)
def test_spellings_and_aliases(text: str, municipality_id: str, gaz: Gazetteer) -> None:
    assert found(text, gaz).municipality_id == municipality_id


@pytest.mark.parametrize(
    ("text", "municipality_id"),
    [
        ("apeldorn", "apeldoorn"),
        ("appeldoorn", "apeldoorn"),
        ("ik woon in amsterdm", "amsterdam"),
        ("zwole", "zwolle"),
        ("Groningn", "groningen"),
        ("den bosh", "s-hertogenbosch"),
        ("ik woon in Enschde", "enschede"),
    ],
)
def test_one_typo_in_longer_names(text: str, municipality_id: str, gaz: Gazetteer) -> None:
    res = found(text, gaz)
    assert res.municipality_id == municipality_id and res.typo


def test_no_typo_for_short_names(gaz: Gazetteer) -> None:
    assert resolve_place("ik woon in Gos", gaz).status == "none"  # Goes has 4 letters
    assert resolve_place("ik wil leren", gaz).status == "none"  # Laren, Lieren: a word


# ------------------------------------------------------------------------------ ambiguity


def test_bergen_is_asked_back(gaz: Gazetteer) -> None:
    res = resolve_place("Bergen", gaz)
    assert res.ambiguous and res.municipality is None
    assert {c.municipality.id for c in res.candidates} == {"bergen-nh", "bergen-l"}
    assert {c.label for c in res.candidates} == {"Bergen (Noord-Holland)", "Bergen (Limburg)"}
    assert res.region is None  # two regions


def test_ambiguous_town_gives_candidates(gaz: Gazetteer) -> None:
    res = resolve_place("ik woon in Nes", gaz)
    assert res.ambiguous
    assert {c.municipality.id for c in res.candidates} == {
        "ameland",
        "heerenveen",
        "noardeast-fryslan",
    }
    assert all(c.town is not None and c.town.name == "Nes" for c in res.candidates)
    assert "Nes (gemeente Ameland)" in {c.label for c in res.candidates}
    # same region for all: the region is known even though the municipality is not
    assert res.region is not None and res.region.name == "Friesland"


def test_every_ambiguous_town_name_gives_candidates_or_a_choice(gaz: Gazetteer) -> None:
    names = {t.name for t in gaz.towns if t.name_ambiguous}
    assert len(names) == 70
    for name in names:
        res = resolve_place(f"ik woon in {name}", gaz)
        holders = {t.municipality_id for t in gaz.towns if t.name == name}
        assert res.status in ("ambiguous", "found"), name
        assert holders <= {c.municipality.id for c in res.candidates}, name
        if res.found:  # only when the name is a municipality's own name
            assert res.kind == "municipality" and res.alternatives, name


def test_context_chooses_between_candidates(gaz: Gazetteer) -> None:
    assert found("Nes op Ameland", gaz).municipality_id == "ameland"
    assert found("ik woon in Velp bij Arnhem", gaz).municipality_id == "rheden"
    assert found("Velp, Noord-Brabant", gaz).municipality_id == "land-van-cuijk"


def test_municipality_name_wins_but_keeps_alternatives(gaz: Gazetteer) -> None:
    res = found("Beek", gaz)
    assert res.municipality_id == "beek-l"
    assert {c.municipality.id for c in res.alternatives} == {"montferland", "berg-en-dal"}


def test_pc4_spanning_two_municipalities(gaz: Gazetteer) -> None:
    res = found("mijn postcode is 4062", gaz)
    assert res.municipality_id == "tiel"
    assert [c.municipality.id for c in res.alternatives] == ["west-betuwe"]
    assert res.candidates[0].share is not None and res.candidates[0].share > 0.5
    multi = [p for p in gaz.pc4s.values() if p.others]
    assert len(multi) == 20
    for entry in multi:
        res = found(entry.code, gaz)
        assert res.municipality_id == entry.municipality_id
        assert [c.municipality.id for c in res.alternatives] == [i for i, _ in entry.others]


# ---------------------------------------------------------------------- postcodes, regions


@pytest.mark.parametrize(
    "text",
    [
        "7311AB",
        "7311 AB",
        "7311 ab",
        "7311ab",
        "postcode 7311",
        "mijn postcode is 7311",
        "Waar kan ik Nederlands leren? Mijn postcode is 7311 AB",
        "Waar kan ik Nederlands leren? Mijn postcode is 7311",
        "7311?",
        "in 7311",
        "7311 waar kan ik lezen oefenen",
    ],
)
def test_postcodes(text: str, gaz: Gazetteer) -> None:
    res = found(text, gaz)
    assert res.municipality_id == "apeldoorn"
    assert res.region_name == "Veluwe Stedendriehoek"
    assert res.postcode in ("7311", "7311 AB")


def test_unknown_pc4_says_unknown(gaz: Gazetteer) -> None:
    missing = next(str(n) for n in range(1000, 10000) if str(n) not in gaz.pc4s)
    for text in (missing, f"mijn postcode is {missing}", f"{missing} AB"):
        res = resolve_place(text, gaz)
        assert res.status == "unknown", text
        assert res.municipality is None and res.postcode is not None
        assert res.postcode.startswith(missing)


def test_postcode_beats_a_name(gaz: Gazetteer) -> None:
    res = found("Ik woon in Bergen, postcode 1861", gaz)
    assert res.municipality_id == "bergen-nh" and res.kind == "pc4"


def test_regions(gaz: Gazetteer) -> None:
    for text, code in (("Twente", "AM05"), ("ik woon in de Achterhoek", "AM09")):
        res = resolve_place(text, gaz)
        assert res.status == "region" and res.region is not None, text
        assert res.region.code == code and res.municipality is None
    assert resolve_place("ik woon in Zeeland", gaz).region_name == "Zeeland"
    assert resolve_place("Drenthe", gaz).status == "none"  # province wider than the region
    assert resolve_place("regio Zwolle", gaz).region_code == "AM36"  # the region's own name
    assert found("ik woon in Zwolle", gaz).region_code == "AM36"


# ------------------------------------------------------------------------ false positives


@pytest.mark.parametrize(
    "text",
    [
        "best wel goed",
        "dat is het beste",
        "het is echt moeilijk",
        "ik werk bij een baas",
        "ik wil nederlands leren",
        "ik woon niet lang in nederland",
        "in 2024 wil ik beginnen",
        "ik verdien 2000 euro per maand",
        "het kost 1500 euro",
        "ik ben 45 en werk 32 uur",
        "er is een taalcafe in de wijk waar ik woon",
        "dat kan leiden tot problemen",
        "wij wonen met vier mensen in een huis",
        "mijn buren helpen mij met de computer",
        "hee",
        "ik woon in een dorp",
        "ik woon in de buurt",
        "ik woon best ver weg",
        "it goes well",
        "I was born in 1980",
        "how does it go",
        "2024 was een zwaar jaar",
        "bel me op 06 1234 5678",
        "ik heb 2 kinderen",
        "",
        "   ",
        "!!!",
    ],
)
def test_ordinary_sentences_have_no_place(text: str, gaz: Gazetteer) -> None:
    res = resolve_place(text, gaz)
    assert res.status == "none", f"{text!r}: {res}"


@pytest.mark.parametrize(
    ("text", "municipality_id"),
    [
        ("ik woon in Best", "best"),
        ("Ik woon in Best en zoek een cursus Engels", "best"),
        ("Hoorn", "hoorn"),
        ("uit Hoorn", "hoorn"),
        ("ik kom uit Echt", "echt-susteren"),
        ("in Born", "sittard-geleen"),
        ("gemeente Putten", "putten"),
        ("ik woon in De Wijk", "de-wolden"),
        ("in de buurt van Leiden", "leiden"),
        ("Lemmer", "de-fryske-marren"),
        ("goes", "goes"),
        ("computerles goes", "goes"),
        ("taalhuis in den bos", "s-hertogenbosch"),
        ("ik woon in Een", "noordenveld"),
    ],
)
def test_word_names_with_a_cue(text: str, municipality_id: str, gaz: Gazetteer) -> None:
    assert found(text, gaz).municipality_id == municipality_id


def test_reply_words_alone_only_when_the_place_was_asked(gaz: Gazetteer) -> None:
    for word, municipality_id in (
        ("Best", "best"),
        ("Echt", "echt-susteren"),
        ("Een", "noordenveld"),
    ):
        assert resolve_place(word, gaz).status == "none", word
        assert found(word, gaz, expecting=True).municipality_id == municipality_id
    assert resolve_place("best wel goed", gaz, expecting_place=True).status == "none"
    assert found("Hoorn", gaz).municipality_id == "hoorn"  # a word, but not a reply


_ENTITY = re.compile(r"\[([^\]]*)\](\([^)]*\)|\{[^}]*\})")
_PLACE_ENTITY = re.compile(
    r"\]\((municipality|postcode)\)|\"entity\": *\"(municipality|postcode)\""
)


def _nlu_sentences() -> list[tuple[str, str]]:
    out = []
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in doc.get("nlu") or ():
            if "intent" not in item:
                continue
            for line in str(item.get("examples", "")).splitlines():
                line = line.strip()
                if not line.startswith("- ") or _PLACE_ENTITY.search(line):
                    continue
                out.append((item["intent"], _ENTITY.sub(lambda m: m.group(1), line[2:])))
    return out


# Place-free by annotation, but they do name a place.
NLU_REAL_PLACES = {"achterhoek", "utrecht"}


def test_no_false_positives_on_place_free_nlu_sentences(gaz: Gazetteer) -> None:
    sentences = _nlu_sentences()
    assert len(sentences) > 1000
    start = time.perf_counter()
    hits = []
    for intent, text in sentences:
        res = resolve_place(text, gaz)
        if res.status != "none" and fold(res.text) not in NLU_REAL_PLACES:
            hits.append((intent, text, res.status, res.text))
    per_message = (time.perf_counter() - start) / len(sentences)
    assert hits == []
    assert per_message < 0.005, f"{per_message * 1000:.2f} ms per message"


def test_long_and_odd_input(gaz: Gazetteer) -> None:
    assert resolve_place("bla " * 2000, gaz).status == "none"
    assert resolve_place("🙂 ik woon in Zwolle 🙂", gaz).municipality_id == "zwolle"
    assert found("ZWOLLE!!!", gaz).text == "ZWOLLE"
    assert found("Ik woon in Den Haag.", gaz).text == "Den Haag"
