"""Year to date: a financial year's figures so far, as the data gives them or derived from
the year's months (counts summed; percentages and rates from summed numerators and
denominators, rates annualised)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from reportgen import ratings
from reportgen.periods import months_spanned, period_label

if TYPE_CHECKING:
    from reportgen.compute import Figure
    from reportgen.tables import Indicator

YEAR_START_MONTH = 4  # English councils' financial year starts on 1 April


def year_start(day: date) -> date:
    """Return the first day of the financial year holding `day`."""
    year = day.year if day.month >= YEAR_START_MONTH else day.year - 1
    return date(year, YEAR_START_MONTH, 1)


def is_year_to_date(start: date | None, end: date) -> bool:
    """Return whether a period runs from its financial year's start through more than a month."""
    return start == year_start(end) and months_spanned(start, end) > 1


def is_monthly(figure: Figure) -> bool:
    """Return whether a figure counts one calendar month."""
    start = figure.period_start
    return start is not None and months_spanned(start, figure.period_end) == 1


def split_given(figures: tuple[Figure, ...]) -> tuple[tuple[Figure, ...], dict[date, Figure]]:
    """Return an area's series without the years to date given beside its monthly figures,
    and those years to date by their period end. A series that is not mostly monthly (a
    quarterly year-to-date count) is left whole: its figures are the series."""
    if 2 * sum(is_monthly(f) for f in figures) <= len(figures):
        return figures, {}
    given = {f.period_end: f for f in figures if is_year_to_date(f.period_start, f.period_end)}
    return tuple(f for f in figures if f.period_end not in given or is_monthly(f)), given


def derived(
    indicator: Indicator, months: Sequence[Figure], end: date, annualise_counts: bool
) -> Figure | None:
    """Return the year to date at `end` from the year's monthly figures, or None unless the
    indicator counts events in a month (a flow) and every month so far has a figure."""
    start = year_start(end)
    count = months_spanned(start, end)
    found = [f for f in months if is_monthly(f) and start <= f.period_end <= end]
    if indicator.measure != "flow" or len(found) != count:
        return None
    if any(f.missing or ratings.is_missing(f.value) for f in found):
        return None
    is_rate = indicator.unit in ratings.ANNUALISED_UNITS and indicator.unit != "count"
    numerator = math.fsum(f.numerator for f in found)
    denominator = math.fsum(f.denominator for f in found)
    if indicator.unit == "count":
        value = math.fsum(as_counted(f) for f in found)
        numerator = denominator = math.nan
        annualise = annualise_counts
    elif indicator.unit in ratings.UNIT_SCALE and not math.isnan(numerator + denominator):
        value = ratings.derived_value(indicator.unit, numerator, denominator)
        if is_rate:  # each month's denominator is a month's population: the summed rate is a
            value = ratings.annualised(value, 1)  # month's, so it is annualised as one
        annualise = False
    else:
        return None
    return replace(
        found[-1],
        value=ratings.annualised(value, count) if annualise and count < 12 else value,
        period_start=start,
        label=period_label(end, start),
        numerator=numerator,
        denominator=denominator,
        target=math.nan,
        lower_ci=math.nan,
        upper_ci=math.nan,
        quartile=None,
        annualised=(annualise or is_rate) and count < 12,
        basis=f"derived from {count} months",
        source="",  # made from the months, not taken from a row
        row=0,
        release=None,
    )


def as_counted(figure: Figure) -> float:
    """Return a figure as counted over its own period, undoing its annualising (x 12 / months)."""
    if not figure.annualised or figure.period_start is None:
        return figure.value
    return figure.value * months_spanned(figure.period_start, figure.period_end) / 12
