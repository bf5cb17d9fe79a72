"""A page per measure: its definition, the performance analysis (drafted for officers), its
last 13 months, and the latest month by locality as a chart and a table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen import dashboards, monthly
from reportgen.data_tables import NO_FIGURE, figure_cell, period_text, rating_cell
from reportgen.model import (
    Block,
    Cell,
    Facts,
    Heading,
    IndicatorTable,
    PageBreak,
    Paragraph,
    Section,
)
from reportgen.periods import shift_months, short_month

if TYPE_CHECKING:
    from reportgen.compute import ComputedRow
    from reportgen.parts.context import Context
    from reportgen.tables import Indicator

BENCHMARK_NAMES = {
    "neighbours": "Statistical neighbour average",
    "best_neighbour": "Best statistical neighbour",
    "national": "National average",
    "top_quartile": "National top quartile",
    "regional": "Region",
}


def build(context: Context) -> list[Section]:
    blocks: list[Block] = [
        Heading("Measures month by month", level=1),
        Paragraph(
            "A page for each measure: what it counts, an analysis of the latest month, its last "
            "13 months and the latest month in each locality."
        ),
    ]
    indicators = [i for theme in context.themes.values() for i in theme]
    for number, indicator in enumerate(indicators):
        if number:
            blocks.append(PageBreak())
        blocks += _measure_page(context, indicator)
    return [Section(id="measure-pages", blocks=tuple(blocks))]


def _title(indicator: Indicator) -> str:
    return f"{indicator.ref} {indicator.title}" if indicator.ref else indicator.title


def _measure_page(context: Context, indicator: Indicator) -> list[Block]:
    config, computed = context.config, context.computed
    row = computed.row(indicator.id, config.area)
    facts = [
        ("Definition", indicator.definition or NO_FIGURE),
        ("Good performance is", monthly.GOOD_PERFORMANCE[indicator.polarity]),
        ("Data note", monthly.data_note(indicator)),
    ]
    blocks: list[Block] = [
        Heading(_title(indicator), level=2),
        Facts(tuple(facts)),
        monthly.performance_analysis(computed, indicator, config.area),
    ]
    if row is None:
        return [*blocks, Paragraph(f"No figure for {config.area} to {config.period_end:%B %Y}.")]
    localities = monthly.locality_rows(computed, indicator, config.area)
    charted = (
        dashboards.monthly_trend_chart(config, row, computed),
        dashboards.locality_chart(row, localities),
    )
    blocks += [made for made in charted if made is not None]
    blocks.append(_locality_table(indicator, row, localities))
    benchmarks = _benchmark_table(indicator, row)
    return blocks + ([benchmarks] if benchmarks else [])


def _locality_table(
    indicator: Indicator, row: ComputedRow, localities: list[ComputedRow]
) -> IndicatorTable:
    """Return the latest month for the area and each locality: the month before, the same
    month last year, year to date, direction of travel and rating."""
    latest = row.latest.period_end
    columns = (
        "Area",
        short_month(latest),
        short_month(shift_months(latest, -1)),
        "DOT (month on month)",
        short_month(shift_months(latest, -12)),
        "YTD",
        "RAG",
    )
    rows = tuple(
        (
            Cell(area_row.area),
            figure_cell(
                indicator, area_row.latest if area_row.latest.period_end == latest else None
            ),
            figure_cell(
                indicator, area_row.previous if monthly.is_month_on_month(area_row) else None
            ),
            Cell(monthly.arrow(area_row) if monthly.is_month_on_month(area_row) else NO_FIGURE),
            figure_cell(indicator, area_row.year_ago),
            figure_cell(indicator, area_row.ytd),
            rating_cell(area_row.rating, blank=NO_FIGURE),
        )
        for area_row in (row, *localities)
    )
    return IndicatorTable(
        caption=f"{indicator.title}: {row.latest.period_end:%B %Y} by locality",
        columns=columns,
        rows=rows,
        compact=True,
    )


def _benchmark_table(indicator: Indicator, row: ComputedRow) -> IndicatorTable | None:
    """Return the latest benchmarks, each with its own period; the best neighbour named."""
    found = [(role, row.comparators[role]) for role in BENCHMARK_NAMES if role in row.comparators]
    if not found:
        return None
    return IndicatorTable(
        caption=f"{indicator.title}: latest benchmarks",
        columns=("Benchmark", "Figure", "Period"),
        rows=tuple(
            (
                Cell(
                    f"{BENCHMARK_NAMES[role]} ({figure.area})"
                    if role == "best_neighbour"
                    else BENCHMARK_NAMES[role]
                ),
                figure_cell(indicator, figure),
                Cell(period_text(figure)),
            )
            for role, figure in found
        ),
        compact=True,
    )
