"""Who sent a request: the peer's address, or, behind a trusted proxy, the client address the proxy forwarded.

``ROUTEADVIES_TRUSTED_PROXIES`` lists the proxies (IP addresses or CIDR networks, comma- or space-separated; default
none). ``X-Forwarded-For`` is believed only when the peer is one of them: then the client is the rightmost hop that
is not a trusted proxy. A client can put anything at the left of that header, and a proxy appends what it saw, so
the hops from the right are the ones the proxies vouch for. Without a forged header, that is the header's first hop.
"""

from __future__ import annotations

import ipaddress
import os
from typing import Mapping

from bot.exposure import ExposureError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
IPV6_SITE_PREFIX = 64  # one household or phone has a whole /64: counting per address would be no limit at all


def trusted_proxies(env: Mapping[str, str] = os.environ) -> tuple[Network, ...]:
    raw = env.get("ROUTEADVIES_TRUSTED_PROXIES", "")
    networks = []
    for part in raw.replace(",", " ").split():
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError as error:
            raise ExposureError(f"ROUTEADVIES_TRUSTED_PROXIES: {part!r} is geen IP-adres of netwerk ({error})") \
                from error
    return tuple(networks)


def _address(text: str | None) -> Address | None:
    try:
        return ipaddress.ip_address((text or "").strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address: Address, proxies: tuple[Network, ...]) -> bool:
    return any(address in network for network in proxies)


def client_address(peer: str | None, forwarded_for: str | None, proxies: tuple[Network, ...]) -> str:
    """The client's address as text ("unknown" when the peer has none, e.g. a Unix socket)."""
    client = _address(peer)
    if client is None:
        return "unknown"
    if not forwarded_for or not _trusted(client, proxies):
        return str(client)
    for hop in reversed([part for part in forwarded_for.split(",") if part.strip()]):
        address = _address(hop)
        if address is None:  # garbage in the chain: believe no hop further to the left
            return str(client)
        client = address
        if not _trusted(address, proxies):
            break
    return str(client)


def limit_key(address: str) -> str:
    """What the per-address limit counts: the address, or its /64 for IPv6."""
    parsed = _address(address)
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_SITE_PREFIX}", strict=False))
    return str(parsed.ipv4_mapped) if isinstance(parsed, ipaddress.IPv6Address) else address
