"""The national helpdesk: handovers from the bot to a person and back, opening hours, call-back requests."""
