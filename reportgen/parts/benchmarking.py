"""The benchmarking page: the area ranked with its statistical neighbours, indicator by indicator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen import dashboards
from reportgen.model import Heading, Paragraph, Section

if TYPE_CHECKING:
    from reportgen.parts.context import Context


def build(context: Context) -> list[Section]:
    config = context.config
    rugs = dashboards.tartan_charts(config, context.computed)
    if not rugs:
        return []
    return [
        Section(
            id="benchmarking",
            landscape=True,
            blocks=(
                Heading("Benchmarking with statistical neighbours", level=1),
                Paragraph(
                    f"Each row ranks {config.area} and its statistical neighbours on one indicator, for "
                    "the latest period most of them have published. Ranks run from 1st, the best "
                    "for the indicator's direction; darker blue is better, orange worse, and every cell gives its "
                    f"figure. {config.area}'s column is outlined."
                ),
                *rugs,
            ),
        )
    ]
