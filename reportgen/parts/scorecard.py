"""The scorecard: one table of every indicator's performance, direction and quartile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen import data_tables
from reportgen.model import Heading, Paragraph, Section

if TYPE_CHECKING:
    from reportgen.parts.context import Context


def build(context: Context) -> list[Section]:
    return [
        Section(
            id="scorecard",
            landscape=True,
            blocks=(
                Heading("Scorecard", level=1),
                data_tables.scorecard(context.config, context.themes, context.computed),
                Paragraph(
                    "Performance shows the numerator in brackets where there is one. Better or "
                    "worse compares with the previous figure; quartile 1 is the best quarter of "
                    "local authorities."
                ),
            ),
        )
    ]
