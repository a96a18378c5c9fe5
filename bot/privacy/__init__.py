"""Privacy (AVG): what each store holds on a conversation, its export and deletion, and the retention period.

See :mod:`bot.privacy.holder` (the protocol), :mod:`bot.privacy.registry` (the stores, ``RETENTION_DAYS``) and
:mod:`bot.privacy.requests` (export, delete, purge over every store). Used by ``python -m bot purge`` and
``python -m bot privacy ...`` (:mod:`bot.privacy_cli`) and by the agent console (:mod:`bot.web.agent_privacy`).
"""
