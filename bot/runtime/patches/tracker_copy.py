"""A tracker copied by taking over its state instead of replaying every event.

Rasa copies the conversation's tracker before every action it runs (so that a rejected
action can be discarded) and forms copy it again. `DialogueStateTracker.copy` builds the
copy by replaying all events from the first; each reverted user message in between replays
everything once more. Under load that was 8 % of the server's time and grew with the length
of the conversation.

A tracker's state must be re-creatable by replaying its events (Rasa's own rule, stated in
`DialogueStateTracker.__init__`), so the state after the replay is the state the tracker has
now. This copy takes it over: the same event objects, own copies of the slots, the latest
action and the active loop (which later events change in place), the same latest user and
bot events (the replay sets those same objects). Like Rasa's copy (`init_copy()`) it has
no model id, assistant id or sender source. `tests/runtime/patches/test_tracker_copy.py`
compares it with the replay on random conversations.
"""

from __future__ import annotations

import copy

from rasa.shared.constants import DEFAULT_SENDER_ID
from rasa.shared.core.trackers import DialogueStateTracker

from bot.runtime.patches._patch import Patch

original_copy = DialogueStateTracker.copy


def copy_tracker(self: DialogueStateTracker) -> DialogueStateTracker:
    """Drop-in for `DialogueStateTracker.copy`."""
    if self.events.maxlen is not None:
        # Old events may have dropped out: the replay of what is left can differ from now.
        return original_copy(self)
    tracker = DialogueStateTracker(
        self.sender_id or DEFAULT_SENDER_ID,
        None,  # the slots are copied below, with their values, instead of reset and replayed
        self._max_event_history,
        is_rule_tracker=self.is_rule_tracker,
    )
    tracker.slots = type(self.slots)((name, copy.copy(slot)) for name, slot in self.slots.items())
    tracker.events.extend(self.events)
    tracker._paused = self._paused
    tracker.followup_action = self.followup_action
    tracker.latest_action = dict(self.latest_action) if self.latest_action is not None else None
    tracker.latest_message = self.latest_message
    tracker.latest_bot_utterance = self.latest_bot_utterance
    tracker.active_loop = copy.copy(self.active_loop)
    return tracker


PATCHES = (Patch("tracker_copy", DialogueStateTracker, "copy", copy_tracker),)
