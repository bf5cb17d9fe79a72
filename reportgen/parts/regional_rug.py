"""The region's "tartan rug": every council of the area's region (or of report.yaml's
rug_group) by indicator, each cell the council's figure shaded by its rank within the region
and naming the rank, with England's and the region's own figures alongside, unranked."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from reportgen import charts, dashboards
from reportgen.formatting import rank_text
from reportgen.model import Block, Cell, Chart, Heading, IndicatorTable, Paragraph, Section
from reportgen.ratings import is_missing

if TYPE_CHECKING:
    from reportgen.compute import Computed, Figure
    from reportgen.config import Config
    from reportgen.parts.context import Context
    from reportgen.tables import Indicator

RUG_ROWS_PER_PAGE = 14
# Councils a chart holds (the area's own among them): more, and a cell's figure and rank no
# longer fit its column; a larger region's councils are split over charts, each with the area.
RUG_COUNCILS_PER_CHART = 14


class _Rug:
    """Whom the rug ranks: the group's name, whether it is a region, the region shown
    alongside, the references (England, the region) and the councils, the area first."""

    def __init__(self, config: Config, computed: Computed) -> None:
        home = config.area
        own_region = computed.regions.get(home) or config.comparators.get("regional", "")
        self.group = config.rug_group or own_region
        self.is_region = self.group not in computed.groups
        if self.is_region:
            members = computed.in_region(self.group)
            self.region = self.group
        else:
            members = computed.groups[self.group]
            self.region = config.comparators.get("regional") or own_region
        others = sorted({m for m in members if m != home}, key=str.casefold)
        self.councils: tuple[str, ...] = (home, *others) if others else ()
        self.references = tuple(
            dict.fromkeys(
                a
                for a in (config.comparators.get("national", ""), self.region)
                if a and a not in self.councils
            )
        )

    @property
    def named(self) -> str:
        """The councils as a title names them: "East of England councils"."""
        return f"{self.group} councils" if self.is_region else self.group


def _figure(computed: Computed, indicator: Indicator, area: str, day: object) -> Figure | None:
    return next(
        (f for f in computed.series.get((indicator.id, area), ()) if f.period_end == day), None
    )


def _row(computed: Computed, rug: _Rug, indicator: Indicator) -> charts.TartanRow | None:
    """Return an indicator's row: the references' and councils' figures for the latest period
    the area has, the councils ranked among themselves as printed; None if it cannot rank."""
    if indicator.polarity == "none":
        return None
    home = computed.row(indicator.id, rug.councils[0])
    if home is None or is_missing(home.latest.value):
        return None
    day = home.latest.period_end
    found = {a: _figure(computed, indicator, a, day) for a in (*rug.references, *rug.councils)}
    found[rug.councils[0]] = found[rug.councils[0]] or home.latest
    values = [
        None if f is None or is_missing(f.value) else f.value
        for f in (found[a] for a in rug.councils)
    ]
    if sum(v is not None for v in values) < 2:  # the area alone: nothing to rank it among
        return None
    ranks = dashboards.printed_ranks(indicator, values)
    return charts.TartanRow(
        title=indicator.title,
        period=home.latest.label,
        texts=tuple(dashboards.tartan_text(indicator, f) for f in found.values()),
        ranks=(None,) * len(rug.references) + ranks,
        of=sum(rank is not None for rank in ranks),
    )


def _column_parts(rug: _Rug) -> list[tuple[str, ...]]:
    """Return each chart's councils: the area, then a share of the others (alphabetical)."""
    home, *others = rug.councils
    parts = max(1, math.ceil(len(others) / (RUG_COUNCILS_PER_CHART - 1)))
    size = math.ceil(len(others) / parts)
    return [(home, *others[part * size : (part + 1) * size]) for part in range(parts)]


def _charts(
    rug: _Rug, home: str, rows: list[charts.TartanRow], column_parts: list[tuple[str, ...]]
) -> list[Chart]:
    areas = (*rug.references, *rug.councils)
    row_parts = math.ceil(len(rows) / RUG_ROWS_PER_PAGE)
    size = math.ceil(len(rows) / row_parts)
    total = row_parts * len(column_parts)
    title = f"{home} ranked among {rug.named}"
    made: list[Chart] = []
    for row_part in range(row_parts):
        for councils in column_parts:
            shown = (*rug.references, *councils)
            keep = [areas.index(a) for a in shown]
            made.append(
                dashboards.chart(
                    charts.TartanSpec(
                        title=f"{title} ({len(made) + 1} of {total})" if total > 1 else title,
                        areas=shown,
                        home=home,
                        rows=tuple(
                            charts.TartanRow(
                                title=row.title,
                                period=row.period,
                                texts=tuple(row.texts[i] for i in keep),
                                ranks=tuple(row.ranks[i] for i in keep),
                                of=row.of,
                            )
                            for row in rows[row_part * size : (row_part + 1) * size]
                        ),
                        references=len(rug.references),
                        ranks_in_cells=True,
                    )
                )
            )
    return made


def _ranks_table(rug: _Rug, home: str, rows: list[charts.TartanRow]) -> IndicatorTable:
    """Return the area's figure and rank for each indicator, with the references' figures:
    the ranks as text, for readers who cannot see the rug."""
    column = len(rug.references)  # the area's, first of the councils
    table_rows = []
    for row in rows:
        rank = row.ranks[column]
        table_rows.append(
            (
                Cell(f"{row.title} ({row.period})"),
                Cell(row.texts[column], numeric=True),
                Cell(rank_text(rank, row.of) if rank is not None else "Not ranked"),
                *(Cell(text, numeric=True) for text in reversed(row.texts[:column])),
            )
        )
    return IndicatorTable(
        caption=f"{home}'s rank among {rug.named}, by indicator",
        columns=(
            "Indicator (period)",
            home,
            f"Rank among {rug.named}",
            *reversed(rug.references),
        ),
        rows=tuple(table_rows),
    )


def build(context: Context) -> list[Section]:
    config, computed = context.config, context.computed
    rug = _Rug(config, computed)
    if not rug.councils:
        return []
    rows = [r for i in computed.indicators if (r := _row(computed, rug, i)) is not None]
    if not rows:
        return []
    home = config.area
    column_parts = _column_parts(rug)
    made = _charts(rug, home, rows, column_parts)
    councils = len(rug.councils)
    alongside = " and ".join(f"{a}'s" for a in rug.references)
    blocks: list[Block] = [
        Heading(
            f"Regional benchmarking: {rug.group}"
            if rug.is_region
            else f"Benchmarking with {rug.group}",
            level=1,
        ),
        Paragraph(
            f"Each row ranks the {councils} councils of {rug.group} on one indicator, for the "
            f"latest period {home} has. Each cell gives the council's figure and, under it, its "
            "rank: 1st is the best for the indicator's direction, and councils whose figures "
            "read the same share a rank. Darker blue is better, orange worse. "
            f"{home}'s column is outlined; the other councils follow in alphabetical order."
            + (f" {alongside} figures are alongside, not shaded or ranked." if alongside else "")
            + " A dash is a figure not available; the report key explains any other symbol."
        ),
    ]
    if len(column_parts) > 1:
        each = [home, *rug.references]
        alongside_each = f"{', '.join(each[:-1])} and {each[-1]}" if len(each) > 1 else home
        blocks.append(
            Paragraph(
                f"So that every cell can be read, the councils are split over "
                f"{len(column_parts)} charts, each with {alongside_each}; ranks are among "
                f"all {councils} councils."
            )
        )
    blocks += [
        *made,
        Heading(f"{home}'s rank on each indicator", level=2),
        _ranks_table(rug, home, rows),
    ]
    return [Section(id="regional-rug", blocks=tuple(blocks), landscape=True)]
