"""A page per measure: its definition, the performance analysis (drafted for officers), its
last 13 months, and the latest month by locality as a chart and a table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen import dashboards, monthly
from reportgen.data_tables import NO_FIGURE, figure_cell, rating_cell
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
from reportgen.reasons import rating_reason
from reportgen.wording import lower_first

if TYPE_CHECKING:
    from reportgen.compute import ComputedRow
    from reportgen.parts.context import Context
    from reportgen.tables import Indicator


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
    ]  # its data note is the summary's: the page keeps to one page with its rating's reason
    benchmarks = monthly.benchmarks_text(row, config.comparators.get("regional", "")) if row else ""
    if benchmarks:
        facts.append(("Latest benchmarks", benchmarks))
    month = monthly.missing_month(computed, indicator, config.area)
    if month is not None:  # its localities have a figure for a month the area has none for
        facts.append(
            (
                f"{config.area}'s rating",
                f"Not rated: {lower_first(monthly.no_figure(config.area, month))}.",
            )
        )
    elif row is not None:
        facts.append((f"{config.area}'s rating", rating_reason(row, config)))
    blocks: list[Block] = [
        Heading(_title(indicator), level=2),
        Facts(tuple(facts)),
        monthly.performance_analysis(computed, indicator, config.area),
    ]
    if row is None:
        why = (
            f"{monthly.no_figure(config.area, month)}; its localities' figures are in the summary."
            if month
            else f"No figure for {config.area} to {config.period_end:%B %Y}."
        )
        return [*blocks, Paragraph(why)]
    localities = monthly.locality_rows(computed, indicator, config.area)
    charted = [
        made
        for made in (
            dashboards.monthly_trend_chart(config, row, computed),
            dashboards.locality_chart(row, localities),
        )
        if made is not None
    ]
    blocks += charted  # unheaded, so that a measure keeps to one page: the axes say what they show
    blocks.append(_locality_table(indicator, row, localities))
    return blocks


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
            Cell(monthly.arrow(area_row)),
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
