"""Finding 1: handoffs and call-back requests reached advisers of every region.

Attack: a widget user of Zwolle (region set only inside forms, so stored as NULL) asks for a
person; an adviser of Twente opens the handoff and the call-back request with the number.
Now the region comes from the conversation (greet payload, widget metadata, postcode, a place
typed anywhere), a handoff without one goes to the "no region" queue only admins see, advisers
see only their regions in every page, API and stream, and admins route items to a region.
"""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient, TestServer

from actions.handoff import ActionHandoff, ActionSaveContactRequest
from bot.handoff import contact, store
from bot.handoff.region import conversation_place
from bot.web.server import create_app
from tests.security.helpers import csrf_of, login, run_action, tracker, user_event


def test_region_comes_from_the_conversation_not_only_from_forms() -> None:
    widget_greet = [user_event('/greet{"municipality":"zwolle"}', {"municipality": "zwolle"})]
    assert conversation_place({}, widget_greet).region == "Regio Zwolle"
    assert conversation_place({"municipality": "zwolle"}, []).region == "Regio Zwolle"
    assert conversation_place({"municipality": "7511"}, []).municipality == "enschede"
    typed = [user_event("ik woon in Deventer"), user_event("ik wil een mens spreken")]
    assert conversation_place({}, typed).region == "Veluwe Stedendriehoek"
    # Free text is never a region: a made-up place or an injected value gives none.
    assert conversation_place({"municipality": "<b>Pizzastad</b>", "region": "Alles"}, []) == (
        conversation_place({}, [])
    )


async def test_the_handoff_action_stores_the_region_of_the_widget_user(engine, monkeypatch) -> None:
    monkeypatch.setenv("HANDOFF_OFFICE_HOURS", "ma-zo 00:00-24:00")
    from bot.config.settings import get_settings

    get_settings.cache_clear()
    events = [user_event("/greet", {"municipality": "zwolle"}), user_event("ik wil een mens")]
    await run_action(ActionHandoff(), tracker("widget:" + "z" * 32, events, channel="socketio"))
    handoff = store.active_for(engine, "widget:" + "z" * 32)
    assert (handoff.municipality, handoff.region) == ("zwolle", "Regio Zwolle")

    contact_events = [user_event("ik woon in Zwolle"), user_event("06 12345678")]
    await run_action(ActionSaveContactRequest(), tracker(
        "user-zwolle", contact_events,
        slots={"contact_kind": "telefoon", "contact_address": "0612345678"}))  # fmt: skip
    [request] = contact.open_requests(engine, ["Regio Zwolle"])
    assert request.region == "Regio Zwolle"


def seed(engine) -> dict[str, int]:
    zwolle = store.open_handoff(engine, "user-zwolle", "asked", "Vraag uit Zwolle",
                                [{"who": "user", "text": "hallo"}], region="Regio Zwolle")  # fmt: skip
    nowhere = store.open_handoff(engine, "user-nowhere", "asked", "Vraag zonder plaats",
                                 [{"who": "user", "text": "hallo"}])  # fmt: skip
    call_back = contact.add(engine, conversation_id="user-zwolle", kind="telefoon",
                            address="0612345678", summary="Bel mij", consent="ja",
                            region="Regio Zwolle")  # fmt: skip
    no_region_call = contact.add(engine, conversation_id="user-nowhere", kind="telefoon",
                                 address="0687654321", summary="Bel mij", consent="ja")  # fmt: skip
    return {"zwolle": zwolle.id, "nowhere": nowhere.id, "call": call_back.id,
            "no_region_call": no_region_call.id}  # fmt: skip


async def test_an_adviser_of_another_region_sees_nothing_of_it(engine) -> None:
    ids = seed(engine)
    async with TestClient(TestServer(create_app())) as client:
        await login(client, "twente")
        assert await (await client.get("/console/api/queue")).json() == []
        for url in (f"/console/handoff/{ids['zwolle']}", f"/console/handoff/{ids['nowhere']}",
                    f"/console/handoff/{ids['zwolle']}/stream"):  # fmt: skip
            assert (await client.get(url)).status == 404, url
        page = await (await client.get("/console")).text()
        assert "0612345678" not in page and "0687654321" not in page
        csrf = await csrf_of(client)
        claim = await client.post(f"/console/handoff/{ids['zwolle']}/claim", data={"csrf": csrf})
        assert claim.status == 404 and store.get(engine, ids["zwolle"]).status == "open"
        done = await client.post(f"/console/contact/{ids['call']}/handled", data={"csrf": csrf})
        assert done.status == 404 and contact.get(engine, ids["call"]).address == "0612345678"


async def test_the_no_region_queue_is_for_admins_and_they_route_it(engine) -> None:
    ids = seed(engine)
    async with TestClient(TestServer(create_app())) as client:
        await login(client, "zwolle")
        queue = await (await client.get("/console/api/queue")).json()
        assert [h["id"] for h in queue] == [ids["zwolle"]]  # not the one without a region
        assert (await client.get(f"/console/handoff/{ids['nowhere']}")).status == 404
        csrf = await csrf_of(client)
        moved = await client.post(f"/console/handoff/{ids['nowhere']}/region",
                                  data={"csrf": csrf, "region": "Regio Zwolle"})  # fmt: skip
        assert moved.status in (403, 404) and store.get(engine, ids["nowhere"]).region is None
    async with TestClient(TestServer(create_app())) as client:
        await login(client, "beheer")
        page = await (await client.get("/console")).text()
        assert "zonder regio" in page and "0687654321" in page
        csrf = await csrf_of(client)
        bad = await client.post(f"/console/handoff/{ids['nowhere']}/region",
                                data={"csrf": csrf, "region": "Nergensland"})  # fmt: skip
        assert bad.status == 400
        for url in (f"/console/handoff/{ids['nowhere']}/region",
                    f"/console/contact/{ids['no_region_call']}/region"):  # fmt: skip
            response = await client.post(url, data={"csrf": csrf, "region": "Twente"},
                                         allow_redirects=False)  # fmt: skip
            assert response.status == 302
    assert store.get(engine, ids["nowhere"]).region == "Twente"
    assert contact.get(engine, ids["no_region_call"]).region == "Twente"
    async with TestClient(TestServer(create_app())) as client:
        await login(client, "twente")
        queue = await (await client.get("/console/api/queue")).json()
        assert [h["id"] for h in queue] == [ids["nowhere"]]
        assert "0687654321" in await (await client.get("/console")).text()


@pytest.mark.server
def test_a_handoff_over_the_real_stack_gets_the_region_of_the_place_typed(rasa_stack,
                                                                           rest_chat) -> None:  # fmt: skip
    import uuid

    from sqlalchemy import create_engine

    user = f"sec-region-{uuid.uuid4().hex[:8]}"
    rest_chat(user, "ik woon in Enschede en zoek een cursus", {"client": "spoofed"})
    # Words of its own: the browser tests find their handoff in the queue by theirs.
    rest_chat(user, "ik wil graag met een adviseur praten")
    engine = create_engine(rasa_stack.env["DATABASE_URL"], future=True)
    handoff = store.active_for(engine, user)
    assert handoff is not None and handoff.region == "Twente"
