"""Custom actions of the routeadvies-bot, split by topic. Loaded by `rasa run actions`."""
