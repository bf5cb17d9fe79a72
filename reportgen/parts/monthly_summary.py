"""The monthly performance summary: every measure's last months, year to date, target,
direction of travel, tolerances and rating; then its ratings for the area and each locality,
beside the latest benchmarks. Two tables, so that each fits a landscape page."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reportgen import monthly
from reportgen.data_tables import NO_FIGURE, figure_cell, rating_cell
from reportgen.formatting import format_value
from reportgen.model import Cell, Heading, IndicatorTable, Paragraph, Section
from reportgen.periods import long_date, short_month

if TYPE_CHECKING:
    from reportgen.compute import ComputedRow
    from reportgen.parts.context import Context
    from reportgen.tables import Indicator

    Cells = Callable[[Context, Indicator, ComputedRow | None], list[Cell]]

BENCHMARK_COLUMNS = (
    ("neighbours", "Stat neigh avg"),
    ("best_neighbour", "Best stat neigh"),
    ("national", "Nat. avg"),
    ("top_quartile", "Nat. top quartile"),
    ("regional", "Region"),
)


def build(context: Context) -> list[Section]:
    config = context.config
    months = monthly.month_ends(config.period_end, config.months)
    month_headings = (
        "Good perf. is",
        "Data note",
        *(short_month(day) for day in months),
        "YTD",
        "Previous YTD",
        "Target",
        "DOT (month on month)",
        "Red",
        "Green",
        f"RAG: {config.area}",
    )
    areas = (config.area, *context.computed.localities(config.area))
    names = dict(BENCHMARK_COLUMNS) | {"regional": config.comparators.get("regional", "")}
    rating_headings = (
        *(f"RAG: {area}" for area in areas),
        *(names[role] for role in _benchmarks(context)),
    )
    return [
        Section(
            id="monthly-summary",
            landscape=True,
            blocks=(
                Heading(f"Performance summary: {config.area}, {config.period_end:%B %Y}", level=1),
                Paragraph(_explanation(context)),
                _table(
                    context,
                    f"Performance month by month to {long_date(config.period_end)}",
                    month_headings,
                    _month_cells,
                ),
                _table(
                    context,
                    "Ratings by locality, and the latest benchmarks",
                    rating_headings,
                    _rating_cells,
                ),
                *_missing(context),
            ),
        )
    ]


def _table(
    context: Context, caption: str, headings: tuple[str, ...], cells: Cells
) -> IndicatorTable:
    """Return a table with a row per measure, grouped by service area: its title and
    reference, then the cells `cells` gives it."""
    config, computed = context.config, context.computed
    rows: list[tuple[Cell, ...]] = []
    groups: list[tuple[str, int]] = []
    for theme, indicators in context.themes.items():
        groups.append((theme, len(rows)))
        for indicator in indicators:
            row = computed.row(indicator.id, config.area)
            rows.append(
                (
                    Cell(indicator.title),
                    Cell(indicator.ref or NO_FIGURE),
                    *cells(context, indicator, row),
                )
            )
    return IndicatorTable(
        caption=caption,
        columns=("Measure", "Ref", *headings),
        rows=tuple(rows),
        groups=tuple(groups),
        compact=True,
    )


def _month_cells(context: Context, indicator: Indicator, row: ComputedRow | None) -> list[Cell]:
    """Return a measure's kind, last months, years to date, target, direction of travel,
    tolerances and rating."""
    config = context.config
    figures = context.computed.series.get((indicator.id, config.area), ())
    target = row.latest.target if row and indicator.kind == "target" else None
    return [
        Cell(monthly.GOOD_PERFORMANCE[indicator.polarity]),
        Cell(monthly.data_note(indicator)),
        *(
            figure_cell(indicator, monthly.in_month(figures, day))
            for day in monthly.month_ends(config.period_end, config.months)
        ),
        figure_cell(indicator, row.ytd if row else None),
        figure_cell(indicator, row.previous_ytd if row else None),
        Cell(format_value(target, indicator.unit, indicator.decimals), numeric=True),
        Cell(monthly.arrow(row)),
        *(
            Cell(format_value(threshold, indicator.unit, indicator.decimals), numeric=True)
            for threshold in (indicator.red_threshold, indicator.green_threshold)
        ),
        rating_cell(row.rating if row else None, blank=NO_FIGURE),
    ]


def _rating_cells(context: Context, indicator: Indicator, row: ComputedRow | None) -> list[Cell]:
    """Return a measure's ratings for the area and each locality, and its benchmarks (the
    best statistical neighbour named)."""
    computed, area = context.computed, context.config.area
    ratings = [
        rating_cell(found.rating if found else None, blank=NO_FIGURE)
        for found in (
            computed.row(indicator.id, name) for name in (area, *computed.localities(area))
        )
    ]
    benchmarks = row.comparators if row else {}
    cells = []
    for role in _benchmarks(context):
        figure = benchmarks.get(role)
        cell = figure_cell(indicator, figure)
        if role == "best_neighbour" and figure is not None:
            cell = Cell(f"{cell.text} {figure.area}", numeric=True)
        cells.append(cell)
    return ratings + cells


def _benchmarks(context: Context) -> list[str]:
    """Return the benchmarks the pack has for any measure, in the summary's order."""
    rows = context.home_rows()
    return [role for role, _ in BENCHMARK_COLUMNS if any(role in r.comparators for r in rows)]


def _missing(context: Context) -> list[Paragraph]:
    """Return why a measure's cells for the area are dashes where its localities have
    figures: "No figure for Norfolk for December 2020: 1.1a Contacts (in month)."."""
    area, computed = context.config.area, context.computed
    return [
        Paragraph(
            f"{monthly.no_figure(area, month)}: {_named(indicator)}; its localities' figures are shown."
        )
        for indicators in context.themes.values()
        for indicator in indicators
        if (month := monthly.missing_month(computed, indicator, area)) is not None
    ]


def _named(indicator: Indicator) -> str:
    return f"{indicator.ref} {indicator.title}" if indicator.ref else indicator.title


def _explanation(context: Context) -> str:
    config = context.config
    localities = context.computed.localities(config.area)
    local = f" and for each of its {len(localities)} localities" if localities else ""
    return (
        f"Each measure's last {config.months} months, its financial year to date (YTD) and "
        "the same months a year earlier (previous YTD). DOT, the direction of travel, compares "
        "the latest month with the month before: ↑ better, ↓ worse, → the same, and · for a "
        "measure with no better direction (Info), with the word beside it. RAG rates the latest "
        f"month for {config.area}{local}, as the report key explains; red and green are the "
        "tolerances of measures rated against them. Benchmarks are each one's latest published "
        "period; the best statistical neighbour is named."
    )
