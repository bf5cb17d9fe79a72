"""Pure functions: derived values, comparisons with polarity, and the councils' rating schemes.

Nothing here formats text or reads data; each function takes numbers and returns a judgement:
green, amber, red, or None where no rating applies ("never a guess").
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence

from reportgen.formatting import as_shown
from reportgen.options import Tolerance

# What a numerator over a denominator is multiplied by, per unit.
UNIT_SCALE = {
    "percent": 100,
    "rate_per_1k": 1_000,
    "rate_per_10k": 10_000,
    "rate_per_100k": 100_000,
}
# Units of a count of events, which scale with the length of the period; shares, averages and
# durations (percent, days, score, ratio, currency) describe the events and do not.
ANNUALISED_UNITS = ("count", "rate_per_1k", "rate_per_10k", "rate_per_100k")
# Two-sided normal quantiles for the confidence levels Fingertips uses.
Z_SCORES = {95.0: 1.959963984540054, 99.8: 3.090232306167813}


def is_missing(number: float | None) -> bool:
    """Return True for None or NaN: no figure to compare."""
    return number is None or math.isnan(number)


def derived_value(unit: str, numerator: float, denominator: float) -> float:
    """Return the value a numerator and denominator give in `unit` (NaN if it has no scale)."""
    scale = UNIT_SCALE.get(unit)
    if scale is None or is_missing(numerator) or is_missing(denominator) or denominator <= 0:
        return math.nan
    return numerator / denominator * scale


def annualised(value: float, months: int) -> float:
    """Return a flow counted over `months` scaled to a year, as regional benchmarking forms do."""
    return value * 12 / months


def worse_by(value: float, reference: float, polarity: str) -> float:
    """Return how much worse `value` is than `reference` for the polarity (negative = better)."""
    return reference - value if polarity == "high" else value - reference


def rating_vs_reference(
    value: float | None,
    reference: float | None,
    polarity: str,
    tolerance: Tolerance,
    places: int | None = None,
) -> str | None:
    """Return green (same or better), amber (worse within tolerance) or red (worse by more),
    judged on the figures as shown to `places` decimals where given (64.3% against a target
    of 64.3% is met, whatever the unrounded figures were).

    A relative tolerance is a share of the reference; "exactly 2% worse" is still amber.
    """
    if polarity == "none" or is_missing(value) or is_missing(reference):
        return None
    assert value is not None and reference is not None
    if places is not None:
        value, reference = as_shown(value, places), as_shown(reference, places)
    gap = worse_by(value, reference, polarity)
    if gap <= 0 or math.isclose(gap, 0, abs_tol=1e-12):
        return "green"
    allowed = tolerance.amount / 100 * abs(reference) if tolerance.relative else tolerance.amount
    return "amber" if gap <= allowed or math.isclose(gap, allowed) else "red"


def direction(
    value: float | None, previous: float | None, polarity: str, places: int
) -> str | None:
    """Return improving / same / worsening (higher / same / lower for polarity none), judged
    on the figures as shown to `places` decimals: 64.3 after 64.3 is the same, whatever the
    unrounded figures were, since a reader sees no change."""
    if is_missing(value) or is_missing(previous):
        return None
    assert value is not None and previous is not None
    value, previous = as_shown(value, places), as_shown(previous, places)
    if value == previous:
        return "same"
    if polarity == "none":
        return "higher" if value > previous else "lower"
    return "worsening" if worse_by(value, previous, polarity) > 0 else "improving"


def gap_trend(
    value: float | None,
    national: float | None,
    value_then: float | None,
    national_then: float | None,
    polarity: str,
) -> str | None:
    """Return whether the gap to England is improving, the same or deteriorating over the year."""
    numbers = (value, national, value_then, national_then)
    if polarity == "none" or any(is_missing(n) for n in numbers):
        return None
    assert value is not None and national is not None
    assert value_then is not None and national_then is not None
    now = worse_by(value, national, polarity)
    then = worse_by(value_then, national_then, polarity)
    if math.isclose(now, then, abs_tol=1e-9):
        return "same"
    return "improving" if now < then else "deteriorating"


def dtcg_rating(kind: str, t: str | None, d: str | None, g: str | None) -> str | None:
    """Return Durham's overall rating (2023/24 key) from T, or from D and G for trackers.

    A target indicator takes T. A tracker is green when D meets or exceeds the year before
    and G is improving, red when D is worse and G deteriorating, amber when either is worse.
    The key is silent when D holds and the gap is unchanged: that is amber here (not every
    sign is good), and the pack's key says so.
    """
    if kind == "target":
        return t
    if d is None or g is None:
        return None
    d_worse, g_worse = d != "green", g == "deteriorating"
    if d_worse and g_worse:
        return "red"
    if not d_worse and g == "improving":
        return "green"
    return "amber"


def quartile_cut_points(values: Sequence[float]) -> tuple[float, float, float]:
    """Return the 25th, 50th and 75th percentiles by linear interpolation (R's and LAIT's default)."""
    p25, p50, p75 = statistics.quantiles(values, n=4, method="inclusive")
    return p25, p50, p75


def quartile_of(value: float, cuts: tuple[float, float, float], polarity: str) -> int | None:
    """Return the quartile, 1 the best quarter for the polarity, banded as LAIT bands values.

    LAIT's bands run A (lowest) to D: A up to and including the 25th percentile, B to the
    50th, C to the 75th, D above. High polarity makes D quartile 1; low makes A quartile 1.
    """
    if polarity == "none" or is_missing(value):
        return None
    p25, p50, p75 = cuts
    band = 1 if value <= p25 else 2 if value <= p50 else 3 if value <= p75 else 4
    return 5 - band if polarity == "high" else band


def quartile_rating(
    quartile: int | None,
    trend: str | None,
    value: float | None = None,
    cuts: tuple[float, float, float] | None = None,
    polarity: str = "high",
) -> str | None:
    """Return the scorecard's rating: Q1 green, Q4 red, Q2 and Q3 amber, with two exceptions.

    The better half of Q2 with an improving trend is green; the worse half of Q3 with a
    worsening trend is red. The halves need the cut points, so without them Q2 and Q3 stay
    amber.
    """
    if quartile is None:
        return None
    if quartile in (1, 4):
        return "green" if quartile == 1 else "red"
    if cuts is None or is_missing(value) or polarity == "none":
        return "amber"
    assert value is not None
    p25, p50, p75 = cuts
    if quartile == 2 and trend == "improving":
        upper_half = value > (p50 + p75) / 2 if polarity == "high" else value <= (p25 + p50) / 2
        return "green" if upper_half else "amber"
    if quartile == 3 and trend == "worsening":
        lower_half = value <= (p25 + p50) / 2 if polarity == "high" else value > (p50 + p75) / 2
        return "red" if lower_half else "amber"
    return "amber"


def threshold_rating(
    value: float | None, red: float | None, green: float | None, polarity: str
) -> str | None:
    """Return green at or beyond the green threshold, red at or beyond the red, amber between."""
    if polarity == "none" or is_missing(value) or is_missing(red) or is_missing(green):
        return None
    assert value is not None and red is not None and green is not None
    sign = 1 if polarity == "high" else -1
    if sign * value >= sign * green:
        return "green"
    if sign * value <= sign * red:
        return "red"
    return "amber"


def wilson_interval(numerator: float, denominator: float, z: float) -> tuple[float, float]:
    """Return the Wilson score interval of a proportion, as a share (0 to 1)."""
    p = numerator / denominator
    centre = 2 * numerator + z * z
    spread = z * math.sqrt(z * z + 4 * numerator * (1 - p))
    scale = 2 * (denominator + z * z)
    return (centre - spread) / scale, (centre + spread) / scale


def poisson_count_interval(count: float, z: float) -> tuple[float, float]:
    """Return confidence limits of an observed count: exact Poisson below 10, else Byar's method."""
    if count < 10:
        return _exact_poisson_interval(round(count), z)
    lower = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    upper_count = count + 1
    upper = upper_count * (1 - 1 / (9 * upper_count) + z / (3 * math.sqrt(upper_count))) ** 3
    return lower, upper


def _poisson_cdf(k: int, mean: float) -> float:
    """Return P(X <= k) for a Poisson variable with the given mean."""
    if k < 0:
        return 0.0
    term = total = math.exp(-mean)
    for i in range(1, k + 1):
        term *= mean / i
        total += term
    return total


def _solve_decreasing(function: Callable[[float], float], target: float, high: float) -> float:
    """Return x in [0, high] where a decreasing function of x equals `target` (bisection)."""
    low = 0.0
    for _ in range(200):
        middle = (low + high) / 2
        if function(middle) > target:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _exact_poisson_interval(count: int, z: float) -> tuple[float, float]:
    tail = 1 - statistics.NormalDist().cdf(z)  # each side's share of what the interval leaves out
    ceiling = count + 20 + 10 * z * math.sqrt(count + 1)
    upper = _solve_decreasing(lambda m: _poisson_cdf(count, m), tail, ceiling)
    if count == 0:
        return 0.0, upper
    lower = _solve_decreasing(lambda m: _poisson_cdf(count - 1, m), 1 - tail, ceiling)
    return lower, upper


def confidence_interval(
    unit: str, numerator: float, denominator: float, confidence: float
) -> tuple[float, float] | None:
    """Return the interval of a percentage (Wilson) or a rate (Byar / exact Poisson), in `unit`."""
    scale = UNIT_SCALE.get(unit)
    if scale is None or is_missing(numerator) or is_missing(denominator) or denominator <= 0:
        return None
    z = Z_SCORES[confidence]
    if unit == "percent":
        lower, upper = wilson_interval(numerator, denominator, z)
        return lower * 100, upper * 100
    lower, upper = poisson_count_interval(numerator, z)
    return lower / denominator * scale, upper / denominator * scale


def significance(lower: float | None, upper: float | None, reference: float | None) -> str | None:
    """Return higher / similar / lower: where the interval lies against the reference value."""
    if is_missing(lower) or is_missing(upper) or is_missing(reference):
        return None
    assert lower is not None and upper is not None and reference is not None
    if lower > reference:
        return "higher"
    if upper < reference:
        return "lower"
    return "similar"


def significance_rating(compared: str | None, polarity: str) -> str | None:
    """Return green when significantly better than the reference, amber similar, red worse."""
    if compared is None or polarity == "none":
        return None
    if compared == "similar":
        return "amber"
    better = "higher" if polarity == "high" else "lower"
    return "green" if compared == better else "red"
