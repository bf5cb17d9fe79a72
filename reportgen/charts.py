"""Chart specs: what each chart of a pack shows, with its words (alt text and a data table).

A spec holds numbers for drawing and text already formatted by the build stage. plotting.py
draws specs with matplotlib; nothing here imports it.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date

from reportgen.formatting import rank_text
from reportgen.periods import period_bare, period_phrase

BAR_LABEL_CHARS = 28  # a bar's name wraps after this many characters
BAR_SLOT_MM = 5.0  # a bar with a one-line name
LABEL_LINE_MM = 4.2  # a line of chart text
BAR_AXIS_MM = 11.0  # the value axis and its label, below the bars
CHAR_MM = 1.5  # the width of an average character of chart text (8 pt Liberation Sans)
TARTAN_GRID_SHARE = 0.67  # of the rug's width: the grid; the rest holds the indicators' names
TARTAN_ON_END_CHARS = 16
TARTAN_WIDTH_MM = 255  # a landscape page's width, where TARTAN_LABEL_CHARS fit a line
TARTAN_LABEL_CHARS = 52  # an area's name standing on end wraps after this many characters


@dataclass(frozen=True)
class Series:
    """One line: an area's figures over time, each with its formatted value."""

    name: str
    role: str  # home, national, regional, neighbours: picks the colour
    points: tuple[tuple[date, float], ...]
    value_texts: tuple[str, ...]  # parallel to points


@dataclass(frozen=True)
class TrendSpec:
    """The home area over time against comparators, and an optional target line."""

    title: str
    y_label: str
    series: tuple[Series, ...]
    target: float | None = None
    target_text: str = ""
    percent: bool = False
    width_mm: float = 170
    height_mm: float = 46


@dataclass(frozen=True)
class Bar:
    """One area's latest figure, with its period."""

    name: str
    role: str
    value: float
    value_text: str
    period: str


@dataclass(frozen=True)
class ComparisonSpec:
    """Home against region, England and neighbours for the latest period, as bars."""

    title: str
    x_label: str
    bars: tuple[Bar, ...]
    percent: bool = False
    width_mm: float = 170

    @property
    def slots_mm(self) -> tuple[float, ...]:
        """Return each bar's height on the page: room for its name, however many lines."""
        return tuple(
            max(BAR_SLOT_MM, LABEL_LINE_MM * len(textwrap.wrap(bar.name, BAR_LABEL_CHARS)) + 1)
            for bar in self.bars
        )

    @property
    def height_mm(self) -> float:
        return sum(self.slots_mm) + BAR_AXIS_MM


@dataclass(frozen=True)
class SparklineSpec:
    """A tiny trend for a table cell: the line and its last point, no axes."""

    title: str
    series: Series
    width_mm: float = 20
    height_mm: float = 6


@dataclass(frozen=True)
class StackedBarSpec:
    """Shares in categories for several periods (or areas), one stacked bar each."""

    title: str
    categories: tuple[str, ...]
    bars: tuple[tuple[str, tuple[float, ...], tuple[str, ...]], ...]  # label, shares, texts
    width_mm: float = 170
    height_mm: float = 60


@dataclass(frozen=True)
class TartanRow:
    """One indicator across areas: each area's formatted value and its rank (1 is best), or
    (in a rug of ratings) its rating: green, amber, red or None."""

    title: str
    period: str
    texts: tuple[str, ...]
    ranks: tuple[int | None, ...] = ()
    ratings: tuple[str | None, ...] = ()
    of: int = 0  # how many areas the ranks are among, when more than this chart's (a rug split
    # over charts); 0: the areas ranked here

    @property
    def among(self) -> int:
        """Return how many areas the ranks are among."""
        return self.of or sum(rank is not None for rank in self.ranks)


@dataclass(frozen=True)
class TartanSpec:
    """The "tartan rug": areas by indicators, each cell shaded by its rank among the areas,
    or (a rug of ratings, as localities are compared) by its rating, named in the cell."""

    title: str
    areas: tuple[str, ...]
    home: str
    rows: tuple[TartanRow, ...]
    width_mm: float = TARTAN_WIDTH_MM
    # The leading columns that are references, never ranked (England and the region beside a
    # region's councils); and whether each ranked cell names its rank under its figure.
    references: int = 0
    ranks_in_cells: bool = False

    @property
    def rated(self) -> bool:
        return any(row.ratings for row in self.rows)

    @property
    def label_chars(self) -> int:
        """How many characters of an indicator's name fit a line beside the grid."""
        return round(TARTAN_LABEL_CHARS * self.width_mm / TARTAN_WIDTH_MM)

    @property
    def column_mm(self) -> float:
        return TARTAN_GRID_SHARE * self.width_mm / len(self.areas)

    @property
    def upright(self) -> bool:
        """Whether every word of every area's name fits across its column; if not, the
        names stand on end rather than break inside a word ("Northumberl-and")."""
        longest = max(len(word) for area in self.areas for word in area.split())
        return longest * CHAR_MM <= self.column_mm - 1

    @property
    def area_labels(self) -> tuple[str, ...]:
        """The area names as the rug heads its columns, wrapped between words only."""
        width = int((self.column_mm - 1) / CHAR_MM) if self.upright else TARTAN_ON_END_CHARS
        return tuple(wrapped(area, width) for area in self.areas)

    @property
    def header_mm(self) -> float:
        """Room above the grid for the area names."""
        if self.upright:
            return 12
        lines = (line for label in self.area_labels for line in label.split("\n"))
        return 4 + CHAR_MM * max(len(line) for line in lines)

    @property
    def height_mm(self) -> float:
        return self.header_mm + 2 + 8.5 * len(self.rows)  # rows of cells 8.5 mm high


@dataclass(frozen=True)
class SpcSpec:
    """A statistical process control chart: the series, its mean, process limits and signals."""

    title: str
    y_label: str
    series: Series
    mean: float
    lower: float
    upper: float
    limit_texts: tuple[str, str, str]  # mean, lower, upper, formatted
    signals: tuple[tuple[int, str], ...]  # point index, rule ("outside", "shift", "trend")
    percent: bool = False
    width_mm: float = 170
    height_mm: float = 46


ChartSpec = TrendSpec | ComparisonSpec | SparklineSpec | StackedBarSpec | TartanSpec | SpcSpec

SIGNAL_WORDS = {
    "outside": "outside the process limits",
    "shift": "part of a run of 7 or more on one side of the mean",
    "trend": "part of a run of 6 or more rising or falling",
}


def _month(day: date) -> str:
    return f"{day:%b %Y}"


def _movement(series: Series) -> str:
    """Return "rose from 88 to 117", "fell from ...", or "was 18% at both ends"."""
    first, last = series.value_texts[0], series.value_texts[-1]
    if first == last:
        return f"was {last} at both ends"
    rose = series.points[-1][1] > series.points[0][1]
    return f"{'rose' if rose else 'fell'} from {first} to {last}"


def alt_text(spec: ChartSpec) -> str:
    """Return what the chart shows, in words a screen reader can read out."""
    if isinstance(spec, TrendSpec | SparklineSpec):
        home, others = _trend_series(spec)
        (start, _), (end, _) = home.points[0], home.points[-1]
        if len(home.points) == 1:
            sentence = f"{spec.title}, {_month(end)}: {home.name} {home.value_texts[-1]}."
        else:
            sentence = (
                f"{spec.title}, {_month(start)} to {_month(end)}: {home.name} {_movement(home)}."
            )
        compared = [f"{s.name} {s.value_texts[-1]} ({_month(s.points[-1][0])})" for s in others]
        if compared:
            sentence += " " + ", ".join(compared) + "."
        if isinstance(spec, TrendSpec) and spec.target is not None:
            sentence += f" Target {spec.target_text}."
        return sentence
    if isinstance(spec, ComparisonSpec):
        bars = ", ".join(f"{b.name} {b.value_text} ({b.period})" for b in spec.bars)
        return f"{spec.title}: {bars}."
    if isinstance(spec, StackedBarSpec):
        label, _, texts = spec.bars[-1]
        shares = ", ".join(f"{c} {t}" for c, t in zip(spec.categories, texts, strict=True))
        first = period_bare(spec.bars[0][0])
        return f"{spec.title}, {first} to {period_bare(label)}. Latest ({period_phrase(label)}): {shares}."
    if isinstance(spec, TartanSpec) and spec.rated:
        return _rated_rug_alt_text(spec)
    if isinstance(spec, TartanSpec) and spec.references:
        return _referenced_rug_alt_text(spec)
    if isinstance(spec, TartanSpec):
        column = spec.areas.index(spec.home)
        ranked = [
            f"{row.title}, {period_phrase(row.period)}: {row.texts[column]}, "
            f"{rank_text(rank, _ranked(row))}"
            for row in spec.rows
            if (rank := row.ranks[column]) is not None
        ]
        return (
            f"{spec.title}: {spec.home} against {len(spec.areas) - 1} areas, 1st being "
            f"best. " + "; ".join(ranked) + "."
        )
    return _spc_alt_text(spec)


WEAKEST_SHOWN = 3  # of an area's weakest cells, the rug's words name this many


def weakest(spec: TartanSpec) -> dict[str, list[str]]:
    """Return each area's weakest cells of a rug of ratings, worst first: its red cells, or
    where it has none its amber ones, as "Re-referrals (31.2%, red)"."""
    found: dict[str, list[str]] = {}
    for column, area in enumerate(spec.areas):
        for rating in ("red", "amber"):
            cells = [
                f"{row.title} ({row.texts[column]}, {rating})"
                for row in spec.rows
                if row.ratings[column] == rating
            ]
            if cells:
                found[area] = cells
                break
    return found


def weakest_in(area: str, found: dict[str, list[str]]) -> str:
    """Return an area's weakest cells in words: "Eastwold: Re-referrals (31.2%, red); ...;
    and 4 more", or that it has none."""
    cells = found.get(area, [])
    if not cells:
        return f"{area}: none rated red or amber"
    more = len(cells) - WEAKEST_SHOWN
    return f"{area}: {'; '.join(cells[:WEAKEST_SHOWN])}" + (
        f"; and {more} more" if more > 0 else ""
    )


def _rated_rug_alt_text(spec: TartanSpec) -> str:
    found = weakest(spec)
    return (
        f"{spec.title}: {len(spec.rows)} measures rated for {len(spec.areas)} areas, each cell "
        "giving the figure and its rating. Weakest in each area. "
        + ". ".join(weakest_in(area, found) for area in spec.areas)
        + "."
    )


def _referenced_rug_alt_text(spec: TartanSpec) -> str:
    """Return a rug of ranks with reference columns in words: the home area's figure and rank
    for each indicator, with the references' figures."""
    column = spec.areas.index(spec.home)
    references = spec.areas[: spec.references]
    found = []
    for row in spec.rows:
        rank = row.ranks[column]
        ranked = "not ranked" if rank is None else f"ranked {rank_text(rank, row.among)}"
        beside = ", ".join(
            f"{area} {text}" for area, text in zip(references, row.texts, strict=False)
        )
        found.append(
            f"{row.title}, {period_phrase(row.period)}: {row.texts[column]}, {ranked} ({beside})"
        )
    return (
        f"{spec.title}: {spec.home}'s rank on each indicator, 1st being best, with "
        f"{' and '.join(references)} alongside, not ranked. " + "; ".join(found) + "."
    )


def _trend_series(spec: TrendSpec | SparklineSpec) -> tuple[Series, list[Series]]:
    if isinstance(spec, SparklineSpec):
        return spec.series, []
    home, *others = spec.series
    return home, others


def _spc_alt_text(spec: SpcSpec) -> str:
    series = spec.series
    (start, _), (end, _) = series.points[0], series.points[-1]
    mean, lower, upper = spec.limit_texts
    sentence = (
        f"{spec.title}, {_month(start)} to {_month(end)}, statistical process control "
        f"chart: mean {mean}, process limits {lower} to {upper}."
    )
    if not spec.signals:
        return sentence + " No special-cause variation: the process is stable."
    by_rule: dict[str, list[str]] = {}
    for index, rule in spec.signals:
        by_rule.setdefault(rule, []).append(
            f"{_month(series.points[index][0])} ({series.value_texts[index]})"
        )
    found = "; ".join(
        f"{SIGNAL_WORDS[rule]}: {', '.join(months)}" for rule, months in by_rule.items()
    )
    return f"{sentence} Special-cause variation: {found}."


def wrapped(text: str, width: int) -> str:
    """Return text wrapped to lines of `width` characters, between words only: a word longer
    than a line keeps its line to itself."""
    return textwrap.fill(text, width=width, break_long_words=False, break_on_hyphens=False)


def data_groups(spec: ChartSpec) -> tuple[tuple[str, int], ...]:
    """Return the groups of a chart's data table (title, first row): the rug's indicators."""
    if not isinstance(spec, TartanSpec):
        return ()
    areas = len(spec.areas)
    return tuple((f"{row.title} ({row.period})", i * areas) for i, row in enumerate(spec.rows))


def _ranked(row: TartanRow) -> int:
    return row.among


def data_table(spec: ChartSpec) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Return the chart's figures as a table (column headings, rows) for readers who cannot
    see it."""
    if isinstance(spec, TrendSpec):
        names = [s.name for s in spec.series]
        days = sorted({day for s in spec.series for day, _ in s.points})
        lookup = {
            (s.name, day): text
            for s in spec.series
            for (day, _), text in zip(s.points, s.value_texts, strict=True)
        }
        return ("Period end", *names), tuple(
            (_month(day), *(lookup.get((name, day), "–") for name in names)) for day in days
        )
    if isinstance(spec, ComparisonSpec):
        return ("Area", "Value", "Period"), tuple(
            (b.name, b.value_text, b.period) for b in spec.bars
        )
    if isinstance(spec, SparklineSpec):
        s = spec.series
        return ("Period end", s.name), tuple(
            (_month(day), text) for (day, _), text in zip(s.points, s.value_texts, strict=True)
        )
    if isinstance(spec, StackedBarSpec):
        return ("Period", *spec.categories), tuple((label, *texts) for label, _, texts in spec.bars)
    if isinstance(spec, TartanSpec) and spec.rated:
        return ("Area", "Figure", "Rating"), tuple(
            (area, text, rating.capitalize() if rating else "Not rated")
            for row in spec.rows
            for area, text, rating in zip(spec.areas, row.texts, row.ratings, strict=True)
        )
    if isinstance(spec, TartanSpec):  # an area a row, in a group for each indicator
        return ("Area", "Figure", "Rank among the areas"), tuple(
            (area, text, rank_text(rank, _ranked(row)) if rank else "–")
            for row in spec.rows
            for area, text, rank in zip(spec.areas, row.texts, row.ranks, strict=True)
        )
    signals = dict(spec.signals)
    return ("Month", spec.series.name, "Special cause"), tuple(
        (_month(day), text, SIGNAL_WORDS.get(signals.get(i, ""), ""))
        for i, ((day, _), text) in enumerate(
            zip(spec.series.points, spec.series.value_texts, strict=True)
        )
    )
