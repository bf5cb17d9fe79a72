"""How figures are written for people, decided once: "1,183", "18%", "£1,200", "56"."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_DECIMALS = {
    "percent": 0,
    "count": 0,
    "rate_per_1k": 1,
    "rate_per_10k": 0,
    "rate_per_100k": 0,
    "days": 0,
    "score": 1,
    "ratio": 2,
    "currency": 0,
}

UNIT_PHRASES = {
    "rate_per_1k": "per 1,000",
    "rate_per_10k": "per 10,000",
    "rate_per_100k": "per 100,000",
}


def round_half_up(value: float, decimals: int) -> Decimal:
    """Return `value` rounded as statistics are published: halves away from zero."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def shown_places(unit: str, decimals: int | None) -> int:
    """Return the decimal places a figure of `unit` is shown to: the indicator's, else the
    unit's default."""
    return DEFAULT_DECIMALS[unit] if decimals is None else decimals


def as_shown(value: float, places: int) -> float:
    """Return a figure as the pack shows it, rounded half up to `places`: what a reader
    compares, so two figures shown alike are never called better or worse."""
    return float(round_half_up(value, places))


def format_number(value: float, decimals: int = 0) -> str:
    """Return a number with thousands separators and fixed decimals: 1183.0 -> "1,183"."""
    return f"{round_half_up(value, decimals):,.{decimals}f}"


def format_value(
    value: float | None, unit: str, decimals: int | None = None, missing: str = ""
) -> str:
    """Return a figure as the pack shows it; a suppression code stands in for a missing value."""
    if missing:
        return missing
    if value is None or math.isnan(value):
        return "–"
    text = format_number(value, shown_places(unit, decimals))
    if unit == "percent":
        return f"{text}%"
    if unit == "currency":
        return f"-£{text[1:]}" if text.startswith("-") else f"£{text}"
    return text


def plain_number(value: float) -> str:
    """Return a number as a table stores it: its shortest plain form at 12 significant
    figures, so that float noise goes (17.899999999999999 -> "17.9", 3.36 * 4 -> "13.44")
    and no exponent appears (0.000012, not 1.2e-05)."""
    text = f"{value:.12g}"
    return format(Decimal(text), "f") if "e" in text else text


def ordinal(number: int) -> str:
    """Return a rank as words write it: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def rank_text(rank: int, of: int) -> str:
    """Return a rank among areas: "7th of 11" (never in brackets, which mean a numerator)."""
    return f"{ordinal(rank)} of {of}"
