"""Pure functions: derived values, comparisons with polarity, and rating rules. No formatting."""

from __future__ import annotations

import math

from reportgen.config import Tolerance

RATINGS = ("green", "amber", "red")

# What a numerator over a denominator is multiplied by, per unit.
UNIT_SCALE = {
    "percent": 100,
    "rate_per_1k": 1_000,
    "rate_per_10k": 10_000,
    "rate_per_100k": 100_000,
}


def is_missing(number: float | None) -> bool:
    """Return True for None or NaN: no figure to compare."""
    return number is None or math.isnan(number)


def derived_value(unit: str, numerator: float, denominator: float) -> float:
    """Return the value a numerator and denominator give in `unit` (NaN if it has no scale)."""
    scale = UNIT_SCALE.get(unit)
    if scale is None or is_missing(numerator) or is_missing(denominator) or denominator <= 0:
        return math.nan
    return numerator / denominator * scale


def worse_by(value: float, reference: float, polarity: str) -> float:
    """Return how much worse `value` is than `reference` for the polarity (negative = better)."""
    return reference - value if polarity == "high" else value - reference


def rating_vs_reference(
    value: float | None, reference: float | None, polarity: str, tolerance: Tolerance
) -> str | None:
    """Return green (same or better), amber (worse within tolerance) or red; None when unrateable.

    A relative tolerance is a share of the reference; "exactly 2% worse" is still amber.
    """
    if polarity == "none" or is_missing(value) or is_missing(reference):
        return None
    assert value is not None and reference is not None
    gap = worse_by(value, reference, polarity)
    if gap <= 0:
        return "green"
    allowed = tolerance.amount / 100 * abs(reference) if tolerance.relative else tolerance.amount
    return "amber" if gap <= allowed or math.isclose(gap, allowed) else "red"


def direction(value: float | None, previous: float | None, polarity: str) -> str | None:
    """Return improving / same / worsening (higher / same / lower for polarity none)."""
    if is_missing(value) or is_missing(previous):
        return None
    assert value is not None and previous is not None
    if math.isclose(value, previous):
        return "same"
    if polarity == "none":
        return "higher" if value > previous else "lower"
    return "worsening" if worse_by(value, previous, polarity) > 0 else "improving"
