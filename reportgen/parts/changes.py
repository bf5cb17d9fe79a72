"""What has changed since the last report: each indicator whose rating changed, from and to
with the reason, the reds new and resolved, and the count of each rating then and now."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen import changes
from reportgen.data_tables import rating_cell
from reportgen.model import Block, BulletList, Cell, Heading, IndicatorTable, Paragraph, Section

if TYPE_CHECKING:
    from reportgen.parts.context import Context


def build(context: Context) -> list[Section]:
    config, previous = context.config, context.config.previous
    if previous is None:
        return []
    rows = context.home_rows()
    moved = changes.changed(previous, rows, config)
    then = [r.rating for r in previous.ratings.values()]
    blocks: list[Block] = [
        Heading("What has changed since the last report", level=1),
        Paragraph(
            f"{changes.summary_line(previous, rows, config)} Then: {changes.counts(then)}; "
            f"now: {changes.counts([r.rating for r in rows])}."
        ),
    ]
    if moved:
        blocks.append(
            IndicatorTable(
                caption=f"Ratings that changed since {changes.since(previous)}",
                columns=("Indicator", "Then", "Now", "Why now"),
                rows=tuple(
                    (
                        Cell(c.row.indicator.title),
                        rating_cell(c.before, blank=changes.rating_word(None)),
                        rating_cell(c.row.rating, blank=changes.rating_word(None)),
                        Cell(c.reason),
                    )
                    for c in moved
                ),
            )
        )
    for heading, found, none in (
        ("New reds", changes.new_reds(moved), "No indicator is newly red."),
        ("Reds resolved", changes.resolved_reds(moved), "No red has been resolved."),
    ):
        items = tuple(f"{c.row.indicator.title}: {c.reason}" for c in found)
        blocks += [Heading(heading, level=2), BulletList(items) if items else Paragraph(none)]
    return [Section(id="changes", blocks=tuple(blocks))]
