"""Random conversations over our domain, for comparing our speed-ups with Rasa's own code.

Forms, loops rejected and undone, reverts, restarts, new sessions, follow-up actions,
hidden rule turns, paused and resumed conversations; weighted so that conversations stay
mostly ordinary.
"""

from __future__ import annotations

import random

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    ConversationPaused,
    ConversationResumed,
    Event,
    FollowupAction,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)

FORMS = ("funding_form", "contact_form")


def random_event(rng: random.Random, domain: Domain) -> Event:
    form = rng.choice(FORMS)
    intent = rng.choice(domain.intents)
    choices = [
        lambda: ActionExecuted("action_listen"),
        lambda: UserUttered(
            rng.choice(["hoi", "wat is evc", "45", "laat maar"]),
            {"name": intent, "confidence": 0.9},
            [{"entity": "municipality", "value": "zwolle"}] if rng.random() < 0.2 else [],
        ),
        lambda: ActionExecuted(
            rng.choice(domain.action_names_or_texts), hide_rule_turn=rng.random() < 0.3
        ),
        lambda: ActionExecuted(form, hide_rule_turn=rng.random() < 0.3),
        lambda: ActiveLoop(form),
        lambda: ActiveLoop(None),
        lambda: ActionExecutionRejected(form),
        lambda: SlotSet(rng.choice(domain.slots).name, rng.choice([None, "zwolle", "45", True])),
        lambda: FollowupAction(rng.choice(domain.action_names_or_texts)),
        lambda: UserUtteranceReverted(),
        lambda: ActionReverted(),
        lambda: Restarted(),
        lambda: SessionStarted(),
        lambda: ConversationPaused(),
        lambda: ConversationResumed(),
    ]
    weights = [8, 8, 8, 4, 2, 2, 1, 4, 1, 1, 1, 0.3, 0.3, 0.3, 0.3]
    return rng.choices(choices, weights)[0]()
