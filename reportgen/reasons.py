"""Why each rating is what it is, in words: decided once, for the computed table and the pack.

"Red: 23.2% is 2.7% worse than 12 months earlier (22.6%), beyond the 2% tolerance." A figure
that is not rated says why not ("Not rated: the figure is suppressed").
"""

from __future__ import annotations

import math

from reportgen import ratings
from reportgen.compute import ComputedRow
from reportgen.config import Config
from reportgen.formatting import as_shown, format_number, format_value, shown_places
from reportgen.options import Tolerance
from reportgen.theme import RAG
from reportgen.wording import figure_text

REFERENCE_NAMES = {"target": "the target", "year_ago": "12 months earlier"}
QUARTERS = {
    1: "the best quarter",
    2: "the second quarter",
    3: "the third quarter",
    4: "the worst quarter",
}


def rating_reason(row: ComputedRow, config: Config) -> str:
    """Return a rating and why, or why a figure is not rated."""
    if row.rating is None:
        return f"Not rated: {_not_rated(row, config.national_name)}."
    return f"{RAG[row.rating].word}: {_why(row, config)}."


def _not_rated(row: ComputedRow, national: str) -> str:
    """Return what a rating would need that the figure lacks."""
    indicator = row.indicator
    if row.latest.missing or ratings.is_missing(row.latest.value):
        return "there is no figure for the period (it is suppressed or not available)"
    if indicator.polarity == "none":
        return "neither higher nor lower is better"
    if row.scheme in ("tolerance", "dtcg") and indicator.kind == "target":
        return "there is no target for the period"
    if row.scheme == "tolerance" or (row.scheme == "dtcg" and row.year_ago is None):
        return "there is no figure 12 months earlier to compare with"
    if row.scheme == "dtcg":
        return f"there is no {national} figure, then and now, to measure the gap against"
    if row.scheme == "quartile":
        return "its quartile among local authorities is not known"
    return f"there is no confidence interval, or no {national} figure, to test it against"


def _why(row: ComputedRow, config: Config) -> str:
    """Return what the row's rating rests on."""
    indicator, tolerance = row.indicator, row.tolerance
    if row.scheme == "tolerance":
        return _against(row, "target" if indicator.kind == "target" else "year_ago", tolerance)
    if row.scheme == "dtcg":
        if indicator.kind == "target":
            return _against(row, "target", tolerance)
        return _trend_and_gap(row, config.national_name)
    if row.scheme == "quartile":
        return _quartile(row)
    if row.scheme == "threshold":
        return _threshold(row)
    return _significance(row, config)


def _latest(row: ComputedRow) -> str:
    return figure_text(row.indicator, row.latest)


def _format(row: ComputedRow, value: float) -> str:
    return format_value(value, row.indicator.unit, row.indicator.decimals)


def _against(row: ComputedRow, reference: str, tolerance: Tolerance) -> str:
    """Return "23.2% is 2.7% worse than 12 months earlier (22.6%), beyond the 2% tolerance"
    (worse by an amount in the indicator's units where the reference is 0, of which no share
    can be taken)."""
    value, other = row.latest.value, row.reference(reference)
    assert other is not None
    places = shown_places(row.indicator.unit, row.indicator.decimals)
    value, other = as_shown(value, places), as_shown(other, places)  # as the rating judged
    shown, name = _latest(row), REFERENCE_NAMES[reference]
    gap = ratings.worse_by(value, other, row.indicator.polarity)
    compared = f"{name} ({_format(row, other)})"
    if row.rating == "green":
        same = math.isclose(gap, 0, abs_tol=1e-12)
        return f"{shown} is {'the same as' if same else 'better than'} {compared}"
    if tolerance.relative and other != 0:
        amount = f"{format_number(abs(gap) / abs(other) * 100, 1)}%"
    else:  # a share of nothing has no meaning: the gap in the indicator's units
        amount = _difference(row, gap)
    within = "within" if row.rating == "amber" else "beyond"
    return f"{shown} is {amount} worse than {compared}, {within} the {_tolerance(row, tolerance)} tolerance"


def _tolerance(row: ComputedRow, tolerance: Tolerance) -> str:
    if tolerance.relative:
        return f"{tolerance.amount:g}%"
    return _difference(row, tolerance.amount)


def _difference(row: ComputedRow, amount: float) -> str:
    """Return an absolute difference in the indicator's units: "0.6 percentage points"."""
    text = _format(row, abs(amount)).rstrip("%")
    return f"{text} percentage points" if row.indicator.unit == "percent" else text


def _trend_and_gap(row: ComputedRow, national: str) -> str:
    d = "no worse than" if row.vs.get("year_ago") == "green" else "worse than"
    year_ago = row.reference("year_ago")
    then = f" ({_format(row, year_ago)})" if year_ago is not None else ""
    gap = {"improving": "narrowing", "same": "unchanged", "deteriorating": "widening"}
    return (
        f"{_latest(row)} is {d} 12 months earlier{then} (D), and the gap to {national} is "
        f"{gap.get(row.gap or '', 'unknown')} (G)"
    )


def _quartile(row: ComputedRow) -> str:
    quartile = row.quartile
    assert quartile is not None
    where = f"{_latest(row)} is in quartile {quartile}, {QUARTERS[quartile]} of local authorities"
    if quartile in (1, 4):
        return where
    if row.rating == "green":
        return f"{where}, in its better half and improving"
    if row.rating == "red":
        return f"{where}, in its worse half and worsening"
    return where


def _threshold(row: ComputedRow) -> str:
    indicator, shown = row.indicator, _latest(row)
    red, green = indicator.red_threshold, indicator.green_threshold
    assert red is not None and green is not None
    if row.rating == "green":
        return f"{shown} is at or better than the green threshold ({_format(row, green)})"
    if row.rating == "red":
        return f"{shown} is at or worse than the red threshold ({_format(row, red)})"
    return (
        f"{shown} is between the red ({_format(row, red)}) and green ({_format(row, green)}) "
        "thresholds"
    )


def _significance(row: ComputedRow, config: Config) -> str:
    national = row.reference("national")
    assert national is not None
    word = {"higher": "significantly higher than", "lower": "significantly lower than"}.get(
        row.significance or "", "not significantly different from"
    )
    better = "higher" if row.indicator.polarity == "high" else "lower"
    return (
        f"{_latest(row)} is {word} {config.national_name} ({_format(row, national)}) at "
        f"{config.rating.confidence:g}% confidence; {better} is better"
    )
