"""How the report screens write figures: one decimal for rates and days, and a dash
where a figure has no meaning (a rate over no cases) instead of a misleading 0."""

from __future__ import annotations

NONE = "—"


def percent(rate: float | None) -> str:
    """0.9651 -> "96.5%"; None -> "—"."""
    return NONE if rate is None else f"{rate * 100:.1f}%"


def days(value: float | None) -> str:
    """Working days with one decimal: 3.25 -> "3.3"; None -> "—"."""
    return NONE if value is None else f"{value:.1f}"


def count(value: int) -> str:
    return f"{value:,}"
