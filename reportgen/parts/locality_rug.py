"""The localities at a glance: every rated measure's latest month for the area and each
locality, each cell giving the figure and its rating, with each locality's weakest named."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

from reportgen import charts, dashboards, monthly
from reportgen.data_tables import NO_FIGURE, rating_cell
from reportgen.model import Block, BulletList, Cell, Heading, IndicatorTable, Paragraph, Section
from reportgen.reasons import rating_reason
from reportgen.wording import figure_text, lower_first

if TYPE_CHECKING:
    from reportgen.parts.context import Context
    from reportgen.tables import Indicator

RUG_ROWS_PER_PAGE = 14


def _reasons(
    context: Context, indicators: list[Indicator], areas: tuple[str, ...]
) -> IndicatorTable:
    """Return why each cell of the rug has its rating: a measure a group, an area a row."""
    rows: list[tuple[Cell, ...]] = []
    groups: list[tuple[str, int]] = []
    for indicator in indicators:
        groups.append((indicator.title, len(rows)))
        month = monthly.missing_month(context.computed, indicator, context.config.area)
        for area in areas:
            found = context.computed.row(indicator.id, area)
            reason = rating_reason(found, context.config) if found else "Not rated: no figure."
            if month is not None and area == context.config.area:
                found, reason = None, f"Not rated: {lower_first(monthly.no_figure(area, month))}."
            rows.append(
                (Cell(area), rating_cell(found.rating if found else None, NO_FIGURE), Cell(reason))
            )
    return IndicatorTable(
        caption="Why each rating, by measure and locality",
        columns=("Area", "Rating", "Why"),
        rows=tuple(rows),
        groups=tuple(groups),
        compact=True,
    )


def build(context: Context) -> list[Section]:
    config, computed = context.config, context.computed
    localities = computed.localities(config.area)
    if not localities:
        return []
    areas = (config.area, *localities)
    rows, rated = [], []
    for indicator in computed.indicators:
        found = [computed.row(indicator.id, area) for area in areas]
        if not any(r and r.rating for r in found):
            continue
        # The area's latest month, or the localities' where the area has no figure for it.
        month = monthly.missing_month(computed, indicator, config.area)
        latest = next(
            r.latest for r in found if r and (month is None or r.latest.period_end == month)
        )
        rated.append(indicator)
        rows.append(
            charts.TartanRow(
                title=indicator.title,
                period=latest.label,
                texts=tuple(
                    figure_text(indicator, r.latest)
                    if r and r.latest.period_end == latest.period_end
                    else "–"
                    for r in found
                ),
                ratings=tuple(
                    r.rating if r and r.latest.period_end == latest.period_end else None
                    for r in found
                ),
            )
        )
    if not rows:
        return []
    title = f"{config.area}'s localities: latest month's ratings"
    whole = charts.TartanSpec(title=title, areas=areas, home=config.area, rows=tuple(rows))
    parts = math.ceil(len(rows) / RUG_ROWS_PER_PAGE)
    size = math.ceil(len(rows) / parts)
    rugs = [
        dashboards.chart(
            replace(
                whole,
                title=f"{title} ({part + 1} of {parts})" if parts > 1 else title,
                rows=whole.rows[part * size : (part + 1) * size],
            )
        )
        for part in range(parts)
    ]
    weakest = charts.weakest(whole)
    blocks: list[Block] = [
        Heading("Localities at a glance", level=1),
        Paragraph(
            f"Each row is a rated measure's latest month, for {config.area} (outlined) and each "
            "of its localities; each cell gives the figure and its rating, as the report key "
            "explains. A dash is a figure not rated or not available; the report key explains "
            "any other symbol."
        ),
        *rugs,
        Heading("Weakest measures in each locality", level=2),
        BulletList(tuple(charts.weakest_in(area, weakest) for area in areas)),
        Heading("Why each rating", level=2),
        _reasons(context, rated, areas),
    ]
    return [Section(id="locality-rug", blocks=tuple(blocks), landscape=True)]
