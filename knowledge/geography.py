"""Which provinces border each other: used to list institutions nearest first."""

from __future__ import annotations

NEIGHBOURS: dict[str, set[str]] = {
    "Groningen": {"Friesland", "Drenthe"},
    "Friesland": {"Groningen", "Drenthe", "Overijssel", "Flevoland", "Noord-Holland"},
    "Drenthe": {"Groningen", "Friesland", "Overijssel"},
    "Overijssel": {"Friesland", "Drenthe", "Flevoland", "Gelderland"},
    "Flevoland": {"Friesland", "Overijssel", "Gelderland", "Utrecht", "Noord-Holland"},
    "Gelderland": {"Overijssel", "Flevoland", "Utrecht", "Zuid-Holland", "Noord-Brabant", "Limburg"},
    "Utrecht": {"Flevoland", "Gelderland", "Zuid-Holland", "Noord-Holland"},
    "Noord-Holland": {"Friesland", "Flevoland", "Utrecht", "Zuid-Holland"},
    "Zuid-Holland": {"Noord-Holland", "Utrecht", "Gelderland", "Noord-Brabant", "Zeeland"},
    "Zeeland": {"Zuid-Holland", "Noord-Brabant"},
    "Noord-Brabant": {"Zeeland", "Zuid-Holland", "Gelderland", "Limburg"},
    "Limburg": {"Noord-Brabant", "Gelderland"},
}


def distance_rank(home_code: str | None, home_province: str | None, code: str | None, province: str | None) -> int:
    """0 same municipality, 1 same province, 2 neighbouring province, 3 further away (or unknown)."""
    if home_code and code == home_code:
        return 0
    if home_province and province == home_province:
        return 1
    if home_province and province in NEIGHBOURS.get(home_province, set()):
        return 2
    return 3
