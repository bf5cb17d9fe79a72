"""The pack's tables: data tables per theme (with the scheme's rating columns), the one-page
scorecard, and the definitions appendix. Every cell's wording is decided here."""

from __future__ import annotations

from collections.abc import Callable

from reportgen import dashboards
from reportgen.compute import Computed, ComputedRow, Figure
from reportgen.config import Config
from reportgen.formatting import format_number, format_value
from reportgen.model import Cell, IndicatorTable
from reportgen.ratings import is_missing
from reportgen.tables import Indicator
from reportgen.theme import RAG

NBSP = "\u00a0"
NOT_RATED = f"Not{NBSP}rated"  # kept on one line, like the rating words
NO_FIGURE = "–"
GAP_WORDS = {
    "improving": ("Improving", "green"),
    "same": ("Same", "amber"),
    "deteriorating": ("Deteriorating", "red"),
}
DIRECTION_WORDS = {
    "improving": "Better",
    "same": "Similar",
    "worsening": "Worse",
    "higher": "Higher",
    "lower": "Lower",
}
POLARITY_WORDS = {
    "high": "Higher is better",
    "low": "Lower is better",
    "none": "Neither higher nor lower is better",
}


def figure_cell(indicator: Indicator, found: Figure | None) -> Cell:
    """Return a figure's cell: its value as published, its suppression code, or a dash."""
    if found is None:
        return Cell(NO_FIGURE, numeric=True)
    return Cell(
        format_value(found.value, indicator.unit, indicator.decimals, found.missing), numeric=True
    )


def period_text(figure: Figure) -> str:
    """Return a period as a table shows it: the label on one line, "(annualised)" may wrap."""
    label = figure.label.replace(" ", NBSP)
    return f"{label} (annualised)" if figure.annualised else label


def rating_cell(rating: str | None, blank: str = NOT_RATED) -> Cell:
    """Return a rating's cell: shaded, and saying its rating in words."""
    return Cell(RAG[rating].word, rating=rating) if rating else Cell(blank)


def target_cell(indicator: Indicator, row: ComputedRow) -> Cell:
    if indicator.kind != "target":
        return Cell("Tracker")
    return Cell(format_value(row.latest.target, indicator.unit, indicator.decimals), numeric=True)


def data_table(
    config: Config, theme: str, indicators: list[Indicator], computed: Computed
) -> IndicatorTable:
    """Return a theme's data table: each figure with its references and ratings."""
    comparators = [(role, area) for role, area in config.comparators.items()]
    dtcg = config.rating.scheme == "dtcg"
    columns = [
        "Indicator",
        "Period",
        "Performance",
        "Target",
        "12 months earlier",
        *(area for _, area in comparators),
        *(("D", "T", "C", "G") if dtcg else ()),
        "Rating",
    ]
    rows = []
    for indicator in indicators:
        row = computed.row(indicator.id, config.area)
        if row is None:
            blanks = [Cell(NO_FIGURE, numeric=True)] * (len(columns) - 3)
            rows.append((Cell(indicator.title), Cell("No data"), *blanks, Cell(NOT_RATED)))
            continue
        cells = [
            Cell(indicator.title),
            Cell(period_text(row.latest)),
            figure_cell(indicator, row.latest),
            target_cell(indicator, row),
            figure_cell(indicator, row.year_ago),
            *(figure_cell(indicator, row.comparators.get(role)) for role, _ in comparators),
        ]
        if dtcg:
            gap_word, gap_rating = GAP_WORDS.get(row.gap or "", (NO_FIGURE, None))
            # A comparison with nothing to compare shows a dash; "Not rated" is for the overall.
            cells += [
                *(
                    rating_cell(row.vs.get(ref), blank=NO_FIGURE)
                    for ref in ("year_ago", "target", "national")
                ),
                Cell(gap_word, rating=gap_rating),
            ]
        rows.append((*cells, rating_cell(row.rating)))
    return IndicatorTable(
        caption=f"{theme}: performance indicators",
        columns=tuple(columns),
        rows=tuple(tuple(r) for r in rows),
        compact=True,
    )


def _grouped(
    themes: dict[str, list[Indicator]], make_row: Callable[[Indicator], tuple[Cell, ...]]
) -> tuple[tuple[tuple[Cell, ...], ...], tuple[tuple[str, int], ...]]:
    """Return a row per indicator and the theme groups they fall in (title, first row)."""
    rows: list[tuple[Cell, ...]] = []
    groups = []
    for theme, indicators in themes.items():
        groups.append((theme, len(rows)))
        rows += [make_row(indicator) for indicator in indicators]
    return tuple(rows), tuple(groups)


def scorecard(
    config: Config, themes: dict[str, list[Indicator]], computed: Computed
) -> IndicatorTable:
    """Return the scorecard: every indicator grouped by theme, one row each."""
    national = config.comparators.get("national", "National")
    columns = (
        "Indicator",
        "Latest update",
        "Performance",
        "Better or worse than previous",
        "Rating",
        "Trend",
        national,
        "Quartile",
        "Neighbour average",
    )
    rows, groups = _grouped(
        themes,
        lambda indicator: _scorecard_row(
            config, indicator, computed.row(indicator.id, config.area), computed
        ),
    )
    return IndicatorTable(
        caption="Scorecard", columns=columns, rows=rows, groups=groups, compact=True
    )


def _scorecard_row(
    config: Config, indicator: Indicator, row: ComputedRow | None, computed: Computed
) -> tuple[Cell, ...]:
    if row is None:
        return (Cell(indicator.title), Cell("No data"), *[Cell(NO_FIGURE)] * 6, Cell(NO_FIGURE))
    performance = figure_cell(indicator, row.latest)
    if (
        not row.latest.missing
        and not is_missing(row.latest.numerator)
        and (indicator.unit != "count")
    ):
        performance = Cell(
            f"{performance.text} ({format_number(row.latest.numerator)})", numeric=True
        )
    return (
        Cell(indicator.title),
        Cell(row.latest.label.replace(" ", NBSP)),
        performance,
        Cell(DIRECTION_WORDS.get(row.direction or "", NO_FIGURE)),
        rating_cell(row.rating),
        Cell("", chart=dashboards.sparkline(config, row, computed, compact=True)),
        figure_cell(indicator, row.comparators.get("national")),
        Cell(str(row.quartile) if row.quartile else NO_FIGURE, numeric=True),
        figure_cell(indicator, row.comparators.get("neighbours")),
    )


def definitions(
    config: Config, themes: dict[str, list[Indicator]], computed: Computed
) -> IndicatorTable:
    """Return each indicator's definition, source, direction and notes on its figures."""

    def definition(indicator: Indicator) -> tuple[Cell, ...]:
        row = computed.row(indicator.id, config.area)
        return (
            Cell(indicator.title),
            Cell(indicator.definition or NO_FIGURE),
            Cell(indicator.source or NO_FIGURE),
            Cell(POLARITY_WORDS[indicator.polarity]),
            Cell(_notes(config, indicator, row)),
        )

    rows, groups = _grouped(themes, definition)
    return IndicatorTable(
        caption="Indicator definitions",
        columns=("Indicator", "Definition", "Source", "Direction", "Notes"),
        rows=rows,
        groups=groups,
        compact=True,
    )


def _notes(config: Config, indicator: Indicator, row: ComputedRow | None) -> str:
    """Return footnotes on an indicator's figures: suppressed, lagged, annualised."""
    if row is None:
        return "No figure for this period."
    notes = []
    if row.latest.missing:
        notes.append(f"Latest figure not shown ({row.latest.missing}; see the report key).")
    if row.latest.period_end < config.period_end:
        notes.append(f"Latest published figure: {row.latest.label}.")
    if row.latest.annualised:
        notes.append("Annualised from part of a year.")
    national = row.comparators.get("national")
    if national is not None and national.period_end < row.latest.period_end:
        notes.append(f"{config.comparators['national']} figure: {national.label}.")
    return " ".join(notes) or NO_FIGURE


def sources(
    config: Config, themes: dict[str, list[Indicator]], computed: Computed
) -> IndicatorTable:
    """Return each data source with how many indicators it gives and its latest period."""
    counts: dict[str, int] = {}
    latest: dict[str, Figure] = {}
    for indicator in (i for indicators in themes.values() for i in indicators):
        source = indicator.source or "Not stated"
        counts[source] = counts.get(source, 0) + 1
        row = computed.row(indicator.id, config.area)
        if row and (source not in latest or row.latest.period_end > latest[source].period_end):
            latest[source] = row.latest
    rows = tuple(
        (
            Cell(source),
            Cell(str(count), numeric=True),
            Cell(latest[source].label if source in latest else "No data"),
        )
        for source, count in counts.items()
    )
    return IndicatorTable(
        caption="Data sources",
        columns=("Source", "Indicators", "Latest period"),
        rows=rows,
        compact=True,
    )
