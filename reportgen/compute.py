"""Observations -> the computed indicator table: latest figure, its references and ratings."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportgen.config import Config
from reportgen.periods import period_label, shift_months
from reportgen.ratings import derived_value, rating_vs_reference
from reportgen.tables import Indicator
from reportgen.validate import Dataset


@dataclass(frozen=True)
class Figure:
    """One observation as the pack uses it: a number (or the code that replaces it) and its period."""

    value: float
    period_end: date
    label: str
    period_start: date | None = None
    missing: str = ""
    target: float = math.nan


@dataclass(frozen=True)
class ComputedIndicator:
    """An indicator's latest home figure with everything it is compared against, and its ratings."""

    indicator: Indicator
    latest: Figure | None
    previous: Figure | None
    year_ago: Figure | None
    comparators: dict[str, Figure]
    rating_vs_target: str | None
    rating_vs_year_ago: str | None
    rating: str | None


@dataclass(frozen=True)
class Computed:
    """The computed table, and every area's figures by indicator for charts."""

    indicators: tuple[ComputedIndicator, ...]
    series: dict[tuple[str, str], tuple[Figure, ...]]  # (indicator id, area) -> figures by date


def compute(config: Config, dataset: Dataset) -> Computed:
    """Return each indicator's latest figure at the report period, compared and rated."""
    series = _series_by_indicator_and_area(dataset)
    return Computed(
        indicators=tuple(
            _compute_indicator(config, indicator, series) for indicator in dataset.indicators
        ),
        series=series,
    )


def _series_by_indicator_and_area(dataset: Dataset) -> dict[tuple[str, str], tuple[Figure, ...]]:
    units = {ind.id: ind.unit for ind in dataset.indicators}
    frame = dataset.observations.sort_values("period_end")
    return {
        (str(key[0]), str(key[1])): tuple(
            _figure(r, units[str(key[0])]) for r in group.itertuples()
        )
        for key, group in frame.groupby(["indicator", "area"], sort=False)
    }


def _figure(record: Any, unit: str) -> Figure:
    value = record.value
    if math.isnan(value) and not record.missing:
        value = derived_value(unit, record.numerator, record.denominator)
    return Figure(
        value=value,
        period_end=record.period_end,
        period_start=record.period_start,
        label=record.period_label or period_label(record.period_end, record.period_start),
        missing=record.missing,
        target=record.target,
    )


def _latest_on_or_before(figures: tuple[Figure, ...], day: date) -> Figure | None:
    eligible = [f for f in figures if f.period_end <= day]
    return eligible[-1] if eligible else None


def _compute_indicator(
    config: Config, indicator: Indicator, series: dict[tuple[str, str], tuple[Figure, ...]]
) -> ComputedIndicator:
    home = series.get((indicator.id, config.area), ())
    latest = _latest_on_or_before(home, config.period_end)
    earlier = [f for f in home if latest and f.period_end < latest.period_end]
    previous = earlier[-1] if earlier else None
    year_ago = None
    if latest is not None:
        a_year_before = shift_months(latest.period_end, -12)
        year_ago = next((f for f in home if f.period_end == a_year_before), None)
    comparators = {}
    for role, area in config.comparators.items():
        found = _latest_on_or_before(
            series.get((indicator.id, area), ()), latest.period_end if latest else config.period_end
        )
        if found is not None:
            comparators[role] = found
    tolerance = indicator.tolerance or config.rating.tolerance
    value = latest.value if latest else None
    vs_target = rating_vs_reference(
        value, latest.target if latest else None, indicator.polarity, tolerance
    )
    vs_year_ago = rating_vs_reference(
        value, year_ago.value if year_ago else None, indicator.polarity, tolerance
    )
    return ComputedIndicator(
        indicator=indicator,
        latest=latest,
        previous=previous,
        year_ago=year_ago,
        comparators=comparators,
        rating_vs_target=vs_target,
        rating_vs_year_ago=vs_year_ago,
        # Placeholder overall rule until the full schemes arrive: targets against their
        # target, trackers against the same point a year earlier (Durham's 2016/17 key).
        rating=vs_target if indicator.kind == "target" else vs_year_ago,
    )
