"""Every sentence the answer engine adds around KB text, per language: data, not code.

A new language is a new table with the same keys (and `translations.<code>` in the KB).
Dutch is B1, the button labels A2.
"""

from __future__ import annotations

PHRASES: dict[str, dict[str, str]] = {
    "nl": {
        "source": "Bron: {name} ({url}). Gecontroleerd op {date}.",
        "ended": "Let op: deze regeling bestaat niet meer{since}.",
        "ended_since": " sinds {date}",
        "what_now": "Wat kun je nu doen? {text}",
        "no_facet": "Dat staat niet in mijn informatie. Kijk op de website van de bron, of vraag het een adviseur.",
        "detail_unknown": (
            "Zo'n precies detail (openingstijden, een datum, of er nog plek is) weet ik niet. "
            "Dat weet de organisatie zelf. Hier lees je waar je het kunt vragen."
        ),
        "no_answer": (
            "Daar weet ik nog geen goed antwoord op. Ik wil je geen verkeerde informatie geven. "
            "Een adviseur kan je wel helpen."
        ),
        "maybe": "Bedoel je misschien een van deze onderwerpen?",
        "also": "Of bedoel je {title}?",
        "second_part": "Je vroeg ook: {question}",
        "place_ask": "Wil je weten waar dit bij jou in de buurt is? Typ je woonplaats of postcode.",
        "personal_intro": "Wat je vertelde over jezelf:",
        "check_offer": "Wil je zeker weten wat bij jou past? Doe de check. Dat zijn een paar korte vragen.",
        "facet_cost": "Wat kost het?",
        "facet_for_whom": "Voor wie is het?",
        "facet_how_to_apply": "Hoe vraag je het aan?",
        "facet_where": "Waar kun je terecht?",
        "facet_deadline": "Wanneer?",
        "button_easier": "Zeg het makkelijker",
        "button_check": "Doe de check",
        "button_adviser": "Praat met een adviseur",
        "button_where": "Waar bij mij?",
        "easy_intro": "Kort en simpel:",
        "employed": "Je werkt in loondienst. Vraag eerst je werkgever: die betaalt vaak mee.",
        "sector": "Voor jouw sector is er een fonds dat opleidingen betaalt: {title}.",
        "llk_young": "Je bent {age}. Dan kun je bij DUO geld lenen voor je lesgeld of collegegeld.",
        "llk_old": "Je bent {age}. Het levenlanglerenkrediet van DUO is voor mensen jonger dan 57.",
        "student_finance": "Je bent {age}, dus jonger dan 30. Misschien krijg je studiefinanciering.",
        "ww": "Je hebt een WW-uitkering. Vraag UWV eerst of je mag leren met je uitkering.",
        "bijstand": "Je hebt bijstand. Vraag je gemeente eerst of je mag leren. Soms betaalt de gemeente mee.",
        "benefit": "Je hebt een uitkering. Vraag eerst je uitkeringsinstantie of je mag leren.",
        "zzp": "Je bent zzp'er. Een werkgever betaalt dan niet mee. Kijk wat er voor zzp'ers is.",
        "job_seeking": "Je zoekt werk. UWV of je gemeente betaalt soms een opleiding die je helpt.",
        "basic_skills": "Cursussen taal, rekenen en computer zijn vaak gratis via je gemeente.",
    },
    "en": {
        "source": "Source: {name} ({url}). Checked on {date}.",
        "ended": "Please note: this scheme no longer exists{since}.",
        "ended_since": " since {date}",
        "what_now": "What can you do now? {text}",
        "no_facet": "That is not in my information. Look at the source's website, or ask an adviser.",
        "detail_unknown": (
            "I do not know such an exact detail (opening hours, a date, whether there is still a "
            "place). The organisation itself knows. Here is where you can ask."
        ),
        "no_answer": (
            "I do not have a good answer to that yet. I do not want to give you wrong information. "
            "An adviser can help you."
        ),
        "maybe": "Do you perhaps mean one of these topics?",
        "also": "Or do you mean {title}?",
        "second_part": "You also asked: {question}",
        "place_ask": "Do you want to know where this is near you? Type your town or postcode.",
        "personal_intro": "What you told me about yourself:",
        "check_offer": "Want to know for sure what fits you? Take the check: a few short questions.",
        "facet_cost": "What does it cost?",
        "facet_for_whom": "Who is it for?",
        "facet_how_to_apply": "How do you apply?",
        "facet_where": "Where can you go?",
        "facet_deadline": "When?",
        "button_easier": "Say it more simply",
        "button_check": "Take the check",
        "button_adviser": "Talk to an adviser",
        "button_where": "Where near me?",
        "easy_intro": "In simple words:",
        "employed": "You are employed. Ask your employer first: employers often pay for training.",
        "sector": "Your sector has a fund that pays for training: {title}.",
        "llk_young": "You are {age}. You can borrow money from DUO for your tuition fees.",
        "llk_old": "You are {age}. DUO's lifelong learning credit is for people under 57.",
        "student_finance": "You are {age}, so under 30. You may get student finance.",
        "ww": "You get WW unemployment benefit. Ask UWV first whether you may study with it.",
        "bijstand": "You get social assistance (bijstand). Ask your municipality first whether you may study.",
        "benefit": "You get a benefit. Ask the organisation that pays it whether you may study.",
        "zzp": "You are self-employed. No employer pays for you, but there are options for the self-employed.",
        "job_seeking": "You are looking for work. UWV or your municipality sometimes pays for training.",
        "basic_skills": "Courses in language, maths and computer skills are often free through your municipality.",
    },
}
MONTHS = {
    "nl": (
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip
DEFAULT_LANGUAGE = "nl"


def phrase(language: str, key: str, **values: object) -> str:
    table = PHRASES.get(language, PHRASES[DEFAULT_LANGUAGE])
    return table.get(key, PHRASES[DEFAULT_LANGUAGE][key]).format(**values)
