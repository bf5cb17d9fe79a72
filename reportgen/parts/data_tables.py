"""The data tables: every indicator by theme with its figures and ratings, and a word on each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen import data_tables, wording
from reportgen.model import Block, BulletList, Heading, Narrative, Paragraph, Section
from reportgen.reasons import rating_reason

if TYPE_CHECKING:
    from reportgen.parts.context import Context
    from reportgen.tables import Indicator


def build(context: Context) -> list[Section]:
    config, computed = context.config, context.computed
    blocks: list[Block] = [
        Heading("Data tables", level=1),
        Paragraph(
            "Every indicator with its latest figure, references and ratings; below each "
            "table, why each indicator has its rating. The report key explains the ratings."
        ),
    ]
    for theme, indicators in context.themes.items():
        blocks += [
            Heading(theme, level=2),
            data_tables.data_table(config, theme, indicators, computed),
            *_reasons(context, indicators),
            *(_indicator_place(context, indicator) for indicator in indicators),
        ]
    return [Section(id="data-tables", blocks=tuple(blocks), landscape=True)]


def _reasons(context: Context, indicators: list[Indicator]) -> list[Block]:
    """Return why each indicator of a table has its rating, in words, below the table."""
    config = context.config
    rows = [r for i in indicators if (r := context.computed.row(i.id, config.area)) is not None]
    if not rows:
        return []
    return [
        Heading(f"Why each rating: {rows[0].indicator.theme}", level=3),
        BulletList(tuple(f"{r.indicator.title}. {rating_reason(r, config)}" for r in rows)),
    ]


def _indicator_place(context: Context, indicator: Indicator) -> Narrative:
    """Return the place for a word on one indicator, after its row: shown once written."""
    config = context.config
    row = context.computed.row(indicator.id, config.area)
    return wording.drafted_narrative(
        f"indicator.{indicator.id}",
        f"Commentary: {indicator.title}",
        [row] if row is not None else [],
        config.national_name,
        prompt=f"Add commentary on {wording.lower_first(indicator.title)}.",
        optional=True,
    )
