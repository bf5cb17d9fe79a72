"""Observations -> the computed indicator table: each area's latest figure, its references,
comparisons and ratings under the council's scheme. Numbers only; wording is the build
stage's job.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any

from reportgen import ratings, year_to_date
from reportgen.config import Config
from reportgen.formatting import as_shown, shown_places
from reportgen.options import RatingConfig, Suppression, Tolerance
from reportgen.periods import months_spanned, period_label, shift_months
from reportgen.suppression import is_small, secondary
from reportgen.tables import Indicator, records
from reportgen.validate import Dataset

# Quartiles rank "all local authorities": a region or a neighbour group is not a national
# ranking, so fewer LA figures than this fall back to the observations' quartile column.
MIN_AREAS_FOR_QUARTILES = 100
REFERENCES = ("target", "previous", "year_ago", "national", "regional", "neighbours")

Series = dict[tuple[str, str], tuple["Figure", ...]]
YearsToDate = dict[tuple[str, str], dict[date, "Figure"]]  # given in the data, by period end
Cuts = tuple[float, float, float]


@dataclass(frozen=True)
class Figure:
    """One observation as the pack uses it: its value (derived and annualised where the
    contract says), or the suppression code that replaces it, and its period."""

    value: float
    period_end: date
    label: str
    period_start: date | None = None
    missing: str = ""
    target: float = math.nan
    numerator: float = math.nan
    denominator: float = math.nan
    lower_ci: float = math.nan
    upper_ci: float = math.nan
    quartile: int | None = None
    annualised: bool = False
    basis: str = ""  # how a computed figure was made, e.g. "mean of 10 neighbours"
    area: str = ""  # whose figure it is (a best neighbour's name)
    # Where it came from: the published file and row an import took it from, else the row of
    # the observations table (0 for a figure computed from others); and the release.
    source: str = ""
    row: int = 0
    release: int | None = None


@dataclass(frozen=True)
class ComputedRow:
    """An indicator's latest figure for one area, what it is compared with, and its ratings."""

    indicator: Indicator
    area: str
    scheme: str
    latest: Figure
    # How far worse than its reference the figure may be and stay amber: the indicator's own,
    # else the report's, decided here once for the ratings, the reasons and the key.
    tolerance: Tolerance = field(default_factory=lambda: RatingConfig().tolerance)
    previous: Figure | None = None
    year_ago: Figure | None = None
    ytd: Figure | None = None  # the financial year to date, given or derived
    previous_ytd: Figure | None = None  # the same months a year earlier
    # Each benchmark with its own period: national, regional, neighbours (their mean),
    # best_neighbour (the neighbour best for the polarity) and top_quartile (the cut point
    # into the best quarter of local authorities).
    comparators: dict[str, Figure] = field(default_factory=dict)
    vs: dict[str, str | None] = field(default_factory=dict)  # reference -> tolerance rating
    direction: str | None = None  # against the previous figure
    gap: str | None = None  # the gap to England over the year (Durham's G)
    quartile: int | None = None
    significance: str | None = None  # against England: higher / similar / lower
    rating: str | None = None

    def reference(self, name: str) -> float | None:
        """Return the value of a reference (target, previous, year_ago or a comparator role)."""
        if name == "target":
            return self.latest.target
        found = {"previous": self.previous, "year_ago": self.year_ago}.get(name)
        found = found or self.comparators.get(name)
        return None if found is None else found.value


@dataclass(frozen=True)
class Computed:
    """Every indicator's rows (one per area with data), and every area's figures for charts."""

    indicators: tuple[Indicator, ...]
    rows: tuple[ComputedRow, ...]
    series: Series
    # Neighbour groups' members and the councils' regions count each council once: those of
    # the report's period, without joint returns or councils that had ended by then.
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)  # neighbour group members
    part_of: dict[str, str] = field(default_factory=dict)  # locality -> its local authority
    regions: dict[str, str] = field(default_factory=dict)  # council -> its region
    observations: str = "observations.csv"  # the table figures' rows are numbered in

    def in_region(self, region: str) -> tuple[str, ...]:
        """Return the councils of a region at the report's period, in the areas table's order."""
        return tuple(name for name, found in self.regions.items() if found == region)

    def row(self, indicator_id: str, area: str) -> ComputedRow | None:
        """Return the computed row of an indicator for an area, if the area has a figure."""
        return self._by_key.get((indicator_id, area))

    @cached_property
    def _by_key(self) -> dict[tuple[str, str], ComputedRow]:
        # Looked up once per row and column of every part: searching the rows took time in
        # the square of the indicators.
        found: dict[tuple[str, str], ComputedRow] = {}
        for row in self.rows:
            found.setdefault((row.indicator.id, row.area), row)  # the first, as a search finds
        return found

    def localities(self, area: str) -> tuple[str, ...]:
        """Return the localities that are part of an area, in the areas table's order."""
        return tuple(name for name, whole in self.part_of.items() if whole == area)


@dataclass(frozen=True)
class Published:
    """Every area's figures as the pack may show them, whichever area the pack is for: what a
    batch of packs for several councils computes once."""

    raw: Series  # as given, without the years to date given beside monthly figures
    given: YearsToDate  # those years to date
    series: Series  # with small numbers hidden, for a public pack


def published(config: Config, dataset: Dataset) -> Published:
    """Return every area's figures, with small numbers hidden if the pack is public."""
    rules = config.suppression if config.audience == "public" else None
    every = _with_whole_targets(_series(dataset, config.annualise_counts), _part_of(dataset))
    raw, given = _split_years_to_date(every)
    # Public packs hide small numbers before anything is compared, charted or worded.
    return Published(raw, given, _for_publication(raw, dataset, rules) if rules else raw)


def compute(config: Config, dataset: Dataset, figures: Published | None = None) -> Computed:
    """Return each area's latest figure for each indicator at the report period, rated (from
    `figures`, if given, which must be `published(config, dataset)`)."""
    groups = _neighbour_groups(dataset, config.period_end)
    rules = config.suppression if config.audience == "public" else None
    figures = figures or published(config, dataset)
    compared = {
        name: members for name, members in groups.items() if name in config.comparators.values()
    }
    # The one rule for "the figure for this period": nothing dated after the period reaches a
    # part, so every part shows the latest on or before it, and a rebuilt archive is unchanged.
    shown = _up_to(figures.series, config.period_end)
    # A group is then like an area (a new dict, as `figures` may serve other packs).
    series = shown | _group_means(shown, compared, dataset.indicators)
    months = _Months(figures.raw, figures.given, rules, config.annualise_counts)
    context = _Context(config, dataset, series, months)
    areas = _areas_with_data(series)
    rows = tuple(
        row
        for indicator in dataset.indicators
        for area in areas.get(indicator.id, ())
        if (row := context.row(indicator, area)) is not None
    )
    return Computed(
        dataset.indicators,
        rows,
        series,
        groups,
        _part_of(dataset),
        _regions(dataset, config.period_end),
        dataset.observations_label,
    )


def _up_to(series: Series, day: date) -> Series:
    """Return the series without figures dated after `day` (and without series left empty)."""
    kept = {
        key: tuple(f for f in figures if f.period_end <= day) for key, figures in series.items()
    }
    return {key: figures for key, figures in kept.items() if figures}


def _neighbour_groups(dataset: Dataset, day: date) -> dict[str, tuple[str, ...]]:
    """Return each neighbour group's members that stand for themselves at `day` (a joint
    return, or a council ended by then, is no neighbour)."""
    groups: dict[str, list[str]] = {}
    for area in dataset.areas:
        if not area.counts_at(day):
            continue
        for group in area.groups:
            groups.setdefault(group, []).append(area.name)
    return {name: tuple(members) for name, members in groups.items()}


def _group_means(
    series: Series, groups: dict[str, tuple[str, ...]], indicators: tuple[Indicator, ...]
) -> Series:
    """Return each neighbour group's mean figure per period, for periods where at least half
    of its members have a figure (so one early publisher does not stand for the group)."""
    means: Series = {}
    for group, members in groups.items():
        for indicator in indicators:
            by_period: dict[date, list[Figure]] = {}
            for member in members:
                for f in series.get((indicator.id, member), ()):
                    if not ratings.is_missing(f.value):
                        by_period.setdefault(f.period_end, []).append(f)
            figures = tuple(
                Figure(
                    value=statistics.fmean(f.value for f in found),
                    period_end=day,
                    label=found[0].label,
                    period_start=found[0].period_start,
                    basis=f"mean of {len(found)} of {len(members)} neighbours",
                )
                for day, found in sorted(by_period.items())
                if 2 * len(found) >= len(members)
            )
            if figures:
                means[(indicator.id, group)] = figures
    return means


def _areas_with_data(series: Series) -> dict[str, list[str]]:
    """Return each indicator's areas with figures, in the series' order."""
    areas: dict[str, list[str]] = {}
    for ident, area in series:
        areas.setdefault(ident, []).append(area)
    return areas


def _series(dataset: Dataset, annualise_counts: bool) -> Series:
    by_id = {ind.id: ind for ind in dataset.indicators}
    frame = dataset.observations.sort_values("period_end", kind="stable")
    grouped: dict[tuple[str, str], list[Figure]] = {}
    for record in records(frame):  # one pass: a pandas groupby costs more for small groups
        figure = _figure(record, by_id[record.indicator], annualise_counts)
        grouped.setdefault((record.indicator, record.area), []).append(figure)
    return {key: tuple(figures) for key, figures in grouped.items()}


def _with_whole_targets(series: Series, part_of: dict[str, str]) -> Series:
    """Return the series with each locality's figure given its local authority's target for
    the same period where it has none of its own: a county's target is its localities' too,
    so they are rated and worded as the county is."""
    found = dict(series)
    for (ident, area), figures in series.items():
        whole = series.get((ident, part_of.get(area, "")), ())
        targets = {_period_key(f): f.target for f in whole if not ratings.is_missing(f.target)}
        if targets:
            found[(ident, area)] = tuple(
                replace(f, target=targets[_period_key(f)])
                if ratings.is_missing(f.target) and _period_key(f) in targets
                else f
                for f in figures
            )
    return found


def _period_key(figure: Figure) -> tuple[date, bool]:
    """Return what makes a figure's period: its end, and whether it is a year to date (which
    may end on the day a month does)."""
    return figure.period_end, year_to_date.is_year_to_date(figure.period_start, figure.period_end)


def _split_years_to_date(series: Series) -> tuple[Series, YearsToDate]:
    """Return the series without the years to date given beside monthly figures, and those."""
    split = {key: year_to_date.split_given(figures) for key, figures in series.items()}
    given = {key: found for key, (_, found) in split.items() if found}
    return {key: figures for key, (figures, _) in split.items()}, given


def _for_publication(series: Series, dataset: Dataset, rules: Suppression) -> Series:
    """Return the series with every small number hidden, and what would reveal one."""
    by_id = {ind.id: ind for ind in dataset.indicators}
    hidden = {
        key: tuple(_hidden_if_small(f, by_id[key[0]], rules) for f in figures)
        for key, figures in series.items()
    }
    part_of = _part_of(dataset)
    return _hide_recoverable(hidden, _distributions(hidden, dataset.indicators, part_of), rules)


def _part_of(dataset: Dataset) -> dict[str, str]:
    """Return each locality's local authority, in the areas table's order."""
    return {a.name: a.part_of for a in dataset.areas if a.type == "locality"}


def _regions(dataset: Dataset, day: date) -> dict[str, str]:
    """Return the region of each council at `day`, in the areas table's order."""
    return {a.name: a.region for a in dataset.areas if a.is_council_at(day) and a.region}


def _hidden_if_small(figure: Figure, indicator: Indicator, rules: Suppression) -> Figure:
    """Return the figure, or its suppressed form when it could identify a child (judged on
    the count as counted, before annualising)."""
    value = year_to_date.as_counted(figure) if indicator.unit == "count" else figure.value
    small = is_small(rules, indicator.unit, value, figure.numerator, figure.denominator)
    return _suppressed(figure, rules) if small else figure


def _figure(record: Any, indicator: Indicator, annualise_counts: bool) -> Figure:
    value = record.value
    if math.isnan(value) and not record.missing:
        value = ratings.derived_value(indicator.unit, record.numerator, record.denominator)
    label = record.period_label or period_label(record.period_end, record.period_start)
    figure = Figure(
        value=value,
        period_end=record.period_end,
        label=label,
        period_start=record.period_start,
        missing=record.missing,
        target=record.target,
        numerator=record.numerator,
        denominator=record.denominator,
        lower_ci=record.lower_ci,
        upper_ci=record.upper_ci,
        quartile=record.quartile,
        area=record.area,
        source=record.source,
        row=record.row,
        release=_year(record.release),
    )
    months = months_spanned(record.period_start, record.period_end) if record.period_start else 12
    annualises = indicator.unit in ratings.ANNUALISED_UNITS and (
        annualise_counts or indicator.unit != "count"
    )
    if indicator.measure == "flow" and annualises and months < 12:
        factor = 12 / months
        figure = replace(
            figure,
            value=ratings.annualised(value, months),
            annualised=True,
            lower_ci=figure.lower_ci * factor,
            upper_ci=figure.upper_ci * factor,
        )
    return figure


def _year(release: Any) -> int | None:
    """Return a release's year (the frame holds it as a number, or as None or NaN)."""
    return None if release is None or release != release else int(release)


def _suppressed(figure: Figure, rules: Suppression) -> Figure:
    """Return a figure hidden for publication: only its period and the symbol remain."""
    return Figure(
        value=math.nan,
        period_end=figure.period_end,
        period_start=figure.period_start,
        label=figure.label,
        missing=rules.symbol,
        target=figure.target,
        basis=figure.basis,
        area=figure.area,
        source=figure.source,
        row=figure.row,
        release=figure.release,
    )


def _distributions(
    series: Series, indicators: tuple[Indicator, ...], part_of: dict[str, str]
) -> list[list[tuple[str, str]]]:
    """Return the sets of series whose figures add up to a total the pack may show: the
    categories of a group within one area, and the localities of one LA for one indicator."""
    groups: dict[str, list[str]] = {}
    for indicator in indicators:
        if indicator.group:
            groups.setdefault(indicator.group, []).append(indicator.id)
    areas = sorted({area for _, area in series})
    found = [[(ident, area) for ident in members] for members in groups.values() for area in areas]
    localities: dict[str, list[str]] = {}
    for locality, whole in part_of.items():
        localities.setdefault(whole, []).append(locality)
    found += [
        [(indicator.id, locality) for locality in members]
        for members in localities.values()
        for indicator in indicators
    ]
    return found


def _hide_recoverable(
    series: Series, distributions: list[list[tuple[str, str]]], rules: Suppression
) -> Series:
    """Return the series with secondary suppression: where one member of a distribution is
    hidden in a period, the next smallest is hidden too, so the total cannot give it away."""
    hidden = dict(series)
    for members in distributions:
        by_period: dict[date, dict[tuple[str, str], Figure]] = {}
        for key in members:
            for f in hidden.get(key, ()):
                by_period.setdefault(f.period_end, {})[key] = f
        for found in by_period.values():
            shares = {key: (f.value, f.missing == rules.symbol) for key, f in found.items()}
            for key in secondary(shares):
                figure = found[key]
                hidden[key] = tuple(
                    _suppressed(f, rules) if f is figure else f for f in hidden[key]
                )
    return hidden


def _shown(indicator: Indicator) -> Callable[[float], float]:
    """Return how the indicator's figures are shown, as numbers: what every comparison judges,
    so that figures shown alike are never rated or called better or worse than each other."""
    places = shown_places(indicator.unit, indicator.decimals)
    return lambda value: value if math.isnan(value) else as_shown(value, places)


def _latest_on_or_before(figures: tuple[Figure, ...], day: date) -> Figure | None:
    eligible = [f for f in figures if f.period_end <= day]
    return eligible[-1] if eligible else None


@dataclass(frozen=True)
class _Months:
    """What a year to date is made from: every figure before suppression, the years to date
    the data gives, and the suppression rules of a public pack."""

    raw: Series
    given: YearsToDate
    rules: Suppression | None
    annualise_counts: bool

    def year_to_date(
        self, indicator: Indicator, area: str, end: date, shown: tuple[Figure, ...]
    ) -> Figure | None:
        """Return the year to date at `end`: as given, else derived from the raw months. In
        a public pack it is hidden if small, or if a month it sums is hidden (the difference
        would give that month away)."""
        key = (indicator.id, area)
        found = self.given.get(key, {}).get(end) or year_to_date.derived(
            indicator, self.raw.get(key, ()), end, self.annualise_counts
        )
        if found is None or self.rules is None:
            return found
        start = year_to_date.year_start(end)
        hides_a_month = any(
            f.missing and start <= f.period_end <= end and year_to_date.is_monthly(f) for f in shown
        )
        if hides_a_month and not found.missing:
            return _suppressed(found, self.rules)
        return _hidden_if_small(found, indicator, self.rules)


class _Context:
    """What every row is computed against: the config, every area's figures, the LAs."""

    def __init__(self, config: Config, dataset: Dataset, series: Series, months: _Months) -> None:
        self.config, self.series, self.months = config, series, months
        # Every LA that may be a council in some period; each figure counts if its area was
        # a council then (a joint return never, a former council up to its end).
        self.local_authorities = [a for a in dataset.areas if a.type == "la"]
        self.neighbours = _neighbour_groups(dataset, config.period_end).get(
            config.comparators.get("neighbours", ""), ()
        )
        self._cuts: dict[tuple[str, date], Cuts | None] = {}
        self._la_values: dict[str, dict[date, list[float]]] = {}

    def row(self, indicator: Indicator, area: str) -> ComputedRow | None:
        figures = self.series[(indicator.id, area)]
        latest = _latest_on_or_before(figures, self.config.period_end)
        if latest is None:
            return None
        earlier = [f for f in figures if f.period_end < latest.period_end]
        a_year_before = shift_months(latest.period_end, -12)
        row = ComputedRow(
            indicator=indicator,
            area=area,
            scheme=indicator.scheme or self.config.rating.scheme,
            latest=latest,
            tolerance=indicator.tolerance or self.config.rating.tolerance,
            previous=earlier[-1] if earlier else None,
            year_ago=next((f for f in figures if f.period_end == a_year_before), None),
            ytd=self.months.year_to_date(indicator, area, latest.period_end, figures),
            previous_ytd=self.months.year_to_date(indicator, area, a_year_before, figures),
            comparators=self._benchmarks(indicator, latest.period_end),
        )
        if latest.missing or ratings.is_missing(latest.value):
            return row  # a suppressed or missing figure is shown, never compared or rated
        return self._compared(row)

    def _comparators(self, indicator: Indicator, day: date) -> Iterator[tuple[str, Figure]]:
        for role, area in self.config.comparators.items():
            found = _latest_on_or_before(self.series.get((indicator.id, area), ()), day)
            if found is not None:
                yield role, found

    def _benchmarks(self, indicator: Indicator, day: date) -> dict[str, Figure]:
        """Return the comparators' figures, with the best neighbour and the top quartile's
        cut point (worked out from every LA where the data has them, else as given)."""
        found = dict(self._comparators(indicator, day))
        if indicator.polarity == "none":
            found.pop("top_quartile", None)  # no quarter is the best
            return found
        best = self._best_neighbour(indicator, found.get("neighbours"))
        cut = self._top_quartile(indicator, day) or found.pop("top_quartile", None)
        return (
            found
            | ({"best_neighbour": best} if best else {})
            | ({"top_quartile": cut} if cut else {})
        )

    def _best_neighbour(self, indicator: Indicator, mean: Figure | None) -> Figure | None:
        """Return the neighbour best for the polarity in the period of the neighbours' mean."""
        if mean is None:
            return None
        figures = [
            f
            for member in self.neighbours
            for f in self.series.get((indicator.id, member), ())
            if f.period_end == mean.period_end and not ratings.is_missing(f.value)
        ]
        sign = 1 if indicator.polarity == "high" else -1
        return min(figures, key=lambda f: (-sign * f.value, f.area), default=None)

    def _top_quartile(self, indicator: Indicator, day: date) -> Figure | None:
        """Return the cut point into the best quarter of all LAs (the 75th percentile where
        higher is better, the 25th where lower is), in the latest period enough LAs have."""
        values = self._la_values_by_period(indicator)
        periods = [
            p for p, found in values.items() if p <= day and len(found) >= MIN_AREAS_FOR_QUARTILES
        ]
        if not periods:
            return None
        period = max(periods)
        p25, _, p75 = ratings.quartile_cut_points(values[period])
        high = indicator.polarity == "high"
        label = next(
            f.label
            for area in self.local_authorities
            for f in self.series.get((indicator.id, area.name), ())
            if f.period_end == period
        )
        return Figure(
            value=p75 if high else p25,
            period_end=period,
            label=label,
            basis=f"{'75th' if high else '25th'} percentile of {len(values[period])} local authorities",
        )

    def _la_values_by_period(self, indicator: Indicator) -> dict[date, list[float]]:
        """Return the figures of every council of each period for an indicator (gathered once)."""
        if indicator.id not in self._la_values:
            values: dict[date, list[float]] = {}
            for area in self.local_authorities:
                for f in self.series.get((indicator.id, area.name), ()):
                    if not ratings.is_missing(f.value) and area.counts_at(f.period_end):
                        values.setdefault(f.period_end, []).append(f.value)
            self._la_values[indicator.id] = values
        return self._la_values[indicator.id]

    def _compared(self, row: ComputedRow) -> ComputedRow:
        indicator, latest = row.indicator, row.latest
        polarity = indicator.polarity
        places = shown_places(indicator.unit, indicator.decimals)
        vs = {
            name: ratings.rating_vs_reference(
                latest.value, row.reference(name), polarity, row.tolerance, places
            )
            for name in REFERENCES
        }
        direction = ratings.direction(latest.value, row.reference("previous"), polarity, places)
        cuts = self._quartile_cut_points(indicator, latest.period_end)
        quartile = ratings.quartile_of(latest.value, cuts, polarity) if cuts else latest.quartile
        row = replace(
            row,
            vs=vs,
            direction=direction,
            quartile=quartile,
            gap=self._gap(row),
            significance=self._significance(row),
        )
        return replace(row, rating=self._rating(row, cuts))

    def _gap(self, row: ComputedRow) -> str | None:
        """Return Durham's G: our gap to England's latest figure now, against the gap we had to
        England's latest figure a year ago (benchmarks lag, so both may be the same year's)."""
        national = row.comparators.get("national")
        if row.year_ago is None or national is None:
            return None
        area = self.config.comparators["national"]
        national_then = _latest_on_or_before(
            self.series.get((row.indicator.id, area), ()), row.year_ago.period_end
        )
        if national_then is None:
            return None
        shown = _shown(row.indicator)
        return ratings.gap_trend(
            shown(row.latest.value),
            shown(national.value),
            shown(row.year_ago.value),
            shown(national_then.value),
            row.indicator.polarity,
        )

    def _significance(self, row: ComputedRow) -> str | None:
        latest = row.latest
        lower, upper = latest.lower_ci, latest.upper_ci
        if ratings.is_missing(lower) or ratings.is_missing(upper):
            interval = ratings.confidence_interval(
                row.indicator.unit,
                latest.numerator,
                latest.denominator,
                self.config.rating.confidence,
            )
            if interval is None:
                return None
            lower, upper = interval
            if latest.annualised and latest.period_start is not None:
                months = months_spanned(latest.period_start, latest.period_end)
                lower, upper = ratings.annualised(lower, months), ratings.annualised(upper, months)
        return ratings.significance(lower, upper, row.reference("national"))

    def _quartile_cut_points(self, indicator: Indicator, day: date) -> Cuts | None:
        """Return the all-LA cut points for an indicator and period (computed once for both)."""
        key = (indicator.id, day)
        if key not in self._cuts:
            self._cuts[key] = self._all_la_cut_points(indicator, day)
        return self._cuts[key]

    def _all_la_cut_points(self, indicator: Indicator, day: date) -> Cuts | None:
        values = self._la_values_by_period(indicator).get(day, [])
        if len(values) < MIN_AREAS_FOR_QUARTILES:
            return None
        return ratings.quartile_cut_points(values)

    def _rating(self, row: ComputedRow, cuts: Cuts | None) -> str | None:
        indicator, polarity = row.indicator, row.indicator.polarity
        if row.scheme == "tolerance":  # Durham 2016/17: targets by target, trackers by last year
            return row.vs["target"] if indicator.kind == "target" else row.vs["year_ago"]
        if row.scheme == "dtcg":
            return ratings.dtcg_rating(
                indicator.kind, row.vs["target"], row.vs["year_ago"], row.gap
            )
        if row.scheme == "quartile":
            return ratings.quartile_rating(
                row.quartile, row.direction, row.latest.value, cuts, polarity
            )
        if row.scheme == "threshold":
            return ratings.threshold_rating(
                _shown(indicator)(row.latest.value),
                indicator.red_threshold,
                indicator.green_threshold,
                polarity,
            )
        return ratings.significance_rating(row.significance, polarity)
