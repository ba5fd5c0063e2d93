"""Human handoff: the store and state machine, office hours, and what the bot says."""
