"""Statistical process control (NHS "Making Data Count"): XmR limits and special-cause rules.

Pure functions of a series of numbers; charts.py and the build stage turn them into pictures
and words.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

MIN_POINTS = 15  # Making Data Count: fewer points than this do not support process limits
SHIFT_RUN = 7  # seven or more points in a row on one side of the mean
TREND_RUN = 6  # six or more points in a row each higher (or lower) than the one before
MOVING_RANGE_FACTOR = 2.66  # 3 sigma from the mean moving range (3 / 1.128)


@dataclass(frozen=True)
class Limits:
    """The process mean and the lower and upper process limits."""

    mean: float
    lower: float
    upper: float


def xmr_limits(values: Sequence[float]) -> Limits:
    """Return the mean and the process limits from the mean moving range (an XmR chart)."""
    mean = statistics.fmean(values)
    moving_range = statistics.fmean(abs(b - a) for a, b in itertools.pairwise(values))
    spread = MOVING_RANGE_FACTOR * moving_range
    return Limits(mean, mean - spread, mean + spread)


def special_causes(values: Sequence[float], limits: Limits) -> dict[int, str]:
    """Return the points showing special-cause variation, by index, with the rule each meets:
    "outside" the process limits, a "shift" (a run on one side of the mean), or a "trend"."""
    found: dict[int, str] = {}
    for index, value in enumerate(values):
        if value > limits.upper or value < limits.lower:
            found[index] = "outside"
    for index in _runs(values, lambda v: (v > limits.mean) - (v < limits.mean), SHIFT_RUN):
        found.setdefault(index, "shift")
    steps = [0.0, *(float((b > a) - (b < a)) for a, b in itertools.pairwise(values))]
    for index in _runs(steps, int, TREND_RUN - 1):
        found.setdefault(index, "trend")
        found.setdefault(index - 1, "trend")  # the point a rising run starts from belongs to it
    return dict(sorted(found.items()))


def _runs(values: Sequence[float], side: Callable[[float], int], length: int) -> list[int]:
    """Return indexes in runs of at least `length` consecutive equal non-zero `side(value)`."""
    signs = [side(v) for v in values]
    marked: list[int] = []
    start = 0
    for index in range(1, len(signs) + 1):
        if index == len(signs) or signs[index] != signs[start]:
            if signs[start] != 0 and index - start >= length:
                marked.extend(range(start, index))
            start = index
    return marked
