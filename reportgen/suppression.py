"""Small-number suppression for public packs: no figure that could identify a child.

Decided once, on the figures as loaded (before annualising): counts from 1 to the threshold,
and percentages or rates whose numerator is 1 to the threshold or whose denominator is 1 to
the second threshold, become the suppression symbol; then, where one category of a
distribution is hidden, the next smallest is hidden too, so it cannot be worked out from the
total (as a locality's would be from its county's). A suppressed figure is never rated,
charted, written into alt text or drafted words.
"""

from __future__ import annotations

import math
from typing import TypeVar

from reportgen.options import Suppression

K = TypeVar("K")

RATE_UNITS = ("percent", "rate_per_1k", "rate_per_10k", "rate_per_100k")


def is_small(
    rules: Suppression, unit: str, value: float, numerator: float, denominator: float
) -> bool:
    """Return True when a figure could identify a child and must not be published."""

    def small(number: float, limit: int) -> bool:
        return not math.isnan(number) and 1 <= number <= limit

    if unit == "count":
        return small(value, rules.count)
    if unit in RATE_UNITS:
        return small(numerator, rules.count) or small(denominator, rules.denominator)
    return False


def secondary(shares: dict[K, tuple[float, bool]]) -> set[K]:
    """Return the categories of one distribution (key -> (value, suppressed)) to hide as
    well: where exactly one is hidden, the smallest other one, so neither can be derived."""
    hidden = [key for key, (_, suppressed) in shares.items() if suppressed]
    if len(hidden) != 1:
        return set()
    visible = [
        (value, key)
        for key, (value, suppressed) in shares.items()
        if not suppressed and not math.isnan(value)
    ]
    return {min(visible)[1]} if visible else set()
