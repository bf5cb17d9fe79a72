"""The executive summary: what is going well and the issues being addressed, drafted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen import changes, wording
from reportgen.model import Block, Heading, Paragraph, Section
from reportgen.periods import long_date

if TYPE_CHECKING:
    from reportgen.parts.context import Context


def build(context: Context) -> list[Section]:
    config = context.config
    rows = context.home_rows()
    national = config.national_name
    blocks: list[Block] = [
        Heading("Executive summary", level=1),
        Paragraph(
            f"This performance report covers {config.area}'s children's services to "
            f"{long_date(config.period_end)}. Indicators are rated as the report key "
            "explains; the points below are drafted from the ratings for officers to "
            "confirm or rewrite."
        ),
    ]
    if config.previous is not None:
        blocks.append(Paragraph(changes.summary_line(config.previous, rows, config)))
    for heading, key, chosen, prompt in (
        ("Going well", "summary.going-well", wording.going_well(rows), "Add what is going well."),
        (
            "Issues we are addressing",
            "summary.issues",
            wording.needing_attention(rows),
            "Add the issues being addressed, and what is being done.",
        ),
    ):
        blocks += [
            Heading(heading, level=2),
            wording.drafted_narrative(key, heading, chosen, national, prompt=prompt),
        ]
    return [Section(id="executive-summary", blocks=tuple(blocks))]
