"""The chart-data appendix: every chart's figures as a table, filled in once the pack is built."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen import charts
from reportgen.model import Block, Cell, Chart, Heading, IndicatorTable, Paragraph, Section

if TYPE_CHECKING:
    from reportgen.parts.context import Context


def build(context: Context) -> list[Section]:
    return [Section(id="chart-data", blocks=())]  # filled in last, from every part's charts


def with_chart_data(sections: list[Section]) -> list[Section]:
    """Return the sections with the appendix giving every chart's figures as a table
    (sparklines aside) in place of its placeholder, or without it where there are no charts."""
    at = next(i for i, s in enumerate(sections) if s.id == "chart-data")
    return [*sections[:at], *_chart_data(sections), *sections[at + 1 :]]


def _chart_data(sections: list[Section]) -> list[Section]:
    blocks: list[Block] = []
    for section in sections:
        for block in section.blocks:
            if isinstance(block, Chart):
                columns, rows = charts.data_table(block.spec)
                blocks.append(
                    IndicatorTable(
                        caption=block.title,
                        columns=columns,
                        compact=True,
                        rows=tuple(
                            tuple(Cell(text, numeric=i > 0) for i, text in enumerate(row))
                            for row in rows
                        ),
                        groups=charts.data_groups(block.spec),
                    )
                )
    if not blocks:
        return []
    return [
        Section(
            id="chart-data",
            part=True,
            blocks=(
                Heading("Appendix: the figures behind the charts", level=1),
                Paragraph(
                    "Each chart in this pack, as a table, for readers who cannot see the charts."
                ),
                *blocks,
            ),
        )
    ]
