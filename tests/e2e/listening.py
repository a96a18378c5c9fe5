"""Which addresses a TCP port is listening on, read from the kernel's socket tables (Linux).

Reading /proc/net/tcp{,6} shows what a server is bound to without sending a packet to any
address but loopback: a socket bound to 127.0.0.1 cannot be reached on the machine's other
addresses, one bound to 0.0.0.0 or :: can.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

LISTEN = "0A"


def _decode(hex_address: str) -> str:
    """/proc/net/tcp writes an address as 32-bit words in host (little-endian) byte order."""
    raw = bytes.fromhex(hex_address)
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    return str(ipaddress.ip_address(words))


def listening_addresses(port: int, proc_net: Path = Path("/proc/net")) -> set[str]:
    """The local addresses with a socket in LISTEN state on ``port`` (IPv4 and IPv6)."""
    found: set[str] = set()
    for table in ("tcp", "tcp6"):
        path = proc_net / table
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if fields[3] == LISTEN and int(port_hex, 16) == port:
                found.add(_decode(address))
    return found


def is_loopback_only(addresses: set[str]) -> bool:
    return bool(addresses) and all(ipaddress.ip_address(a).is_loopback for a in addresses)
