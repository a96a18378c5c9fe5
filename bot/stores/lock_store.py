"""Lock store chosen by URL (``LOCK_STORE_URL``): ``memory://`` (default) or ``redis://host:port/db``."""

from __future__ import annotations

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy.engine import make_url


def _inner_store(url: str) -> LockStore:
    if url in ("", "memory://", "memory", "in_memory"):
        return InMemoryLockStore()
    parsed = make_url(url)
    if parsed.drivername not in ("redis", "rediss"):
        raise ValueError(f"LOCK_STORE_URL '{url}': gebruik memory:// of redis://host:poort/db")
    return RedisLockStore(
        host=parsed.host or "localhost",
        port=parsed.port or 6379,
        db=int(parsed.database or 1),
        password=parsed.password,
        use_ssl=parsed.drivername == "rediss",
    )


class UrlLockStore(LockStore):
    """Delegates to an in-memory or Redis lock store, so one env variable picks either."""

    def __init__(self, endpoint_config: EndpointConfig | None = None) -> None:
        self.inner = _inner_store((endpoint_config.url if endpoint_config else None) or "memory://")

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        return self.inner.get_lock(conversation_id)

    def delete_lock(self, conversation_id: str) -> None:
        self.inner.delete_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        self.inner.save_lock(lock)
