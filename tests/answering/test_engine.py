"""The engine answers at once, at the grain asked, with the user's facts, and never from a
weak match (on a KB made for these tests)."""

from __future__ import annotations

from bot.answering import Context, Engine, Facts


def test_a_question_that_names_its_facts_is_answered_at_once(
    engine: Engine, fresh: Context
) -> None:
    result = engine.answer(
        "ik ben 41 en werk in een fabriek, kan ik geld lenen voor een opleiding?", fresh
    )
    assert result.answered and result.entry_id == "levenlanglerenkrediet"
    assert result.facts.age == 41 and result.facts.work_situation == "loondienst"
    # The user's facts are used: the employer first, and the loan fits a 41-year-old.
    assert "Je werkt in loondienst" in result.text and "Je bent 41" in result.text
    assert (
        "Bron: Bron Levenlanglerenkrediet (https://example.org/levenlanglerenkrediet)"
        in result.text
    )
    payloads = [b.payload for r in result.replies for b in r.buttons]
    assert "/start_funding_check" in payloads  # the guided check is offered, not started
    assert '/ask_easier{"kb_entry":"levenlanglerenkrediet"}' in payloads


def test_the_act_decides_the_facet(engine: Engine, fresh: Context) -> None:
    cost = engine.answer("wat kost het taalhuis?", fresh)
    assert (cost.entry_id, cost.facet) == ("taalhuis", "cost")
    assert "Wat Taalhuis kost." in cost.text and "Samenvatting van Taalhuis" not in cost.text
    how = engine.answer("hoe vraag ik het levenlanglerenkrediet aan?", fresh)
    assert (how.entry_id, how.facet) == ("levenlanglerenkrediet", "how_to_apply")


def test_a_follow_up_is_about_the_last_subject(engine: Engine, fresh: Context) -> None:
    first = engine.answer("kan ik geld lenen voor een opleiding", fresh)
    context = Context(facts=first.facts, last_entry=first.entry_id)
    followup = engine.answer("en hoe vraag ik dat aan?", context)
    assert (followup.entry_id, followup.facet, followup.band) == (
        "levenlanglerenkrediet", "how_to_apply", "context",
    )  # fmt: skip


def test_a_new_situation_in_a_follow_up_gets_its_own_entry(engine: Engine) -> None:
    context = Context(last_entry="werkgever-en-sectorfonds")
    assert engine.answer("en voor zzp'ers?", context).entry_id == "zzp-scholing"
    zorg = engine.answer("ik werk in de thuiszorg, betaalt mijn werkgever een cursus?", Context())
    assert zorg.entry_id == "sectorfonds-zorg" and zorg.facts.sector == "zorg"


def test_facts_said_earlier_are_kept_and_not_asked_again(engine: Engine) -> None:
    context = Context(facts=Facts(age=52, work_situation="loondienst"))
    result = engine.answer("kan ik geld lenen voor school", context)
    assert result.facts.age == 52 and "Je bent 52" in result.text


def test_never_answers_from_a_weak_match(engine: Engine, fresh: Context) -> None:
    result = engine.answer("hoe bak ik een taart met kersen", fresh)
    assert not result.answered and result.entry_id is None
    assert "Daar weet ik nog geen goed antwoord op" in result.text
    assert any(b.payload == "/request_human" for b in result.replies[0].buttons)


def test_an_ended_scheme_says_so_and_what_to_do_now(engine: Engine, fresh: Context) -> None:
    result = engine.answer("bestaat het stap budget nog?", fresh)
    assert result.entry_id == "stap-budget"
    assert "bestaat niet meer sinds 1 januari 2024" in result.text
    assert "Wat kun je nu doen? Vraag je werkgever." in result.text


def test_two_questions_in_one_message_get_two_answers(engine: Engine, fresh: Context) -> None:
    result = engine.answer("wat is het taalhuis en wat kost het?", fresh)
    assert result.entry_ids[0] == "taalhuis" and {"summary", "cost"} <= set(result.facets)
    assert "Je vroeg ook: wat kost het" in result.text


def test_a_where_question_with_a_place_answers_for_that_municipality(
    engine: Engine, fresh: Context
) -> None:
    result = engine.answer("waar kan ik beter leren lezen? ik woon in apeldoorn", fresh)
    assert result.facts.municipality == "apeldoorn" and result.facts.region
    assert "Apeldoorn" in result.text and result.entry_id == "taalhuis"


def test_a_where_question_without_a_place_answers_and_asks_the_place_once(
    engine: Engine, fresh: Context
) -> None:
    result = engine.answer("waar kan ik beter leren lezen?", fresh)
    assert result.answered and result.asked_place
    then = engine.answer(
        "7311", Context(facts=result.facts, last_entry=result.entry_id, expecting_place=True)
    )
    assert (
        then.facts.municipality == "apeldoorn"
        and then.entry_id == "taalhuis"
        and not then.asked_place
    )


def test_english_questions_get_english_answers(engine: Engine) -> None:
    result = engine.answer("can I borrow money for a course?", Context(language="en"))
    assert result.entry_id == "levenlanglerenkrediet"
    assert "Lifelong learning credit" in result.text and "Source:" in result.text


def test_the_easier_version_is_the_a2_text(engine: Engine, fresh: Context) -> None:
    result = engine.easier("taalhuis", fresh)
    assert "Makkelijk: Taalhuis." in result.text and result.facet == "easy_summary"


def test_a_button_answers_its_entry_with_the_facts(engine: Engine) -> None:
    result = engine.about("levenlanglerenkrediet", Context(facts=Facts(age=60)))
    assert result.entry_id == "levenlanglerenkrediet" and "Je bent 60" in result.text


def test_a_question_without_answer_stays_open_and_a_short_reply_completes_it(
    engine: Engine, fresh: Context
) -> None:
    unknown = engine.answer("hoe bak ik een taart met kersen", fresh)
    assert not unknown.answered and unknown.open_question == "hoe bak ik een taart met kersen"
    assert fresh.after(unknown).open_question == unknown.open_question
    # "levenlanglerenkrediet" alone is that entry's summary; after the open "hoe vraag ik het
    # aan?" it completes that question: the how-to.
    alone = engine.answer("levenlanglerenkrediet", fresh)
    completed = engine.answer(
        "levenlanglerenkrediet", Context(open_question="hoe vraag ik het aan?")
    )
    assert (alone.entry_id, alone.facet) == ("levenlanglerenkrediet", "summary")
    assert (completed.entry_id, completed.facet) == ("levenlanglerenkrediet", "how_to_apply")
    assert completed.open_question is None and fresh.after(completed).open_question is None


def test_the_facts_of_a_reply_that_completes_a_question_are_used(engine: Engine) -> None:
    context = Context(open_question="welke hulp is er voor mij om te leren?")
    result = engine.answer("bijstand", context)
    assert result.entry_id == "studeren-met-bijstand" and result.facts.benefit == "bijstand"


def test_someone_with_a_benefit_who_asks_to_learn_gets_the_benefit_rules_first(
    engine: Engine,
) -> None:
    course = "mag ik een opleiding tot verzorgende doen?"
    assert engine.answer(course, Context()).entry_id == "omscholen-zorg"
    on_bijstand = Context(facts=Facts(work_situation="uitkering", benefit="bijstand"))
    result = engine.answer(course, on_bijstand)
    assert (result.entry_id, result.facet) == ("studeren-met-bijstand", "for_whom")
    assert "Omscholen naar de zorg" in [b.title for b in result.replies[0].buttons]


def test_a_fact_alone_after_an_answer_asks_whether_it_applies(engine: Engine) -> None:
    context = Context(last_entry="levenlanglerenkrediet")
    result = engine.answer("zesenvijftig", context)
    assert (result.entry_id, result.facet, result.band) == (
        "levenlanglerenkrediet", "for_whom", "context",
    )  # fmt: skip
    assert result.facts.age == 56


def test_a_stated_situation_in_a_follow_up_about_paying_gets_its_own_entry(engine: Engine) -> None:
    result = engine.answer("nee, ik ben zzp", Context(last_entry="levenlanglerenkrediet"))
    assert (result.entry_id, result.band) == ("zzp-scholing", "context")


def test_a_doubt_about_ones_work_gets_the_career_check(engine: Engine, fresh: Context) -> None:
    result = engine.answer("ik loop helemaal vast en weet niet wat ik wil", fresh)
    assert result.answered and result.entry_id == "loopbaancheck"


def test_a_detail_no_entry_holds_is_said_honestly_with_where_to_ask(
    engine: Engine, fresh: Context
) -> None:
    result = engine.answer("wat zijn de openingstijden van het taalhuis?", fresh)
    assert not result.answered
    assert "openingstijden" in result.text and "In de bibliotheek." in result.text
    assert "Taalhuis" in [b.title for r in result.replies for b in r.buttons]
