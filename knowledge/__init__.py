"""Routes-and-qualifications knowledge store: the single source of truth the bot speaks from."""
