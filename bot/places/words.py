"""The words the place resolver reads around a name: cues, fillers, replies, postcode units.

Shared by the name index (bot/places/index.py), the name matcher (bot/places/matching.py) and
the postcode reader (bot/places/postcodes.py).
"""

from __future__ import annotations

MIN_TYPO_LETTERS = 6  # a name needs this many letters before a typo is forgiven
MIN_TYPO_TOKEN = 4  # ... and the misspelled word this many
MAX_TYPO_SPAN = 4  # words in a span that is checked for a typo

PROVINCE_NAMES: dict[str, tuple[str, ...]] = {
    "Drenthe": ("drenthe",),
    "Flevoland": ("flevoland",),
    "Fryslân": ("fryslan", "friesland"),
    "Gelderland": ("gelderland", "gld"),
    "Groningen": ("groningen",),
    "Limburg": ("limburg",),
    "Noord-Brabant": ("noord brabant", "brabant", "nb"),
    "Noord-Holland": ("noord holland", "nh"),
    "Overijssel": ("overijssel",),
    "Utrecht": ("utrecht",),
    "Zeeland": ("zeeland",),
    "Zuid-Holland": ("zuid holland", "zh"),
}
PROVINCE_BY_KEY = {key: prov for prov, keys in PROVINCE_NAMES.items() for key in keys}

# A word right before a name that says "this is a place".
CUE_WORDS = frozenset(
    {
        "in", "bij", "uit", "rond", "rondom", "nabij", "omgeving", "gemeente", "woonplaats",
        "regio", "dorp", "stad", "plaats", "richting", "vanuit", "near", "from", "around",
    }
)  # fmt: skip
# "in de buurt van X", "omgeving van X"
CUE_BEFORE_VAN = frozenset({"buurt", "omgeving", "gemeente", "regio", "dorp", "stad", "plaats"})
# Words that may stand around a name in a message that is "just the place".
FILLER_WORDS = frozenset(
    {
        "ik", "woon", "wonen", "woont", "we", "wij", "kom", "komen", "uit", "in", "bij", "de",
        "het", "t", "gemeente", "provincie", "mijn", "woonplaats", "is", "dat", "nl", "hoor",
        "ja", "dorp", "stad", "plaats", "regio", "van", "te", "buurt", "omgeving", "live", "i",
        "the", "near", "from", "en", "nederland", "graag", "nou", "eh", "uhm", "oke", "ok",
    }
)  # fmt: skip
MAX_SHORT_MESSAGE = 7  # tokens
# Village names that are everyday function words ("bij een baas", "hee!"): they count only
# after a cue, at the end of a short message ("ik woon in Een", not "ik woon in een dorp").
STRICT_NAMES = frozenset(
    {"een", "hem", "heel", "anderen", "hee", "ee", "ie", "enter", "made", "amen", "est",
     "oranje", "noorden"}
)  # fmt: skip
# Names that are also one-word replies ("Best.", "Echt?"): alone they count only when the
# assistant has just asked for the place (expecting_place=True).
REPLY_WORDS = STRICT_NAMES | {"best", "echt"}
# Words that are not Dutch and mark a message as English: then names that are English words
# ("Goes", "Born", "Hall") need a cue too ("it goes well" is no place; "Goes" alone is).
ENGLISH_HINTS = frozenset(
    {
        "the", "it", "and", "to", "you", "my", "how", "what", "can", "does", "do", "for",
        "with", "are", "this", "that", "where", "live", "there", "have", "get", "so", "i",
        "a", "very", "will", "would", "should", "your", "was", "be", "am",
    }
)  # fmt: skip
# "De Wijk", "De Punt": after "in" these read as "in de wijk"; treated as STRICT_NAMES.
ARTICLES = frozenset({"de", "het", "t"})
# Never a place in a message: "Nederland" is also a village (Steenwijkerland).
BLOCKED_KEYS = frozenset({"nederland"})

POSTCODE_CUES = frozenset(
    {"postcode", "postcodes", "pc", "pc4", "postcodegebied", "zipcode", "zip", "postal"}
)
LOCATIVE_BEFORE_NUMBER = frozenset(
    {"in", "bij", "rond", "omgeving", "regio", "gebied", "uit", "nabij", "near"}
)
# Two-letter words that may follow a number without being postcode letters ("7311 en ...").
COMMON_TWO_LETTER = frozenset(
    {
        "en", "of", "op", "in", "is", "te", "de", "je", "ik", "al", "na", "om", "er", "ze",
        "we", "nu", "zo", "ja", "uw", "me", "ga", "at", "to", "an", "or", "as", "by", "on",
        "eu", "km", "cm", "mm", "uu", "pm", "am", "hr", "wk", "jr", "mn", "ct", "kg",
    }
)  # fmt: skip
UNIT_WORDS = frozenset(
    {
        "euro", "eur", "uur", "uren", "jaar", "jaren", "km", "keer", "minuten", "min",
        "procent", "mensen", "personen", "dagen", "weken", "maanden", "punten", "woorden",
        "kilometer", "meter", "studiepunten", "ec", "per", "netto", "bruto", "hours", "euros",
    }
)  # fmt: skip
